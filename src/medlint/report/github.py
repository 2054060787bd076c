"""GitHub Actions workflow commands: each finding annotates its lines on the pull request."""

from __future__ import annotations

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    from medlint.terminal import safe  # the log viewer runs ANSI escapes too

    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def __init__(self, stream, **_options) -> None:
        self.stream = stream

    def page(self, doc, findings, claims=()) -> None:
        for f in findings:
            props = (f"file={_escape_property(f.path)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},"
                     f"title={_escape_property(f'medlint {f.rule} ({f.category})')}")
            body = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
            self.stream.write(f"::{LEVELS[f.severity]} {props}::{_escape_data(body)}\n")

    def finish(self, stats) -> None:
        self.stream.write(stats.summary_line() + "\n")
