"""The conditions lexicon and the treatments table: loaded from rule files, validated, compiled once.

Both are word lists, so they compile into one alternation each and a dict lookup maps a
match back to its entry (codespell's approach), instead of one regex per entry.
"""

from __future__ import annotations

import bisect
from collections import namedtuple

from medlint.errors import RuleError
from medlint.literal_index import LiteralIndex
from medlint.schema import Where, check_keys, get_str, get_str_list


# Value types are named tuples (see findings.py for why not dataclasses).
# drift False: a symptom or risk that any page may discuss (never drift).
Condition = namedtuple("Condition", "id name parent drift", defaults=(True,))
Treatment = namedtuple("Treatment", "id name approved approved_text disclosure sources")
Mention = namedtuple("Mention", "id start end")  # a condition or treatment id at prose offsets


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'-"


def _ends_word(text: str, end: int) -> bool:
    """True at the end of a word, or before a possessive "'s" that ends one."""
    if end >= len(text) or not _is_word_char(text[end]):
        return True
    return text.startswith("'s", end) and (end + 2 >= len(text) or not _is_word_char(text[end + 2]))


def _norm(phrase: str) -> str:
    return " ".join(phrase.split())


class PhraseIndex:
    """Find any of many phrases in prose and say which entry each belongs to.

    All phrases go into one Aho-Corasick automaton, so a page is scanned once whatever
    the size of the lexicon; each hit is kept if it stands as whole words, longest first.
    A possessive "'s" after a phrase is allowed ("PTSD's" is PTSD).
    """

    def __init__(self, phrases: dict[str, str], cased: dict[str, str]) -> None:
        self.phrases = {_norm(p.lower()): i for p, i in phrases.items() if p.strip()}
        self.cased = {_norm(p): i for p, i in cased.items() if p.strip()}
        # One Aho-Corasick automaton each (built on first use, never pickled).
        self.phrase_index = LiteralIndex(self.phrases)
        self.cased_index = LiteralIndex(self.cased)

    def _scan(self, text: str) -> list[Mention]:
        """All mentions: whole words, the longest at each place, left to right, no overlaps."""
        lower = text.lower()
        if len(lower) != len(text):
            lower = text  # lower() changed lengths: match as written
        hits = []
        for table, index, haystack in ((self.phrases, self.phrase_index, lower), (self.cased, self.cased_index, text)):
            for start, phrase in index.occurrences(haystack):
                end = start + len(phrase)
                if (start == 0 or not _is_word_char(haystack[start - 1])) and _ends_word(haystack, end):
                    hits.append((start, -len(phrase), table[phrase]))
        hits.sort()
        out, covered = [], -1
        for start, negative_length, ident in hits:
            if start >= covered:
                out.append(Mention(ident, start, start - negative_length))
                covered = start - negative_length
        return out

    def find(self, text: str, start: int = 0, end: int | None = None, doc=None) -> list[Mention]:
        """Mentions inside text[start:end]; with `doc`, the page is scanned once and memoised."""
        if doc is None:
            segment = text[start:end]
            return [Mention(m.id, m.start + start, m.end + start) for m in self._scan(segment)]
        memo = doc.cache.get(self)  # keyed by this index: one scan per page
        if memo is None:
            mentions = self._scan(doc.text)
            memo = doc.cache[self] = (mentions, [m.start for m in mentions])
        mentions, starts = memo
        end = len(doc.text) if end is None else end
        lo = bisect.bisect_left(starts, start)
        out = []
        for m in mentions[lo:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out


class Lexicon:
    def __init__(self) -> None:
        self.conditions: dict[str, Condition] = {}
        self.treatments: dict[str, Treatment] = {}
        self.condition_index: PhraseIndex | None = None
        self.treatment_index: PhraseIndex | None = None

    def resolve(self, name: str) -> str | None:
        """A condition id for a name or synonym ("PTSD", "post-traumatic stress disorder")."""
        if name in self.conditions:
            return name
        found = self.condition_index.find(name)
        return found[0].id if found else None

    def approves(self, treatment, condition: str) -> bool:
        """Does the treatment's FDA approval cover the condition (or the broader one it narrows)?"""
        if condition in treatment.approved:
            return True
        parent = self.conditions[condition].parent
        return parent is not None and parent in treatment.approved

    def same_family(self, a: str, b: str) -> bool:
        """True when a and b are one condition or one is the narrower form of the other."""
        if a == b:
            return True
        pa, pb = self.conditions[a].parent, self.conditions[b].parent
        return pa == b or pb == a or (pa is not None and pa == pb)


def lexicon_for(pack) -> Lexicon:
    """Build (once per pack) the lexicon from the pack's `conditions` and `treatments` data."""
    cached = getattr(pack, "_lexicon", None)
    if cached is not None:
        return cached
    lex = Lexicon()
    phrases, cased = {}, {}
    for name, node in pack.data.get("conditions", []):
        where = Where(name, node, RuleError)
        check_keys(where, {"id", "name", "synonyms", "cased", "parent", "drift"}, ("id", "name", "synonyms"))
        drift = node.get("drift", True)
        if not isinstance(drift, bool):
            raise where.error('"drift" must be true or false', "drift")
        ident = get_str(where, "id")
        if ident in lex.conditions:
            raise where.error(f'condition "{ident}" is defined twice', "id")
        lex.conditions[ident] = Condition(ident, get_str(where, "name"), get_str(where, "parent"), drift)
        for phrase in get_str_list(where, "synonyms"):
            phrases[phrase] = ident
        for phrase in get_str_list(where, "cased"):
            cased[phrase] = ident
    for name, node in pack.data.get("conditions", []):
        parent = node.get("parent")
        if parent and parent not in lex.conditions:
            raise Where(name, node, RuleError).error(f'unknown parent condition "{parent}"', "parent")
    lex.condition_index = PhraseIndex(phrases, cased)
    t_phrases = {}
    for name, node in pack.data.get("treatments", []):
        where = Where(name, node, RuleError)
        check_keys(where, {"id", "name", "aliases", "approved", "approved_text", "disclosure", "sources"},
                   ("id", "name", "aliases", "approved_text", "disclosure", "sources"))
        ident = get_str(where, "id")
        approved = get_str_list(where, "approved")
        for cond in approved:
            if cond not in lex.conditions:
                raise where.error(f'unknown condition "{cond}" in "approved" (see the conditions lexicon)', "approved")
        lex.treatments[ident] = Treatment(ident, get_str(where, "name"), frozenset(approved),
                                          " ".join(get_str(where, "approved_text").split()),
                                          get_str(where, "disclosure"),
                                          tuple(get_str_list(where, "sources")))
        for alias in get_str_list(where, "aliases"):
            t_phrases[alias] = ident
    lex.treatment_index = PhraseIndex(t_phrases, {})
    pack._lexicon = lex
    return lex


def page_topic(doc, lex: Lexicon, override: str | None = None) -> str | None:
    """The page's condition: CLI/config, else front matter `topic`, else title, else the most named.

    Several checks ask, some once per finding: the answer is kept per page.
    """
    key = ("topic", id(lex), override)
    if key not in doc.cache:
        doc.cache[key] = _page_topic(doc, lex, override)
    return doc.cache[key]


def confident_topic(doc, lex: Lexicon, override: str | None = None) -> str | None:
    """The page topic when the page states it (CLI/config, front matter, title) or plainly
    dwells on one condition (named at least 3 times and twice as often as any other); None
    when a page names many conditions evenly (a wellness menu), where "drift" means nothing."""
    key = ("confident-topic", id(lex), override)
    if key not in doc.cache:
        doc.cache[key] = _page_topic(doc, lex, override, confident=True)
    return doc.cache[key]


def _page_topic(doc, lex: Lexicon, override: str | None, confident: bool = False) -> str | None:
    for candidate in (override, doc.meta.get("topic") if isinstance(doc.meta.get("topic"), str) else None):
        if candidate:
            resolved = lex.resolve(candidate)
            if resolved:
                return resolved
    # A condition any page may mention in passing (anesthesia, a side effect) is never the topic.
    title = doc.title
    if title:
        found = [m for m in lex.condition_index.find(title) if lex.conditions[m.id].drift]
        if found:
            return found[0].id
    counts: dict[str, int] = {}
    for m in lex.condition_index.find(doc.text, doc=doc):
        if lex.conditions[m.id].drift:
            counts[m.id] = counts.get(m.id, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    if confident and (ranked[0] < 3 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1])):
        return None
    return max(counts, key=counts.get)


