"""The line medlint shows while a slow start (rebuilding the rule pack's cache) keeps the
writer waiting, and that it is gone before the findings."""

import io
import time

import pytest

from conftest import FIXTURES, run_cli
from medlint.progress import notice

PAGE = FIXTURES / "pages" / "tms-depression.md"
NOTICE = b"building the rule pack's cache"


def _written(enabled: bool, after: float, seconds: float, wait_after: float = 0.0) -> str:
    """What notice() writes around a step of `seconds`, read `wait_after` seconds after it ends."""
    out = io.StringIO()
    with notice("medlint: working ...", enabled, after=after, stream=out):
        time.sleep(seconds)
    time.sleep(wait_after)
    return out.getvalue()


def test_a_slow_step_is_announced_then_erased():
    assert _written(True, after=0.05, seconds=0.4) == "\rmedlint: working ...\r\x1b[K"


def test_a_quick_step_says_nothing():
    # The timer was cancelled: nothing turns up later either.
    assert _written(True, after=0.5, seconds=0.0, wait_after=0.6) == ""


def test_nothing_when_not_wanted():
    assert _written(False, after=0.0, seconds=0.1) == ""


def test_an_error_in_the_step_still_erases_the_line():
    out = io.StringIO()
    with pytest.raises(RuntimeError):
        with notice("medlint: working ...", True, after=0.01, stream=out):
            time.sleep(0.2)
            raise RuntimeError("bad rule file")
    assert out.getvalue().endswith("\r\x1b[K")


def test_a_cold_cache_is_announced_and_a_warm_one_is_not(tmp_path):
    assert PAGE.is_file()
    env = {"MEDLINT_CACHE_DIR": str(tmp_path / "cache"), "MEDLINT_NO_CACHE": ""}
    started = time.monotonic()
    cold = run_cli("--progress", PAGE, env=env, timeout=300)
    took = time.monotonic() - started
    warm = run_cli("--progress", PAGE, env=env, timeout=300)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout  # the notice never reaches the findings
    assert NOTICE not in warm.stderr
    if took < 2.0:
        pytest.skip(f"the cold load took {took:.1f} s here: too close to the one-second notice to judge")
    assert NOTICE in cold.stderr
    assert cold.stderr.index(NOTICE) < cold.stderr.index(b"\r\x1b[K")  # shown, then erased


def test_a_piped_run_stays_silent(tmp_path):
    env = {"MEDLINT_CACHE_DIR": str(tmp_path / "cache"), "MEDLINT_NO_CACHE": ""}
    cold = run_cli(PAGE, env=env, timeout=300)  # stderr is a pipe: no progress, no notice
    assert cold.returncode == 1
    assert NOTICE not in cold.stderr
