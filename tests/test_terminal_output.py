"""Issue 12 item 19: terminal output runs no escapes from pages, carets sit under wide
characters, -j never starts more workers than cores, --write-baseline prints no report."""

import concurrent.futures
import os

import pytest

from conftest import run_cli
from medlint.main import main

ESCAPES = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x9b2J"


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_escapes_in_a_page_are_shown_not_run(tmp_path, fmt):
    name = "p\x1b[2J.md"  # file names reach the terminal too
    (tmp_path / name).write_text(f"It is completely safe {ESCAPES}\n\nIt {ESCAPES} cures pain.\n")
    proc = run_cli("--format", fmt, name, cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and "completely safe" in out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    if fmt == "text":
        assert "\\x1b]0;pwned\\x07" in out


def test_escapes_in_a_file_name_are_shown_not_run(tmp_path):
    name = "a\x1b[2Jb.md"
    (tmp_path / name).write_bytes(b"\xff")  # not UTF-8: the name appears on stderr
    proc = run_cli(name, cwd=tmp_path)
    assert proc.returncode == 2 and b"\x1b" not in proc.stderr and b"a\\x1b[2Jb.md" in proc.stderr


@pytest.mark.parametrize("before", ["Ketamine \U0001F600 ", "安全な治療。", "e\u0301te\u0301 ", "tab\there "])
def test_carets_sit_under_the_flagged_words(tmp_path, before):
    import unicodedata

    (tmp_path / "p.md").write_text(f"{before}is completely safe.\n")
    lines = run_cli("--select", "safety.risk-free", "p.md", cwd=tmp_path).stdout.decode().splitlines()
    source, carets = lines[1], lines[2]
    shown = source[source.index("| ") + 2:]
    prefix = shown[:shown.index("completely")]
    columns = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
                  for c in prefix)
    gutter = carets.index("| ") + 2
    assert carets.index("^") - gutter == columns, (source, carets)
    assert carets.count("^") == len("completely safe")


def test_jobs_are_capped_at_the_cores(tmp_path, monkeypatch):
    for i in range(12):
        (tmp_path / f"p{i}.md").write_text("It is completely safe.\n")
    started = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(max_workers=None, **kwargs):
        started.append(max_workers)
        return real(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    monkeypatch.chdir(tmp_path)
    assert main(["-j", "200", "--format", "json", "-o", "out.json", "."]) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert started and all(n <= cores for n in started), (started, cores)


def test_write_baseline_prints_no_report(tmp_path):
    (tmp_path / "p.md").write_text("It is completely safe.\n")
    proc = run_cli("--write-baseline", "b.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b""
    assert proc.stderr.decode().strip() == "medlint: wrote 1 finding to b.json"
    with_output = run_cli("--write-baseline", "b.json", "--format", "json", "-o", "r.json", "p.md", cwd=tmp_path)
    assert with_output.returncode == 0 and b"safety.risk-free" in (tmp_path / "r.json").read_bytes()
