"""Every pattern of every shipped rule is shown at work by at least one of the rule's own
`flag` examples: a pattern no example exercises is untested, and may match nothing at all
(or only the page it was written for)."""

import pytest

from medlint.readers import read_document
from medlint.rules import load_pack

PACK = load_pack()


def _patterns(rule):
    c = rule.compiled
    if not (hasattr(c, "_fields") and "parts" in c._fields):
        return []  # page-level kinds: their examples are whole pages, tested by test_rule_examples
    return [part[0] for part in c.parts] if c.parts else [c.pattern]


CASES = [(rule, index, pattern) for rule in PACK.rules for index, pattern in enumerate(_patterns(rule))]


@pytest.mark.parametrize("rule,index,pattern", CASES, ids=[f"{r.id}:{i}" for r, i, _ in CASES])
def test_every_pattern_has_a_flag_example(rule, index, pattern):
    texts = [read_document("example.txt", t).text for t in rule.flag_examples]
    assert any(pattern.search(t) for t in texts), (
        f"{rule.path}:{rule.line}: pattern {index + 1} of {rule.id} matches none of its flag examples")
