"""Markdown: prose blocks with exact offsets, and everything that is not prose left out.

Not prose: YAML front matter (its keys are kept as metadata), fenced and indented
code, inline code, link and image targets, raw HTML tags, HTML comments (kept as
Comments for directives). A line scanner rather than a full CommonMark parser:
it keeps every offset exact for free and costs a fraction of a parse (see README).
"""

from __future__ import annotations

import bisect
import html as html_lib

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.document import Block, Comment, Document, promote_questions
from medlint.readers.inline import ENTITY, URL
from medlint.readers.plain import _lines
from medlint.textmap import ProseBuilder

_FENCE = regex.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = regex.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = regex.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT = regex.compile(r" {0,3}(=+|-+)[ \t]*$")
_HR = regex.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ITEM = regex.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?")
_QUOTE = regex.compile(r"(?:[ \t]*>[ \t]?)+")
# Written so that no two runs of blanks can trade characters: a line of spaces is one pass.
_TABLE_DELIM = regex.compile(r"[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+(?:\|[ \t]*)?$")
_REF_DEF = regex.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+")
_HTML_BLOCK = regex.compile(r" {0,3}<(script|style|pre|textarea)\b", regex.I)
_COMMENT = regex.compile(r"<!--.*?(?:-->|$)", regex.S)

# Inline pieces that are not prose, or markup around prose.
_INLINE = regex.compile(
    r"""(?P<ticks>`+)
      |(?P<raw>(?i:<(?P<rawtag>script|style|textarea)\b[^>]*>.*?(?:(?P<rawclose></(?P=rawtag)\s*>)|$)))
      |(?P<comment><!--.*?(?:-->|$))
      |(?P<target>\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)|\]\[[^\]]*\])
      |(?P<autolink><(?:https?|mailto):[^>\s]+>)
      |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
      |(?P<open>!?\[)
      |(?P<emph>(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)|~~)
      |(?P<escape>\\(?=[!-/:-@\[-`{-~]))
      |(?P<url>(?-x:"""
    + URL.pattern
    + r"""))
      |(?P<entity>(?-x:"""
    + ENTITY.pattern
    + "))",
    regex.X | regex.S,
)


