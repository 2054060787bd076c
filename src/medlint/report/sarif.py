"""SARIF 2.1.0 for code-scanning uploads: rules with help and tags, results with exact regions.

Pages under the working folder (the repository root in CI) are written relative to it,
under %SRCROOT%; others as absolute file: URIs; pages from a WARC by their URL. File URIs
are percent-encoded. Each result
carries a partial fingerprint built from the rule, the page, the flagged words and which
occurrence of those words on the page it is, so alerts keep their identity when lines move
and two copies of one claim stay two alerts.
With a claims library, a result of the library (claims.*) has properties.claim (the claim id),
and the run's properties.claims lists every approved claim found, with its id, status and region.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from medlint import REPOSITORY, __version__
from medlint.claims import CATEGORY, CLAIM_RULES
from medlint.report.json_report import claim_of
from medlint.suppress import META_RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptor(rule) -> dict:
    summary = rule.summary()
    help_text = f"{rule.why.strip()}\n\nWhat to write instead: {rule.suggestion.strip()}"
    examples = "\n".join(f"- {e}" for e in rule.flag_examples[:3])
    return {
        "id": rule.id,
        "name": rule.id.replace(".", "/"),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": " ".join(rule.why.split())},
        "help": {"text": help_text,
                 "markdown": f"**{rule.id}** ({rule.category})\n\n{rule.why.strip()}\n\n"
                             f"**What to write instead:** {rule.suggestion.strip()}\n\n**Flags, e.g.:**\n{examples}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.category, f"scope:{rule.scope}", "medical-claims"], "precision": "medium"},
    }


def _claims_descriptor(rule_id: str) -> dict:
    severity, what, why, instead = CLAIM_RULES[rule_id]
    return {"id": rule_id, "name": rule_id.replace(".", "/"), "shortDescription": {"text": what},
            "fullDescription": {"text": why}, "help": {"text": f"{why}\n\nWhat to do: {instead}"},
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {"tags": [CATEGORY, "scope:line", "claims-library"]}}


class SarifReporter:
    def __init__(self, stream, pack=None, claims=None, **_options) -> None:
        self.stream = stream
        self.pack = pack
        self.results: list[dict] = []
        self.rule_ids: list[str] = []
        self.library = claims
        self.claims: list[dict] = []

    def _rule_index(self, rule_id: str) -> int:
        if rule_id not in self.rule_ids:
            self.rule_ids.append(rule_id)
        return self.rule_ids.index(rule_id)

    def page(self, doc, findings, claims=()) -> None:
        for c in claims:
            self.claims.append({"claim": c.claim, "status": c.status, "reference": c.reference, "location": {
                "physicalLocation": {"artifactLocation": artifact_location(c.path), "region": {
                    "startLine": c.line, "startColumn": c.column, "endLine": c.end_line, "endColumn": c.end_column,
                    "snippet": {"text": c.text}}}}})
        seen: dict[tuple, int] = {}
        for f in findings:
            location = artifact_location(f.path)
            words = " ".join(f.text.lower().split())
            nth = seen[(f.rule, words)] = seen.get((f.rule, words), 0) + 1
            identity = f"{f.rule}\0{location['uri']}\0{words}" + (f"\0{nth}" if nth > 1 else "")
            digest = hashlib.sha256(identity.encode()).hexdigest()
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            self.results.append({
                "ruleId": f.rule,
                "ruleIndex": self._rule_index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column,
                               "snippet": {"text": f.text}},
                }}],
                "partialFingerprints": {"medlintFinding/v1": digest[:32]},
                "properties": {"category": f.category, "scope": f.scope, "suggestion": f.suggestion,
                               "profile": f.profile},
            })
            claim = claim_of(f, claims) if claims else None
            if claim is not None:
                self.results[-1]["properties"]["claim"] = claim

    def _descriptors(self) -> list[dict]:
        out = []
        for rule_id in self.rule_ids:
            rule = self.pack.get(rule_id) if self.pack is not None else None
            if rule is not None:
                out.append(rule_descriptor(rule))
            elif rule_id in CLAIM_RULES:
                out.append(_claims_descriptor(rule_id))
            else:
                text = META_RULES[rule_id][1] if rule_id in META_RULES else rule_id
                out.append({"id": rule_id, "name": rule_id.replace(".", "/"), "shortDescription": {"text": text},
                            "fullDescription": {"text": text}, "help": {"text": text},
                            "properties": {"tags": ["medlint"]}})
        return out

    def finish(self, stats) -> None:
        doc = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "medlint",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": REPOSITORY,
                    "rules": self._descriptors(),
                }},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _cwd_uri()}},
                "results": self.results,
                "columnKind": "unicodeCodePoints",
            }],
        }
        if self.library is not None:
            doc["runs"][0]["properties"] = {"claimsLibrary": self.library.path, "claims": self.claims}
        json.dump(doc, self.stream, indent=1, ensure_ascii=False)
        self.stream.write("\n")


def artifact_location(path: str) -> dict:
    """A page's location: relative to %SRCROOT% (the working folder) when inside it, else an
    absolute file: URI; percent-encoded either way. A page from a WARC is named by its URL,
    which is already a URI and needs no source root."""
    if "://" in path:
        return {"uri": path}
    absolute = Path(os.path.abspath(path))
    root = Path(os.getcwd()).resolve()
    try:
        rel = absolute.resolve().relative_to(root)
    except ValueError:
        try:
            rel = absolute.relative_to(Path(os.path.abspath(os.getcwd())))
        except ValueError:
            return {"uri": absolute.as_uri()}
    return {"uri": quote(rel.as_posix()), "uriBaseId": "%SRCROOT%"}


def _cwd_uri() -> str:
    import os
    from pathlib import Path

    return Path(os.getcwd()).resolve().as_uri() + "/"
