"""Readers: what is prose, what is not, and the structure checks rely on."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from medlint.readers import format_for, read_document
from medlint.readers.markdown import simple_front_matter


def kinds(doc):
    return [(b.kind, doc.block_text(b)) for b in doc.blocks]


def test_format_by_extension():
    assert format_for("a.md") == format_for("b.MARKDOWN") == "markdown"
    assert format_for("c.html") == format_for("d.htm") == "html"
    assert format_for("e.txt") == format_for("f.rst") == format_for("noext") == "text"


def test_markdown_excludes_code_links_comments_and_front_matter():
    src = (
        "---\ntitle: TMS for OCD\ntopic: OCD\n---\n"
        "# Heading one\n\n"
        "Text with `inline safe` code and a [link text](https://safe.example/cure).\n\n"
        "```python\ncure = 'safe'\n```\n\n"
        "    indented code is safe\n\n"
        "<!-- risk-free comment -->\n"
        "Setext heading\n==============\n\n"
        "> quoted words\n\n"
        "![alt text](img/cure.png)\n"
    )
    doc = read_document("p.md", src)
    assert doc.meta == {"title": "TMS for OCD", "topic": "OCD"}
    assert doc.title == "TMS for OCD"
    assert "safe" not in doc.text and "cure" not in doc.text and "risk-free" not in doc.text
    assert ("heading", "Heading one") in kinds(doc)
    assert ("heading", "Setext heading") in kinds(doc)
    assert ("quote", "quoted words") in kinds(doc)
    assert ("paragraph", "Text with code and a link text.") in kinds(doc)
    assert doc.comments[0].body.strip() == "risk-free comment"


def test_markdown_broken_front_matter_gives_no_metadata():
    doc = read_document("p.md", "---\ntitle: [unclosed\n---\nBody text here.\n")
    assert doc.meta == {}
    assert "Body text here." in doc.text


@pytest.mark.parametrize("body", [
    "title: Ketamine for PTSD\ntopic: PTSD\n",
    "# a comment\n\ntitle: Don't wait, call us today   \n",
    "title: first\ntitle: second\n",
    "title: yes\n", "yes: title\n", "title: On\n", "title: 'quoted'\n", "title: a: b\n",
    "title: words # comment\n", "title:\n  nested: map\n", "title: 12\n", "- a list\n", "title: [a, b]\n",
])
def test_simple_front_matter_agrees_with_yaml_or_defers(body):
    simple = simple_front_matter(body)
    assert simple is None or simple == as_meta(body)


def test_simple_front_matter_reads_plain_pages_without_yaml():
    assert simple_front_matter("title: TMS for OCD\ntopic: OCD\n") == {"title": "TMS for OCD", "topic": "OCD"}
    assert simple_front_matter("title: 'quoted'\n") is None  # the YAML parser's job


def as_meta(body):
    """What the reader keeps of front matter parsed by YAML: a mapping, else nothing."""
    try:
        value = yaml.safe_load(body)
    except yaml.YAMLError:
        return {}
    return value if isinstance(value, dict) else {}


_KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)
_VALUES = st.text(alphabet="abyYnNoOtTrRuUeEfFlLsS :#'\"-[]{}!&*%@,.0123456789\t", max_size=20)


@settings(max_examples=400)
@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=5))
def test_simple_front_matter_never_disagrees_with_yaml(pairs):
    body = "".join(f"{key}: {value}\n" for key, value in pairs)
    simple = simple_front_matter(body)
    if simple is not None:
        assert simple == as_meta(body)


@pytest.mark.parametrize("path, source, prose", [
    ("p.md", "Intro.\n\n```\ncode forever\n", "Intro."),  # unclosed fence
    ("p.md", "Intro.\n\n<!-- never closed\nstill comment\n", "Intro."),
    ("p.html", "<p>Words before <!-- no end", "Words before"),
    ("p.html", "<p>Words <b class='x", "Words"),  # unclosed tag
])
def test_unclosed_markup_is_tolerated(path, source, prose):
    assert read_document(path, source).text.strip() == prose


def test_html_blocks_and_non_prose():
    src = ("<html><head><title>Title &amp; more</title><script>safe()</script>"
           "<style>p{}</style></head><body><h2>Sub</h2><p>One <em>two</em> three.</p>"
           "<ul><li>Item</li></ul><table><tr><th>Head</th><td>Cell</td></tr></table>"
           "<dl><dt>Is it covered?</dt><dd>Answer.</dd></dl><pre>pre safe</pre>"
           "<p title=\"safe attr\">x</p></body></html>")
    doc = read_document("p.html", src)
    assert kinds(doc) == [("title", "Title & more"), ("heading", "Sub"), ("paragraph", "One two three."),
                          ("item", "Item"), ("cell", "Head"), ("cell", "Cell"),
                          ("question", "Is it covered?"), ("paragraph", "Answer."), ("paragraph", "x")]
    assert "safe" not in doc.text


def test_plain_text_headings_and_questions_are_inferred():
    src = ("Ketamine for PTSD\n\nIntro paragraph that is long enough to be a paragraph and ends.\n\n"
           "What Are the Risks?\n\nThe risks include nausea.\n\nShort Heading\n\nBody.\n")
    doc = read_document("p.txt", src)
    assert kinds(doc)[0] == ("title", "Ketamine for PTSD")
    assert ("question", "What Are the Risks?") in kinds(doc)
    assert ("heading", "Short Heading") in kinds(doc)
    assert doc.title == "Ketamine for PTSD"


def test_plain_text_joins_wrapped_lines():
    src = "This paragraph was wrapped by an editor at a fixed width and so it\ncontinues here on the next line.\n"
    doc = read_document("p.txt", src)
    assert len(doc.blocks) == 1


def test_sentences_and_sections():
    src = "# A\n\nDr. Smith says it works. It is safe! Is it? Yes.\n\n# B\n\nMore.\n"
    doc = read_document("p.md", src)
    sentences = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sentences == ["A", "Dr. Smith says it works.", "It is safe!", "Is it?", "Yes.", "B", "More."]
    assert [doc.block_text(doc.blocks[s.heading]) for s in doc.sections] == ["A", "B"]
    assert doc.heading_of(1).kind == "heading"


def test_html_meta_descriptions_are_copy_with_exact_positions():
    src = ('<head><meta name="description" content="Safe &amp; effective ketamine.">'
           '<meta property="og:title" content=\'Cure PTSD\'><meta name="viewport" content="width=device-width">'
           '<title>T</title></head>')
    doc = read_document("p.html", src)
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks][:2] == [("meta", "Safe & effective ketamine."),
                                                                     ("meta", "Cure PTSD")]
    s, e = doc.source_span(doc.blocks[0].start, doc.blocks[0].end)
    assert src[s:e] == "Safe &amp; effective ketamine."
    assert "width" not in doc.text


@given(st.text(alphabet="ab ’‘ʼ“”„‐‑'\"-é", max_size=40))
def test_typography_folds_like_translate(text):
    from medlint.document import _FOLDS, fold_typography

    assert fold_typography(text) == text.translate(str.maketrans(_FOLDS))
