"""Required literals: cheap evidence that a pattern might match, found before running it.

For a pattern, `required_literals` returns a set of lowercase strings such that any match
must contain at least one of them (or None when no such set can be proven). Fast linters
work this way (ripgrep extracts literals from regexes): a rule whose literals are absent
from a block is not run on that block at all. Patterns are parsed with the standard
library's regex parser; a pattern it cannot parse simply gets no prefilter.
"""

from __future__ import annotations

import functools

from medlint import memo

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # Python 3.10
    import sre_constants as C
    import sre_parse as P

MIN_LENGTH = 3  # shorter literals are too common to filter anything


def _seq_literals(items, lenient: bool = False) -> set[str] | None:
    """Best requirement for a sequence: the most selective element's literal set."""
    sets = _elements(items, lenient=lenient)
    return max(sets, key=_score) if sets else None


def _branch_literals(branches, lenient: bool = False) -> set[str] | None:
    out: set[str] = set()
    for branch in branches:
        found = _seq_literals(branch, lenient)
        if not found and lenient:  # a branch of fragments ("c(?:ell|ow)") may start with whole words
            found = _prefixes(list(branch))
            found = found if found and all(_usable(c) for c in found) else None
        if not found:
            return None
        out |= found
    return out


# Words so common in clinic pages that a literal set holding one filters little.
COMMON = frozenset("""
a an and are as at be by for in is it of on or the to
about after again also always another before being better brain care clinic day days does
during each effect effects even every first from have help into many more most much only other
over patient patients people reduce relief some such than that their them then there these they
this those time treatment treatments very what when where which while will with within your
all any back can end feel felt find get give got had has high how its just like low made make may
new not now one our out see seen saw say use used uses was way well were who why work works you
improve support create produce release deliver increase help helps reduce reduces
""".split())


# Words in nearly every sentence: a set holding one filters nothing at all.
ULTRA = frozenset("a an and are as at be by for in is it of on or the to this that with you your our we can will not".split())


def _parts(words) -> frozenset[str]:
    """The words and every piece of them a literal could be: a fragment ("duc") stands
    wherever the common word it is part of ("reduce") does, so it is at least as common."""
    return frozenset(w[i:j] for w in words for i in range(len(w)) for j in range(i + MIN_LENGTH, len(w) + 1)) | words


COMMON_PARTS = _parts(COMMON | ULTRA)
ULTRA_PARTS = _parts(ULTRA)


def _score(candidates: set[str]) -> tuple[int, int, int]:
    # Prefer sets with no very common word or piece of one (one in nearly every sentence
    # counts as ten), then a long shortest member, then fewer members.
    common = sum(10 if c.strip() in ULTRA_PARTS else 1 for c in candidates if c.strip() in COMMON_PARTS)
    return -common, min(map(len, candidates)), -len(candidates)


MAX_PREFIXES = 2000  # a set this large is past what a prefilter gains from


def _prefixes(items, i: int = 0) -> set[str] | None:
    """Literal strings one of which every match of items[i:] starts with, as long as can
    be proven: a vocabulary's prefix tree (`c(?:alm|ombat)`) gives whole words ("calm",
    "combat") instead of its fragments ("alm")."""
    run = ""
    # Zero-width items (\b, lookarounds) consume nothing: the words go on past them.
    while i < len(items) and items[i][0] in (C.LITERAL, C.AT, C.ASSERT, C.ASSERT_NOT):
        if items[i][0] is C.LITERAL:
            run += chr(items[i][1])
        i += 1
    inner = None
    if i < len(items):
        op, av = items[i]
        if op is C.SUBPATTERN:
            inner = _prefixes(list(av[-1]))
        elif op is C.IN and 0 < len(av) <= 8 and all(o is C.LITERAL for o, _ in av):
            inner = {chr(code) for _, code in av}  # [Pp]atients: "Patients", "patients"
        elif op is C.BRANCH:
            inner = set()
            for branch in av[1]:
                found = _prefixes(list(branch))
                if not found or len(inner) + len(found) > MAX_PREFIXES:
                    inner = None
                    break
                inner |= found
    if inner:
        return {run + x for x in inner}
    return {run} if run else None


