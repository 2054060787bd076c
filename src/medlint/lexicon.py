"""The conditions lexicon and the treatments table: loaded from rule files, validated, compiled once.

Both are word lists, so they compile into one alternation each and a dict lookup maps a
match back to its entry (codespell's approach), instead of one regex per entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from medlint.errors import RuleError
from medlint.schema import Where, check_keys, get_str, get_str_list


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    parent: str | None
    drift: bool = True  # False: a symptom or risk that any page may discuss (never drift)


@dataclass(frozen=True)
class Treatment:
    id: str
    name: str
    approved: frozenset
    approved_text: str
    disclosure: str
    sources: tuple


@dataclass
class Mention:
    id: str  # condition or treatment id
    start: int  # prose offsets
    end: int


class PhraseIndex:
    """Find any of many phrases in prose and say which entry each belongs to."""

    def __init__(self, phrases: dict[str, str], cased: dict[str, str]) -> None:
        self.phrases = {p.lower(): i for p, i in phrases.items()}
        self.cased = dict(cased)
        parts = []
        if self.phrases:
            body = "|".join(regex.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
            parts.append(f"(?i:(?<![\\w-])(?:{body})(?![\\w-]|'s\\b))")
        if self.cased:
            body = "|".join(regex.escape(p) for p in sorted(self.cased, key=len, reverse=True))
            parts.append(f"(?-i:(?<![\\w-])(?:{body})(?![\\w-]))")
        self.pattern = regex.compile("|".join(parts) if parts else r"(?!)")

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out = []
        for m in self.pattern.finditer(text, start, end):
            key = m.group()
            ident = self.cased.get(key) or self.phrases.get(key.lower())
            if ident:
                out.append(Mention(ident, m.start(), m.end()))
        return out


@dataclass
class Lexicon:
    conditions: dict[str, Condition] = field(default_factory=dict)
    treatments: dict[str, Treatment] = field(default_factory=dict)
    condition_index: PhraseIndex | None = None
    treatment_index: PhraseIndex | None = None

    def resolve(self, name: str) -> str | None:
        """A condition id for a name or synonym ("PTSD", "post-traumatic stress disorder")."""
        if name in self.conditions:
            return name
        found = self.condition_index.find(name)
        return found[0].id if found else None

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
    """The page's condition: CLI/config, else front matter `topic`, else title, else the most named."""
    for candidate in (override, doc.meta.get("topic") if isinstance(doc.meta.get("topic"), str) else None):
        if candidate:
            resolved = lex.resolve(candidate)
            if resolved:
                return resolved
    title = doc.title
    if title:
        found = lex.condition_index.find(title)
        if found:
            return found[0].id
    counts: dict[str, int] = {}
    for m in lex.condition_index.find(doc.text):
        counts[m.id] = counts.get(m.id, 0) + 1
    return max(counts, key=counts.get) if counts else None


def promoted_treatments(doc, lex: Lexicon) -> list[Mention]:
    """Mentions of treatments the page promotes: named in a heading or title, or at least twice.

    A single passing mention ("unlike ketamine, TMS needs no drug") is not promotion.
    """
    mentions = lex.treatment_index.find(doc.text)
    counts: dict[str, int] = {}
    headed = set()
    for m in mentions:
        counts[m.id] = counts.get(m.id, 0) + 1
        sentence = doc.sentence_at(m.start)
        if sentence is not None and doc.blocks[sentence.block].is_heading:
            headed.add(m.id)
    return [m for m in mentions if m.id in headed or counts[m.id] >= 2]
