"""The judgment floor: the rule pack must keep finding the claims of the acceptance sets.

The project's own sets (acceptance/, pages and claims written for medlint in the team's own
words) are always scored; the team's sets in ../shared (seeds, dev/real) when present. A
change that loses claims or adds false alarms below the floor fails here, and
`python bench/judgment.py --details` says which.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("judgment", ROOT / "bench" / "judgment.py")
judgment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judgment)

OWN = [ROOT / "acceptance" / name / kind for name in ("set-a", "set-b", "set-c") for kind in ("pages", "claims")]
SHARED = [judgment.SHARED / "seeds", judgment.SHARED / "dev" / "real"]
FLOOR = 0.8  # line recall and precision on each set


def _line_scores(folder: Path):
    t = judgment.score(folder, folder.name)["line"]
    return t.found / t.must, t.correct / t.flagged


@pytest.mark.parametrize("folder", OWN, ids=[f"{p.parent.name}/{p.name}" for p in OWN])
def test_own_acceptance_sets_keep_their_floor(folder):
    recall, precision = _line_scores(folder)
    assert recall >= FLOOR and precision >= FLOOR, (folder, recall, precision)


@pytest.mark.parametrize("folder", SHARED, ids=["seeds", "dev-real"])
def test_shared_acceptance_sets_keep_their_floor(folder):
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here (the team's sets live beside the checkout)")
    recall, precision = _line_scores(folder)
    assert recall >= 0.85 and precision >= 0.85, (folder, recall, precision)


def test_the_scorer_counts_a_miss_and_a_false_alarm(tmp_path):
    (tmp_path / "p.txt").write_text("Our drip is completely safe.\nWe are open on Mondays.\n")
    (tmp_path / "p.txt.gold.yaml").write_text(
        "must:\n  - line: 1\n    category: safety-claim\n  - line: 2\n    category: cure-claim\n")
    t = judgment.score(tmp_path, "t")["line"]
    assert (t.must, t.found) == (2, 1)
    assert t.correct <= t.flagged and t.correct >= 1
