"""Machine-readable output: one JSON document (json) or one finding per line (jsonl).

The json document is {"version", "findings": [...], "summary": {...}}; each finding has
path, line, column, end_line, end_column, rule, category, severity, message,
suggestion, scope, text (see shared/spec/gold-format.md) and profile (the jurisdiction profile
that raised it: us, uk or au). A page read from a WARC adds
warc_file, warc_offset and warc_date, so a finding can be traced to its record.
"""

from __future__ import annotations

import json

from medlint import __version__


def finding_dicts(doc, findings) -> list[dict]:
    origin = getattr(doc, "origin", None)  # set for pages read from a WARC
    if origin is None:
        return [f.to_dict() for f in findings]
    return [{**f.to_dict(), **origin._asdict()} for f in findings]


class JsonReporter:
    def __init__(self, stream, **_options) -> None:
        self.stream = stream
        self.findings: list[dict] = []

    def page(self, doc, findings) -> None:
        self.findings.extend(finding_dicts(doc, findings))

    def finish(self, stats) -> None:
        out = {"version": __version__, "findings": self.findings, "summary": stats.as_dict()}
        json.dump(out, self.stream, ensure_ascii=False, indent=1)
        self.stream.write("\n")


class JsonLinesReporter:
    """Streams: memory stays flat however many pages a run covers."""

    def __init__(self, stream, **_options) -> None:
        self.stream = stream

    def page(self, doc, findings) -> None:
        for f in finding_dicts(doc, findings):
            self.stream.write(json.dumps(f, ensure_ascii=False) + "\n")

    def finish(self, stats) -> None:
        pass
