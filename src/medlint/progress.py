"""A progress line on stderr for long runs, so a 50,000-page audit never looks stuck.

Shown only on a terminal (or when asked), redrawn at most ten times a second, and
erased before the summary, so it never mixes with findings written to stdout.
"""

from __future__ import annotations

import sys
import time

MIN_PAGES = 20  # shorter runs finish before a bar would help


class Progress:
    def __init__(self, total: int, enabled: bool, stream=None) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.last = 0.0

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self.done < self.total:
            return
        self.last = now
        width = 30
        filled = int(width * self.done / self.total)
        rate = self.done / max(now - self.started, 1e-6)
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(f"\rmedlint [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} pages, "
                          f"{rate:.0f}/s, {left:.0f}s left ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def wanted(requested: bool | None, total: int, quiet: bool) -> bool:
    if requested is not None:
        return requested and not quiet
    return not quiet and total >= MIN_PAGES and sys.stderr.isatty()
