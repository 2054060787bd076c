"""The literal prefilter only ever skips work: with it or without it, the findings are the same."""

import copy

import pytest

from conftest import FIXTURES, ROOT, SHARED
from medlint.engine import lint
from medlint.literals import required_literals
from medlint.readers import read_document


def test_literals_of_simple_patterns():
    assert required_literals(r"\bcompletely safe\b") == {"completely safe"}
    assert required_literals(r"\b(?:cures?|heals)\b") == {"cure", "heals"}
    assert required_literals(r"(?:no|zero)\s+(?:side effects|risks?)") == {"side effects", "risk"}
    assert required_literals(r"\w+\s+\w+") is None  # nothing literal to require
    assert required_literals(r"(?<=a\s?)b") is None  # syntax the stdlib parser lacks


def pages():
    found = sorted((FIXTURES / "pages").glob("*.*")) + sorted((ROOT / "examples").glob("*.md"))
    if (SHARED / "seeds").is_dir():
        found += sorted((SHARED / "seeds").glob("*.txt"))
    return [p for p in found if p.suffix in (".md", ".html", ".txt")]


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_prefilter_changes_nothing(pack, page):
    source = page.read_text(encoding="utf-8")
    with_filter = lint(read_document(page.name, source), pack).findings
    unfiltered = copy.copy(pack)
    unfiltered.rules = []
    for rule in pack.rules:
        if rule.kind == "pattern":
            rule = copy.copy(rule)
            rule.compiled = rule.compiled._replace(literals=None)
        unfiltered.rules.append(rule)
    without = lint(read_document(page.name, source), unfiltered).findings
    assert with_filter == without


def test_prefix_tree_gives_whole_words():
    # A vocabulary compiled as a prefix tree must prefilter by its words, not their fragments.
    assert required_literals(r"\bc(?:alm(?:ed|s)?|ombat)\b") == {"calm", "combat"}
    assert required_literals(r"\bb(?:lock(?:ed|s)?|reak\s+down)") == {"block", "break"}
