"""Issue 12 item 13: both command-line routes treat an unreadable page the same way, and fail
closed: the other pages are linted and reported, each unreadable page gets one line on
stderr, and the run exits 2 (a page that was not checked is no pass)."""

import os

import pytest

from conftest import run_cli

QUICK = ()  # `medlint PATH...` skips the option parser
PARSER = ("--no-color",)  # any option goes through click


def _make(tmp_path, kind: str) -> str:
    page = tmp_path / "bad.md"
    if kind == "not UTF-8":
        page.write_bytes(b"caf\xe9 is completely safe\n")
    elif kind == "binary":
        page.write_bytes(b"It is \x00 safe")
    elif kind == "fifo":
        os.mkfifo(page)
    elif kind == "broken link":
        os.symlink(tmp_path / "gone.md", page)
    elif kind == "missing":
        pass
    elif kind == "permission denied":
        page.write_text("It is completely safe.\n")
        page.chmod(0)
    return page.name


KINDS = ["not UTF-8", "binary", "fifo", "broken link", "missing",
         pytest.param("permission denied", marks=pytest.mark.skipif(
             not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file"))]


@pytest.mark.parametrize("kind", KINDS)
def test_both_routes_lint_the_rest_and_exit_2(tmp_path, kind):
    bad = _make(tmp_path, kind)
    (tmp_path / "good.md").write_text("It cures pain.\n")
    (tmp_path / "clean.md").write_text("Book a visit.\n")
    results = []
    for route in (QUICK, PARSER):
        for pages in ((bad, "good.md"), (bad, "clean.md")):
            proc = run_cli(*route, "--format", "concise", *pages, cwd=tmp_path, timeout=60)
            err = proc.stderr.decode().splitlines()
            assert proc.returncode == 2, (route, pages, proc.stderr)
            assert len(err) == 1 and err[0].startswith(f"medlint: {bad}: "), err
            results.append((pages, proc.stdout, err))
    quick, parser = results[:2], results[2:]
    assert quick == parser
    assert b"good.md:1:4" in quick[0][1]  # the readable page was still linted


def test_a_baseline_written_with_an_unreadable_page_fails_too(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "good.md").write_text("It cures pain.\n")
    proc = run_cli("--write-baseline", "b.json", "bad.md", "good.md", cwd=tmp_path)
    assert proc.returncode == 2 and (tmp_path / "b.json").exists()
