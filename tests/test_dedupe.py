"""Issue 12 item 2: findings are de-duplicated by rule and words, not by category."""

import json

from conftest import run_cli
from medlint.engine import _dedupe
from medlint.findings import Finding

OWN_REQUIRED_RULE = r"""rules:
  - id: ourclinic.consent-form
    kind: required
    category: missing-risk-disclosure
    severity: error
    message: 'The page offers "{match}" but never links the consent form.'
    suggestion: Link the consent form.
    why: Our policy.
    trigger: ['\bbook (?:a|your) (?:session|infusion)\b']
    require: ['\bconsent form\b']
    examples:
      flag: ["Book a session today."]
      pass: ["Book a session today. Read the consent form first."]
"""


def _rules(proc) -> list[str]:
    assert proc.returncode == 1, proc.stderr
    return [f["rule"] for f in json.loads(proc.stdout)["findings"]]


def test_a_users_required_rule_survives_a_shipped_one_of_its_category(tmp_path):
    (tmp_path / "own.yaml").write_text(OWN_REQUIRED_RULE)
    (tmp_path / "k.md").write_text("# Ketamine infusions\n\nOur ketamine infusions help with depression. "
                                   "Book a session today.\n")
    rules = _rules(run_cli("--extend-rules", "own.yaml", "--format", "json", "k.md", cwd=tmp_path))
    assert "disclosure.risks" in rules and "ourclinic.consent-form" in rules


def test_a_second_off_label_use_is_reported(tmp_path):
    (tmp_path / "two.md").write_text("# Our clinic\n\nOur TMS therapy treats anxiety in six weeks. TMS sessions "
                                     "are short.\n\nWe also offer ketamine infusions for OCD. Ketamine is given "
                                     "by a nurse.\n")
    proc = run_cli("--format", "json", "--select", "disclosure.off-label", "two.md", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(proc.stdout)["findings"]]
    assert len(messages) == 2 and "anxiety" in messages[0] and "OCD" in messages[1], messages


def _finding(rule, category, col, end, severity="warning", scope="line"):
    return Finding(path="p.md", line=1, column=col, end_line=1, end_column=end, rule=rule, category=category,
                   severity=severity, message="m", suggestion="s", scope=scope, text="x" * (end - col))


def test_same_words_of_one_category_collapse_overlapping_words_of_two_rules_do_not():
    same = _dedupe([_finding("a.one", "cure-claim", 1, 10), _finding("a.two", "cure-claim", 1, 10, "error")])
    assert [f.rule for f in same] == ["a.two"]
    overlapping = _dedupe([_finding("a.one", "cure-claim", 1, 10), _finding("a.two", "cure-claim", 5, 20)])
    assert sorted(f.rule for f in overlapping) == ["a.one", "a.two"]
    own = _dedupe([_finding("a.one", "cure-claim", 1, 10), _finding("a.one", "cure-claim", 5, 20)])
    assert [f.column for f in own] == [5]  # one rule's overlapping matches: the longer
    pages = _dedupe([_finding("d.one", "missing-risk-disclosure", 1, 5, scope="document"),
                     _finding("d.two", "missing-risk-disclosure", 1, 5, scope="document")])
    assert sorted(f.rule for f in pages) == ["d.one", "d.two"]
