"""The wheel carries the rule pack inside the package, so a plain `pip install .` finds it anywhere."""

import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the checkout")
def test_wheel_contains_the_rule_pack_and_examples_stay_out(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"could not build a wheel here: {proc.stderr[-300:]}")
    [wheel] = list(tmp_path.glob("medlint-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert shipped and {f"medlint/rules/{n}" for n in shipped} <= names
    assert "medlint/cli.py" in names and "medlint/report/html_assets.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "medlint = medlint.main:main" in zipfile.ZipFile(wheel).read(entry).decode()