def read(path: str, source: str) -> Document:
    b = ProseBuilder(source)
    comments: list[Comment] = []
    lines = list(_lines(source))
    meta, i = _front_matter(source, lines)
    fence: tuple[str, int] | None = None
    html_end: str | None = None
    in_comment = False
    prev_blank, in_list = True, False
    para_kind = None  # kind of the open paragraph-like block, if any
    below_delim: dict[int, bool] = {}  # line -> pipe rows run up from it to a table delimiter

    def close():
        nonlocal para_kind
        if para_kind:
            b.end_block(lines[i][0] if i < len(lines) else len(source))
        para_kind = None

    while i < len(lines):
        start, end = lines[i]
        line = source[start:end]
        stripped = line.strip()
        if in_comment:
            close_at = line.find("-->")
            if close_at >= 0:
                in_comment = False
                comments[-1] = Comment(comments[-1].start, start + close_at + 3,
                                       source[comments[-1].start + 4:start + close_at])
            else:
                comments[-1] = Comment(comments[-1].start, end, source[comments[-1].start + 4:end])
            i += 1
            continue
        if fence:
            m = _FENCE.match(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1] and not line[m.end():].strip():
                fence = None
            i += 1
            continue
        if html_end:
            if html_end in line.lower():
                html_end = None
            i += 1
            continue
        if not stripped:
            close()
            prev_blank = True
            i += 1
            continue
        m = _FENCE.match(line)
        if m:
            close()
            fence = (m.group(1)[0], len(m.group(1)))
            i += 1
            continue
        if prev_blank and not in_list and (line.startswith("    ") or line.startswith("\t")):
            close()  # indented code
            i += 1
            continue
        if stripped.startswith("<!--"):
            close()
            cstart = start + line.index("<!--")
            close_at = source.find("-->", cstart + 4, end)
            if close_at >= 0 and not source[close_at + 3:end].strip():
                comments.append(Comment(cstart, close_at + 3, source[cstart + 4:close_at]))
                i += 1
                prev_blank = False
                continue
            if close_at < 0:
                comments.append(Comment(cstart, end, source[cstart + 4:end]))
                in_comment = True
                i += 1
                continue
        hm = _HTML_BLOCK.match(line)
        if hm:
            close()
            tag = hm.group(1).lower()
            if f"</{tag}>" not in line.lower():
                html_end = f"</{tag}>"
            i += 1
            continue
        if _REF_DEF.match(line) or _TABLE_DELIM.match(line):
            close()
            i += 1
            continue
        if para_kind == "paragraph" and _SETEXT.match(line) and not prev_blank:
            # The paragraph above was a heading (setext style).
            b.retitle_block("heading", 1 if "=" in line else 2)
            close()
            i += 1
            continue
        if _HR.match(line):
            close()
            i += 1
            continue
        m = _ATX.match(line)
        if m:
            close()
            content_end = end
            tail = _ATX_CLOSE.search(line, m.end())
            if tail:
                content_end = start + tail.start()
            b.begin_block("heading", start + m.end(), len(m.group(1)))
            _inline(b, start + m.end(), content_end, comments)
            b.end_block(end)
            prev_blank, in_list = False, False
            i += 1
            continue
        qm = _QUOTE.match(line)
        content_start = start + (qm.end() if qm else 0)
        im = _ITEM.match(source, content_start, end)
        if im:
            close()
            para_kind = "item"
            in_list = True
            b.begin_block("item", im.end())
            content_start = im.end()
        elif "|" in line and _is_table_row(source, lines, i, below_delim):
            close()
            _table_row(b, start, end, comments)
            i += 1
            prev_blank = False
            continue
        elif para_kind is None:
            para_kind = "quote" if qm else "paragraph"
            if prev_blank and not line.startswith((" ", "\t")):
                in_list = False
            b.begin_block(para_kind, content_start)
        else:
            b.space(start)
        raw_open = _inline(b, content_start, end, comments)
        if raw_open:  # a <script> opened inline runs on: skip to its closing tag
            close()
            html_end = f"</{raw_open}>"
        prev_blank = False
        i += 1
    close()
    text = b.text()
    blocks = promote_questions(text, [Block(k, s, e, lvl) for k, s, e, lvl in b.blocks])
    return Document(path, source, "markdown", text, b.map, blocks, meta, comments)


def _front_matter(source: str, lines: list[tuple[int, int]]) -> tuple[dict, int]:
    """YAML front matter between `---` lines at the very top; broken YAML gives no metadata."""
    if not lines or source[lines[0][0]:lines[0][1]].rstrip() != "---":
        return {}, 0
    for j in range(1, len(lines)):
        if source[lines[j][0]:lines[j][1]].rstrip() in ("---", "..."):
            body = source[lines[1][0]:lines[j][0]] if j > 1 else ""
            meta = simple_front_matter(body)
            if meta is None:
                import yaml  # only pages with front matter that needs a YAML parser pay for it

                try:
                    meta = yaml.safe_load(body)
                except (yaml.YAMLError, RecursionError):  # broken, or nested past Python's stack
                    meta = None
            return (meta if isinstance(meta, dict) else {}), j + 1
    return {}, 0


_SIMPLE_LINE = regex.compile(r"([A-Za-z_][A-Za-z0-9_-]*): +([A-Za-z][^:#\t\r\n]*?) *")  # tabs: YAML's call
_YAML_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}  # not strings to YAML


def simple_front_matter(body: str) -> dict | None:
    """`key: words` lines read without a YAML parser (importing one costs more than a page);
    None for anything else, which goes to the real parser. Gives what YAML would give."""
    meta = {}
    for line in body.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = _SIMPLE_LINE.fullmatch(line)
        if m is None or m.group(1).lower() in _YAML_WORDS or m.group(2).lower() in _YAML_WORDS:
            return None
        meta[m.group(1)] = m.group(2)
    return meta


