"""Config discovery, precedence, per-file settings, and each kind of error."""

import json

import pytest

from conftest import run_cli

CLAIMS = "Our drips are completely safe. Results guaranteed. Patients say it changed their life.\n"


def lint_json(cwd, *args):
    proc = run_cli("--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return {f["rule"] for f in json.loads(proc.stdout)["findings"]}


def test_config_is_found_upward_and_applied(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("ignore: [safety, disclosure]\nfail-on: error\n")
    sub = tmp_path / "site" / "pages"
    sub.mkdir(parents=True)
    (sub / "p.md").write_text(CLAIMS)
    rules = lint_json(sub, "p.md")
    assert not any(r.startswith("safety.") for r in rules) and "efficacy.guaranteed" in rules


def test_pyproject_tool_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.medlint]\nselect = ["safety-claim"]\n')
    (tmp_path / "p.md").write_text(CLAIMS)
    assert lint_json(tmp_path, "p.md") == {"safety.risk-free"}


def test_command_line_wins_and_config_flag_names_a_file(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("select: [safety-claim]\n")
    (tmp_path / "other.yaml").write_text("select: [testimonial-claim]\n")
    (tmp_path / "p.md").write_text(CLAIMS)
    assert lint_json(tmp_path, "p.md") == {"safety.risk-free"}
    assert lint_json(tmp_path, "--select", "efficacy", "p.md") == {"efficacy.guaranteed"}
    chosen = lint_json(tmp_path, "--config", "other.yaml", "p.md")
    assert "testimonial.outcome-story" in chosen and all(r.startswith("testimonial.") for r in chosen)
    assert "disclosure.risks" in lint_json(tmp_path, "--no-config", "p.md")


def test_per_file_ignores_exclude_severity_and_topic(tmp_path):
    (tmp_path / ".medlint.yaml").write_text(
        "per-file-ignores:\n  'blog/**': [testimonial-claim]\n"
        "exclude: [drafts/]\n"
        "severity: {efficacy.guaranteed: info}\n"
        "topic: {'ptsd/*.md': PTSD}\n"
        "fail-on: warning\n")
    for folder in ("blog", "drafts", "ptsd", "other"):
        (tmp_path / folder).mkdir()
    (tmp_path / "blog" / "a.md").write_text(CLAIMS)
    (tmp_path / "drafts" / "b.md").write_text(CLAIMS)
    (tmp_path / "ptsd" / "c.md").write_text("# Ketamine\n\nKetamine may help some people with depression.\n")
    (tmp_path / "other" / "c.md").write_text("# Ketamine\n\nKetamine may help some people with depression.\n")
    data = json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)
    by_path = {}
    for f in data["findings"]:
        by_path.setdefault(f["path"].replace("\\", "/"), set()).add((f["rule"], f["severity"]))
    assert not any("drafts" in p for p in by_path)
    assert ("testimonial.outcome-story", "warning") not in by_path["blog/a.md"]
    assert ("efficacy.guaranteed", "info") in by_path["blog/a.md"]
    assert any(r == "drift.other-condition" for r, _ in by_path["ptsd/c.md"])
    assert not any(r == "drift.other-condition" for r, _ in by_path.get("other/c.md", set()))


@pytest.mark.parametrize("text,line,message", [
    ("selct: [safety]\n", 1, 'unknown key "selct" (did you mean "select"?)'),
    ("fail-on: never\n", 1, '"fail-on" must be one of info, warning, error'),
    ("ignore: 3\n", 1, '"ignore" must be a list of text'),
    ("severity:\n  safety: fatal\n", 1, 'severity for "safety" must be one of'),
    ("per-file-ignores: [a]\n", 1, '"per-file-ignores" must map globs'),
    ("topic: [PTSD]\n", 1, '"topic" must be a condition'),
    ("select: [safety]\nignore: [nonsense-rule]\n", 2, 'ignore: no rule, rule prefix or category is called "nonsense-rule"'),
    ("select: [safety\n", 2, "not valid YAML"),
    ("select: [safety]\nignore: 2026-02-30\n", 2, 'no rule, rule prefix or category is called "2026-02-30"'),  # a date is text
])
def test_config_errors_name_file_and_line_and_exit_2(tmp_path, text, line, message):
    (tmp_path / ".medlint.yaml").write_text(text)
    (tmp_path / "p.md").write_text("Hello.\n")
    proc = run_cli("p.md", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert f".medlint.yaml:{line}:" in err and message in err, err
    assert "Traceback" not in err


def test_toml_errors_and_unknown_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nselect = ["safety"]\nfial-on = "error"\n')
    proc = run_cli("x.md", cwd=tmp_path)
    assert proc.returncode == 2 and b'pyproject.toml:3: unknown key "fial-on"' in proc.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nselect = [\n')
    proc = run_cli("x.md", cwd=tmp_path)
    assert proc.returncode == 2 and b"not valid TOML" in proc.stderr


def test_missing_config_file_is_an_error(tmp_path):
    proc = run_cli("--config", "nope.yaml", "x.md", cwd=tmp_path)
    assert proc.returncode == 2 and b"nope.yaml: config file not found" in proc.stderr


def test_config_command_shows_values_and_sources(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("ignore: [testimonial-claim]\nfail-on: error\n")
    out = run_cli("config", cwd=tmp_path).stdout.decode()
    assert ".medlint.yaml" in out.splitlines()[0]
    assert any(l.startswith("ignore") and "testimonial-claim" in l and ".medlint.yaml:1" in l for l in out.splitlines())
    assert any(l.startswith("select") and "(default)" in l for l in out.splitlines())
    data = json.loads(run_cli("config", "--format", "json", cwd=tmp_path).stdout)
    assert data["settings"]["fail-on"] == {"value": "error", "source": data["config_file"] + ":2"}


def test_unknown_topic_is_an_error(tmp_path):
    (tmp_path / "p.md").write_text("Hello.\n")
    proc = run_cli("--topic", "wanderlust", "p.md", cwd=tmp_path)
    assert proc.returncode == 2 and b'topic: "wanderlust" is not a condition' in proc.stderr
