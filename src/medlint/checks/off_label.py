"""kind: off-label — a treatment promoted for a use its approval does not cover, with no disclosure.

What it does: finds the treatments of the treatments table (rules/treatments.yaml) that
the page promotes (named in a heading or title, or at least twice) and the conditions it
promotes them for (the page topic, and conditions named in the same sentence as the
treatment). When one of those conditions is outside the treatment's FDA approval and no
`disclosure` pattern appears anywhere on the page, it reports the first sentence that
pairs the treatment with that condition (or the treatment's first mention).
Why: FDA approval is specific to a use. Presenting ketamine for PTSD, TMS for PTSD or
stem cells for arthritis without saying the use is off-label or unapproved leaves readers
believing the evidence was reviewed when it was not.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

import re

from medlint.checks.pattern import _alternation
from medlint.hits import Hit
from medlint.lexicon import lexicon_for, page_topic, promoted_treatments
from medlint.schema import Where

KIND = "off-label"
SCOPE = "document"
OPTIONS = {"disclosure"}


Compiled = namedtuple("Compiled", "disclosure lexicon")


def compile(where: Where, pack) -> Compiled:
    disclosure = _alternation(where, "disclosure", re.IGNORECASE, pack)
    if disclosure is None:
        raise where.error('an off-label rule needs "disclosure" patterns (what counts as saying so)')
    return Compiled(disclosure, lexicon_for(pack))


def check(doc, rule, settings=None) -> Iterator[Hit]:
    c: Compiled = rule.compiled
    if c.disclosure.search_in(doc, 0, len(doc.text)):
        return
    lex = c.lexicon
    topic = page_topic(doc, lex, getattr(settings, "topic", None))
    by_treatment: dict[str, list] = {}  # in order of first mention; one pass, so linear in mentions
    for m in promoted_treatments(doc, lex):
        by_treatment.setdefault(m.id, []).append(m)
    for treatment_id, mentions in by_treatment.items():
        hit = _first_off_label(doc, lex, lex.treatments[treatment_id], topic, mentions)
        if hit:
            yield hit


def _first_off_label(doc, lex, treatment, topic, mentions) -> Hit | None:
    fallback = None
    for m in mentions:
        sentence = doc.sentence_at(m.start)
        named = [x for x in lex.condition_index.find(doc.text, sentence.start, sentence.end, doc=doc)
                 if not lex.approves(treatment, x.id)]
        if named:
            return _hit(doc, lex, treatment, m, named[0].id)
        if fallback is None and topic and not lex.approves(treatment, topic):
            fallback = _hit(doc, lex, treatment, m, topic)
    return fallback


def _hit(doc, lex, treatment, mention, condition: str) -> Hit:
    name = lex.conditions[condition].name
    return Hit(mention.start, mention.end, None, {
        "match": doc.text[mention.start:mention.end],
        "treatment": treatment.name,
        "condition": name,
        "approved": treatment.approved_text,
        "disclosure": treatment.disclosure.replace("{condition}", name),
        "sources": "; ".join(treatment.sources),
    })
