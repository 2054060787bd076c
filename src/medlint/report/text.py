"""The default terminal format: each finding with its source line, the words underlined, and a suggestion."""

from __future__ import annotations

from medlint.report.statistics import closing
from medlint.terminal import safe, width

COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


class TextReporter:
    def __init__(self, stream, color: bool = False, statistics: bool = False, **_options) -> None:
        self.stream = stream
        self.color = color
        self.statistics = statistics

    def _style(self, text: str, **kw) -> str:
        if not self.color:
            return text
        import click  # only for colour: plain runs need not load it

        return click.style(text, **kw)

    def page(self, doc, findings, claims=()) -> None:
        for f in findings:
            sev = self._style(f.severity, fg=COLORS.get(f.severity), bold=True)
            rule = self._style(f"[{f.rule}]", bold=True)
            where = self._style(f"{safe(f.path)}:{f.line}:{f.column}:", bold=True)
            self.stream.write(f"{where} {sev} {rule} {safe(f.message)} ({f.category})\n")
            if doc is not None and f.line >= 1:
                self.stream.write(_excerpt(doc.line_text(f.line), f, self._style))
            if f.suggestion:
                self.stream.write(f"  {self._style('suggestion:', fg='green')} {safe(f.suggestion)}\n")
            self.stream.write("\n")

    def finish(self, stats) -> None:
        self.stream.write(closing(stats, self.statistics))


def _excerpt(line: str, f, style) -> str:
    """The source line and a caret underline under the flagged columns."""
    if len(line) > 160:  # keep very long lines readable: a window around the span
        lo = max(f.column - 60, 0)
        shown, offset = line[lo:lo + 160], lo
    else:
        shown, offset = line, 0
    shown = shown.expandtabs(1)  # after the cut (a tab is one column either way): a 2 MB line costs no more
    start = max(f.column - 1 - offset, 0)
    end = (f.end_column - 1 - offset) if f.end_line == f.line else len(shown)
    end = max(start, min(end, len(shown)))
    # Escapes are shown, not run; carets go by screen columns (wide characters take two).
    before, flagged, after = safe(shown[:start]), safe(shown[start:end]), safe(shown[end:])
    gutter = f"{f.line:>5} | "
    underline = " " * (len(gutter) - 2) + "| " + " " * width(before) + style("^" * max(1, width(flagged)), fg="red")
    return f"{gutter}{before}{flagged}{after}\n{underline}\n"
