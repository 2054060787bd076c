"""The seed acceptance set (third-party pages, kept in ../shared): a floor for recall and precision."""

import subprocess
import sys

import pytest

from conftest import SHARED

SCORE = SHARED / "tools" / "score.py"
SEEDS = SHARED / "seeds"

pytestmark = pytest.mark.skipif(not (SCORE.exists() and SEEDS.is_dir()),
                                reason="../shared (seeds and score.py) is not present beside the checkout")


def score(scope: str) -> tuple[float, float]:
    proc = subprocess.run([sys.executable, str(SCORE), str(SEEDS), "--scope", scope, "--quiet",
                           "--medlint", f"{sys.executable} -m medlint"], capture_output=True, text=True)
    last = proc.stdout.strip().splitlines()[-1]
    _, recall, _, precision = last.split()
    return float(recall), float(precision)


@pytest.mark.parametrize("scope", ["line", "all"])
def test_seed_scores_meet_the_floor(scope):
    recall, precision = score(scope)
    assert recall >= 0.90 and precision >= 0.85, (scope, recall, precision)
