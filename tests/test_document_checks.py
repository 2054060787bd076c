"""Whole-page checks: missing disclosures, off-label use, topic drift (all three formats)."""

import pytest

from medlint.engine import Settings, lint
from medlint.lexicon import lexicon_for, page_topic
from medlint.readers import read_document


def findings(pack, name, text, **settings):
    return lint(read_document(name, text), pack, Settings(**settings)).findings


def rules_of(found):
    return {f.rule for f in found}


DRIFT_PAGES = {
    "drift.md": "# Ketamine for PTSD\n\nKetamine may ease PTSD symptoms for some people.\n\n"
                "## Ketamine for bipolar disorder\n\nIt is given in the same way for bipolar disorder.\n",
    "drift.html": "<h1>Ketamine for PTSD</h1><p>Ketamine may ease PTSD symptoms for some people.</p>"
                  "<h2>Ketamine for bipolar disorder</h2><p>It is given in the same way for bipolar disorder.</p>",
    "drift.txt": "Ketamine for PTSD\n\nKetamine may ease PTSD symptoms for some people.\n\n"
                 "Ketamine for Bipolar Disorder\n\nIt is given in the same way for bipolar disorder.\n",
}


@pytest.mark.parametrize("name", sorted(DRIFT_PAGES))
def test_drift_is_found_in_every_format(pack, name):
    drift = [f for f in findings(pack, name, DRIFT_PAGES[name]) if f.category == "topic-drift"]
    assert [f.text.lower() for f in drift] == ["bipolar disorder", "bipolar disorder"]
    assert "bipolar disorder" in drift[0].message and "PTSD" in drift[0].message
    assert drift[0].line < drift[1].line or name.endswith(".html")


def test_a_page_that_stays_on_topic_has_no_drift(pack):
    page = ("# Ketamine for PTSD\n\nPTSD often co-occurs with depression, and many people with PTSD "
            "also have anxiety.\n\n## Who should not have ketamine?\n\nIt is not suitable for people "
            "with a history of psychosis or bipolar disorder.\n")
    assert not [f for f in findings(pack, "p.md", page) if f.category == "topic-drift"]


def test_topic_comes_from_cli_then_front_matter_then_title_then_most_named(pack):
    lex = lexicon_for(pack)
    doc = read_document("p.md", "---\ntopic: OCD\n---\n# TMS for depression\n\nDepression, depression.\n")
    assert page_topic(doc, lex) == "ocd"
    assert page_topic(doc, lex, "post-traumatic stress disorder") == "ptsd"
    doc = read_document("p.md", "# TMS for depression\n\nOCD and OCD and OCD.\n")
    assert page_topic(doc, lex) == "depression"
    doc = read_document("p.md", "# Our clinic\n\nOCD and OCD, and depression.\n")
    assert page_topic(doc, lex) == "ocd"


def test_topic_option_changes_what_drifts(pack):
    page = "# Ketamine therapy\n\nKetamine may help some people with depression.\n"
    assert not [f for f in findings(pack, "p.md", page, topic="depression") if f.category == "topic-drift"]
    assert [f for f in findings(pack, "p.md", page, topic="PTSD") if f.category == "topic-drift"]


@pytest.mark.parametrize("rule, path, bad, line, text, added", [
    # risks: fires at the promoted treatment, satisfied by a risks paragraph
    ("disclosure.risks", "p.md", "# IV Ketamine for Depression\n\nOur ketamine infusions may help. Book today.\n",
     1, "IV Ketamine", "\n## Risks\n\nSide effects include nausea, dizziness and dissociation.\n"),
    # crisis resources: points at the first mention of suicide, satisfied by a crisis line
    ("disclosure.crisis-resources", "p.html",
     "<h1>TMS</h1><p>TMS is cleared for depression.</p>\n<p>Some patients have suicidal thoughts.</p>",
     2, "suicidal", "<p>If you are thinking about suicide, call or text 988.</p>"),
])
def test_required_content_fires_at_the_trigger_and_is_satisfied(pack, rule, path, bad, line, text, added):
    found = [f for f in findings(pack, path, bad) if f.rule == rule]
    assert len(found) == 1 and found[0].line == line and found[0].text == text
    assert rule not in rules_of(findings(pack, path, bad + added))


