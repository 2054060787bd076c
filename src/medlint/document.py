"""The Document: what every check reads.

A Document holds the original source, the prose view (`text`) with its offset map,
and the structure checks reason about: blocks (headings, paragraphs, list items,
cells), sentences, sections (a heading and the blocks under it), front-matter
metadata and comments (where medlint directives live).
"""

from __future__ import annotations

import bisect
from collections import namedtuple

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.textmap import TextMap

# Typographic variants fold to one form in the prose view (same length, so offsets hold):
# rules write ' and " and -, whatever the page uses.
_FOLDS = {"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "‐": "-", "‑": "-"}


def fold_typography(text: str) -> str:
    """Each variant replaced by its plain form. Same as str.translate with _FOLDS, but a tenth
    of a page's time faster: `in` and replace are C scans, and most pages hold few variants."""
    for variant, plain in _FOLDS.items():
        if variant in text:
            text = text.replace(variant, plain)
    return text

HEADING_KINDS = frozenset({"heading", "title", "question"})


# Value types are named tuples (see findings.py for why not dataclasses).
class Block(namedtuple("Block", "kind start end level", defaults=(0,))):
    """kind: heading | title | question | paragraph | item | cell | quote | meta (a meta
    description); start and end are prose offsets."""

    __slots__ = ()

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS


class Sentence(namedtuple("Sentence", "start end block")):
    """Prose offsets, and the index of its block in Document.blocks."""

    __slots__ = ()


class Section:
    """A heading (its block index; None before the first one) and the body blocks under it."""

    __slots__ = ("heading", "blocks")

    def __init__(self, heading: int | None, blocks: list[int] | None = None) -> None:
        self.heading = heading
        self.blocks = blocks if blocks is not None else []


class Comment(namedtuple("Comment", "start end body")):
    """An HTML/Markdown comment in the source (source offsets of all of it): where medlint directives live."""

    __slots__ = ()


# A sentence ends at . ! ? (with closing quotes/brackets) followed by a space and
# something that can open a sentence. A few abbreviations must not end one.
_SENTENCE_END = regex.compile(r"""[.!?]+["'”’)\]]*(?= +["'“‘(\[]?(\w))""")
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st vs etc e.g i.e u.s no fig approx inc ltd jr sr dept est".split()
)


def _word_before(text: str, lo: int, end: int) -> str:
    """The word (dots kept: "e.g") that ends at `end`, lower-cased, without a final dot."""
    i = end
    while i > lo and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:end].lower().rstrip(".")


