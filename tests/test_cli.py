"""The real entry point: exit codes, formats, stdin, bad input, rules and explain."""

import json

import pytest

from conftest import run_cli

CLAIM = "Ketamine therapy is completely safe and works for everyone.\n"
CLEAN = "Ketamine is an anesthetic. Ask your doctor about its risks.\n"


def test_version_and_help():
    proc = run_cli("--version")
    assert proc.returncode == 0 and b"medlint" in proc.stdout
    assert run_cli("--help").returncode == 0


def test_exit_codes_clean_findings_and_fail_on(tmp_path):
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text(CLAIM)
    good.write_text(CLEAN)
    assert run_cli(good).returncode == 0
    assert run_cli(bad).returncode == 1
    # Only warnings and infos left once errors are ignored: --fail-on error passes.
    proc = run_cli("--select", "efficacy-overstatement", "--fail-on", "error", tmp_path / "w.md")
    assert proc.returncode == 2  # no such file
    warn = tmp_path / "w.md"
    warn.write_text("Ketamine is an effective treatment for PTSD.\n")
    assert run_cli("--fail-on", "error", warn).returncode == 0
    assert run_cli("--fail-on", "warning", warn).returncode == 1


def test_text_format_shows_location_rule_underline_and_suggestion(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(CLAIM)
    out = run_cli("--no-color", page).stdout.decode()
    assert f"{page}:1:21: error [safety.risk-free]" in out
    assert "(safety-claim)" in out
    assert "    1 | Ketamine therapy is completely safe" in out
    assert "^^^^^^^^^^^^^^^" in out
    assert "suggestion:" in out
    assert out.strip().endswith("in 1 of 1 page.")
    assert "\x1b[" not in out


def test_json_format_honours_the_contract(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(CLAIM)
    data = json.loads(run_cli("--format", "json", page).stdout)
    assert data["summary"]["files"] == 1
    f = data["findings"][0]
    for key in ("path", "line", "column", "end_line", "end_column", "rule", "category", "severity",
                "message", "suggestion"):
        assert key in f
    assert CLAIM[f["column"] - 1:f["end_column"] - 1] == "completely safe"


def test_concise_and_statistics(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(CLAIM)
    out = run_cli("--format", "concise", "--statistics", page).stdout.decode().splitlines()
    assert out[0].startswith(f"{page}:1:21: error [safety.risk-free]")
    assert "Findings by category:" in out


def test_stdin_with_filename_picks_the_format(tmp_path):
    proc = run_cli("--format", "json", "--stdin-filename", "draft.html", "-",
                   stdin=b"<p>Our drip is <b>risk-free</b>.</p>")
    data = json.loads(proc.stdout)
    [f] = [f for f in data["findings"] if f["rule"] == "safety.risk-free"]
    assert f["path"] == "draft.html"
    assert f["column"] == 19


def test_directories_are_walked_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "site" / ".git").mkdir(parents=True)
    (tmp_path / "site" / "a.md").write_text(CLAIM)
    (tmp_path / "site" / "b.html").write_text("<p>" + CLAIM + "</p>")
    (tmp_path / "site" / ".git" / "c.md").write_text(CLAIM)
    (tmp_path / "site" / "d.py").write_text("x = 'completely safe'")
    data = json.loads(run_cli("--format", "json", tmp_path / "site").stdout)
    assert sorted({f["path"].split("/")[-1] for f in data["findings"]}) == ["a.md", "b.html"]


def test_bad_files_get_one_message_and_the_rest_is_linted(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 is completely safe".encode("latin-1"))
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "ok.md").write_text(CLAIM)
    proc = run_cli(tmp_path)
    err = proc.stderr.decode()
    assert "latin1.txt: not UTF-8 text: byte 0xe9 at line 1" in err
    assert "bin.txt: binary file" in err
    assert "empty.md: empty page" in err
    assert "Traceback" not in err
    assert b"ok.md:1:21" in proc.stdout  # ok.md was linted
    assert proc.returncode == 2  # two pages were not: no pass (tests/test_unreadable.py)


def test_nothing_lintable_exits_2(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    assert run_cli(tmp_path / "bin.txt").returncode == 2
    proc = run_cli(tmp_path / "missing.md")
    assert proc.returncode == 2 and b"no such file" in proc.stderr


def test_utf16_and_bom_pages_are_read(tmp_path):
    (tmp_path / "u16.txt").write_bytes(CLAIM.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + CLAIM.encode())
    data = json.loads(run_cli("--format", "json", tmp_path).stdout)
    assert {(f["path"].split("/")[-1], f["column"]) for f in data["findings"] if f["rule"] == "safety.risk-free"} == \
        {("u16.txt", 21), ("bom.txt", 21)}


def test_unknown_selector_is_a_usage_error(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(CLAIM)
    proc = run_cli("--select", "saftey", page)
    assert proc.returncode == 2 and b'"saftey"' in proc.stderr


def test_bad_option_is_exit_2():
    assert run_cli("--format", "pdf", "x.md").returncode == 2


def test_rules_and_explain():
    out = run_cli("rules").stdout.decode()
    assert "safety.is-safe" in out and "safety-claim" in out
    out = run_cli("explain", "safety.is-safe").stdout.decode()
    assert out.startswith("# safety.is-safe (safety-claim)")
    assert "## Why it matters" in out and "## Examples it flags" in out
    proc = run_cli("explain", "safety.is-saf")
    assert proc.returncode == 2 and b"did you mean safety.is-safe" in proc.stderr


def test_test_rules_command_runs_examples(tmp_path):
    proc = run_cli("test-rules")
    assert proc.returncode == 0 and b" passed, 0 failed" in proc.stdout


def test_console_script_is_installed():
    import shutil
    import subprocess

    exe = shutil.which("medlint")
    assert exe, "the medlint console script is on PATH"
    assert subprocess.run([exe, "--version"], capture_output=True).returncode == 0


@pytest.mark.parametrize("args", [
    ["a.md"], ["a.md", "b.html"], ["--format", "json", "a.md"], ["a.md", "--format=sarif"],
    ["--format", "jsonl", "a.md", "--format", "concise"],
])
def test_the_quick_route_builds_the_options_click_would(monkeypatch, args):
    """`medlint [--format F] PATH...` skips click (main.py); it must mean what `medlint check ...` means."""
    from medlint import cli, lint_run, main

    assert set(main.COMMANDS) == set(cli.cli.commands)
    assert main.quick_options(args) is not None
    seen = []
    monkeypatch.setattr(lint_run, "run", lambda options: seen.append(options) or 0)
    assert main.main(args) == 0
    assert main.main(["check", *args]) == 0  # through click
    assert len(seen) == 2 and seen[0] == seen[1]


@pytest.mark.parametrize("args", [
    [], ["rules"], ["-"], ["-q", "a.md"], ["--format", "nope", "a.md"], ["a.md", "--format"], ["--", "a.md"],
    ["--format", "json"],
])
def test_everything_else_goes_through_click(args):
    from medlint import main

    assert main.quick_options(args) is None


def test_bare_paths_and_check_give_the_same_report(tmp_path):
    (tmp_path / "p.md").write_text("# Ketamine\n\nKetamine is completely safe and cures depression.\n")
    bare, checked = run_cli("p.md", cwd=tmp_path), run_cli("check", "p.md", cwd=tmp_path)
    assert bare.returncode == checked.returncode == 1
    assert bare.stdout == checked.stdout and b"safety" in bare.stdout
    missing = run_cli("nothere.md", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.decode().count("\n") == 1