def _is_table_row(source: str, lines, i: int, below_delim: dict[int, bool]) -> bool:
    """A pipe row belongs to a table when a delimiter row sits next to its header."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and _TABLE_DELIM.match(source, lines[j][0], lines[j][1]):
            return True
    # Body rows below the delimiter: walk up over pipe rows to find it. `below_delim`
    # remembers each row's answer, so a page of pipe rows is walked once, not once per row.
    walked, j, found = [], i - 1, False
    while j >= 0 and "|" in source[lines[j][0]:lines[j][1]]:
        if j in below_delim:
            found = below_delim[j]
            break
        walked.append(j)
        if _TABLE_DELIM.match(source, lines[j][0], lines[j][1]):
            found = True
            break
        j -= 1
    # A row's answer is: it or a pipe row run above it reaches a delimiter.
    for k in walked:
        below_delim[k] = found
    return found


def _table_row(b: ProseBuilder, start: int, end: int, comments) -> None:
    cell_start = start
    for pos in [p for p in range(start, end) if b.source[p] == "|" and b.source[p - 1:p] != "\\"] + [end]:
        text = b.source[cell_start:pos]
        if text.strip():
            lead = len(text) - len(text.lstrip())
            b.begin_block("cell", cell_start + lead)
            _inline(b, cell_start + lead, cell_start + len(text.rstrip()), comments)
            b.end_block(pos)
        cell_start = pos + 1


_MARKUP_CHARS = regex.compile(r"[`<\[\]!*_~\\&@]|https?:|www\.")


def _inline(b: ProseBuilder, start: int, end: int, comments: list[Comment]) -> str | None:
    """Copy one line's inline content, leaving out what is not prose. Returns the tag of a
    raw-text element (script, style, textarea) still open at the end of the line."""
    source = b.source
    if not _MARKUP_CHARS.search(source, start, end):
        b.copy(start, end)  # plain prose: nothing to take out
        return None
    pos, raw_open, ticks = start, None, None
    while True:
        # search, not finditer: a code span's end is found by _code_span_end, not the regex.
        m = _INLINE.search(source, pos, end)
        if m is None:
            break
        kind = m.lastgroup
        if kind == "ticks":
            if ticks is None:
                ticks = _tick_runs(source, start, end)
            close = _code_span_end(ticks, m.start(), m.end())
            if close is None:  # no closing run: the backticks are text
                b.copy(pos, m.end())
                pos = m.end()
                continue
            kind, m_end = "code", close
        else:
            m_end = m.end()
        if pos < m.start():
            b.copy(pos, m.start())
        if kind == "entity":
            decoded = html_lib.unescape(m.group())
            if decoded == m.group():
                b.copy(m.start(), m.end())  # not a known entity: text
            elif decoded.isspace():
                b.space(m.start())  # &nbsp; &#32; ...: a word break, as in HTML
            else:
                b.replace(m.start(), m.end(), decoded)
        elif kind == "comment":
            body_end = m.end() - 3 if m.group().endswith("-->") else m.end()
            comments.append(Comment(m.start(), m.end(), source[m.start() + 4:body_end]))
            b.space(m.start())
        elif kind in ("code", "url", "autolink", "raw"):
            b.space(m.start())
            if kind == "raw" and m.group("rawclose") is None:
                raw_open = m.group("rawtag").lower()
        # open, emph, escape, target, tag: markup around prose, dropped.
        pos = m_end
    if pos < end:
        b.copy(pos, end)
    return raw_open


_TICK_RUN = regex.compile(r"`+")


def _tick_runs(source: str, start: int, end: int) -> dict[int, list[int]]:
    """Start offsets of one line's backtick runs, by run length."""
    runs: dict[int, list[int]] = {}
    for m in _TICK_RUN.finditer(source, start, end):
        runs.setdefault(m.end() - m.start(), []).append(m.start())
    return runs


def _code_span_end(runs: dict[int, list[int]], start: int, end: int) -> int | None:
    """Where the code span opened by the run [start, end) ends: after the next run of exactly
    as many backticks (CommonMark), or None. A lookup, so a line of runs stays linear."""
    n = end - start
    starts = runs.get(n, ())
    k = bisect.bisect_right(starts, start)
    return starts[k] + n if k < len(starts) else None