def promoted_treatments(doc, lex: Lexicon) -> tuple[Mention, ...]:
    """Mentions of treatments the page promotes: named in a heading or title, or at least twice.

    A single passing mention ("unlike ketamine, TMS needs no drug") is not promotion.
    Kept per page, like the topic.
    """
    key = ("promoted", id(lex))
    if key not in doc.cache:
        doc.cache[key] = _promoted(doc, lex)
    return doc.cache[key]


def _promoted(doc, lex: Lexicon) -> tuple[Mention, ...]:
    mentions = lex.treatment_index.find(doc.text, doc=doc)
    counts: dict[str, int] = {}
    headed = set()
    for m in mentions:
        counts[m.id] = counts.get(m.id, 0) + 1
        sentence = doc.sentence_at(m.start)
        if sentence is not None and doc.blocks[sentence.block].is_heading:
            headed.add(m.id)
    return tuple(m for m in mentions if m.id in headed or counts[m.id] >= 2)  # shared: not to be changed


def named_treatments(doc, lex: Lexicon, sentence) -> set[str]:
    """The treatments a sentence names, less a parenthetical gloss of the one before it:
    "Mounjaro (tirzepatide) is approved for ..." is about Mounjaro, not the molecule."""
    mentions = lex.treatment_index.find(doc.text, sentence.start, sentence.end, doc=doc)
    kept = set()
    for i, m in enumerate(mentions):
        if i and doc.text[mentions[i - 1].end:m.start].strip() == "(" and mentions[i - 1].id != m.id:
            continue
        kept.add(m.id)
    return kept