def test_off_label_uses_the_approvals_table(pack):
    ketamine_ptsd = "Ketamine for PTSD\n\nOur ketamine infusions may ease PTSD symptoms.\n"
    found = [f for f in findings(pack, "p.txt", ketamine_ptsd) if f.rule == "disclosure.off-label"]
    assert len(found) == 1 and "PTSD" in found[0].message and "Ketamine is FDA-approved as an anesthetic. Its use for PTSD is off-label" in found[0].suggestion
    disclosed = ketamine_ptsd + "\nKetamine's use for PTSD is off-label.\n"
    assert "disclosure.off-label" not in rules_of(findings(pack, "p.txt", disclosed))
    spravato = "Spravato for treatment-resistant depression\n\nSpravato is given in our clinic.\n"
    assert "disclosure.off-label" not in rules_of(findings(pack, "p.txt", spravato))
    wegovy = "Wegovy for weight loss\n\nWegovy is a weekly injection for adults with obesity.\n"
    assert "disclosure.off-label" not in rules_of(findings(pack, "p.txt", wegovy))
    hbot = "Hyperbaric oxygen for autism\n\nHyperbaric oxygen sessions for children with autism.\n"
    assert "disclosure.off-label" in rules_of(findings(pack, "p.txt", hbot))


def test_a_passing_mention_of_a_treatment_is_not_promotion(pack):
    page = "TMS for depression\n\nUnlike ketamine, TMS uses no drug. TMS is cleared for depression.\n"
    found = [f for f in findings(pack, "p.txt", page) if f.rule == "disclosure.off-label"]
    assert not found


def test_lexicon_and_treatments_data_are_consistent(pack):
    lex = lexicon_for(pack)
    assert {"ketamine", "esketamine", "semaglutide", "tirzepatide", "testosterone", "tms",
            "hyperbaric-oxygen", "stem-cells", "prp"} <= set(lex.treatments)
    for treatment in lex.treatments.values():
        assert treatment.sources, treatment.id
        assert treatment.approved <= set(lex.conditions)
    assert {"ptsd", "depression", "treatment-resistant-depression", "bipolar", "anxiety", "ocd",
            "chronic-pain", "migraine", "fibromyalgia", "substance-use", "adhd", "autism", "covid",
            "obesity", "erectile-dysfunction", "low-testosterone", "osteoarthritis"} <= set(lex.conditions)


def test_bold_faq_questions_open_sections_for_drift(pack):
    page = ("# Ketamine for PTSD\n\nKetamine may ease PTSD symptoms for some people.\n\n"
            "**Does ketamine help bipolar disorder?**\n\nIt is given the same way for bipolar disorder.\n")
    drift = [f for f in findings(pack, "p.md", page) if f.category == "topic-drift"]
    assert [f.line for f in drift] == [5, 7]


def test_a_side_effects_label_with_a_colon_is_a_risk_disclosure(pack):
    """Issue 12, item 18: "Side effects: headache" discloses risks, with or without a space."""
    from medlint.engine import lint
    from medlint.readers import read_document

    for text in ("Side effects: headache.", "Side effects : headache.", "Risks:nausea and dizziness."):
        page = "Book your TMS therapy today.\n\n" + text + "\n"
        found = {f.rule for f in lint(read_document("p.txt", page), pack).findings}
        assert "disclosure.risks" not in found, text
    bare = {f.rule for f in lint(read_document("p.txt", "Book your TMS therapy today.\n"), pack).findings}
    assert "disclosure.risks" in bare
