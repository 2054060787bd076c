"""Every rule's own examples are its tests: `flag` texts must be flagged, `pass` texts not."""

import pytest

from medlint.examples import run_example
from medlint.rules import load_pack

PACK = load_pack()
CASES = [(rule, kind, text) for rule in PACK.rules
         for kind, texts in (("flag", rule.flag_examples), ("pass", rule.pass_examples)) for text in texts]


@pytest.mark.parametrize("rule,kind,text", CASES, ids=[f"{r.id}:{k}:{i}" for i, (r, k, _) in enumerate(CASES)])
def test_rule_example(rule, kind, text):
    result = run_example(PACK, rule, kind, text)
    assert result.ok, result.describe()


def test_every_category_of_the_taxonomy_has_rules():
    from medlint.taxonomy import CATEGORIES

    covered = {r.category for r in PACK.rules}
    assert set(CATEGORIES) <= covered, sorted(set(CATEGORIES) - covered)


def test_rule_ids_are_unique_and_prefixed_by_family():
    ids = [r.id for r in PACK.rules]
    assert len(ids) == len(set(ids))
    assert all("." in i for i in ids)


def test_no_suggestion_is_itself_flagged_by_the_pack():
    """A suggested rewrite that medlint would flag again is no help to a writer (codespell's check)."""
    from medlint.engine import lint
    from medlint.readers import read_document

    for rule in PACK.rules:
        doc = read_document("suggestion.txt", rule.suggestion)
        flagged = [f for f in lint(doc, PACK).findings if f.scope == "line"]
        assert not flagged, (rule.id, [(f.rule, f.text) for f in flagged])
