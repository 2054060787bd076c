"""Positions between medlint and LSP clients.

medlint counts 1-based lines and 1-based columns in characters (code points); LSP counts
0-based lines and columns in the negotiated encoding's code units: UTF-16 unless the
client offers UTF-8 or UTF-32 (an emoji is one character, two UTF-16 units, four UTF-8
bytes). Both break lines at \\n, \\r\\n and a lone \\r, so only columns need converting.
"""

from __future__ import annotations

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """How many code units `text` takes in the encoding."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_client(doc, line: int, column: int, encoding: str = UTF16) -> tuple[int, int]:
    """medlint's (line, column), 1-based in characters -> LSP (line, character)."""
    text = doc.line_text(line) if 1 <= line <= line_count(doc) else ""
    return line - 1, units(text[:column - 1], encoding)


def from_client(doc, line: int, character: int, encoding: str = UTF16) -> tuple[int, int]:
    """LSP (line, character) -> medlint's 1-based (line, column), clamped to the text.

    A position inside a character (half of a UTF-16 pair) moves to that character's end.
    """
    count = line_count(doc)
    if line >= count:
        return count, len(doc.line_text(count)) + 1
    text = doc.line_text(line + 1)
    if text.isascii() or encoding == UTF32:
        return line + 1, min(character, len(text)) + 1
    seen = 0
    for index, char in enumerate(text):
        if seen >= character:
            return line + 1, index + 1
        seen += units(char, encoding)
    return line + 1, len(text) + 1


def line_count(doc) -> int:
    return doc.line_col(len(doc.source))[0]


def offset_to_client(doc, offset: int, encoding: str = UTF16) -> tuple[int, int]:
    """A source offset -> LSP (line, character)."""
    return to_client(doc, *doc.line_col(offset), encoding)
