"""kind: pattern — a claim made in words, found by patterns and judged in context.

What it does: finds the rule's `patterns` (regex) and `phrases` (literal words) in
the prose, then drops matches that are not claims: a context under `unless`
holds (negation before it, a myth being busted, a question, a quotation), an
`exceptions` pattern overlaps the match (an unrelated sense: "a safe space"), or
none of the `requires` patterns is in the sentence, or a context under `when` fails. Where a `hedges` context holds,
the claim stands at the `hedged` severity (or passes, with `hedged: pass`), unless a `stakes`
context holds (a serious disease in the sentence or the page title): then the hedge is ignored.
A named group `claim` in a pattern narrows the reported span to those words. With
`once: true`, only the first match of each wording (case aside) on a page is reported: where
naming a thing is the problem, every later mention repeats the same finding.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

import re

from medlint import deadline
from medlint.contexts import Context, holds, window
from medlint.hits import Hit
from medlint.lazy import LazyPattern
from medlint.literals import confirming_literals, required_literals
from medlint.schema import Where, checked_alternation, get_choice, get_str_list

KIND = "pattern"
SCOPE = "line"
OPTIONS = {"patterns", "phrases", "unless", "when", "hedges", "hedged", "stakes", "exceptions", "requires", "ignorecase",
           "once"}
# How long one rule may take on one page: see deadline.py.
TIMEOUT_SECONDS = deadline.SECONDS


# pattern, exceptions, requires: LazyPatterns (the last two may be None); literals: any match
# contains one of these (lower case), None: no prefilter; index: the pack's LiteralIndex;
# unless, when, hedges: tuples of Contexts; hedged: the severity under a hedge, "pass" or None.
# parts: ((LazyPattern, literals), ...) one per pattern (and one for the phrases) when a rule
# has several, so that a sentence runs only the patterns whose own literals it holds.
# also: a second literal set a candidate sentence must hold one of (literals.confirming_literals);
# once: report each wording once per page.
Compiled = namedtuple("Compiled", "pattern literals index unless when hedges hedged exceptions requires stakes parts also "
                      "once", defaults=((), (), None, False))


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regex: whole words, any apostrophe."""
    body = re.sub(r"(?:\\ |\s)+", " ", re.escape(phrase.strip()))
    start = r"\b" if phrase[:1].isalnum() else ""
    end = r"\b" if phrase[-1:].isalnum() else ""
    return f"{start}{body}{end}"


def compile(where: Where, pack) -> Compiled:
    node = where.node
    ignorecase = node.get("ignorecase", True)
    if not isinstance(ignorecase, bool):
        raise where.error('"ignorecase" must be true or false', "ignorecase")
    flags = re.IGNORECASE if ignorecase else 0
    once = node.get("once", False)
    if not isinstance(once, bool):
        raise where.error('"once" must be true or false', "once")
    patterns = expanded(where, "patterns", pack)
    phrases = get_str_list(where, "phrases")
    if not patterns and not phrases:
        raise where.error('a pattern rule needs "patterns" or "phrases"')
    parts = [f"(?:{p})" for p in patterns]
    if phrases:
        parts.append("(?:" + "|".join(phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)) + ")")
    hedged = get_choice(where, "hedged", ("error", "warning", "info", "pass"))
    split = ()
    joined = "|".join(parts)
    if len(parts) > 1:
        from medlint import memo
        from medlint.lazy import LazyPattern, checked

        split = tuple((checked(part, flags), required_literals(part), confirming_literals(part)) for part in parts)
        for _, part_literals, also in split:
            pack.literal_index(part_literals)
            pack.literal_index(also)
        # The parts run; the whole is checked once (the cache keeps only that it is valid).
        pattern = memo.recall("regex-valid", memo.digest(f"{flags}:{joined}"),
                              lambda: checked_alternation(where, "patterns", patterns, joined, flags),
                              encode=lambda _: 1, decode=lambda _: LazyPattern(joined, flags))
    else:
        pattern = checked_alternation(where, "patterns", patterns, joined, flags)
    also = None if split else confirming_literals(pattern.pattern)  # parts have their own
    pack.literal_index(also)
    return Compiled(
        pattern=pattern,
        literals=(literals := required_literals(pattern.pattern)),
        index=pack.literal_index(literals),
        unless=_contexts(where, "unless", pack),
        when=_contexts(where, "when", pack),
        hedges=_contexts(where, "hedges", pack, default=("hedge",) if hedged else ()),
        hedged=hedged,
        exceptions=_alternation(where, "exceptions", flags, pack),
        requires=_alternation(where, "requires", flags, pack),
        stakes=_contexts(where, "stakes", pack),
        parts=split,
        also=also,
        once=once,
    )


def _contexts(where: Where, key: str, pack, default=()) -> tuple[Context, ...]:
    names = get_str_list(where, key, default)
    out = []
    for name in names:
        if name not in pack.contexts:
            known = ", ".join(sorted(pack.contexts)) or "none defined"
            raise where.error(f'unknown context "{name}" in "{key}" (known: {known})', key)
        out.append(pack.contexts[name])
    return tuple(out)


