"""Inline text shared by the readers: URLs are not prose, entities are decoded."""

from __future__ import annotations

import html as html_lib

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.textmap import ProseBuilder

# A bare URL or e-mail address is a target, not words a reader weighs as a claim.
# An address starts where a run of address characters starts (the lookbehind), so a long
# run with no "@" is scanned once, not once per character.
URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_HINT = regex.compile(r"https?:|www\.|@")
ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def copy_text(b: ProseBuilder, start: int, end: int, entities: bool = False) -> None:
    """Copy plain inline text, dropping URLs and (optionally) decoding entities."""
    source = b.source
    pos = start
    if not _URL_HINT.search(source, start, end):
        _copy_entities(b, start, end, entities)
        return
    for m in URL.finditer(source, start, end):
        _copy_entities(b, pos, m.start(), entities)
        b.space(m.start())
        pos = m.end()
    _copy_entities(b, pos, end, entities)


def _copy_entities(b: ProseBuilder, start: int, end: int, entities: bool) -> None:
    if start >= end:
        return
    if not entities or "&" not in b.source[start:end]:
        b.copy(start, end)
        return
    pos = start
    for m in ENTITY.finditer(b.source, start, end):
        decoded = html_lib.unescape(m.group())
        if decoded == m.group():
            continue  # not a known entity: leave it as text
        b.copy(pos, m.start())
        if decoded.isspace():
            b.space(m.start())
        else:
            b.replace(m.start(), m.end(), decoded)
        pos = m.end()
    b.copy(pos, end)
