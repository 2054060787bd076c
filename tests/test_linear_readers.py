"""Issue 12 item 8: every reader is linear (and so is matching suppressions to findings). Each construct that was once quadratic or worse is
read at two sizes, each within a generous bound: a test for hangs, not a timing test (the
bound is many times what a linear reader needs and a fraction of what the old one took)."""

import subprocess
import sys

import pytest

BOUND = 15  # seconds for both sizes together; a linear reader needs well under one

CONSTRUCTS = {
    # name: (page name, code building the page from n, the size or one that hung)
    "backtick runs on one line": ("p.md", '"It is " + "`" * n + " safe.\\n"', 6000),
    "spaces before a list item": ("p.md", '"- a\\n" + " " * n + "- b\\n"', 20000),
    "a 1 MB nested list": ("p.md", '"".join(" " * (2 * (i % 300)) + "- x\\n" for i in range(n))', 6000),
    "unclosed link targets": ("p.md", '"[x](" * n + "\\n"', 10000),
    "pipe rows with no table": ("p.md", '"a|b\\n" * n', 8000),
    "a long word with no @": ("p.txt", '"a." * n + "@\\n"', 40000),
    "unclosed meta descriptions": ("p.html", '\'<meta name="description" content="\' * n', 6000),
    "deep and stray block tags": ("p.html", '"<div>x" * n + "</p>" * n + "<p>" * n + "</p>" * n', 20000),
}


# Checked by the engine, after the rules: suppression comments, matched to findings.
LINTED = {
    "a suppression per line": ("p.md", '"<!-- medlint-disable-next-line safety -->\\nIt is completely safe.\\n" * n',
                               4000),
    "disable ranges never enabled": ("p.md", '"<!-- medlint-disable safety -->\\n<!-- medlint-enable cure-claim -->\\n'
                                     'It is completely safe.\\n" * n', 4000),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_reader_finishes_at_two_sizes(name):
    _finishes(name, *CONSTRUCTS[name], "")


@pytest.mark.parametrize("name", LINTED)
def test_suppressions_finish_at_two_sizes(name):
    _finishes(name, *LINTED[name], "lint(doc, pack)")


def _finishes(name, page, build, n, then):
    code = ("from medlint.readers import read_document\n"
            "from medlint.engine import lint\n"
            "from medlint.rules import load_pack\n"
            "pack = load_pack()\n"
            f"for n in ({n}, {2 * n}):\n"
            f"    doc = read_document({page!r}, {build})\n"
            f"    {then or 'pass'}\n"
            "print('ok')\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {name} at sizes {n} and {2 * n} took over {BOUND} s")
    assert proc.returncode == 0 and proc.stdout.strip() == b"ok", proc.stderr
