"""kind: required — if the page says X, it must also say Y (document scope).

What it does (patterns match within a sentence): when any `trigger` pattern (or, with `treatments: true`, any treatment in
the treatments table) appears in the page's prose, at least one `require` pattern must
appear somewhere in the page too. If none does, one finding is reported at the first
trigger: the words that made the disclosure necessary. Trigger matches under an
`unless` context (a negation, a question ...) do not count as triggers.
Why: some of the worst problems are an absence: a page that talks about suicide with no
crisis line, or promotes a drug without a word on its risks.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

import re

from medlint.checks.pattern import _alternation, _contexts
from medlint.contexts import holds
from medlint.hits import Hit
from medlint.lexicon import lexicon_for, promoted_treatments
from medlint.literals import required_literals
from medlint.schema import Where

KIND = "required"
SCOPE = "document"
OPTIONS = {"trigger", "require", "unless", "treatments"}
FLAGS = re.IGNORECASE | re.MULTILINE


# trigger (may be None) and require: LazyPatterns; lexicon: the treatments table, when
# `treatments: true`; *_literals: literal prefilters (literals.py); index: the pack's LiteralIndex.
Compiled = namedtuple("Compiled", "trigger require unless lexicon trigger_literals require_literals index")


def compile(where: Where, pack) -> Compiled:
    treatments = where.node.get("treatments", False)
    if not isinstance(treatments, bool):
        raise where.error('"treatments" must be true or false', "treatments")
    trigger = _alternation(where, "trigger", FLAGS, pack)
    require = _alternation(where, "require", FLAGS, pack)
    if trigger is None and not treatments:
        raise where.error('a required-content rule needs "trigger" patterns or "treatments: true"')
    if require is None:
        raise where.error('a required-content rule needs "require" patterns')
    trigger_literals = required_literals(trigger.pattern) if trigger is not None else None
    require_literals = required_literals(require.pattern)
    return Compiled(trigger, require, _contexts(where, "unless", pack), lexicon_for(pack) if treatments else None,
                    trigger_literals, require_literals,
                    pack.literal_index((trigger_literals or set()) | (require_literals or set())))


def check(doc, rule, settings=None) -> Iterator[Hit]:
    c: Compiled = rule.compiled
    # The disclosure first: most pages that need one have it, and then no trigger matters.
    # Disclosures are sentences: look only where one of the required literals stands.
    if any(c.require.search_in(doc, lo, hi) for lo, hi in doc.candidate_spans(c.require_literals, c.index)):
        return
    first = _first_trigger(doc, c)
    if first is None:
        return
    yield Hit(first[0], first[1], None, {"match": doc.text[first[0]:first[1]]})


def _first_trigger(doc, c: Compiled):
    candidates = []
    if c.trigger is not None:
        candidates += [m.span() for lo, hi in doc.candidate_spans(c.trigger_literals, c.index)
                       for m in c.trigger.finditer_in(doc, lo, hi)]
    if c.lexicon is not None:
        candidates += [(m.start, m.end) for m in promoted_treatments(doc, c.lexicon)]
    for start, end in sorted(candidates):
        sentence = doc.sentence_at(start)
        if sentence is None:
            continue
        if any(holds(ctx, doc, sentence, start, end) for ctx in c.unless):
            continue
        return start, end
    return None
