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
from medlint.lexicon import lexicon_for, page_topic, promoted_treatments
from medlint.schema import Where

import re

_CLAUSE_END = re.compile(r";|\s(?:but|while|whereas|although)\s|,?\s+and\s+(?:is|are|it is|it's|also|increasingly|often|now|commonly|widely|sometimes)\b",
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
    named = {m.id for m in lex.treatment_index.find(doc.text, sentence.start, sentence.end, doc=doc)}
    treatments = named or {m.id for m in promoted_treatments(doc, lex)}
    if not treatments:
        return False  # an approval claim about nothing a reader could check
    # The approval claim covers its own clause: "approved as an anesthetic and increasingly
    # prescribed for anxiety" claims approval for anesthesia only.
    clause_end = _CLAUSE_END.search(doc.text, hit.end, sentence.end)
    end = clause_end.start() if clause_end else sentence.end
    conditions = {m.id for m in lex.condition_index.find(doc.text, sentence.start, end, doc=doc)}
    if not conditions:
        topic = page_topic(doc, lex, getattr(settings, "topic", None))
        conditions = {topic} if topic else set()
    for ident in treatments:
        treatment = lex.treatments[ident]
        if conditions and all(lex.approves(treatment, c) for c in conditions):
            return True
        if not conditions and treatment.approved:
            return True
    return False
