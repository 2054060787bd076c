"""The conditions lexicon and the treatments table: loaded from rule files, validated, compiled once.

Both are word lists, so they compile into one alternation each and a dict lookup maps a
match back to its entry (codespell's approach), instead of one regex per entry.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.errors import RuleError
from medlint.literal_index import LiteralIndex
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


_TOKEN = regex.compile(r"[\w'-]+")


def _occurrences(words, haystack: str):
    """(start, word) for every occurrence of any word: one Aho-Corasick pass when available."""
    if not words:
        return
    automaton = _AUTOMATA.get(words)
    if automaton is None and LiteralIndex is not None:
        automaton = _AUTOMATA[words] = LiteralIndex(words)._build()
    if automaton is not None:
        for end, word in automaton.iter(haystack):
            yield end - len(word) + 1, word
        return
    for word in words:
        i = haystack.find(word)
        while i >= 0:
            yield i, word
            i = haystack.find(word, i + 1)


_AUTOMATA: dict = {}


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_'-"


def _ends_word(text: str, end: int) -> bool:
    """True at the end of a word, or before a possessive "'s" that ends one."""
    if end >= len(text) or not _is_word_char(text[end]):
        return True
    return text.startswith("'s", end) and (end + 2 >= len(text) or not _is_word_char(text[end + 2]))


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(phrase))


class PhraseIndex:
    """Find any of many phrases in prose and say which entry each belongs to.

    The page is split into word tokens once; each run of up to N tokens is looked up
    in a dict (codespell's approach), instead of running an alternation of every phrase.
    A possessive "'s" on the last word is ignored ("PTSD's" is PTSD).
    """

    def __init__(self, phrases: dict[str, str], cased: dict[str, str]) -> None:
        self.phrases = {_key(p.lower()): i for p, i in phrases.items() if _key(p)}
        self.cased = {_key(p): i for p, i in cased.items() if _key(p)}
        self.longest = max((len(k) for k in (*self.phrases, *self.cased)), default=1)
        self.first = frozenset(k[0] for k in self.phrases)
        self.prefixes = {k[:j] for k in (*self.phrases, *(tuple(w.lower() for w in c) for c in self.cased))
                         for j in range(1, len(k) + 1)}
        self.cased_first = frozenset(k[0] for k in self.cased)

    def _scan(self, text: str) -> list[Mention]:
        """All mentions, longest phrase first at each place, left to right, no overlaps."""
        lower = text.lower()
        if len(lower) != len(text):
            lower = text  # lower() changed lengths: match as written (cased and lower-case entries)
        starts: set[int] = set()
        for words, haystack in ((self.first, lower), (self.cased_first, text)):
            for i, word in _occurrences(words, haystack):
                if (i == 0 or not _is_word_char(haystack[i - 1])) and _ends_word(haystack, i + len(word)):
                    starts.add(i)
        out, covered = [], -1
        for i in sorted(starts):
            if i < covered:
                continue
            tokens = []
            pos = i
            while len(tokens) < self.longest:
                m = _TOKEN.match(text, pos)
                if m is None:
                    break
                tokens.append((m.group(), m.start(), m.end()))
                pos = m.end() + 1
                if pos > len(text) or text[m.end():pos] not in (" ", "/"):
                    break
            found = self._longest_at(text, tokens, 0)
            if found is not None:
                out.append(found[0])
                covered = found[0].end
        return out

    def _longest_at(self, text: str, tokens, i: int):
        """The longest phrase starting at tokens[i]: (Mention, tokens used), or None."""
        n = len(tokens)
        # Only as many words as some phrase starts with (most runs stop after one or two).
        reach = 1
        while reach < min(self.longest, n - i) and \
                tuple(t[0].lower() for t in tokens[i:i + reach + 1]) in self.prefixes:
            reach += 1
        for size in range(reach, 0, -1):
            if any(text[tokens[j][2]:tokens[j + 1][1]] not in (" ", "/") for j in range(i, i + size - 1)):
                continue
            words = [t[0] for t in tokens[i:i + size]]
            end = tokens[i + size - 1][2]
            candidates = [(words, end)]
            if words[-1].lower().endswith("'s"):
                candidates.append((words[:-1] + [words[-1][:-2]], end - 2))
            for candidate, stop in candidates:
                ident = self.cased.get(tuple(candidate)) or self.phrases.get(tuple(w.lower() for w in candidate))
                if ident:
                    return Mention(ident, tokens[i][1], stop), size
        return None

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
    for m in lex.condition_index.find(doc.text, doc=doc):
        counts[m.id] = counts.get(m.id, 0) + 1
    return max(counts, key=counts.get) if counts else None


def promoted_treatments(doc, lex: Lexicon) -> list[Mention]:
    """Mentions of treatments the page promotes: named in a heading or title, or at least twice.

    A single passing mention ("unlike ketamine, TMS needs no drug") is not promotion.
    """
    mentions = lex.treatment_index.find(doc.text, doc=doc)
    counts: dict[str, int] = {}
    headed = set()
    for m in mentions:
        counts[m.id] = counts.get(m.id, 0) + 1
        sentence = doc.sentence_at(m.start)
        if sentence is not None and doc.blocks[sentence.block].is_heading:
            headed.add(m.id)
    return [m for m in mentions if m.id in headed or counts[m.id] >= 2]
