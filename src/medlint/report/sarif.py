"""SARIF 2.1.0 for code-scanning uploads: rules with help and tags, results with exact regions.

Paths are written relative to the working folder (the repository root in CI) under
%SRCROOT%, and each result carries a partial fingerprint built from the rule, the page
and the flagged words, so alerts keep their identity when lines move.
"""

from __future__ import annotations

import hashlib
import json

from medlint import __version__
from medlint.globs import relative_posix

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
META_RULES = {
    "medlint.unused-suppression": "A medlint suppression comment that suppresses nothing.",
    "medlint.unknown-rule": "A medlint suppression comment that names no known rule or category.",
}


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


class SarifReporter:
    def __init__(self, stream, pack=None, **_options) -> None:
        self.stream = stream
        self.pack = pack
        self.results: list[dict] = []
        self.rule_ids: list[str] = []

    def _rule_index(self, rule_id: str) -> int:
        if rule_id not in self.rule_ids:
            self.rule_ids.append(rule_id)
        return self.rule_ids.index(rule_id)

    def page(self, doc, findings) -> None:
        for f in findings:
            uri = relative_posix(f.path, ".")
            # A page from a WARC is named by its URL, which needs no source root.
            where = {"uri": uri} if "://" in uri else {"uri": uri, "uriBaseId": "%SRCROOT%"}
            digest = hashlib.sha256(f"{f.rule}\0{uri}\0{' '.join(f.text.lower().split())}".encode()).hexdigest()
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            self.results.append({
                "ruleId": f.rule,
                "ruleIndex": self._rule_index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": where,
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": f.end_column,
                               "snippet": {"text": f.text}},
                }}],
                "partialFingerprints": {"medlintFinding/v1": digest[:32]},
                "properties": {"category": f.category, "scope": f.scope, "suggestion": f.suggestion},
            })

    def _descriptors(self) -> list[dict]:
        out = []
        for rule_id in self.rule_ids:
            rule = self.pack.get(rule_id) if self.pack is not None else None
            if rule is not None:
                out.append(rule_descriptor(rule))
            else:
                text = META_RULES.get(rule_id, rule_id)
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
                    "informationUri": "https://pypi.org/project/medlint/",
                    "rules": self._descriptors(),
                }},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _cwd_uri()}},
                "results": self.results,
                "columnKind": "unicodeCodePoints",
            }],
        }
        json.dump(doc, self.stream, indent=1, ensure_ascii=False)
        self.stream.write("\n")


def _cwd_uri() -> str:
    import os
    from pathlib import Path

    return Path(os.getcwd()).resolve().as_uri() + "/"
