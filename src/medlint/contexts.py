"""Contexts: the words around a match that change what it means.

A context is named data (rules/contexts.yaml, or a rule file's `contexts:`). Rules list
contexts under `unless:` (the match is not a claim: negated, a myth being corrected, a
question, a quotation, another treatment's doing), `when:` (must hold) and `hedges:` (the
claim stands, softened).

Most contexts are ConText triggers (Chapman et al.; Harkema et al. 2009): a trigger phrase
with a `direction` governs the words on that side of it, up to the end of the sentence or a
terminator ("but", "however", ";"), optionally at most `max-words` away. `pseudo` phrases
look like triggers but are not ("not only", "no doubt"): a trigger inside one is ignored.
The other kinds look at a fixed place: the whole sentence, its opening, the sentence
before, the paragraph, the section heading, the raw source (links, footnotes), whether
the match stands inside quotation marks, or whether the sentence names a use the page's
treatment is approved for (the treatments table).
"""

from __future__ import annotations

import bisect
from collections import namedtuple

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.document import Document, Sentence
from medlint.schema import Where, check_keys, checked_alternation, get_choice, get_str_list

DIRECTIONS = ("forward", "backward", "both")
WHERE = ("trigger", "sentence", "opening", "block", "heading", "title", "source", "quoted", "previous", "lead", "approved",
         "before", "after")  # before/after: older names of forward/backward triggers
FLAGS = regex.IGNORECASE
KEYS = {"where", "direction", "triggers", "backward-triggers", "patterns", "pseudo", "terminators", "scope", "max-words", "words",
        "description", "examples"}

# Where a trigger's scope ends unless a context names its own terminators: a clause break.
DEFAULT_TERMINATORS = r"[;:()—–]|,(?= )|\b(?:but|however|although|though|whereas|yet|except|while)\b"
_DEFAULT_TERMINATORS = regex.compile(DEFAULT_TERMINATORS, FLAGS)
_WORD = regex.compile(r"[\w'’-]+")


class _Never:
    """Terminators of a sentence-wide scope: nothing ends it before the sentence does."""

    def finditer_in(self, doc, lo, hi):
        return iter(())

    def search_in(self, doc, lo, hi):
        return None


_NOTHING = _Never()


# where: one of WHERE ("trigger" for ConText contexts); direction: forward/backward/both;
# pattern: the triggers (or the kind's patterns), a LazyPattern, None for "quoted";
# pseudo, terminators: LazyPatterns or None (None terminators: the default clause breaks);
# max_words: 0 = up to the terminator; examples: (holds, fails) texts with [[target]] marked.
# literals: for a `sentence` or trigger context, words one of which must stand in the sentence
# for the pattern to match (literals.py), so most sentences are judged without running it.
Context = namedtuple("Context", "name where words pattern description direction pseudo terminators examples backward "
                     "literals", defaults=("", "forward", None, None, ((), ()), None, None))


def parse_context(name: str, where: Where, vocab=None) -> Context:
    node = where.node
    check_keys(where, KEYS)
    direction = get_choice(where, "direction", DIRECTIONS)
    kind = get_choice(where, "where", WHERE, "trigger" if direction else None)
    if kind is None:
        raise where.error(f'context "{name}" needs "direction" (a trigger context) or "where"')
    if kind in ("before", "after"):
        direction = direction or ("forward" if kind == "before" else "backward")
        kind = "trigger"
    if kind == "trigger" and direction is None:
        raise where.error(f'context "{name}" needs "direction": one of {", ".join(DIRECTIONS)}')
    words = node.get("max-words", node.get("words", 0))
    if not isinstance(words, int) or isinstance(words, bool) or words < 0:
        raise where.error('"max-words" must be a whole number of 0 or more', "max-words")
    key = "triggers" if "triggers" in node else "patterns"
    patterns = get_str_list(where, key)
    if kind not in ("quoted", "approved") and not patterns:
        raise where.error(f'context "{name}" needs "triggers"' if kind == "trigger" else
                          f'context "{name}" needs "patterns"')
    pattern = _compiled(where, key, patterns, vocab)
    pseudo = _compiled(where, "pseudo", get_str_list(where, "pseudo"), vocab)
    # scope "clause" (default): the clause breaks end a trigger's reach, plus any `terminators`;
    # "sentence": only the context's own `terminators` do (a hedge governs a whole list).
    scope = get_choice(where, "scope", ("clause", "sentence"), "clause")
    extra = get_str_list(where, "terminators")
    base = [DEFAULT_TERMINATORS] if scope == "clause" else []
    terminators = _compiled(where, "terminators", base + extra, vocab) if (extra or scope == "sentence") else None
    if scope == "sentence" and not extra:
        terminators = _NOTHING
    examples = _examples(where, name)
    # backward-triggers: a forward context's few triggers that govern the words before them
    # ("reduces pain for some patients").
    backward = _compiled(where, "backward-triggers", get_str_list(where, "backward-triggers"), vocab)
    literals = _literals(pattern, backward) if kind in ("sentence", "trigger") else None
    return Context(name, kind, words, pattern, node.get("description", "") or "", direction or "forward",
                   pseudo, terminators, examples, backward, literals)


