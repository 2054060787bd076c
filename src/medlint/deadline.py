"""A CPU-time budget for one rule on one page, so a catastrophic pattern cannot hang a commit.

The budget is CPU time, not wall time, so a busy machine gives the same results as an idle
one, and it grows with the page: MEDLINT_REGEX_TIMEOUT CPU seconds (default 2) for each
100,000 characters of prose, counting the first 100,000 and every part of the rest. Every
check is linear in the page, so a sound rule stays far below it on any page; a rule that
runs out has a pattern that backtracks, and the engine makes the run fail (exit 2).

How the budget is enforced:
- In the main thread where setitimer exists (Linux, macOS, our worker processes), an
  ITIMER_PROF timer ticks every 10 ms of CPU time while a page's rules run, and the tick
  after the running rule has used its budget raises TimeoutError in it. Searches may then
  use the standard library's engine, which checks for signals while it matches. (One timer
  per page, not per rule: arming one per rule cost more than most rules' searches.)
- Elsewhere (another thread of a host program), searches use the `regex` module with the
  budget left as its timeout, which counts the process's CPU time too; the budget is also
  checked before each search. In a host with other busy threads the process's CPU time
  runs faster than the rule's, so a rule there gives up early, never late.

A host program that embeds medlint and runs its own SIGPROF timer loses that timer while
a page's rules run in its main thread (the previous handler is restored; the interval timer
is not).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
import time

from medlint.errors import MedlintError

ENV = "MEDLINT_REGEX_TIMEOUT"
SECONDS = 2.0  # the default budget per unit of page
UNIT = 100_000  # characters of prose the budget is given for
MAX_SECONDS = 3600.0
# True while a SIGPROF timer guards the main thread's rule. Signals reach only the main
# thread, so one flag is enough; guarded() also checks the thread asking.
ON = False
_HANDLER = False  # True while armed() has our handler installed


class _Budget(threading.local):
    start = None  # process CPU time when the running rule started; None: no rule running
    seconds = 0.0


_BUDGET = _Budget()


def seconds_per_unit(environ=None) -> float:
    """MEDLINT_REGEX_TIMEOUT as a number, or a MedlintError saying what is wrong with it."""
    raw = (os.environ if environ is None else environ).get(ENV)
    if raw is None:
        return SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_SECONDS):
        shown = repr(raw) if raw.strip() else "empty"
        raise MedlintError(f"{ENV}={shown}: must be a number of CPU seconds above 0 and at most "
                           f"{MAX_SECONDS:g} (per {UNIT:,} characters of page; unset it for the default, {SECONDS:g})")
    return value


def budget_for(length: int, per_unit: float | None = None) -> float:
    """CPU seconds one rule may use on a page with `length` characters of prose."""
    per_unit = seconds_per_unit() if per_unit is None else per_unit
    return per_unit * max(1.0, length / UNIT)


_MAIN = threading.main_thread().ident


def _after_fork() -> None:
    global _MAIN
    _MAIN = threading.get_ident()  # a forked worker's main thread is the thread that forked


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _in_main_thread() -> bool:
    # Asked before every search: kept cheap (one call, one compare).
    return threading.get_ident() == _MAIN


def available() -> bool:
    return hasattr(signal, "setitimer") and _in_main_thread()


def guarded() -> bool:
    """True when a signal timer guards this search, so the stdlib engine (no timeout) may run it."""
    return ON and _in_main_thread()


def remaining() -> float | None:
    """CPU seconds left in this thread's budget, for the `regex` module's timeout (None: no budget)."""
    start = _BUDGET.start
    if start is None:
        return None
    left = _BUDGET.seconds - (time.process_time() - start)
    if left <= 0:
        raise TimeoutError("rule used its CPU-time budget")
    return left


TICK = 0.01  # CPU seconds between the timer's checks while armed: how late a budget may end


def _expired(signum, frame):
    # The timer ticks while a page's rules run; a tick past the running rule's budget ends it.
    start = _BUDGET.start
    if ON and start is not None and time.process_time() - start >= _BUDGET.seconds:
        raise TimeoutError("rule used its CPU-time budget")


@contextlib.contextmanager
def armed():
    """Install the handler and a ticking timer once for a page's rules: a timer per rule (two
    system calls and a generator each) cost more than most rules' searches."""
    global _HANDLER
    if _HANDLER or not available():
        yield
        return
    previous = signal.signal(signal.SIGPROF, _expired)
    _HANDLER = True
    signal.setitimer(signal.ITIMER_PROF, TICK, TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        _HANDLER = False
        signal.signal(signal.SIGPROF, previous)


class limit:
    """Raise TimeoutError in the block once it has used `seconds` of CPU time (within a tick)."""

    __slots__ = ("seconds", "_nested", "_armed")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self):
        global ON
        self._nested = _BUDGET.start is not None  # nested: the outer budget rules
        self._armed = None
        if self._nested:
            return self
        if not _HANDLER and available():
            self._armed = armed()  # a block on its own: its own handler and timer
            self._armed.__enter__()
        _BUDGET.seconds, _BUDGET.start = self.seconds, time.process_time()
        if _in_main_thread():  # the timer's signal reaches the main thread only
            ON = _HANDLER
        return self

    def __exit__(self, *exc) -> bool:
        global ON
        if self._nested:
            return False
        if _in_main_thread():
            ON = False
        _BUDGET.start = None
        if self._armed is not None:
            self._armed.__exit__(None, None, None)
        return False
