"""The literal prefilter only ever skips work: with it or without it, the findings are the same."""

import copy

import pytest

from conftest import FIXTURES, ROOT, SHARED
from medlint.engine import lint
from medlint.literal_index import LiteralIndex
from medlint.literals import confirming_literals, required_literals
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
            c = rule.compiled
            # Contexts prefilter too (sentence and trigger contexts): off as well.
            plain = {key: tuple(ctx._replace(literals=None) for ctx in getattr(c, key))
                     for key in ("unless", "when", "hedges", "stakes")}
            rule.compiled = c._replace(literals=None, **plain)
        unfiltered.rules.append(rule)
    without = lint(read_document(page.name, source), unfiltered).findings
    assert with_filter == without


def test_prefix_tree_gives_whole_words():
    # A vocabulary compiled as a prefix tree must prefilter by its words, not their fragments.
    assert required_literals(r"\bc(?:alm(?:ed|s)?|ombat)\b") == {"calm", "combat"}
    assert required_literals(r"\bb(?:lock(?:ed|s)?|reak\s+down)") == {"block", "break"}


def test_prefix_words_behind_word_boundaries():
    # A vocabulary behind \b is still read as whole words.
    assert required_literals(r"(\b(?:c(?:alm|ombat)))\s+it") == {"calm", "combat"}


def test_fragments_of_common_words_count_as_common():
    # "duc" stands wherever "reduce" does: the set of whole words wins over the fragments.
    found = required_literals(r"\b(?:re(?:duc(?:e|ing))|ea(?:se|sing))\b")
    assert found == {"reduce", "reducing", "ease", "easing"}


def test_confirming_literals_come_from_another_part():
    pattern = r"\bby\s+(?:week|month)\s+(?:three|four)\b"
    first, second = required_literals(pattern), confirming_literals(pattern)
    assert {first, second} == {frozenset({"week", "month"}), frozenset({"three", "four"})}
    assert confirming_literals(r"\bweekly\b|\bmonthly\b") is None  # alternatives have no shared part
    assert confirming_literals(r"\bsessions?\b") is None  # one part only
    assert confirming_literals(r"\bcalm(?:s|ed)?\s+(?:and|the)\s+mind") is not None
    assert confirming_literals(r"\bmind\s+(?:and|the)\b") is None  # the other part is in every sentence


def test_candidate_sentences_need_both_sets():
    doc = read_document("page.md", "Relief by week three. A calm week. Three calm days.\n")
    index = LiteralIndex(["week", "three"])
    both = doc.candidate_spans(frozenset({"week"}), index, frozenset({"three"}))
    assert [doc.text[a:b] for a, b in both] == ["Relief by week three."]


def test_sentences_by_literal_same_without_the_automaton(monkeypatch):
    # The str.find fallback (no pyahocorasick) must place every literal in the same sentences,
    # including literals that run over a sentence's end (those count for no sentence).
    from medlint import literal_index

    doc = read_document("page.md", "A calm week. Calm days. Weekly calm-ish notes.\n\nAnother calm block.\n")
    literals = ["calm", "week", "week. calm", "alm da", "notes.", "calm block"]
    with_automaton = LiteralIndex(literals).sentences_by_literal(doc)
    monkeypatch.setattr(literal_index, "ahocorasick", None)
    without = LiteralIndex(literals).sentences_by_literal(doc)
    assert with_automaton == without
    assert with_automaton["calm"] == {0, 1, 2, 3} and "week. calm" not in with_automaton
