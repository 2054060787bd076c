"""Named vocabularies: inflection, includes, the prefix-tree regex, and load-time errors."""

import re

import pytest

from medlint.errors import RuleError
from medlint.rules import load_pack
from medlint.vocab import _list_regex, inflect


def test_inflections():
    assert set(inflect("repair", "verb")) == {"repair", "repairs", "repaired", "repairing"}
    assert set(inflect("injection", "noun")) == {"injection", "injections"}
    assert "speeds up" in inflect("speed up", "verb")
    assert "stopped" in inflect("stop", "verb")
    assert inflect("as is", "none") == ["as is"]


@pytest.mark.parametrize("words", [["cell", "cells", "cellular"], ["a b", "ab", "abc"], ["it's", "its"], ["nad+", "nad"]])
def test_the_tree_matches_exactly_its_words(words):
    pattern = re.compile(_list_regex(words))
    for w in words:
        assert pattern.fullmatch(w), w
    assert not pattern.fullmatch("ce") and not pattern.fullmatch(words[0] + "x")


def _pack_with(tmp_path, body):
    path = tmp_path / "r.yaml"
    path.write_text(body, encoding="utf-8")
    return load_pack([str(path)])


RULE = """rules:
  - id: t.x
    category: safety-claim
    severity: warning
    message: m
    suggestion: s
    why: w
    patterns: ['\\b{mend-verb}\\s+{part}\\b']
    examples:
      flag: [It mends bones., The gel rebuilt joints.]
      pass: [Nothing here.]
"""


def test_a_rule_uses_vocabularies_with_forms_and_includes(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDLINT_NO_CACHE", "1")
    pack = _pack_with(tmp_path, RULE + """vocab:
  mend-verb: {forms: verb, words: [mend, "{rebuild-words}"]}
  rebuild-words: [rebuild, rebuilt]
  part: {forms: noun, words: [bone, joint]}
""")
    from medlint.examples import run_example

    rule = pack.get("t.x")
    assert all(run_example(pack, rule, "flag", t).ok for t in rule.flag_examples)
    assert rule.vocabularies == ("mend-verb", "part")


@pytest.mark.parametrize("vocab,message", [
    ("  mend-verb: [mend]\n", 'unknown vocabulary "{part}"'),
    ("  mend-verb: [mend, \"{nope}\"]\n  part: [bone]\n", 'includes unknown vocabulary "nope"'),
    ("  mend-verb: [\"{part}\"]\n  part: [\"{mend-verb}\"]\n", "includes itself"),
    ("  Mend: [mend]\n  part: [bone]\n", "must be lower-case"),
    ("  mend-verb: {forms: adjective, words: [mend]}\n  part: [bone]\n", '"forms" must be one of'),
])
def test_bad_vocabularies_are_file_line_errors(tmp_path, monkeypatch, vocab, message):
    monkeypatch.setenv("MEDLINT_NO_CACHE", "1")
    with pytest.raises(RuleError) as err:
        _pack_with(tmp_path, RULE + "vocab:\n" + vocab)
    assert message in str(err.value) and "r.yaml:" in str(err.value)


def test_a_shipped_vocabulary_cannot_be_defined_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDLINT_NO_CACHE", "1")
    with pytest.raises(RuleError) as err:
        _pack_with(tmp_path, "vocab:\n  symptom: [itch]\n")
    assert 'vocabulary "symptom" is defined twice' in str(err.value)
