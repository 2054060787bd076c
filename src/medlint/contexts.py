"""Contexts: the words around a match that change what it means.

A context is named data (rules/contexts.yaml, or a rule file's `contexts:`): a set
of patterns and where to look for them relative to a match. Rules list contexts
under `unless:` (the match is not a claim: negation, myth-busting, a question,
quotation, an unrelated sense) and `hedged:` (the claim stands, softened).
"""

from __future__ import annotations

from collections import namedtuple

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.document import Document, Sentence
from medlint.schema import Where, check_keys, compile_regex, get_choice, get_str_list

WHERE = ("before", "after", "sentence", "opening", "block", "heading", "source", "quoted", "previous")
FLAGS = regex.IGNORECASE

# A clause ends at these; "before" and "after" never look past one.
_CLAUSE_BREAK = regex.compile(r"[;:()—–]|,(?= )|\b(?:but|however|although|though|whereas|yet)\b", FLAGS)
_WORD = regex.compile(r"[\w'’-]+")


# words: for before/after, how many words next to the match count (0 = the whole clause);
# pattern: a LazyPattern, or None for "quoted". A named tuple: see findings.py.
Context = namedtuple("Context", "name where words pattern description", defaults=("",))


def parse_context(name: str, where: Where) -> Context:
    check_keys(where, {"where", "words", "patterns", "description"}, required=("where",))
    kind = get_choice(where, "where", WHERE)
    words = where.node.get("words", 0)
    if not isinstance(words, int) or isinstance(words, bool) or words < 0:
        raise where.error('"words" must be a whole number of 0 or more', "words")
    patterns = get_str_list(where, "patterns")
    if kind != "quoted" and not patterns:
        raise where.error(f'context "{name}" needs "patterns"')
    joined = "|".join(f"(?:{p})" for p in patterns)
    for index, p in enumerate(patterns):
        compile_regex(where, "patterns", p, FLAGS, index)
    pattern = compile_regex(where, "patterns", joined, FLAGS) if patterns else None
    return Context(name, kind, words, pattern, where.node.get("description", "") or "")


def _clause_before(text: str, start: int, limit: int) -> int:
    cut = limit
    for m in _CLAUSE_BREAK.finditer(text, limit, start):
        cut = m.end()
    return cut


def _clause_after(text: str, end: int, limit: int) -> int:
    m = _CLAUSE_BREAK.search(text, end, limit)
    return m.start() if m else limit


def _last_words(text: str, start: int, end: int, count: int) -> int:
    if not count:
        return start
    spans = [m.start() for m in _WORD.finditer(text, start, end)]
    return spans[-count] if len(spans) >= count else start


def _first_words(text: str, start: int, end: int, count: int) -> int:
    if not count:
        return end
    for i, m in enumerate(_WORD.finditer(text, start, end), 1):
        if i == count:
            return m.end()
    return end


# How far around a match contexts look. Real sentences are shorter; the bound keeps a page
# that is one endless "sentence" (a 50 MB line) linear instead of quadratic.
REACH = 400


def window(sentence: Sentence, start: int, end: int, reach: int = REACH) -> tuple[int, int]:
    """The part of the sentence around a match that its context is judged on."""
    return max(sentence.start, start - reach), min(sentence.end, end + reach)


def _in_quotes(text: str, lo: int, start: int) -> bool:
    # Curly quotes are folded to " in the prose view: an odd count before means inside.
    before = text[lo:start]
    return before.count('"') % 2 == 1 or before.count("«") > before.count("»")


def holds(ctx: Context, doc: Document, sentence: Sentence, start: int, end: int) -> bool:
    """Does the context hold for the match doc.text[start:end] in `sentence`?"""
    text = doc.text
    lo, hi = window(sentence, start, end)
    if ctx.where == "quoted":
        return _in_quotes(text, lo, start)
    if ctx.where == "before":
        lo = _clause_before(text, start, lo)
        lo = _last_words(text, lo, start, ctx.words)
        return bool(ctx.pattern.search_in(doc, lo, start))
    if ctx.where == "after":
        hi = _clause_after(text, end, hi)
        hi = _first_words(text, end, hi, ctx.words)
        return bool(ctx.pattern.search_in(doc, end, hi))
    if ctx.where == "sentence":
        return bool(ctx.pattern.search_in(doc, lo, hi))
    if ctx.where == "opening":  # the pattern must match where the sentence begins
        return bool(ctx.pattern.match_in(doc, sentence.start, sentence.end))
    if ctx.where == "block":
        block = doc.blocks[sentence.block]
        return bool(ctx.pattern.search_in(doc, max(block.start, start - 2 * REACH), min(block.end, end + 2 * REACH)))
    if ctx.where == "previous":
        # The sentence before, in the same block or the block above (a "Myth:" lead-in).
        prev = doc.previous_sentence(sentence)
        return prev is not None and bool(ctx.pattern.search_in(doc, prev.start, prev.end))
    if ctx.where == "heading":
        heading = doc.heading_of(sentence.block)
        return heading is not None and bool(ctx.pattern.search_in(doc, heading.start, heading.end))
    if ctx.where == "source":
        s, e = doc.source_span(lo, hi)
        # Look a little past the sentence: citations often follow the full stop.
        return bool(ctx.pattern.search_source(doc, s, min(len(doc.source), e + 80)))
    return False