def expanded(where: Where, key: str, pack) -> list[str]:
    """The patterns under `key` with {vocabulary} references replaced (errors name the item's line)."""
    items = get_str_list(where, key)
    vocab = getattr(pack, "vocab", None)
    if vocab is None:
        return items
    node = where.node.get(key)
    return [vocab.expand(p, where, key, node.line_of(i) if hasattr(node, "line_of") else None)
            for i, p in enumerate(items)]


def _alternation(where: Where, key: str, flags: int, pack=None):
    items = expanded(where, key, pack)
    if not items:
        return None
    return checked_alternation(where, key, items, "|".join(f"(?:{p})" for p in items), flags)


def check(doc, rule, settings=None) -> Iterator[Hit]:
    if not rule.compiled.once:
        return hits(doc, rule.compiled)
    return _first_of_each(hits(doc, rule.compiled))


def _first_of_each(found) -> Iterator[Hit]:
    seen = set()
    for hit in found:
        wording = " ".join(hit.values["match"].lower().split())
        if wording not in seen:
            seen.add(wording)
            yield hit


def hits(doc, c: Compiled) -> Iterator[Hit]:
    """The claims a compiled pattern rule finds on a page (used by kinds built on patterns)."""
    text = doc.text
    for m in _matches(doc, c):
        start, end = m.span("claim") if "claim" in m.re.groupindex and m.start("claim") >= 0 else m.span()
        if start == end:
            continue
        sentence = doc.sentence_at(start)
        if sentence is None:
            continue
        if any(holds(ctx, doc, sentence, start, end) for ctx in c.unless):
            continue
        lo, hi = window(sentence, start, end)
        if c.exceptions is not None and _overlaps(c.exceptions, doc, (lo, hi), start, end):
            continue
        if c.requires is not None and not c.requires.search_in(doc, lo, hi):
            continue
        if c.when and not all(holds(ctx, doc, sentence, start, end) for ctx in c.when):
            continue
        severity = None
        # A hedge softens a claim unless the stakes are high (a serious disease): regulators
        # cite "may help prevent" too.
        if c.hedged and any(holds(ctx, doc, sentence, start, end) for ctx in c.hedges) and not any(
                holds(ctx, doc, sentence, start, end) for ctx in c.stakes):
            if c.hedged == "pass":
                continue
            severity = c.hedged
        # Group values from the page itself (the match may have run on lower-cased text).
        values = {k: text[m.start(k):m.end(k)] for k, v in m.groupdict().items() if v is not None}
        values["match"] = text[start:end]
        yield Hit(start, end, severity, values)


def _matches(doc, c: Compiled):
    """The rule's matches, left to right, as its patterns' alternation would find them.

    A claim lies within one sentence, so only sentences holding a pattern's literals are
    searched. With several patterns, each runs on its own sentences; where two match
    overlapping words, the one that starts first wins, then the longer, then the one
    listed first.
    """
    if not c.parts:
        yield from _block_matches(c.pattern, doc, doc.candidate_spans(c.literals, c.index, c.also))
        return
    found = []
    for order, (pattern, literals, also) in enumerate(c.parts):
        found += [(m.start(), order, m)
                  for m in _block_matches(pattern, doc, doc.candidate_spans(literals, c.index, also))]
    # Where two patterns match at the same place, the longer names the claim's words.
    found.sort(key=lambda item: (item[0], -item[2].end(), item[1]))
    taken = -1
    for start, _, m in found:
        if start < taken:
            continue
        taken = m.end() if m.end() > start else start + 1
        yield m


def _searcher(pattern: LazyPattern, doc):
    """(search, text): the pattern's search bound to the page's text. The engine is chosen
    once for all of a rule's searches on a page: one deadline guards them all, and the
    choice per search cost more than the searches."""
    if deadline.guarded() and doc.lower_ok:
        fast = pattern.fast()
        if fast:
            return fast.search, doc.lower
    return (lambda _text, pos, endpos: pattern.search_in(doc, pos, endpos)), doc.text


def _block_matches(pattern: LazyPattern, doc, spans):
    """Matches within the spans that stay inside one block: one that runs over a block
    break is retried after it."""
    if not spans:
        return
    search, text = _searcher(pattern, doc)
    find = doc.text.find
    for pos, endpos in spans:
        while pos < endpos:
            m = search(text, pos, endpos)
            if m is None:
                break
            start, end = m.span()
            newline = find("\n", start, end)
            if newline >= 0:
                pos = newline + 1
                continue
            yield m
            pos = end if end > start else end + 1


def _overlaps(pattern: LazyPattern, doc, span: tuple[int, int], start: int, end: int) -> bool:
    return any(m.start() < end and m.end() > start for m in pattern.finditer_in(doc, span[0], span[1]))
