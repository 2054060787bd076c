"""`--format html`: one self-contained page a compliance reviewer can read and filter.

A summary (pages, findings by severity and category as a CSS bar chart, pages ranked),
then each page's text as a reader sees it, every flagged phrase in a <mark> coloured by
category (data-rule, data-category, data-severity), with the rule, message and suggested
rewrite beside each block; page-level findings at the top of their page. With a claims
library, each claim found is underlined (<span class="claim" data-claim="ID"
data-status="approved|lapsed|edited">) with a note naming it. All page text is escaped; the
file loads nothing from anywhere.
"""

from __future__ import annotations

import html
from collections import Counter

from medlint import __version__
from medlint.report.html_assets import COLORS, SCRIPT, STYLE

_BLOCK_TAG = {"title": "h2", "heading": "h3", "question": "h4", "paragraph": "p", "item": "li",
              "cell": "p", "quote": "blockquote", "meta": "p"}


def esc(text) -> str:
    return html.escape(str(text), quote=True)


class HtmlReporter:
    def __init__(self, stream, **_options) -> None:
        self.stream = stream
        self.sections: list[str] = []
        self.pages: list[tuple[str, int, str]] = []  # (path, findings, anchor)

    def page(self, doc, findings, claims=()) -> None:
        anchor = f"page-{len(self.pages) + 1}"
        self.pages.append((doc.path, len(findings), anchor))
        self.sections.append(render_page(doc, findings, anchor, claims))

    def finish(self, stats) -> None:
        out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               # No network: the policy forbids every load but inline style and script.
               '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
               'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">',
               f"<title>medlint report: {stats.files} pages, {stats.total} findings</title>",
               f"<style>{STYLE}</style></head><body>",
               f"<header><h1>medlint report</h1><p class=\"meta\">medlint {esc(__version__)}</p></header>",
               render_summary(stats, self.pages), render_filters(stats),
               '<main id="pages">', *self.sections, "</main>",
               f"<script>{SCRIPT}</script></body></html>"]
        self.stream.write("\n".join(out) + "\n")


def render_summary(stats, pages) -> str:
    sev = stats.severities
    parts = ['<section id="summary"><h2>Summary</h2>',
             f'<p><span id="count-pages">{stats.files}</span> {_plural(stats.files, "page")} linted'
             f'{f", {stats.skipped} could not be read" if stats.skipped else ""}; '
             f'<span id="count-findings">{stats.total}</span> {_plural(stats.total, "finding")}: '
             + ", ".join(f'<span class="sev sev-{s}" id="count-{s}">{sev[s]}</span> '
                         f'{s if s == "info" else _plural(sev[s], s)}' for s in ("error", "warning", "info")) + "</p>",
             '<h3>Findings by category</h3><div class="bars">']
    top = max(stats.categories.values(), default=1)
    for cat, n in stats.categories.most_common():
        parts.append(f'<div class="bar-row" data-category="{esc(cat)}"><span class="bar-label">{esc(cat)}</span>'
                     f'<span class="bar-track"><span class="bar" style="width:{100 * n / top:.1f}%;'
                     f'background:{COLORS.get(cat, "#999")}"></span></span><span class="bar-count">{n}</span></div>')
    parts.append('</div><h3>Pages by findings</h3><table class="ranking"><tr><th>page</th><th>findings</th></tr>')
    for path, n, anchor in sorted(pages, key=lambda p: -p[1]):
        parts.append(f'<tr><td><a href="#{anchor}">{esc(path)}</a></td><td>{n}</td></tr>')
    parts.append("</table></section>")
    return "".join(parts)


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def render_filters(stats) -> str:
    boxes = ['<section id="filters"><h2>Show</h2><div>']
    for s in ("error", "warning", "info"):
        boxes.append(f'<label><input type="checkbox" class="filter" data-kind="severity" value="{s}" checked> '
                     f'{s}</label>')
    boxes.append("</div><div>")
    for cat in sorted(stats.categories):
        boxes.append(f'<label><input type="checkbox" class="filter" data-kind="category" value="{esc(cat)}" checked>'
                     f' <span class="swatch" style="background:{COLORS.get(cat, "#999")}"></span>{esc(cat)}</label>')
    boxes.append("</div></section>")
    return "".join(boxes)


def _note(f) -> str:
    return (f'<li class="note" data-rule="{esc(f.rule)}" data-category="{esc(f.category)}" '
            f'data-severity="{esc(f.severity)}" data-profile="{esc(f.profile)}"><span class="sev sev-{esc(f.severity)}">{esc(f.severity)}</span> '
            f'<code>{esc(f.rule)}</code> <span class="cat" style="border-color:{COLORS.get(f.category, "#999")}">'
            f'{esc(f.category)}</span> line {f.line}: {esc(f.message)}'
            + (f'<div class="suggestion">Write instead: {esc(f.suggestion)}</div>' if f.suggestion else "")
            + "</li>")


