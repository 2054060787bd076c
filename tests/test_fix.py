"""--fix and --diff: only declared literal fixes, never through markup, encodings kept."""

from conftest import run_cli

TEXT = "TMS can significantly improve your mood.\r\nIt drastically reduces pain.\r\nIt is completely safe.\r\n"


def test_diff_shows_without_writing(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(TEXT.encode())
    proc = run_cli("--diff", "p.txt", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "-TMS can significantly improve your mood." in out and "+TMS can improve your mood." in out
    assert "+It reduces pain." in out
    assert page.read_bytes() == TEXT.encode()


def test_fix_rewrites_keeping_line_endings_and_reports_the_rest(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(TEXT.encode())
    proc = run_cli("--fix", "--format", "concise", "p.txt", cwd=tmp_path)
    assert page.read_bytes() == b"TMS can improve your mood.\r\nIt reduces pain.\r\nIt is completely safe.\r\n"
    out = proc.stdout.decode()
    assert "safety.risk-free" in out and "efficacy.intensifier" not in out
    assert proc.returncode == 1


def test_fix_keeps_utf16_bom_and_leaves_unfixable_files_alone(tmp_path):
    page = tmp_path / "u.txt"
    page.write_bytes("\ufeffIt dramatically improves sleep.\n".encode("utf-16-le"))
    run_cli("--fix", "u.txt", cwd=tmp_path)
    assert page.read_bytes() == "\ufeffIt improves sleep.\n".encode("utf-16-le")
    other = tmp_path / "o.md"
    other.write_text("It is completely safe.\n")
    before = other.stat().st_mtime_ns
    run_cli("--fix", "o.md", cwd=tmp_path)
    assert other.stat().st_mtime_ns == before


def test_fix_never_edits_across_markup(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<p>It <b>drastically</b> reduces pain.</p>\n")
    run_cli("--fix", "p.html", cwd=tmp_path)
    assert page.read_text() == "<p>It <b>drastically</b> reduces pain.</p>\n"


def test_fix_and_stdin_do_not_mix():
    assert run_cli("--fix", "-", stdin=b"x").returncode == 2
    assert run_cli("--fix", "--diff", "x.md").returncode == 2
