"""The prose view of a page and the map from it back to the source.

Readers build the prose text piece by piece: runs copied from the source and
replacements (a decoded entity, a removed tag, a block break). Whitespace runs are
folded to one space so patterns can say "is safe" whatever the markup between the
words. The map keeps, for every piece, where it starts in both texts, so any prose
offset turns back into an exact source offset without searching.
"""

from __future__ import annotations

import bisect

import re as regex  # internal patterns: the stdlib engine compiles faster

# Anything but a lone plain space is folded to one space in the prose view; characters a
# reader never sees inside a word (soft hyphen, zero-width space and joiners, word joiner,
# BOM) are left out of it, so "com\u00adpletely" reads as "completely" to every rule.
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_FOLD = regex.compile(rf"[ \t\r\n\f\v\u00a0\u2028\u2029]{{2,}}|[\t\r\n\f\v\u00a0\u2028\u2029]|(?P<invisible>[{_INVISIBLE}]+)")
_INVISIBLE_RUN = regex.compile(f"[{_INVISIBLE}]+")


class TextMap:
    """Maps offsets in the prose view to offsets in the source."""

    __slots__ = ("prose_starts", "source_starts", "source_ends", "exact")

    def __init__(self) -> None:
        self.prose_starts: list[int] = []
        self.source_starts: list[int] = []
        # exact[i]: the piece is a 1:1 copy (same length in both texts).
        self.source_ends: list[int] = []
        self.exact: list[bool] = []

    def add(self, prose_start: int, source_start: int, source_end: int, exact: bool) -> None:
        self.prose_starts.append(prose_start)
        self.source_starts.append(source_start)
        self.source_ends.append(source_end)
        self.exact.append(exact)

    def _piece(self, pos: int) -> int:
        return max(bisect.bisect_right(self.prose_starts, pos) - 1, 0)

    def to_source_start(self, pos: int) -> int:
        i = self._piece(pos)
        if self.exact[i]:
            return self.source_starts[i] + (pos - self.prose_starts[i])
        return self.source_starts[i]

    def to_prose(self, offset: int, end: bool = False, total: int | None = None) -> int:
        """The prose offset for a source offset: the inverse map, for reports.

        Pieces are contiguous in the prose, so piece i ends where piece i+1 starts. An offset
        in markup between pieces maps to the end of the piece before it.
        """
        i = bisect.bisect_right(self.source_starts, offset) - 1
        if i < 0:
            return 0
        prose_start = self.prose_starts[i]
        prose_end = self.prose_starts[i + 1] if i + 1 < len(self.prose_starts) else total
        if prose_end is None:
            prose_end = prose_start + (self.source_ends[i] - self.source_starts[i])
        if offset <= self.source_ends[i]:
            if self.exact[i]:
                return prose_start + (offset - self.source_starts[i])
            return prose_end if end else prose_start
        return prose_end

    def to_source_end(self, pos: int) -> int:
        """Exclusive end: map the last character of the span, then step past it."""
        if pos <= 0:
            return self.to_source_start(0)
        i = self._piece(pos - 1)
        if self.exact[i]:
            return self.source_starts[i] + (pos - self.prose_starts[i])
        return self.source_ends[i]


class ProseBuilder:
    """Accumulates the prose view and its map while a reader walks the source."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.map = TextMap()
        # (kind, prose start, prose end, level) of each block, in order.
        self.blocks: list[tuple[str, int, int, int]] = []
        self._open: tuple[str, int, int] | None = None

    def _emit(self, text: str, source_start: int, source_end: int, exact: bool) -> None:
        if not text:
            return
        self.map.add(self.length, source_start, source_end, exact)
        self.parts.append(text)
        self.length += len(text)

    def copy(self, start: int, end: int) -> None:
        """Copy source[start:end] into the prose, folding whitespace runs."""
        source = self.source
        if not self.length or self.ends_with_space():
            while start < end and source[start].isspace():
                start += 1  # no leading space in a block, no double space
        pos = start
        for m in _FOLD.finditer(source, start, end):
            if m.start() > pos:
                self._emit(source[pos:m.start()], pos, m.start(), True)
            if m.group("invisible") is None and not self.ends_with_space():
                self._emit(" ", m.start(), m.end(), m.end() - m.start() == 1)
            pos = m.end()
        if end > pos:
            self._emit(source[pos:end], pos, end, True)

    def replace(self, start: int, end: int, text: str) -> None:
        """Put `text` in the prose for source[start:end] (an entity, a symbol)."""
        text = _INVISIBLE_RUN.sub("", text)  # &shy; reads as nothing, like a soft hyphen
        self._emit(text, start, end, len(text) == end - start and text == self.source[start:end])

    def space(self, at: int) -> None:
        """A word break that the source marks with markup (a removed tag)."""
        if self.length and not self.ends_with_space():
            self._emit(" ", at, at, False)

    def block_break(self, at: int) -> None:
        """End the current block: a newline in the prose view, never inside a sentence."""
        if self.length and self.parts[-1].endswith("\n"):
            return
        if self.length and self.parts[-1].endswith(" "):
            # A trailing folded space would sit at the end of a block: drop it.
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            if not self.parts[-1]:
                self.parts.pop()
                self._drop_last_piece()
        if self.length:
            self._emit("\n", at, at, False)

    def _drop_last_piece(self) -> None:
        for seq in (self.map.prose_starts, self.map.source_starts, self.map.source_ends, self.map.exact):
            seq.pop()

    def begin_block(self, kind: str, at: int, level: int = 0) -> None:
        """Start a block (heading, paragraph, item, cell ...) at source offset `at`."""
        self.end_block(at)
        self.block_break(at)
        self._open = (kind, self.length, level)

    def retitle_block(self, kind: str, level: int) -> None:
        """Change the open block's kind (a setext underline makes a paragraph a heading)."""
        if self._open is not None:
            self._open = (kind, self._open[1], level)

    def end_block(self, at: int) -> None:
        if self._open is None:
            return
        kind, start, level = self._open
        self._open = None
        self.block_break(at)
        end = self.length - 1 if self.parts and self.parts[-1].endswith("\n") else self.length
        if end > start:
            self.blocks.append((kind, start, end, level))

    def ends_with_space(self) -> bool:
        return bool(self.parts) and self.parts[-1][-1] in " \n"

    def text(self) -> str:
        return "".join(self.parts)
