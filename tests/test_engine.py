"""The engine: selection, severity, hedges, de-duplication."""

from medlint.engine import Settings, lint
from medlint.readers import read_document


def run(pack, text, **settings):
    """Line-scope findings only: these tests are about claims, not page-level disclosures."""
    findings = lint(read_document("p.txt", text), pack, Settings(**settings)).findings
    return [f for f in findings if f.scope == "line"]


def test_select_and_ignore_by_id_prefix_and_category(pack):
    text = "Ketamine is completely safe and not addictive."
    assert {f.category for f in run(pack, text)} == {"safety-claim", "addiction-denial"}
    assert {f.category for f in run(pack, text, select=("safety",))} == {"safety-claim"}
    assert {f.category for f in run(pack, text, select=("addiction-denial",))} == {"addiction-denial"}
    assert {f.category for f in run(pack, text, ignore=("safety.risk-free", "safety.is-safe"))} == {"addiction-denial"}


def test_severity_override(pack):
    findings = run(pack, "Ketamine is completely safe.", severity=(("safety", "info"),))
    assert {f.severity for f in findings} == {"info"}


def test_hedge_lowers_severity_but_keeps_the_claim(pack):
    strong = run(pack, "Our infusions cure depression.")
    hedged = run(pack, "Our infusions may cure depression.")
    assert [f.severity for f in strong] == ["error"]
    assert [f.severity for f in hedged] == ["warning"]


def test_overlapping_findings_of_one_category_are_merged(pack):
    findings = run(pack, "Ketamine is completely safe.")
    assert len([f for f in findings if f.category == "safety-claim"]) == 1
    assert findings[0].severity == "error"


def test_message_quotes_the_words_found(pack):
    [f] = run(pack, "Try our risk-free vitamin drip.")
    assert '"risk-free"' in f.message
    assert f.suggestion


def test_findings_are_sorted_by_position(pack):
    findings = run(pack, "It cures pain.\nIt is completely safe.\nIt is not addictive.")
    assert [f.line for f in findings] == sorted(f.line for f in findings)
