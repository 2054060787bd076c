"""The rule loader: each schema error names file:line and what is wrong; the CLI exits 2."""

import textwrap

import pytest

from conftest import run_cli
from medlint.errors import RuleError
from medlint.rules import load_pack

GOOD = """\
rules:
  - id: demo.miracle
    category: efficacy-overstatement
    severity: warning
    message: '"{match}" oversells'
    suggestion: say what it does
    why: FTC substantiation
    phrases: [miracle drip]
    examples:
      flag: [Try our miracle drip.]
      pass: [Try our vitamin drip.]
"""


def write(tmp_path, text, name="org.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_extra_rules_load_beside_the_shipped_pack(tmp_path):
    pack = load_pack([str(write(tmp_path, GOOD))])
    assert pack.get("demo.miracle") is not None
    assert pack.get("safety.is-safe") is not None


@pytest.mark.parametrize("change,line,message", [
    (("    severity: warning\n", "    sevrity: warning\n"), 4, 'unknown key "sevrity" (did you mean "severity"?)'),
    (("    category: efficacy-overstatement\n", "    category: hype\n"), 3, 'unknown category "hype"'),
    (("    severity: warning\n", "    severity: fatal\n"), 4, '"severity" must be one of info, warning, error'),
    (("    phrases: [miracle drip]\n", "    patterns: ['(unclosed']\n"), 8, "bad regex"),
    (("    why: FTC substantiation\n", ""), 2, 'missing required key "why"'),
    (("      pass: [Try our vitamin drip.]\n", ""), 10, 'at least one "pass" example'),
    (("    phrases: [miracle drip]\n", "    phrases: [miracle drip]\n    unless: [nonsense]\n"), 9,
     'unknown context "nonsense"'),
    (("    phrases: [miracle drip]\n", ""), 2, 'needs "patterns" or "phrases"'),
    (("  - id: demo.miracle\n", "  - id: safety.is-safe\n"), 2, 'rule id "safety.is-safe" is already used'),
    (("rules:\n", "rules:\n  - just text\n"), 2, "a rule must be a mapping"),
    (("    message: '\"{match}\" oversells'\n", "    message: [a, b]\n"), 5, '"message" must be text'),
])
def test_each_schema_error_names_file_and_line(tmp_path, change, line, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as info:
        load_pack([str(path)])
    text = str(info.value)
    assert text.startswith(f"{path.name}:{line}: ") or f"{path}:{line}: " in text, text
    assert message in text


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "rules:\n  - id: x\n   bad: [\n")
    with pytest.raises(RuleError, match=r":3: not valid YAML|:4: not valid YAML"):
        load_pack([str(path)])


def test_unknown_kind(tmp_path):
    path = write(tmp_path, GOOD.replace("    category:", "    kind: telepathy\n    category:"))
    with pytest.raises(RuleError, match=r':3: unknown kind "telepathy"'):
        load_pack([str(path)])


def test_missing_rule_file(tmp_path):
    with pytest.raises(RuleError, match="not found"):
        load_pack([str(tmp_path / "nope.yaml")])


def test_cli_reports_a_bad_rule_file_in_one_line_and_exits_2(tmp_path):
    path = write(tmp_path, GOOD.replace("    category: efficacy-overstatement\n", "    category: hype\n"))
    page = tmp_path / "p.md"
    page.write_text("Hello.\n")
    proc = run_cli("--extend-rules", path, page, cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "org.yaml:3: unknown category" in err
    assert "Traceback" not in err
