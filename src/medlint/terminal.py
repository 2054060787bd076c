"""Text for a terminal: page text made harmless, and the columns it takes on screen.

Page words reach the terminal in messages, source lines and file names. An escape
sequence there (ANSI colours, an OSC title or hyperlink, a cursor move) would be run by
the terminal, so every control character is shown as its escape instead (`\\x1b`).
Carets under a flagged span are placed by display width: CJK and most emoji take two
columns, combining marks and zero-width characters none.
"""

from __future__ import annotations

import unicodedata

import re as regex  # internal patterns: the stdlib engine compiles faster

_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """`text` with every control character but tab and newline written as an escape."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def width(text: str) -> int:
    """Columns `text` takes on a terminal."""
    if text.isascii():
        return len(text)
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total
