"""One pass over a text for many literals at once (Aho-Corasick).

Rules are prefiltered by literals (literals.py): a rule runs only on sentences that
contain one of its literals. The lexicon finds its phrases the same way. Looking each literal up separately costs a scan of the
page per literal; an Aho-Corasick automaton (pyahocorasick, a C extension) finds all
of them in one scan. Without the library, a str.find loop gives the same answer slower.
"""

from __future__ import annotations

try:
    import ahocorasick
except ImportError:  # pragma: no cover - the dependency is declared; this keeps medlint usable without it
    ahocorasick = None


class LiteralIndex:
    def __init__(self, literals) -> None:
        self.literals = sorted(set(literals))
        self._automaton = None
        self._known = None  # the literals as a set, while a pack loads

    def add(self, literals) -> None:
        """Register more literals while a pack loads (before the first search builds the automaton)."""
        known = self._known
        if known is None or len(known) != len(self.literals):
            known = self._known = set(self.literals)
        fresh = sorted(set(literals) - known)  # appended: sorting all once per rule costs a pack load
        self.literals += fresh
        known.update(fresh)

    def __getstate__(self):
        return {"literals": self.literals}

    def __setstate__(self, state) -> None:
        self.literals = state["literals"]
        self._automaton = None
        self._known = None

    def _build(self):
        if self._automaton is None and ahocorasick is not None and self.literals:
            automaton = ahocorasick.Automaton()
            for literal in self.literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def occurrences(self, text: str):
        """(start, literal) for every occurrence of every literal in `text`."""
        automaton = self._build()
        if automaton is not None:
            for end, literal in automaton.iter(text):
                yield end - len(literal) + 1, literal
            return
        for literal in self.literals:
            i = text.find(literal)
            while i >= 0:
                yield i, literal
                i = text.find(literal, i + 1)

    def sentences_by_literal(self, doc) -> dict[str, set[int]]:
        """For each literal found in the page: the indexes of the sentences it occurs in."""
        sentences = doc.sentences
        ends = [sentence.end for sentence in sentences]
        starts = doc._sentence_starts
        count = len(ends)
        found: dict[str, set[int]] = {}
        automaton = self._build()
        # The automaton's own iterator, not occurrences(): this loop runs for every literal
        # on the page, and a generator in between costs a quarter of it. Occurrences come
        # in the order they end, so the sentence they end in is found by walking forward.
        pairs = automaton.iter(doc.lower) if automaton is not None else \
            ((begin + len(literal) - 1, literal) for begin, literal in sorted(
                self.occurrences(doc.lower), key=lambda pair: pair[0] + len(pair[1])))
        k = 0
        for last, literal in pairs:
            while k < count and ends[k] <= last:
                k += 1
            if k == count:
                break
            if starts[k] <= last - len(literal) + 1:  # begins in the same sentence
                hits = found.get(literal)
                if hits is None:
                    found[literal] = {k}
                else:
                    hits.add(k)
        return found
