"""Machine-readable output: one JSON document (json) or one finding per line (jsonl).

The json document is {"version", "findings": [...], "summary": {...}}; each finding has
path, line, column, end_line, end_column, rule, category, severity, message,
suggestion, scope, text (see shared/spec/gold-format.md) and profile (the jurisdiction profile
that raised it: us, uk or au). A page read from a WARC adds
warc_file, warc_offset and warc_date, so a finding can be traced to its record.
With a claims library (--claims) the json document adds "claims": the approved claims found,
each with path, position, claim id, status (approved, lapsed, edited), reference (found,
missing, not checked) and text; findings of the library (claims.*) carry "claim" too.
jsonl stays one finding per line (its readers, --resume among them, expect findings only).
"""

from __future__ import annotations

import json

from medlint import __version__


def finding_dicts(doc, findings) -> list[dict]:
    origin = getattr(doc, "origin", None)  # set for pages read from a WARC
    if origin is None:
        return [f.to_dict() for f in findings]
    return [{**f.to_dict(), **origin._asdict()} for f in findings]


def claim_of(f, claims) -> str | None:
    """The claim id a claims.* finding is about: the claim found on the same words."""
    if not f.rule.startswith("claims."):
        return None
    span = (f.line, f.column, f.end_line, f.end_column)
    return next((c.claim for c in claims if (c.line, c.column, c.end_line, c.end_column) == span), None)


class JsonReporter:
    def __init__(self, stream, claims=None, **_options) -> None:
        self.stream = stream
        self.findings: list[dict] = []
        self.library = claims
        self.claims: list[dict] = []

    def page(self, doc, findings, claims=()) -> None:
        found = finding_dicts(doc, findings)
        if claims:
            for f, d in zip(findings, found):
                claim = claim_of(f, claims)
                if claim is not None:
                    d["claim"] = claim
            self.claims.extend(c.to_dict() for c in claims)
        self.findings.extend(found)

    def finish(self, stats) -> None:
        out = {"version": __version__, "findings": self.findings, "summary": stats.as_dict()}
        if self.library is not None:
            out["claims"] = self.claims
        json.dump(out, self.stream, ensure_ascii=False, indent=1)
        self.stream.write("\n")


class JsonLinesReporter:
    """Streams: memory stays flat however many pages a run covers."""

    def __init__(self, stream, **_options) -> None:
        self.stream = stream

    def page(self, doc, findings, claims=()) -> None:
        for f in finding_dicts(doc, findings):
            self.stream.write(json.dumps(f, ensure_ascii=False) + "\n")

    def finish(self, stats) -> None:
        pass
