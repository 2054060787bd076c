"""Issue 12 item 7: a page nested past Python's stack is that page's problem, not the run's."""

import json

import pytest

from conftest import run_cli


@pytest.mark.parametrize("front", [
    "topic: " + "[" * 10000 + "]" * 10000 + "\n",
    "topic: " + "{a: " * 10000 + "b" + "}" * 10000 + "\n",
    "".join(" " * i + "a:\n" for i in range(3000)),
])
def test_deeply_nested_front_matter_is_no_metadata(tmp_path, front):
    (tmp_path / "deep.md").write_text("---\n" + front + "---\nIt is completely safe.\n")
    (tmp_path / "ok.md").write_text("It cures pain.\n")
    proc = run_cli("--format", "json", "deep.md", "ok.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert {(f["path"], f["category"]) for f in report["findings"]} >= {("deep.md", "safety-claim"),
                                                                          ("ok.md", "cure-claim")}
