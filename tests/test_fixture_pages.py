"""Pages written for the tests, several treatments in all three formats, compliant and not.

Each page has PAGE.expected beside it: one line per finding, "LINE RULE "words"". The test
compares the whole set, so a missed claim and a new false alarm both fail it.
"""

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, source_slice, visible
from medlint.engine import lint
from medlint.readers import read_document

PAGES = sorted(p for p in (FIXTURES / "pages").iterdir() if p.suffix in (".md", ".html", ".txt"))


def expected(page: Path) -> set[tuple[int, str, str]]:
    rows = set()
    for line in (page.parent / (page.name + ".expected")).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            number, rule, words = line.split(" ", 2)
            rows.add((int(number), rule, json.loads(words)))
    return rows


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_findings_match_expectations(pack, page):
    source = page.read_text(encoding="utf-8")
    findings = lint(read_document(page.name, source), pack).findings
    assert {(f.line, f.rule, f.text) for f in findings} == expected(page)
    for f in findings:
        assert visible(source_slice(source, f)) == visible(f.text)


def test_fixture_set_covers_formats_treatments_and_compliance():
    assert {p.suffix for p in PAGES} == {".md", ".html", ".txt"}
    compliant = [p for p in PAGES if "compliant" in p.name]
    assert compliant and all(not expected(p) for p in compliant)
    assert all(expected(p) for p in PAGES if p not in compliant)
