"""Linting many pages on all cores: a process pool, in order, in chunks.

Each worker loads the rule pack once (from the pickled, lazily compiled pack) and reads
its own pages, so only small results cross between processes: the findings and the
source lines they point at. A single page never starts a pool.
"""

from __future__ import annotations

import os

from medlint.files import DEFAULT_MAX_MB
from medlint.runner import Outcome, lint_path

MIN_FILES_FOR_POOL = 8  # below this, starting processes costs more than it saves
_STATE: dict = {}


class Lines:
    """What reporters need of a page linted in another process: its path and flagged lines."""

    def __init__(self, path: str, format: str, lines: dict) -> None:
        self.path, self.format, self.lines = path, format, lines

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(pack, settings_for, max_mb) -> None:
    _STATE["pack"] = pack
    _STATE["settings_for"] = settings_for
    _STATE["max_mb"] = max_mb


def _work(path: str) -> Outcome:
    outcome = lint_path(path, _STATE["pack"], _STATE["settings_for"](path), _STATE["max_mb"])
    if outcome.doc is not None:
        doc = outcome.doc
        needed = {f.line for f in outcome.result.findings} | {f.end_line for f in outcome.result.findings}
        outcome.doc = Lines(doc.path, doc.format, {n: doc.line_text(n) for n in needed if n >= 1})
    return outcome


def lint_many(paths: list[str], pack, settings_for, jobs: int, max_mb: float = DEFAULT_MAX_MB):
    """Outcomes for `paths`, in order. `settings_for(path)` must be picklable (a module function or partial)."""
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        for path in paths:
            yield lint_path(path, pack, settings_for(path), max_mb)
        return
    from concurrent.futures import ProcessPoolExecutor  # 15 ms of imports a one-page run never needs

    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_init, initargs=(pack, settings_for, max_mb)) as pool:
        yield from pool.map(_work, paths, chunksize=chunk)
