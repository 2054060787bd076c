"""Bad and adversarial input: linting never raises, never hangs, and spans stay exact."""

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import in_a_thread, run_cli, source_slice, visible
from medlint.engine import lint
from medlint.readers import read_document

WORDS = ["Ketamine", "is", "completely", "safe", "not", "addictive", "cures", "PTSD", "depression",
         "bipolar", "disorder", "studies", "show", "immediate", "relief", "may", "Myth:", "FDA-approved",
         "suicide", "988", "risks", "side", "effects", "include", "nausea", "our", "TMS", "for", "good",
         "é", "“quoted”", "it’s", "—", "100%", "#1", "drastically", "reduces"]
MARKUP = ["\n", "\n\n", "\r\n", "\r", "  ", "\t", "**", "_", "`", "```\n", "<b>", "</b>", "<p>", "</p>",
          "<!--", "-->", "<script>", "</script>", "&amp;", "&nbsp;", "&#8217;", "&bogus;", "[", "](", ")",
          "# ", "- ", "| ", "---\n", "<", ">", "\"", "'", "\\", "\x00", "<h1>", "</h1>", "<li>"]
pieces = st.lists(st.sampled_from(WORDS + MARKUP) | st.text(max_size=6), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces, st.sampled_from(["p.md", "p.html", "p.txt"]))
def test_any_input_lints_and_every_span_is_exact(pack, parts, name):
    source = " ".join(parts)
    doc = read_document(name, source)
    for f in lint(doc, pack).findings:
        assert 1 <= f.line <= f.end_line and f.column >= 1
        sliced = source_slice(source, f)
        assert len(sliced) <= len(source)
        if f.scope == "line" and not f.rule.startswith("medlint."):
            assert visible(sliced) == visible(f.text), (f, sliced)


@pytest.mark.parametrize("data,name", [
    (b"", "empty.md"),
    (b"   \n\t\n", "blank.txt"),
    (b"<p>unclosed <b>tag and <!-- comment", "broken.html"),
    (b"---\ntitle: [unclosed\n---\nIt is completely safe.\n", "front.md"),
    (b"---\n" + b"key: value\n" * 3, "unterminated-front.md"),
    (b"<div>" * 20000 + b"It is completely safe." + b"</div>" * 20000, "nested.html"),
    (b"| a | b |\n|---|---|\n" + b"| it is completely safe | x |\n" * 5000, "table.md"),
    (b"It is completely safe.\r\nIt cures pain.\rIt is not addictive.\n", "endings.txt"),
])
def test_awkward_pages(tmp_path, data, name):
    (tmp_path / name).write_bytes(data)
    proc = run_cli("--format", "json", name, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert b"Traceback" not in proc.stderr


def test_a_50_mb_single_line_and_100k_tiny_lines(tmp_path):
    (tmp_path / "long.txt").write_bytes(b"It is completely safe and " + b"a" * 50_000_000 + b" cures pain.")
    (tmp_path / "many.txt").write_bytes(b"ok\n" * 100_000 + b"It is completely safe.\n")
    proc = run_cli("--format", "concise", "long.txt", "many.txt", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr
    assert "long.txt:1:7: error [safety.risk-free]" in out
    assert "many.txt:100001:7: error [safety.risk-free]" in out


def test_encodings_and_binary(tmp_path):
    (tmp_path / "u16.md").write_bytes("It is completely safe.\n".encode("utf-16"))
    (tmp_path / "u16be.md").write_bytes(b"\xfe\xff" + "It is completely safe.\n".encode("utf-16-be"))
    (tmp_path / "nul.md").write_bytes(b"It is \x00 safe")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "badbom.md").write_bytes(b"\xff\xfe\x00")
    proc = run_cli("--format", "concise", ".", cwd=tmp_path)
    err, out = proc.stderr.decode(), proc.stdout.decode()
    assert "u16.md:1:7" in out and "u16be.md:1:7" in out
    assert "nul.md: binary file" in err and "latin1.md: not UTF-8" in err and "badbom.md: not valid" in err
    assert "Traceback" not in err


def test_unreadable_paths(tmp_path):
    (tmp_path / "ok.md").write_text("It is completely safe.\n")
    os.symlink(tmp_path / "gone.md", tmp_path / "broken.md")
    (tmp_path / "empty-dir").mkdir()
    proc = run_cli("ok.md", "broken.md", "missing.md", "empty-dir", cwd=tmp_path)
    err = proc.stderr.decode()
    assert "broken.md: broken symbolic link" in err and "missing.md: no such file" in err
    assert "empty-dir: a folder with no pages" in err
    assert b"ok.md:1:7" in proc.stdout  # ok.md was linted
    assert proc.returncode == 2  # but three paths were not: that is no pass (tests/test_unreadable.py)
    assert run_cli("broken.md", "missing.md", cwd=tmp_path).returncode == 2


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_permission_denied(tmp_path):
    page = tmp_path / "secret.md"
    page.write_text("It is completely safe.\n")
    page.chmod(0)
    try:
        proc = run_cli("secret.md", cwd=tmp_path)
        assert proc.returncode == 2 and b"secret.md: permission denied" in proc.stderr
    finally:
        page.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_off_the_main_thread_the_regex_module_gives_the_same_findings(pack):
    """Embedded in a threaded host, medlint falls back to the `regex` module with the budget
    as its timeout; the findings must be the ones the fast path gives."""
    from conftest import FIXTURES

    for page in sorted(p for p in (FIXTURES / "pages").iterdir() if p.suffix != ".expected"):
        source = page.read_text(encoding="utf-8")
        main = lint(read_document(page.name, source), pack).findings
        threaded = in_a_thread(lambda: lint(read_document(page.name, source), pack).findings)
        assert threaded == main, page.name
