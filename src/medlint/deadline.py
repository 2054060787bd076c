"""A time limit for one rule on one page, so a catastrophic pattern cannot hang a commit.

Where the process can take SIGALRM in its main thread (Linux, macOS; our worker
processes too), the engine runs each rule under an interval timer that raises
TimeoutError; searches may then use the standard library's engine, which checks for
signals while it matches. Elsewhere the `regex` module's own per-search timeout does
the same job. MEDLINT_REGEX_TIMEOUT sets the limit in seconds (default 2).

A host program that embeds medlint and runs its own SIGALRM timer loses that timer while
a rule runs (the previous handler is restored; the interval timer is not).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading

SECONDS = float(os.environ.get("MEDLINT_REGEX_TIMEOUT", "2.0"))
# True while a deadline runs. Signals only reach the main thread, so one flag is enough.
ON = False
_HANDLER = False  # True while armed() has our handler installed


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def active() -> bool:
    return ON


def _expired(signum, frame):
    raise TimeoutError("rule took too long")


@contextlib.contextmanager
def armed():
    """Install the handler once for a page's rules: swapping handlers per rule cost more than a rule."""
    global _HANDLER
    if _HANDLER or not available():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    _HANDLER = True
    try:
        yield
    finally:
        _HANDLER = False
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def limit(seconds: float = SECONDS):
    """Raise TimeoutError in the block after `seconds` (a no-op where signals are unavailable)."""
    global ON
    if ON or not (_HANDLER or available()):
        yield
        return
    with armed():
        ON = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            ON = False
