"""Issue 12 item 1: a rule's time limit is a CPU-time budget that grows with the page, and a
rule that runs out of it fails the run (exit 2) with one line, never a skipped rule and a pass."""

import time

import pytest

from conftest import in_a_thread, run_cli
from medlint import deadline
from medlint.engine import lint
from medlint.readers import read_document
from medlint.rules import load_pack

SLOW_RULE = (
    "rules:\n  - id: org.slow\n    category: efficacy-overstatement\n    severity: warning\n"
    "    message: slow\n    suggestion: none\n    why: a test of the budget\n"
    "    patterns: ['(?:x+x+)+y']\n    examples:\n      flag: [xxy]\n      pass: [z]\n")
SLOW_PAGE = "It is completely safe. " + "x" * 5000 + "\n"


def test_a_rule_that_gives_up_fails_the_run_with_one_line(tmp_path):
    (tmp_path / "slow.yaml").write_text(SLOW_RULE)
    (tmp_path / "p.txt").write_text(SLOW_PAGE)
    proc = run_cli("--extend-rules", "slow.yaml", "--format", "concise", "p.txt", cwd=tmp_path,
                   env={"MEDLINT_REGEX_TIMEOUT": "0.2"})
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(err) == 1, err
    line = err[0]
    assert line.startswith("medlint: p.txt: rule org.slow (slow.yaml:2) gave up")
    assert "0.2 s of CPU time" in line and "MEDLINT_REGEX_TIMEOUT" in line
    assert b"[safety.risk-free]" in proc.stdout  # the other rules still report


def test_a_give_up_is_no_pass_in_test_rules(tmp_path):
    (tmp_path / "slow.yaml").write_text(SLOW_RULE.replace("pass: [z]", "pass: ['" + "x" * 3000 + "']"))
    proc = run_cli("test-rules", "--extend-rules", "slow.yaml", "--only-extra", cwd=tmp_path,
                   env={"MEDLINT_REGEX_TIMEOUT": "0.2"})
    assert proc.returncode == 1 and b"1 passed, 1 failed" in proc.stdout, proc.stdout
    assert b"org.slow: gave up" in proc.stdout


def test_waiting_is_not_spending():
    """The budget counts CPU time: a process that waits (a loaded machine, a stopped process)
    keeps its budget; the old wall-clock limit fired here."""
    with deadline.armed(), deadline.limit(0.2):
        time.sleep(0.5)
    with pytest.raises(TimeoutError), deadline.armed(), deadline.limit(0.2):
        while True:
            pass


def test_the_budget_grows_with_the_page(tmp_path):
    """A 1 MB page of claims: a limit fixed per page dropped every claim on it (and the off-label
    check was quadratic in mentions); every rule is linear and the budget is per 100,000 characters."""
    sentence = "Our TMS is risk-free.\n"
    count = 1_000_000 // len(sentence)
    (tmp_path / "big.md").write_text(sentence * count)
    proc = run_cli("--format", "concise", "--select", "safety,disclosure", "big.md", cwd=tmp_path,
                   env={"MEDLINT_REGEX_TIMEOUT": "0.5"})
    assert proc.returncode == 1, proc.stderr
    assert b"gave up" not in proc.stderr
    assert proc.stdout.count(b"[safety.risk-free]") == count


@pytest.mark.parametrize("value", ["0", "", "abc", "-1", "nan", "inf", "1e999", "3601"])
def test_a_bad_timeout_value_is_one_clear_error(tmp_path, value):
    (tmp_path / "p.md").write_text("It is completely safe.\n")
    proc = run_cli("p.md", cwd=tmp_path, env={"MEDLINT_REGEX_TIMEOUT": value})
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(err) == 1, proc.stderr
    assert err[0].startswith("medlint: MEDLINT_REGEX_TIMEOUT=") and "must be a number" in err[0]


def test_a_good_timeout_value_is_used(tmp_path):
    (tmp_path / "p.md").write_text("It is completely safe.\n")
    assert run_cli("p.md", cwd=tmp_path, env={"MEDLINT_REGEX_TIMEOUT": "0.75"}).returncode == 1


def test_off_the_main_thread_a_catastrophic_rule_gives_up(tmp_path, monkeypatch):
    """No signals there: the `regex` module's timeout (process CPU time) and a check before
    each search keep the budget."""
    (tmp_path / "slow.yaml").write_text(SLOW_RULE)
    monkeypatch.setenv("MEDLINT_REGEX_TIMEOUT", "0.2")
    slow_pack = load_pack([str(tmp_path / "slow.yaml")])
    doc = read_document("p.txt", SLOW_PAGE)
    result = in_a_thread(lambda: lint(doc, slow_pack))
    assert len(result.problems) == 1 and "rule org.slow" in result.problems[0]
    assert "gave up" in result.problems[0]
    assert any(f.rule == "safety.risk-free" for f in result.findings)


def test_off_the_main_thread_waiting_is_not_spending():
    def work():
        with deadline.limit(0.2):
            time.sleep(0.4)
            return deadline.remaining()
    assert 0 < in_a_thread(work) <= 0.2
