"""Hostile rule and config files: each is one `file:line` error and exit 2, never a crash (issue 12,
items 10-12), and the `regex` syntax the README promises matches on every engine path."""

import pytest

from conftest import run_cli

RULE = """\
rules:
  - id: t.rule
    category: safety-claim
    severity: error
    message: {message}
    suggestion: {suggestion}
    why: w
    patterns: ['\\bsafe (?P<verb>drip)\\b']
    examples: {{flag: [Our safe drip.], pass: [A fine day.]}}
"""


def _rule_file(tmp_path, message="'\"{match}\" is a claim'", suggestion="Say less.", extra=""):
    path = tmp_path / "org.yaml"
    path.write_text(RULE.format(message=message, suggestion=suggestion) + extra, encoding="utf-8")
    return path


def _page(tmp_path, text="Our safe drip works.\n"):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def _one_error(out, where: str, words: str):
    err = out.stderr.decode()
    assert out.returncode == 2, (out.returncode, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("medlint: ") and f"{where}" in err.split(" ", 2)[1], err
    assert words in err, err


# -- item 10: templates are checked when the pack loads -------------------------------------

@pytest.mark.parametrize("message,words", [
    ("'a { brace'", "stray brace"),
    ("'{0} is a claim'", "{0}"),
    ("'{}'", "{}"),
    ("'{match:>999999999}'", 'with ":>999999999"'),
    ("'{match!r}'", 'with "!r"'),
    ("'{match.upper}'", "{match.upper}"),
    ("'{match[0]}'", "{match[0]}"),
    ("'{{literal}}'", '"{{" or "}}"'),
    ("'{condition} is not filled by a pattern rule'", "{condition}, which this rule never fills"),
])
def test_a_bad_message_template_is_a_load_error(tmp_path, message, words):
    out = run_cli("--extend-rules", _rule_file(tmp_path, message=message), _page(tmp_path),
                  env={"MEDLINT_NO_CACHE": "1"})
    _one_error(out, "org.yaml:5:", words)


def test_a_bad_fix_or_suggestion_template_is_a_load_error(tmp_path):
    out = run_cli("--extend-rules", _rule_file(tmp_path, extra="    fix: '{0}'\n"), _page(tmp_path),
                  env={"MEDLINT_NO_CACHE": "1"})
    _one_error(out, "org.yaml:10:", "{0}")
    out = run_cli("--extend-rules", _rule_file(tmp_path, suggestion="'Write {nothing}.'"), _page(tmp_path),
                  env={"MEDLINT_NO_CACHE": "1"})
    _one_error(out, "org.yaml:6:", "{nothing}")


def test_documented_fields_and_named_groups_are_filled(tmp_path):
    rules = _rule_file(tmp_path, message="'\"{match}\" ({verb}) for {treatment}'", extra="    fix: '{verb}'\n")
    out = run_cli("--format", "json", "--extend-rules", rules, "--select", "t.rule", _page(tmp_path),
                  env={"MEDLINT_NO_CACHE": "1"})
    assert out.returncode == 1, out.stderr
    assert b'"safe drip\\" (drip) for' in out.stdout


# -- item 11: duplicate keys, bad globs, non-text keys, deep nesting -------------------------

def test_an_impossible_date_in_a_rule_file_names_its_line(tmp_path):
    # YAML would turn 2026-02-30 into a date and fail with no line; medlint keeps it as text.
    path = _rule_file(tmp_path, extra="    reviewed: 2026-02-30\n")
    _one_error(run_cli("--extend-rules", path, _page(tmp_path)), "org.yaml:10:", 'unknown key "reviewed"')


def test_a_duplicate_key_in_a_rule_names_both_lines(tmp_path):
    path = _rule_file(tmp_path, extra="    id: t.again\n")
    _one_error(run_cli("--extend-rules", path, _page(tmp_path)), "org.yaml:10:",
               'duplicate key "id" (first at line 2)')


@pytest.mark.parametrize("config,line,words", [
    ("fail-on: error\nfail-on: info\n", 2, 'duplicate key "fail-on" (first at line 1)'),
    ('exclude: ["[z-a]"]\n', 1, 'bad glob "[z-a]"'),
    ("exclude:\n  - drafts/\n  - x[]\n", 3, 'bad glob "x[]"'),
    ('per-file-ignores:\n  "x[]": [safety]\n', 2, 'bad glob "x[]"'),
    ("severity: {1: error}\n", 1, 'a mapping key must be text, found 1 (quote it: "1")'),
    ("ignore: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested more than 100 levels deep"),
])
def test_a_hostile_config_is_one_line_and_exit_2(tmp_path, config, line, words):
    (tmp_path / ".medlint.yaml").write_text(config, encoding="utf-8")
    _page(tmp_path)
    _one_error(run_cli("page.md", cwd=tmp_path), f"{tmp_path / '.medlint.yaml'}:{line}:", words)


def test_deeply_nested_toml_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.medlint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n")
    _page(tmp_path)
    _one_error(run_cli("page.md", cwd=tmp_path), f"{tmp_path / 'pyproject.toml'}:2:", "nested too deeply")


def test_deeply_nested_rule_yaml_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "org.yaml"
    path.write_text("rules: " + "[" * 10000 + "]" * 10000 + "\n")
    _one_error(run_cli("--extend-rules", path, _page(tmp_path)), "org.yaml:1:", "nested more than 100 levels")


def test_thousands_of_nested_regex_groups_are_a_rule_error(tmp_path):
    pattern = "(" * 5000 + "a" + ")" * 5000
    path = tmp_path / "org.yaml"
    path.write_text(RULE.format(message="m", suggestion="s").replace("'\\bsafe (?P<verb>drip)\\b'", f"'{pattern}'"))
    _one_error(run_cli("--extend-rules", path, _page(tmp_path), env={"MEDLINT_NO_CACHE": "1"}),
               "org.yaml:8:", "too deeply nested")


def test_yaml_merge_keys_may_still_be_overridden():
    from medlint.yamlfile import load_yaml_text

    doc = load_yaml_text("base: &b {a: 1, c: 3}\nthing:\n  <<: *b\n  a: 2\n", "x.yaml")
    assert doc["thing"] == {"a": 2, "c": 3}


# -- item 12: the regex syntax the README promises works on the fast path too ---------------

SYNTAX = """\
rules:
  - id: t.syntax
    category: cure-claim
    severity: error
    message: '"{match}" promises a cure.'
    suggestion: s
    why: w
    patterns:
      - '\\bcures [[:alpha:]]+ forever\\b'
      - '\\x48EALS YOU\\b'
      - '\\N{LATIN CAPITAL LETTER R}everses aging\\b'
      - '\\u0053TOPS pain\\b'
      - '\\b(?:miracle){e<=1} drip\\b'
      - '\\bends [[:digit:]]+ years\\b'
    examples:
      flag: [It cures anxiety forever., It heals you., It reverses aging., It stops pain., The miracla drip.,
             It ends 20 years of pain.]
      pass: [It cures 42 forever., It helps you., It ends many years.]
"""


def test_regex_module_syntax_matches_like_the_regex_module(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text(SYNTAX, encoding="utf-8")
    out = run_cli("test-rules", "--only-extra", "--extend-rules", path, env={"MEDLINT_NO_CACHE": "1"})
    assert out.returncode == 0, out.stdout.decode() + out.stderr.decode()
    assert b"9 passed, 0 failed" in out.stdout
    assert b"Warning" not in out.stderr  # the stdlib never sees (and warns about) a POSIX class


def test_the_fast_form_is_exact_or_absent():
    import re

    from medlint.lazy import lower_pattern

    assert lower_pattern(r"\x48i") == r"\U00000068i"
    assert re.fullmatch(lower_pattern(r"[\x41-\x5A]+"), "abc")
    for foreign in (r"[[:alpha:]]", r"(?:ab){e<=1}", r"[a-z&&[^q]]", r"[a--b]"):
        assert lower_pattern(foreign) is None
