"""Issue 12 item 3: script and style text is not prose, and it ends only at its own closing tag."""

import pytest

from medlint.engine import lint
from medlint.readers import read_document

SCRIPT = 'var s = "<!-- medlint-disable-file -->"; var t = "<b>It cures pain.</b>";'
STYLE = 'p::before { content: "<i>It is risk-free.</i>"; }'


@pytest.mark.parametrize("name,source", [
    ("p.html", f"<p>Intro.</p>\n<script>{SCRIPT}</script>\n<style>{STYLE}</style>\n"
               "<p>Ketamine is completely safe.</p>\n"),
    ("p.html", f"<p>Intro.</p><SCRIPT type='module'>\n{SCRIPT}\n</script >"
               "<p>Ketamine is completely safe.</p>\n"),
    ("p.md", f"Intro <script>{SCRIPT}</script> text.\n\nKetamine is completely safe.\n"),
    ("p.md", f"Intro <script>{SCRIPT}\n{SCRIPT}\n</script>\n\n<style>\n{STYLE}\n</style>\n\n"
             "Ketamine is completely safe.\n"),
])
def test_script_and_style_are_skipped_whole(pack, name, source):
    doc = read_document(name, source)
    assert "cures" not in doc.text and "risk-free" not in doc.text and "var" not in doc.text
    assert not doc.comments  # the comment in a JS string is no directive
    rules = [f.rule for f in lint(doc, pack).findings]
    assert rules == ["safety.risk-free"], rules


def test_an_unclosed_script_hides_only_what_follows_it(pack):
    doc = read_document("p.html", "<p>Ketamine is completely safe.</p><script>var a = '<p>It cures pain.</p>';")
    assert [f.rule for f in lint(doc, pack).findings] == ["safety.risk-free"]
