"""Linting many pages on all cores: a process pool, in order, in chunks.

Each worker loads the rule pack once (from the pickled, lazily compiled pack) and reads
its own pages, so only small results cross between processes: the findings and the
source lines they point at. A single page never starts a pool. Work is a stream (a WARC
holds any number of pages), so only a few chunks per worker are in flight at a time:
memory stays flat however long the run.
"""

from __future__ import annotations

import os
from collections import deque
from itertools import chain, islice

from medlint.files import DEFAULT_MAX_MB
from medlint.runner import Outcome, lint_item

MIN_FILES_FOR_POOL = 8  # below this, starting processes costs more than it saves
IN_FLIGHT = 4  # chunks per worker submitted ahead of the one being reported
_STATE: dict = {}


class Lines:
    """What reporters need of a page linted in another process: its path and flagged lines."""

    def __init__(self, path: str, format: str, lines: dict, origin=None) -> None:
        self.path, self.format, self.lines = path, format, lines
        self.origin = origin  # a crawled page: where in its WARC (warc.Origin)

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def slim(outcome: Outcome) -> Outcome:
    """The outcome with its document cut down to the lines findings point at, to send back."""
    if outcome.doc is not None:
        doc = outcome.doc
        needed = {f.line for f in outcome.result.findings} | {f.end_line for f in outcome.result.findings}
        outcome.doc = Lines(doc.path, doc.format, {n: doc.line_text(n) for n in needed if n >= 1},
                            getattr(doc, "origin", None))
    return outcome


def _init(pack, settings_for, max_mb) -> None:
    _STATE["pack"] = pack
    _STATE["settings_for"] = settings_for
    _STATE["max_mb"] = max_mb


def _work(chunk: list) -> list[Outcome]:
    return [slim(lint_item(item, _STATE["pack"], _STATE["settings_for"], _STATE["max_mb"])) for item in chunk]


def chunks(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def in_order(submit, batches, window: int):
    """Submit batches ahead (at most `window` pending) and yield their results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def lint_many(items, pack, settings_for, jobs: int, total: int | None = None, max_mb: float = DEFAULT_MAX_MB):
    """Outcomes for `items` (see runner.lint_item), in order. `settings_for(path)` must be
    picklable (a module function or partial); `total`, when known, sizes the chunks; a page
    file bigger than `max_mb` MB is that page's problem."""
    items = iter(items)
    head = list(islice(items, MIN_FILES_FOR_POOL))
    if jobs <= 1 or len(head) < MIN_FILES_FOR_POOL:
        for item in chain(head, items):
            yield lint_item(item, pack, settings_for, max_mb)
        return
    from concurrent.futures import ProcessPoolExecutor  # 15 ms of imports a one-page run never needs

    size = max(1, min(64, total // (jobs * 8))) if total else 16
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(pack, settings_for, max_mb)) as pool:
        yield from in_order(lambda chunk: pool.submit(_work, chunk), chunks(chain(head, items), size),
                            jobs * IN_FLIGHT)