def _prose_span(doc, f) -> tuple[int, int]:
    starts = doc._line_starts
    s = starts[f.line - 1] + f.column - 1
    e = starts[f.end_line - 1] + f.end_column - 1
    total = len(doc.text)
    return doc.map.to_prose(s, total=total), doc.map.to_prose(e, end=True, total=total)


_CLAIM_WORDS = {"approved": "approved claim", "lapsed": "claim whose approval lapsed",
                "edited": "edited version of approved claim"}


def _claim_note(c) -> str:
    reference = {"found": ", reference on the page", "missing": ", reference missing"}.get(c.reference, "")
    return (f'<li class="claim-note" data-claim="{esc(c.claim)}" data-status="{esc(c.status)}">'
            f'{esc(_CLAIM_WORDS[c.status])} <code>{esc(c.claim)}</code>{reference}</li>')


def _placed_claims(doc, claims) -> list[tuple[int, int, int, object]]:
    out = []
    for c in claims:
        start, end = _prose_span(doc, c)
        block = next((i for i, b in enumerate(doc.blocks) if b.start <= start < b.end), None)
        if block is not None and end > start:
            out.append((block, start, min(end, doc.blocks[block].end), c))
    return out


def render_page(doc, findings, anchor: str, claims=()) -> str:
    claimed = _placed_claims(doc, claims) if claims else []
    page_level, placed = [], []
    for f in findings:
        if f.scope == "document":
            page_level.append(f)
            continue
        start, end = _prose_span(doc, f)
        block = next((i for i, b in enumerate(doc.blocks) if b.start <= start < b.end), None)
        if block is None or end <= start:
            page_level.append(f)  # e.g. an unused suppression comment: not in the prose
        else:
            placed.append((block, max(start, doc.blocks[block].start), min(end, doc.blocks[block].end), f))
    counts = Counter(f.severity for f in findings)
    out = [f'<section class="page" id="{anchor}"><h2 class="page-path">{esc(doc.path)}</h2>',
           '<p class="meta">' + (", ".join(f"{n} {s if s == 'info' else _plural(n, s)}" for s, n in counts.items())
                                 or "no findings") + "</p>"]
    if page_level:
        out.append('<ul class="notes page-notes">' + "".join(_note(f) for f in page_level) + "</ul>")
    out.append('<article class="text">')
    in_list = False
    for index, block in enumerate(doc.blocks):
        here = [(s, e, f) for b, s, e, f in placed if b == index]
        own_claims = [(s, e, c) for b, s, e, c in claimed if b == index]
        tag = _BLOCK_TAG.get(block.kind, "p")
        if tag == "li" and not in_list:
            out.append("<ul>")
            in_list = True
        elif tag != "li" and in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<{tag}>{_highlight(doc.text, block.start, block.end, here, own_claims)}</{tag}>")
        if here or own_claims:
            out.append('<ul class="notes">' + "".join(_claim_note(c) for _, _, c in own_claims)
                       + "".join(_note(f) for _, _, f in here) + "</ul>")
    if in_list:
        out.append("</ul>")
    out.append("</article></section>")
    return "\n".join(out)


def _highlight(text: str, start: int, end: int, spans, claims=()) -> str:
    """The block's text, escaped, with <mark> around every flagged stretch (overlaps split)
    and claims underlined."""
    cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans),
                   *(max(s, start) for s, _, _ in claims), *(min(e, end) for _, e, _ in claims)})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        claim = next((c for s, e, c in claims if s <= a and b <= e), None)
        if claim is not None:
            piece = (f'<span class="claim claim-{esc(claim.status)}" data-claim="{esc(claim.claim)}" '
                     f'data-status="{esc(claim.status)}" title="{esc(_CLAIM_WORDS[claim.status])} '
                     f'{esc(claim.claim)}">{piece}</span>')
        covering = [f for s, e, f in spans if s <= a and b <= e]
        if not covering:
            parts.append(piece)
            continue
        main = covering[0]
        rules = " ".join(dict.fromkeys(f.rule for f in covering))
        cats = " ".join(dict.fromkeys(f.category for f in covering))
        sevs = " ".join(dict.fromkeys(f.severity for f in covering))
        profiles = " ".join(dict.fromkeys(f.profile for f in covering))
        title = " | ".join(f"{f.rule}: {f.message}" for f in covering)
        parts.append(f'<mark data-rule="{esc(rules)}" data-category="{esc(cats)}" data-severity="{esc(sevs)}" '
                     f'data-profile="{esc(profiles)}" title="{esc(title)}" style="background:{COLORS.get(main.category, "#ddd")}">{piece}</mark>')
    return "".join(parts)
