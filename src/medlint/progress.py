"""A progress line on stderr for long runs, so a 50,000-page audit never looks stuck.

Shown only on a terminal (or when asked), redrawn at most ten times a second, and
erased before the summary, so it never mixes with findings written to stdout. A slow step
before the first page (rebuilding the rule pack's cache) gets a line of its own (`notice`).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time

MIN_PAGES = 20  # shorter runs finish before a bar would help
NOTICE_AFTER = 1.0  # seconds: a step that ends sooner needs no word


class Progress:
    """`total` pages; or, with `size`, a bar over `size` bytes of input moved by step(at=bytes read),
    for WARC files, whose page count is known only once they have been read."""

    def __init__(self, total: int, enabled: bool, stream=None, size: int | None = None) -> None:
        self.total = total
        self.size = size
        self.enabled = enabled and (total > 0 if size is None else size > 0)
        self.stream = stream or sys.stderr
        self.done = 0
        self.at = 0
        self.started = time.monotonic()
        self.last = 0.0

    def step(self, at: int | None = None) -> None:
        self.done += 1
        if at is not None:
            self.at = max(self.at, at)
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self._fraction() < 1:
            return
        self._draw(now)

    def _fraction(self) -> float:
        return min(1.0, self.at / self.size) if self.size else self.done / self.total

    def _draw(self, now: float) -> None:
        self.last = now
        fraction = self._fraction()
        width = 30
        filled = int(width * fraction)
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        left = elapsed * (1 - fraction) / fraction if fraction else 0
        count = f"{self.done} pages ({fraction:.0%} of input)" if self.size else f"{self.done}/{self.total} pages"
        self.stream.write(f"\rmedlint [{'#' * filled}{'.' * (width - filled)}] {count}, "
                          f"{rate:.0f}/s, {left:.0f}s left ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.size and self.at < self.size:
            self.at = self.size  # a page's position is where its record starts: the input is read to its end
            self._draw(time.monotonic())
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def wanted(requested: bool | None, total: int, quiet: bool) -> bool:
    if requested is not None:
        return requested and not quiet
    return not quiet and total >= MIN_PAGES and sys.stderr.isatty()


@contextlib.contextmanager
def notice(text: str, enabled: bool, after: float = NOTICE_AFTER, stream=None):
    """Say `text` on stderr if the block is still running `after` seconds on; erase it when the
    block ends, so the findings that follow stand alone (as the progress bar does)."""
    if not enabled:
        yield
        return
    stream = stream or sys.stderr
    shown = threading.Event()

    def show():
        stream.write(f"\r{text}")
        stream.flush()
        shown.set()

    timer = threading.Timer(after, show)
    timer.daemon = True  # never keeps a finished run alive
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()  # a notice being written finishes before anything else is
        if shown.is_set():
            stream.write("\r\x1b[K")
            stream.flush()
