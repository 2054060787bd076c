"""kind: drift — a section or passage about another condition than the page's topic.

What it does: takes the page topic (CLI/config `topic`, front matter `topic:`, the
title or first heading, else a condition the page plainly dwells on; a page that names many
conditions evenly has no topic to drift from) and walks the blocks. A heading
that names another condition, and not the topic, opens a drifted section: its body
blocks that name that condition drift too. Elsewhere, a block drifts when it makes
another condition the object of treatment ("ketamine for bipolar disorder", "people
with depression, anxiety ...", "bipolar disorder management") without naming the topic.
Passing mentions ("PTSD often co-occurs with depression") name the topic, so they pass;
`exceptions` (contraindications, risk factors) pass too.
Why: a PTSD page whose FAQ is about bipolar disorder makes claims for a second condition
with none of the disclosures that condition needs, and misleads readers searching for it.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

import re

from medlint.checks.pattern import _alternation
from medlint.contexts import window
from medlint.hits import Hit
from medlint.lazy import LazyPattern
from medlint.lexicon import confident_topic, lexicon_for
from medlint.schema import Where

KIND = "drift"
SCOPE = "line"
OPTIONS = {"object_before", "object_after", "exceptions"}
FLAGS = re.IGNORECASE


# before must match the text right before a mention (ending at it), after the text right
# after it (starting at it); exceptions may be None.
Compiled = namedtuple("Compiled", "before after exceptions lexicon")


def compile(where: Where, pack) -> Compiled:
    before = _alternation(where, "object_before", FLAGS, pack)
    after = _alternation(where, "object_after", FLAGS, pack)
    if before is None or after is None:
        raise where.error('a drift rule needs "object_before" and "object_after" patterns')
    before = LazyPattern(f"(?:{before.pattern})$", FLAGS)  # ends where the mention starts
    return Compiled(before, after, _alternation(where, "exceptions", FLAGS, pack), lexicon_for(pack))


def check(doc, rule, settings=None) -> Iterator[Hit]:
    c: Compiled = rule.compiled
    lex = c.lexicon
    topic = confident_topic(doc, lex, getattr(settings, "topic", None))
    if topic is None:
        return
    text = doc.text
    section_condition: str | None = None  # the other condition a drifted heading opened
    for block in doc.blocks:
        mentions = lex.condition_index.find(text, block.start, block.end, doc=doc)
        on_topic = any(lex.same_family(m.id, topic) for m in mentions)
        others = [m for m in mentions if not lex.same_family(m.id, topic) and lex.conditions[m.id].drift]
        if block.is_heading:
            section_condition = None
            if others and not on_topic:
                section_condition = others[0].id
                yield _hit(doc, lex, others[0], topic)
            continue
        if on_topic or not others:
            continue
        if section_condition and any(m.id == section_condition for m in others):
            m = next(m for m in others if m.id == section_condition)
            yield _hit(doc, lex, m, topic)
            continue
        about = [m for m in others if _is_object(c, doc, m)]
        if about:
            yield _hit(doc, lex, about[0], topic)


def _is_object(c: Compiled, doc, m) -> bool:
    sentence = doc.sentence_at(m.start)
    if sentence is None:
        return False
    if c.exceptions is not None and c.exceptions.search_in(doc, *window(sentence, m.start, m.end)):
        return False
    return bool(c.before.search_in(doc, max(sentence.start, m.start - 120), m.start)
                or c.after.match_in(doc, m.end, min(sentence.end, m.end + 40)))


def _hit(doc, lex, mention, topic) -> Hit:
    return Hit(mention.start, mention.end, None, {
        "match": doc.text[mention.start:mention.end],
        "condition": lex.conditions[mention.id].name,
        "topic": lex.conditions[topic].name,
    })
