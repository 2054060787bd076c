"""Suppression comments (each form, unused and unknown ones reported) and baselines."""

import json

from conftest import run_cli
from medlint.engine import Settings, lint
from medlint.readers import read_document

PAGE = """# Drip bar

<!-- medlint-disable-next-line safety -- reviewed by legal, 2026-10 -->
Our drips are completely safe.

Our drips are risk-free. <!-- medlint-disable-line safety.risk-free -->

<!-- medlint-disable cure-claim -->
It cures hangovers.
It cures jet lag and colds.
<!-- medlint-enable cure-claim -->
It cures colds.

<!-- medlint-disable-next-line addiction-denial -->
Nothing to suppress on this line.

<!-- medlint-disable-next-line saftey -->
Plain words.
"""


def line_findings(pack, name, text, **settings):
    return [f for f in lint(read_document(name, text), pack, Settings(**settings)).findings
            if not f.rule.startswith("disclosure.")]


def test_each_suppression_form(pack):
    found = {(f.line, f.rule) for f in line_findings(pack, "p.md", PAGE)}
    assert (12, "cure.cures-condition") in found  # after the enable
    assert not any(rule.startswith(("safety.", "cure.")) and line < 12 for line, rule in found)
    assert (14, "medlint.unused-suppression") in found
    assert (17, "medlint.unknown-rule") in found


def test_html_suppression_and_whole_file(pack):
    html = "<!-- medlint-disable-file -- legal approved this page -->\n<p>It is completely safe.</p>\n"
    assert line_findings(pack, "p.html", html) == []
    html = "<p>It is completely safe. <!-- medlint-disable-line --></p>\n<p>It cures colds.</p>"
    assert [f.rule for f in line_findings(pack, "p.html", html)] == ["cure.cures-condition"]


def test_unused_suppressions_can_be_ignored_like_rules(pack):
    page = "<!-- medlint-disable-next-line safety -->\nPlain words.\n"
    assert [f.rule for f in line_findings(pack, "p.md", page)] == ["medlint.unused-suppression"]
    assert line_findings(pack, "p.md", page, ignore=("medlint.unused-suppression",)) == []


def test_baseline_reports_only_new_findings_and_survives_shifted_lines(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# Drips\n\nOur drips are completely safe.\n")
    proc = run_cli("--write-baseline", "base.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 0 and b"wrote" in proc.stderr
    saved = json.loads((tmp_path / "base.json").read_text())
    assert {e["rule"] for e in saved["findings"]} >= {"safety.risk-free"}
    # Unrelated edits above shift the old claim down; a new claim is added.
    page.write_text("# Drips\n\nNew intro.\n\nMore intro.\n\nOur drips are completely safe.\n\nIt cures colds.\n")
    proc = run_cli("--format", "json", "--baseline", "base.json", "p.md", cwd=tmp_path)
    rules = [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    assert rules == ["cure.cures-condition"] and proc.returncode == 1
    # A second copy of the old claim is new.
    page.write_text("# Drips\n\nOur drips are completely safe. Yes, completely safe.\n")
    proc = run_cli("--format", "json", "--baseline", "base.json", "p.md", cwd=tmp_path)
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["safety.risk-free"]


def test_bad_baseline_files(tmp_path):
    (tmp_path / "p.md").write_text("Hi.\n")
    proc = run_cli("--baseline", "missing.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 2 and b"baseline file not found" in proc.stderr
    (tmp_path / "bad.json").write_text("{not json")
    proc = run_cli("--baseline", "bad.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 2 and b"bad.json:1: not a medlint baseline" in proc.stderr
