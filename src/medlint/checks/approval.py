"""kind: approval — a claimed FDA approval or clearance, checked against the treatments table.

What it does: finds the rule's patterns ("FDA-approved", "cleared by the FDA", ...) like a
pattern rule (same keys and contexts), then looks at what the sentence says was approved:
the treatments named in it (else the treatments the page promotes) and the conditions named
in it (else the page topic). The claim passes when a named treatment's approval
(rules/treatments.yaml) covers every such condition — "Wegovy is FDA-approved for chronic
weight management", "ketamine is FDA-approved as an anesthetic" — and is reported otherwise:
"FDA-approved ketamine for PTSD", "Ozempic is FDA-approved for weight loss", or an approval
claim with nothing a reader could check.
Why: approval is specific to a product and a use; the facts live in one table, shared with
the off-label check, instead of in patterns.
"""

from __future__ import annotations

from collections.abc import Iterator

from medlint.checks import pattern
from medlint.hits import Hit
from medlint.lexicon import lexicon_for, named_treatments, page_topic, promoted_treatments
from medlint.schema import Where

import re

_CLAUSE_END = re.compile(r";|\s(?:but|while|whereas|although)\s|,?\s+and\s+(?:is|are|it is|it's|also|increasingly|often|now|commonly|widely|sometimes)\b",
                         re.IGNORECASE)

_OURS = re.compile(r"\b(?:our|we|we're|us|this (?:treatment|therapy|product|drip|program|device))\b", re.IGNORECASE)
_SPECIFIC_USE = re.compile(r"\b(?:approved|cleared)\s+(?:to\s+(?:treat|help|prevent|reduce|relieve)|for|as)\b|\b(?:products?|medicines?|devices?|drugs?)\s+(?:are|is|that\s+are)\b|\bsuch as\b",
                           re.IGNORECASE)

KIND = "approval"
SCOPE = "line"
OPTIONS = pattern.OPTIONS


def compile(where: Where, pack):
    return pattern.compile(where, pack), lexicon_for(pack)


def check(doc, rule, settings=None) -> Iterator[Hit]:
    compiled, lex = rule.compiled
    for hit in pattern.hits(doc, compiled):
        if not _accurate(doc, lex, hit, settings):
            yield hit


def _accurate(doc, lex, hit: Hit, settings) -> bool:
    sentence = doc.sentence_at(hit.start)
    named = named_treatments(doc, lex, sentence)
    treatments = named or {m.id for m in promoted_treatments(doc, lex)}
    if not treatments:
        # Nothing the table knows: a statement about named, specific products ("the FDA-approved
        # medicines for hair loss are minoxidil and finasteride") passes; one about our own does not.
        return not _OURS.search(doc.text, sentence.start, sentence.end) and bool(
            _SPECIFIC_USE.search(doc.text, sentence.start, sentence.end))
    # The approval claim covers its own clause: "approved as an anesthetic and increasingly
    # prescribed for anxiety" claims approval for anesthesia only.
    clause_end = _CLAUSE_END.search(doc.text, hit.end, sentence.end)
    end = clause_end.start() if clause_end else sentence.end
    conditions = {m.id for m in lex.condition_index.find(doc.text, sentence.start, end, doc=doc)}
    if not conditions:
        topic = page_topic(doc, lex, getattr(settings, "topic", None))
        conditions = {topic} if topic else set()
    if any(not lex.treatments[t].approved for t in named):
        return False  # a compounded or unapproved product named beside an approved one
    if conditions:
        # Each named use must be covered by one of the treatments ("Mounjaro for diabetes and
        # Zepbound for weight management are FDA-approved").
        return all(any(lex.approves(lex.treatments[t], c) for t in treatments) for c in conditions)
    return any(lex.treatments[t].approved for t in treatments)

