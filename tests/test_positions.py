"""Every finding's span slices the original source to the words it names, in every format."""

import pytest

from conftest import source_slice, visible
from medlint.engine import lint
from medlint.readers import read_document

MARKDOWN = """---
title: IV ketamine for PTSD
topic: PTSD
---
# Is *ketamine* safe?

Our infusions are **completely
safe** and `code is safe` ignored.
Ketamine is not addictive, and [studies show](http://example.org) it works.

- Say goodbye to flashbacks for good.
- TMS is safe and effective.

| Claim | Note |
|---|---|
| Results guaranteed | none |
"""

HTML = """<!doctype html>
<html><head><title>Ketamine &amp; PTSD</title>
<style>.safe { color: red }</style><script>var x = "completely safe";</script></head>
<body>
<h1>Ketamine therapy</h1>
<p>Our ketamine&nbsp;infusions are <b>completely</b>
   safe. Ketamine isn&rsquo;t addictive.</p>
<!-- the drip is risk-free -->
<ul><li>No side effects&hellip; ever</li><li>Immediate relief &mdash; guaranteed results</li></ul>
<table><tr><td>It cures PTSD</td></tr></table>
</body></html>
"""

TEXT = """Ketamine for PTSD

Ketamine therapy is safe and takes one hour. It is not addictive.
Side effects are mild and temporary.

Does it work?

Say goodbye to nightmares for good.
"""


def _findings(pack, name, source):
    doc = read_document(name, source)
    return doc, lint(doc, pack).findings


@pytest.mark.parametrize("name,source", [
    ("page.md", MARKDOWN),
    ("page.html", HTML),
    ("page.txt", TEXT),
    ("crlf.md", MARKDOWN.replace("\n", "\r\n")),
    ("crlf.html", HTML.replace("\n", "\r\n")),
    ("crlf.txt", TEXT.replace("\n", "\r\n")),
    ("cr.txt", TEXT.replace("\n", "\r")),
])
def test_every_span_slices_to_the_flagged_words(pack, name, source):
    doc, findings = _findings(pack, name, source)
    assert findings, "the sample pages make claims; something must be found"
    for f in findings:
        if f.scope != "line":
            continue
        sliced = source_slice(source, f)
        assert visible(sliced) == visible(f.text), (f, sliced)
        assert not sliced[:1].isspace() and not sliced[-1:].isspace()


def test_markdown_positions_are_exact(pack):
    doc, findings = _findings(pack, "page.md", MARKDOWN)
    by_text = {f.text: f for f in findings}
    f = by_text["completely safe"]
    assert (f.line, f.column, f.end_line, f.end_column) == (7, 21, 8, 5)
    assert source_slice(MARKDOWN, f) == "completely\nsafe"
    assert by_text["is not addictive"].line == 9


def test_html_positions_skip_markup_and_decode_entities(pack):
    doc, findings = _findings(pack, "page.html", HTML)
    texts = {f.text for f in findings}
    assert "completely safe" in texts
    assert "isn't addictive" in texts  # &rsquo; decoded for matching
    f = next(f for f in findings if f.text == "isn't addictive")
    assert source_slice(HTML, f) == "isn&rsquo;t addictive"
    # script, style and comments are not prose
    assert all(f.line not in (3, 8) for f in findings), findings


def test_crlf_lines_and_columns_match_lf(pack):
    _, lf = _findings(pack, "a.txt", TEXT)
    _, crlf = _findings(pack, "a.txt", TEXT.replace("\n", "\r\n"))
    assert [(f.line, f.column, f.end_line, f.end_column) for f in lf] == \
           [(f.line, f.column, f.end_line, f.end_column) for f in crlf]
