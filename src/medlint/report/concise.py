"""One line per finding: path:line:col: severity [rule] message (category)."""


class ConciseReporter:
    def __init__(self, stream, color: bool = False, statistics: bool = False, **_options) -> None:
        self.stream = stream
        self.statistics = statistics

    def page(self, doc, findings) -> None:
        for f in findings:
            self.stream.write(f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message} ({f.category})\n")

    def finish(self, stats) -> None:
        if self.statistics:
            from medlint.report.statistics import render

            self.stream.write(render(stats))
        self.stream.write(stats.summary_line() + "\n")