def _elements(items, whole_words: bool = False, lenient: bool = False) -> list[set[str]]:
    """The literal requirement of each element of a sequence that has one (all must hold).
    With `whole_words` (a top-level sequence), also each element's whole-word prefixes; only
    there: redoing it at every nested level cost a cold pack load 2 s for few better sets.
    `lenient`: a branch without literals of its own may offer its whole-word prefixes."""
    out, run = [], ""

    def add(candidate):
        if candidate and all(_usable(c) for c in candidate):
            out.append(candidate)

    for i, (op, av) in enumerate(items):
        if whole_words and (op in (C.SUBPATTERN, C.BRANCH, C.IN) or op is C.LITERAL and not run):
            add(_prefixes(items, i))  # from here on, as whole words where it can
        if op is C.LITERAL:
            run += chr(av)
            continue
        add({run} if run else None)
        run = ""
        if op is C.SUBPATTERN:
            add(_seq_literals(av[-1], lenient))
        elif op is C.BRANCH:
            add(_branch_literals(av[1], lenient))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            add(_seq_literals(av[2], lenient))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            add(_seq_literals(av, lenient))
        # Anything else (anchors, lookarounds, classes, optional parts) requires no literal.
    add({run} if run else None)
    return out


def _usable(literal: str) -> bool:
    # Short literals filter nothing, unless they are rare punctuation ("#1").
    return len(literal.strip()) >= MIN_LENGTH or any(not ch.isalnum() and not ch.isspace() for ch in literal)


def _top_branches(pattern: str):
    """The pattern's top-level alternatives as parsed item lists, or None when the stdlib
    parser cannot read it as the pattern's own engine does (then no prefilter)."""
    from medlint.lazy import stdlib_reads_alike

    if not stdlib_reads_alike(pattern):
        return None  # the stdlib parser would read other literals than the pattern has
    try:
        parsed = list(P.parse(pattern, 0))
    except Exception:  # noqa: BLE001 - any syntax the stdlib parser lacks: no prefilter
        return None
    # The parser factors a shared prefix out of alternatives (\\b...|\\b...): look past
    # zero-width items for a single top-level alternation.
    core = [item for item in parsed if item[0] not in (C.AT, C.ASSERT, C.ASSERT_NOT)]
    return [list(b) for b in core[0][1][1]] if len(core) == 1 and core[0][0] is C.BRANCH else [parsed]


def _top_sets(items) -> list[set[str]]:
    # Lenient only where the strict reading proves nothing: its choices elsewhere are
    # measured to filter better.
    return _elements(items, whole_words=True) or _elements(items, whole_words=True, lenient=True)


@memo.remembered("literals", *memo.OPTIONAL_SET)  # kept by the pack cache
@functools.lru_cache(maxsize=1024)
def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case literals of which any match must contain one; None when none can be proven.

    Each top-level alternative contributes the literal set of its most selective element,
    so a pattern of many phrases keeps one precise set per phrase.
    """
    branches = _top_branches(pattern)
    if branches is None:
        return None
    out: set[str] = set()
    for branch in branches:
        sets = _top_sets(branch)
        if not sets:
            return None
        out |= max(sets, key=_score)
    return frozenset(x.lower() for x in out)


@memo.remembered("confirming literals", *memo.OPTIONAL_SET)  # kept by the pack cache
@functools.lru_cache(maxsize=1024)
def confirming_literals(pattern: str) -> frozenset[str] | None:
    """A second literal set every match must also hold one of (from another part of the
    pattern than `required_literals` chose), or None. Where the first set has a word as
    common as "day" or "clinic", most sentences holding it fail the pattern; asking for
    both ("by ... week" needs "week" and "by ...") spares those searches."""
    branches = _top_branches(pattern)
    if branches is None or len(branches) > 1:
        return None  # alternatives: each has its own elements, no one second set holds for all
    sets = _top_sets(branches[0])
    if len(sets) < 2:
        return None
    best = max(sets, key=_score)
    rest = [found for found in sets if found != best and not found >= best]
    if not rest:
        return None
    second = max(rest, key=_score)
    if _score(second)[0] < -9:
        return None  # a word in nearly every sentence: checking it costs more than it spares
    return frozenset(x.lower() for x in second)
