"""Issue 12 item 18 (readers and suppressions): entities and invisible characters cannot hide
a claim, and a suppression is not called unused when the rule it names did not run."""

import json

import pytest

from conftest import run_cli, source_slice
from medlint.engine import Settings, lint
from medlint.readers import read_document


@pytest.mark.parametrize("name,source", [
    ("p.md", "It is completely&nbsp;safe.\n"),
    ("p.md", "It is completely&#160;safe.\n"),
    ("p.md", "It is com\u00adpletely safe.\n"),
    ("p.md", "It is completely s\u200bafe.\n"),
    ("p.md", "It is com&shy;pletely safe.\n"),
    ("p.html", "<p>It is comp\u00adletely sa\u200cfe.</p>"),
    ("p.html", "<p>It is com&shy;pletely&nbsp;safe.</p>"),
    ("p.txt", "It is com\u00adple\u2060tely safe.\n"),
])
def test_entities_and_invisible_characters_hide_no_claim(pack, name, source):
    findings = [f for f in lint(read_document(name, source), pack).findings if f.rule == "safety.risk-free"]
    assert len(findings) == 1, source
    f = findings[0]
    assert f.text == "completely safe"
    sliced = source_slice(source, f)  # the span is the words as written
    for hidden in ("\u00ad", "\u200b", "\u200c", "\u2060", "&shy;"):
        sliced = sliced.replace(hidden, "")
    assert sliced.replace("&nbsp;", " ").replace("&#160;", " ") == "completely safe"


PAGE = "<!-- medlint-disable-next-line safety.risk-free -- approved by legal -->\nIt is completely safe.\n"


def _unused(proc):
    assert proc.returncode in (0, 1), proc.stderr
    return [f for f in json.loads(proc.stdout)["findings"] if f["rule"] == "medlint.unused-suppression"]


def test_a_suppression_for_a_rule_that_per_file_ignores_removed_is_not_unused(tmp_path):
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "p.md").write_text(PAGE)
    (tmp_path / ".medlint.yaml").write_text('per-file-ignores:\n  "blog/**": [safety-claim]\n')
    assert _unused(run_cli("--format", "json", "blog/p.md", cwd=tmp_path)) == []
    assert _unused(run_cli("--format", "json", "--ignore", "safety", "blog/p.md", "--no-config",
                           cwd=tmp_path)) == []


def test_a_suppression_that_suppresses_nothing_is_still_unused(pack):
    page = PAGE.replace("completely safe", "well tolerated by most")
    findings = lint(read_document("p.md", page), pack).findings
    assert [f.rule for f in findings] == ["medlint.unused-suppression"]
    bare = "<!-- medlint-disable-next-line -->\nHello.\n"
    assert [f.rule for f in lint(read_document("p.md", bare), pack).findings] == ["medlint.unused-suppression"]
    # a bare directive while some rule is ignored: that rule might be what it is for
    ignored = lint(read_document("p.md", bare), pack, Settings(ignore=("cure-claim",))).findings
    assert ignored == []