def approved_in_sentence(doc, sentence) -> bool:
    """Does the sentence name a condition that its treatment (named there, else the page's
    promoted one) is approved for? "Semaglutide is approved to treat type 2 diabetes" is."""
    pack = doc.cache.get("pack")
    if pack is None or not pack.data.get("treatments"):
        return False
    lex = lexicon_for(pack)
    treatments = named_treatments(doc, lex, sentence) or {m.id for m in promoted_treatments(doc, lex)}
    conditions = {m.id for m in lex.condition_index.find(doc.text, sentence.start, sentence.end, doc=doc)}
    return any(lex.approves(lex.treatments[t], c) for t in treatments for c in conditions)


NEUTRAL_TREATMENT = "this treatment"
NEUTRAL_APPROVAL = "only the uses on its FDA label (check the label for this product)"


def page_treatment(doc, pack) -> tuple[str, str]:
    """The name of the treatment the page promotes most and what it is approved for, from the
    treatments table, for messages and suggestions; neutral wording when the page promotes
    none the table knows (no ketamine advice on a semaglutide page)."""
    key = ("page-treatment", id(pack))
    if key not in doc.cache:
        doc.cache[key] = (NEUTRAL_TREATMENT, NEUTRAL_APPROVAL)
        if pack is not None and pack.data.get("treatments"):
            lex = lexicon_for(pack)
            counts: dict[str, int] = {}
            for m in promoted_treatments(doc, lex):
                counts[m.id] = counts.get(m.id, 0) + 1
            if counts:
                treatment = lex.treatments[max(counts, key=counts.get)]
                doc.cache[key] = (treatment.name, treatment.approved_text)
    return doc.cache[key]
