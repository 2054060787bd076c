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
    stack = _OpenElements()
    meta: dict = {}
    pos = 0
    open_kind: str | None = None

    def text(start: int, end: int) -> None:
        nonlocal open_kind
        if start >= end or not source[start:end].strip():
            if start < end and open_kind:
                b.space(start)
            return
        if open_kind is None:
            kind, level = stack.innermost()
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
                _meta_topic(m.group(), meta)
            elif name in _BLOCK_TAGS:
                boundary(m.start())
                closing = m.group().startswith("</")
                if closing:
                    stack.close(name)
                elif name not in ("br", "hr") and not m.group().endswith("/>"):
                    stack.open(name)
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
    return Document(path, source, "html", text, b.map, promote_questions(text, blocks), meta, comments)


class _OpenElements:
    """The open block elements, innermost last. Every step is constant time (amortized), so
    a page of 100,000 unclosed <div>s or stray </p>s is read in one pass."""

    def __init__(self) -> None:
        self.names: list[str] = []
        # Per open element: the kind and heading level of the innermost block it sits in.
        self.context: list[tuple[str, int]] = []
        self.where: dict[str, list[int]] = {}  # name -> its indices in `names`

    def open(self, name: str) -> None:
        kind, level = self.innermost()
        if name in _BLOCK_KIND:
            kind = _BLOCK_KIND[name]
        if name in _HEADINGS:
            level = int(name[1])
        self.where.setdefault(name, []).append(len(self.names))
        self.names.append(name)
        self.context.append((kind, level))

    def close(self, name: str) -> None:
        """Close the innermost `name` and everything opened inside it (a tolerant parser's way)."""
        indices = self.where.get(name)
        if not indices:
            return
        cut = indices[-1]
        while len(self.names) > cut:
            self.where[self.names.pop()].pop()
            self.context.pop()

    def innermost(self) -> tuple[str, int]:
        return self.context[-1] if self.context else ("paragraph", 0)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

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


# Run on one meta tag's text at a time (the reader's own scan finds the tags), so a page of
# unclosed meta tags is read in one pass.
_TOPIC_NAME = regex.compile(r"""\bname\s*=\s*["']?(?:topic|medlint-topic)(?:["'\s/>]|$)""", regex.I)
_CONTENT = regex.compile(r"""content\s*=\s*["']([^"']*)["']""", regex.I)
_CLOSERS = {tag: regex.compile(rf"</{tag}(?=[\s/>])[^>]*>?", regex.I)
            for tag in ("script", "style", "template", "svg", "pre", "code", "textarea", "math")}


def _meta_topic(tag: str, meta: dict) -> None:
    """<meta name="topic" content="..."> gives the page topic, as front matter does in Markdown."""
    if _TOPIC_NAME.search(tag):
        content = _CONTENT.search(tag)
        if content:
            meta["topic"] = content.group(1)
