"""Machine-readable output: one JSON document (json) or one finding per line (jsonl).

The json document is {"version", "findings": [...], "summary": {...}}; each finding has
path, line, column, end_line, end_column, rule, category, severity, message,
suggestion, scope and text (see shared/spec/gold-format.md).
"""

from __future__ import annotations

import json

from medlint import __version__


class JsonReporter:
    def __init__(self, stream, **_options) -> None:
        self.stream = stream
        self.findings: list[dict] = []

    def page(self, doc, findings) -> None:
        self.findings.extend(f.to_dict() for f in findings)

    def finish(self, stats) -> None:
        out = {"version": __version__, "findings": self.findings, "summary": stats.as_dict()}
        json.dump(out, self.stream, ensure_ascii=False, indent=1)
        self.stream.write("\n")


class JsonLinesReporter:
    """Streams: memory stays flat however many pages a run covers."""

    def __init__(self, stream, **_options) -> None:
        self.stream = stream

    def page(self, doc, findings) -> None:
        for f in findings:
            self.stream.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")

    def finish(self, stats) -> None:
        pass
