"""One line per finding: path:line:col: severity [rule] message (category)."""

from medlint.report.statistics import closing
from medlint.terminal import safe


class ConciseReporter:
    def __init__(self, stream, color: bool = False, statistics: bool = False, **_options) -> None:
        self.stream = stream
        self.statistics = statistics

    def page(self, doc, findings, claims=()) -> None:
        for f in findings:
            self.stream.write(f"{safe(f.path)}:{f.line}:{f.column}: {f.severity} [{f.rule}] {safe(f.message)} "
                              f"({f.category})\n")

    def finish(self, stats) -> None:
        self.stream.write(closing(stats, self.statistics))
