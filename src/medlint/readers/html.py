"""HTML: text content as prose, with entities decoded and offsets kept exact.

Tags, attributes, comments, <script>, <style>, <template>, <svg>, <pre> and <code>
are not prose. Block elements (headings, paragraphs, list items, table cells,
<title>) become Blocks. A tolerant scanner, not a DOM: broken markup (unclosed
tags or comments) degrades to text or to a skipped tail, never to an error.
"""

from __future__ import annotations

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.document import Block, Comment, Document, promote_questions
from medlint.readers.inline import copy_text
from medlint.textmap import ProseBuilder

_TOKEN = regex.compile(
    r"""(?P<comment><!--.*?(?:-->|\Z))
      |(?P<raw><(?P<rawtag>script|style|template|svg|pre|code|textarea|math)\b(?:[^>"']|"[^"]*"|'[^']*')*>)
      |(?P<decl><![A-Za-z][^>]*>|<\?.*?(?:\?>|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z))
      |(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^>"']|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*(?:>|\Z))""",
    regex.X | regex.S | regex.I,
)

# Elements that start a block of their own, and the kind of block they make.
_BLOCK_KIND = {
    "title": "title", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "item", "td": "cell", "th": "cell",
    "blockquote": "quote", "dt": "question", "summary": "question", "figcaption": "paragraph",
    "caption": "paragraph",
}
_BLOCK_TAGS = frozenset(_BLOCK_KIND) | frozenset(
    "p div section article header footer nav main aside ul ol dl dd table thead tbody tfoot tr "
    "form fieldset figure details body html head br hr option button label address".split()
)


def read(path: str, source: str) -> Document:
    b = ProseBuilder(source)
    comments: list[Comment] = []
    stack: list[str] = []  # open block elements, innermost last
    pos = 0
    open_kind: str | None = None

    def text(start: int, end: int) -> None:
        nonlocal open_kind
        if start >= end or not source[start:end].strip():
            if start < end and open_kind:
                b.space(start)
            return
        if open_kind is None:
            kind = next((_BLOCK_KIND[t] for t in reversed(stack) if t in _BLOCK_KIND), "paragraph")
            level = next((int(t[1]) for t in reversed(stack) if t in ("h1", "h2", "h3", "h4", "h5", "h6")), 0)
            b.begin_block(kind, start, level)
            open_kind = kind
        copy_text(b, start, end, entities=True)

    def boundary(at: int) -> None:
        nonlocal open_kind
        if open_kind is not None:
            b.end_block(at)
            open_kind = None

    while True:
        # search from `pos`, not finditer: a raw-text element's content is skipped whole,
        # so a tag or a comment inside a script is never read as markup or a directive.
        m = _TOKEN.search(source, pos)
        if m is None:
            break
        text(pos, m.start())
        pos = m.end()
        if m.group("comment") is not None:
            body_end = m.end() - 3 if m.group().endswith("-->") else m.end()
            comments.append(Comment(m.start(), m.end(), source[m.start() + 4:body_end]))
            b.space(m.start())
        elif m.group("raw") is not None:
            tag = m.group("rawtag").lower()
            close = _CLOSERS[tag].search(source, m.end())
            pos = close.end() if close else len(source)
            if tag in ("code",):
                b.space(m.start())
            else:
                boundary(m.start())
        elif m.group("tag") is not None:
            name = m.group("name").lower()
            if name == "meta":
                _meta_copy(b, m, boundary)
            elif name in _BLOCK_TAGS:
                boundary(m.start())
                closing = m.group().startswith("</")
                if closing:
                    if name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name):]
                elif name not in ("br", "hr") and not m.group().endswith("/>"):
                    stack.append(name)
            # Inline tags (<b>, <a>, <span> ...) vanish: their words join the text around.
        else:
            boundary(m.start())
    text(pos, len(source))
    boundary(len(source))
    blocks = []
    for kind, s, e, level in b.blocks:
        if kind == "question" and not b.text()[s:e].rstrip().endswith("?"):
            kind = "heading"
        blocks.append(Block(kind, s, e, level or (1 if kind == "title" else 0)))
    text = b.text()
    return Document(path, source, "html", text, b.map, promote_questions(text, blocks), _meta(source), comments)


# Meta descriptions and social titles are copy too: search results and link previews show them.
_SHOWN_META = regex.compile(r"""\b(?:name|property)\s*=\s*["']?(?:description|og:description|og:title|"""
                            r"""twitter:description|twitter:title)["'\s/>]""", regex.I)
_CONTENT_VALUE = regex.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", regex.I)


def _meta_copy(b: ProseBuilder, m, boundary) -> None:
    tag = m.group()
    if not _SHOWN_META.search(tag):
        return
    value = _CONTENT_VALUE.search(tag)
    if value is None:
        return
    group = 1 if value.group(1) is not None else 2
    start, end = m.start() + value.start(group), m.start() + value.end(group)
    if b.source[start:end].strip():
        boundary(m.start())
        b.begin_block("meta", start)
        copy_text(b, start, end, entities=True)
        b.end_block(end)


_META = regex.compile(r"""<meta\s[^>]*name\s*=\s*["']?(topic|medlint-topic)["']?[^>]*>""", regex.I)
_CONTENT = regex.compile(r"""content\s*=\s*["']([^"']*)["']""", regex.I)
_CLOSERS = {tag: regex.compile(rf"</{tag}(?=[\s/>])[^>]*>?", regex.I)
            for tag in ("script", "style", "template", "svg", "pre", "code", "textarea", "math")}


def _meta(source: str) -> dict:
    """<meta name="topic" content="..."> gives the page topic, as front matter does in Markdown."""
    meta = {}
    if "<meta" not in source and "<META" not in source:
        return meta
    for m in _META.finditer(source):
        content = _CONTENT.search(m.group())
        if content:
            meta["topic"] = content.group(1)
    return meta