class Document:
    def __init__(
        self,
        path: str,
        source: str,
        fmt: str,
        text: str,
        textmap: TextMap,
        blocks: list[Block],
        meta: dict | None = None,
        comments: list[Comment] | None = None,
    ) -> None:
        self.path = path
        self.source = source
        self.format = fmt
        self.text = fold_typography(text)
        self.map = textmap
        self.blocks = blocks
        self.meta = meta or {}
        self.comments = comments or []
        self._line_starts = _line_starts(source)
        self.sentences = _split_sentences(text, blocks)
        self._sentence_starts = [s.start for s in self.sentences]
        self.sections = _sections(blocks)
        self._block_starts = [b.start for b in blocks]
        self._lower: str | None = None
        self._source_lower: str | None = None
        self._lower_ok: bool | None = None
        self._spans: list[tuple[int, int]] | None = None  # (start, end) of each sentence
        self.cache: dict = {}  # per-page memo for checks (lexicon mentions ...)
        # For each block, the heading block of its section (None above the first heading).
        self._heading_of: list[int | None] = []
        current = None
        for index, block in enumerate(blocks):
            self._heading_of.append(current)
            if block.is_heading:
                current = index

    # -- positions -------------------------------------------------------------
    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [s, e) for the prose span [start, end)."""
        return self.map.to_source_start(start), self.map.to_source_end(end)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a source offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        """The source offset of a 1-based line and column: the inverse of line_col."""
        return self._line_starts[line - 1] + column - 1

    def position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) for a prose span; end is exclusive."""
        s, e = self.source_span(start, end)
        line, col = self.line_col(s)
        end_line, end_col = self.line_col(e)
        return line, col, end_line, end_col

    def line_text(self, line: int) -> str:
        """The source line (1-based) without its line ending."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.source)
        return self.source[start:end].rstrip("\r\n")

    # -- structure -------------------------------------------------------------
    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    @property
    def lower_ok(self) -> bool:
        """True when the lower-cased prose keeps every offset (it does but for rare scripts)."""
        if self._lower_ok is None:
            self._lower_ok = len(self.lower) == len(self.text)
        return self._lower_ok

    @property
    def source_lower(self) -> str:
        if self._source_lower is None:
            self._source_lower = self.source.lower()
        return self._source_lower

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def candidate_spans(self, literals, index, also=None) -> list[tuple[int, int]]:
        """(start, end) of the sentences that contain any of the lower-case literals (and,
        when `also` is given, any of those too).

        `index` (a LiteralIndex holding at least these literals) finds every literal of the
        pack in one pass, once per page. `literals` None means no prefilter: every sentence.
        """
        if literals is None or not self.lower_ok:  # lower() changed lengths (rare scripts)
            return [(s.start, s.end) for s in self.sentences]
        chosen = self.sentences_holding(literals, index)
        if chosen and also is not None:
            chosen &= self.sentences_holding(also, index)
        if not chosen:
            return []
        spans = self._spans
        if spans is None:
            spans = self._spans = [(s.start, s.end) for s in self.sentences]
        return [spans[k] for k in sorted(chosen)]

    def sentences_holding(self, literals, index) -> set[int]:
        """The indexes of the sentences holding one of the lower-case literals (a new set).
        Assumes lower_ok: callers check it first."""
        by_literal = self.cache.get(index)
        if by_literal is None:
            by_literal = self.cache[index] = index.sentences_by_literal(self)
        # Few of a rule's literals stand on any one page: intersect first (at C speed).
        present = by_literal.keys() & literals
        return set().union(*map(by_literal.__getitem__, present))  # map: no generator frame per literal

    def previous_sentence(self, sentence: Sentence) -> Sentence | None:
        i = bisect.bisect_left(self._sentence_starts, sentence.start)
        return self.sentences[i - 1] if i > 0 else None

    def heading_of(self, block_index: int) -> Block | None:
        """The heading a block sits under (a heading's own is the one above it)."""
        index = self._heading_of[block_index]
        return None if index is None else self.blocks[index]

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    @property
    def title(self) -> str | None:
        """Front-matter title, else the first title/heading block."""
        value = self.meta.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
        for block in self.blocks:
            if block.is_heading:
                return self.block_text(block)
        return None


_LINE_BREAK = regex.compile(r"\r\n?|\n")


MAX_QUESTION_WORDS = 22


def promote_questions(text: str, blocks: list[Block]) -> list[Block]:
    """A paragraph that is one short question ("**Is it covered?**") is an FAQ heading."""
    out = []
    for b in blocks:
        words = text[b.start:b.end].split()
        if (b.kind == "paragraph" and words and len(words) <= MAX_QUESTION_WORDS
                and text[b.start:b.end].rstrip().endswith("?") and text.count("?", b.start, b.end) == 1
                and not any(ch in text[b.start:b.end] for ch in ".!")):
            b = Block("question", b.start, b.end, b.level)
        out.append(b)
    return out


def _line_starts(source: str) -> list[int]:
    # Line breaks are \n, \r\n and a lone \r, as editors count them.
    if "\r" not in source:
        starts, i = [0], source.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        return starts
    return [0] + [m.end() for m in _LINE_BREAK.finditer(source)]


# No real sentence is longer; a page that is one endless line is cut into pieces this
# long (at a space) so that every check stays linear in the page's size.
MAX_SENTENCE = 2000


def _append(sentences: list, text: str, start: int, end: int, block: int) -> None:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        sentences.append(Sentence(start, cut, block))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    if end > start:
        sentences.append(Sentence(start, end, block))


def _split_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for index, block in enumerate(blocks):
        start = block.start
        for m in _SENTENCE_END.finditer(text, block.start, block.end):
            following = m.group(1)
            if not (following.isupper() or following.isdigit()):
                continue  # "e.g. ketamine": a sentence starts with a capital or a number
            if _word_before(text, max(start, m.start() - 12), m.start()) in _ABBREVIATIONS:
                continue
            _append(sentences, text, start, m.end(), index)
            start = m.end() + 1
            while start < block.end and text[start] == " ":
                start += 1
        if start < block.end:
            _append(sentences, text, start, block.end, index)
    return sentences


def _sections(blocks: list[Block]) -> list[Section]:
    sections = [Section(None)]
    for index, block in enumerate(blocks):
        if block.is_heading:
            sections.append(Section(index))
        else:
            sections[-1].blocks.append(index)
    if sections[0].heading is None and not sections[0].blocks and len(sections) > 1:
        sections.pop(0)
    return sections
