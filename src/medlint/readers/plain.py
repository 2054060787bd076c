"""Plain text, as scraped pages come: mostly one paragraph per line.

Headings are inferred: a short line with no closing period that stands alone
between blank lines (or ends with "?", as FAQ questions do) is a heading.
Consecutive lines are one paragraph when the first is wrapped mid-sentence.
"""

from __future__ import annotations

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.document import Block, Document
from medlint.readers.inline import copy_text
from medlint.textmap import ProseBuilder

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
MAX_HEADING_WORDS = 14
MAX_QUESTION_WORDS = 22


def _lines(source: str):
    """(start, end) of each line's content, line endings excluded."""
    pos, n = 0, len(source)
    while pos < n:
        m = _LINE.match(source, pos)
        content = m.group().rstrip("\r\n")
        yield pos, pos + len(content)
        pos = m.end()


def _is_heading(text: str, alone: bool) -> tuple[bool, str]:
    words = text.split()
    if not words:
        return False, ""
    if text.endswith("?") and len(words) <= MAX_QUESTION_WORDS and text.count("?") == 1:
        return True, "question"
    if alone and len(words) <= MAX_HEADING_WORDS and text[-1] not in ".!,;\"”'’)" and len(text) <= 110:
        return True, "heading"
    return False, ""


def read(path: str, source: str) -> Document:
    b = ProseBuilder(source)
    lines = [(s, e) for s, e in _lines(source)]
    blank = [source[s:e].strip() == "" for s, e in lines]
    i, first_heading = 0, True
    while i < len(lines):
        if blank[i]:
            i += 1
            continue
        # Group lines into one paragraph while a line is wrapped mid-sentence.
        j = i
        while j + 1 < len(lines) and not blank[j + 1] and _wraps(source, lines[j]):
            j += 1
        start = lines[i][0] + _lead(source, *lines[i])
        end = lines[j][1]
        text = source[start:end].strip()
        alone = (i == 0 or blank[i - 1]) and (j + 1 >= len(lines) or blank[j + 1])
        heading, kind = _is_heading(text, alone) if i == j else (False, "")
        if heading and first_heading and kind == "heading" and not b.blocks:
            kind = "title"
        if heading:
            first_heading = False
        b.begin_block(kind if heading else "paragraph", start, 1 if kind == "title" else 2)
        copy_text(b, start, end)
        b.end_block(end)
        i = j + 1
    blocks = [Block(k, s, e, lvl) for k, s, e, lvl in b.blocks]
    return Document(path, source, "text", b.text(), b.map, blocks)


def _lead(source: str, start: int, end: int) -> int:
    text = source[start:end]
    return len(text) - len(text.lstrip())


def _wraps(source: str, line: tuple[int, int]) -> bool:
    """A line continues on the next when it stops mid-sentence and is long enough to be wrapped."""
    text = source[line[0]:line[1]].rstrip()
    if not text or len(text) < 40:
        return False
    return text[-1] not in ".!?:;\"”’)"
