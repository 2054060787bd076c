"""Every rule's own examples are its tests: `flag` texts must be flagged, `pass` texts not."""

import pytest

from medlint.examples import run_example
from medlint.profiles import DEFAULT, PROFILES
from medlint.rules import load_pack

PACK = load_pack()
# Each profile's pack: its own rules and the rules it changes run their examples under it.
PACKS = {name: PACK if name == DEFAULT else load_pack(profile=name) for name in PROFILES}
CASES = [(name, rule, kind, text) for name, pack in PACKS.items() for rule in pack.rules
         if name == DEFAULT or rule.path.startswith("rules/profiles/") or rule.override is not None
         for kind, texts in (("flag", rule.flag_examples), ("pass", rule.pass_examples)) for text in texts]


@pytest.mark.parametrize("profile,rule,kind,text", CASES,
                         ids=[f"{p}:{r.id}:{k}:{i}" for i, (p, r, k, _) in enumerate(CASES)])
def test_rule_example(profile, rule, kind, text):
    result = run_example(PACKS[profile], rule, kind, text)
    assert result.ok, result.describe()


@pytest.mark.parametrize("profile", [p for p in PROFILES if p != DEFAULT])
def test_profile_rules_have_three_differently_worded_examples_each_way(profile):
    for rule in PACKS[profile].rules:
        if rule.path.startswith("rules/profiles/"):
            assert len(set(rule.flag_examples)) >= 3 and len(set(rule.pass_examples)) >= 3, rule.id


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

    for name, pack in PACKS.items():
        for rule in pack.rules:
            if name != DEFAULT and not (rule.path.startswith("rules/profiles/") or rule.override is not None):
                continue  # the same rule and text as under the default profile
            doc = read_document("suggestion.txt", rule.suggestion)
            flagged = [f for f in lint(doc, pack).findings if f.scope == "line"]
            assert not flagged, (name, rule.id, [(f.rule, f.text) for f in flagged])