def _literals(*patterns) -> frozenset[str] | None:
    """Words one of which stands in any sentence where one of the patterns matches (None:
    none can be proven). A trigger context's triggers match inside the sentence too."""
    from medlint.literals import required_literals

    out: set[str] = set()
    for pattern in patterns:
        if pattern is not None:
            found = required_literals(pattern.pattern)
            if not found:
                return None
            out |= found
    return frozenset(out) or None


def _compiled(where: Where, key: str, patterns: list[str], vocab):
    if not patterns:
        return None
    node = where.node.get(key)
    lines = [node.line_of(i) if hasattr(node, "line_of") else where.line(key) for i in range(len(patterns))]
    if vocab is not None:
        patterns = [vocab.expand(p, where, key, line) for p, line in zip(patterns, lines)]
    return checked_alternation(where, key, patterns, "|".join(f"(?:{p})" for p in patterns), FLAGS)


def _examples(where: Where, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`examples: {holds: [...], fails: [...]}`: sentences with the target in [[double brackets]]."""
    node = where.node.get("examples")
    if node is None:
        return (), ()
    ex = where.child("examples")
    check_keys(ex, {"holds", "fails"})
    out = []
    for key in ("holds", "fails"):
        texts = get_str_list(ex, key)
        for text in texts:
            if text.count("[[") != 1 or text.count("]]") != 1 or text.index("[[") > text.index("]]"):
                raise ex.error(f'context "{name}": each example marks its target once, as [[words]]: "{text}"', key)
        out.append(tuple(texts))
    return out[0], out[1]


def _last_terminator_end(ctx: Context, doc: Document, lo: int, start: int) -> int:
    cut = lo
    if ctx.terminators is not None:
        for m in ctx.terminators.finditer_in(doc, lo, start):
            cut = m.end()
        return cut
    for m in _DEFAULT_TERMINATORS.finditer(doc.text, lo, start):
        cut = m.end()
    return cut


def _first_terminator_start(ctx: Context, doc: Document, end: int, hi: int) -> int:
    if ctx.terminators is not None:
        m = ctx.terminators.search_in(doc, end, hi)
    else:
        m = _DEFAULT_TERMINATORS.search(doc.text, end, hi)
    return m.start() if m else hi


def _words_between(text: str, a: int, b: int) -> int:
    return sum(1 for _ in _WORD.finditer(text, a, b)) if a < b else 0


def _pseudo_spans(ctx: Context, doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    if ctx.pseudo is None:
        return []
    return [m.span() for m in ctx.pseudo.finditer_in(doc, max(0, lo - 40), min(len(doc.text), hi + 40))]


def _real_triggers(ctx: Context, doc: Document, lo: int, hi: int, pattern=None):
    """Trigger matches in [lo, hi) that are not part of a pseudo-trigger."""
    pseudo = None
    for m in (pattern or ctx.pattern).finditer_in(doc, lo, hi):
        if m.end() == m.start():
            continue
        if pseudo is None:
            pseudo = _pseudo_spans(ctx, doc, lo, hi)
        if any(ps <= m.start() and m.end() <= pe or ps < m.end() and m.start() < pe for ps, pe in pseudo):
            continue
        yield m


def _forward(ctx: Context, doc: Document, lo: int, start: int) -> bool:
    """A trigger before the target governs it: nothing ends the scope between them."""
    scope = _last_terminator_end(ctx, doc, lo, start)
    for m in _real_triggers(ctx, doc, scope, start):
        if m.end() <= start and (not ctx.words or _words_between(doc.text, m.end(), start) <= ctx.words):
            return True
    return False


def _backward(ctx: Context, doc: Document, end: int, hi: int, pattern=None) -> bool:
    """A trigger after the target governs it ("... is safe, or so some clinics claim")."""
    scope = _first_terminator_start(ctx, doc, end, hi)
    for m in _real_triggers(ctx, doc, end, scope, pattern):
        if not ctx.words or _words_between(doc.text, end, m.start()) <= ctx.words:
            return True
    return False


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


LIST_ITEM_WORDS = 12  # a list item longer than this is a paragraph of its own
LIST_REACH = 12  # items looked back over


def _is_item(doc: Document, sentence: Sentence) -> bool:
    block = doc.blocks[sentence.block]
    if block.kind == "item":
        return True
    words = doc.text[sentence.start:sentence.end].split()
    # Plain text has no list markup: short lines without a full stop read as items (the
    # reader may have taken them for headings).
    return block.kind in ("paragraph", "heading") and len(words) <= LIST_ITEM_WORDS and not doc.text[
        sentence.start:sentence.end].rstrip().endswith((".", ":", "?", "!"))


def _list_lead(doc: Document, sentence: Sentence) -> Sentence | None:
    current = sentence
    for _ in range(LIST_REACH):
        prev = doc.previous_sentence(current)
        if prev is None or not _is_item(doc, prev):
            return prev
        current = prev
    return None


def _sentence_holds_literal(doc: Document, sentence: Sentence, literals) -> bool:
    """Does one of the literals stand in the sentence? (the pack's one literal scan of the page)"""
    pack = doc.cache.get("pack")
    index = getattr(pack, "_literals", None)
    if index is None or not doc.lower_ok:
        return True  # no scan to ask: let the pattern decide
    # The sentences holding one of these literals, worked out once per page: many matches
    # ask the same context.
    key = ("context literals", literals)
    holding = doc.cache.get(key)
    if holding is None:
        holding = doc.cache[key] = doc.sentences_holding(literals, index)
    return bisect.bisect_right(doc._sentence_starts, sentence.start) - 1 in holding


def holds(ctx: Context, doc: Document, sentence: Sentence, start: int, end: int) -> bool:
    """Does the context hold for the match doc.text[start:end] in `sentence`?"""
    text = doc.text
    lo, hi = window(sentence, start, end)
    if ctx.where == "trigger":
        if ctx.literals is not None and not _sentence_holds_literal(doc, sentence, ctx.literals):
            return False
        if ctx.direction in ("forward", "both") and _forward(ctx, doc, lo, start):
            return True
        if ctx.backward is not None and _backward(ctx, doc, end, hi, ctx.backward):
            return True
        return ctx.direction in ("backward", "both") and _backward(ctx, doc, end, hi)
    if ctx.where == "quoted":
        return _in_quotes(text, lo, start)
    if ctx.where == "sentence":
        if ctx.literals is not None and not _sentence_holds_literal(doc, sentence, ctx.literals):
            return False
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
    if ctx.where == "approved":
        from medlint.lexicon import approved_in_sentence

        return approved_in_sentence(doc, sentence)
    if ctx.where == "lead":
        # The sentence that introduces a list: skip back over the list's short items.
        lead = _list_lead(doc, sentence)
        return lead is not None and bool(ctx.pattern.search_in(doc, lead.start, lead.end))
    if ctx.where == "title":  # the page's title (front matter or first heading)
        title = doc.title
        return bool(title) and bool(ctx.pattern.search(title))
    if ctx.where == "heading":
        heading = doc.heading_of(sentence.block)
        return heading is not None and bool(ctx.pattern.search_in(doc, heading.start, heading.end))
    if ctx.where == "source":
        s, e = doc.source_span(lo, hi)
        # Look a little past the sentence: citations often follow the full stop.
        return bool(ctx.pattern.search_source(doc, s, min(len(doc.source), e + 80)))
    return False
