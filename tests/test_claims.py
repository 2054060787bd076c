"""The claims library (issue 16): approved wording passes, with its reference; lapsed and edited
claims are findings; bad claims files are one line with file:line and exit 2."""

import datetime
import json

import pytest

from conftest import FIXTURES, run_cli, source_slice, visible
from medlint.rules import load_pack
from medlint.claims import active_profile, load_library, normalise
from medlint.engine import Settings, lint
from medlint.errors import ConfigError
from medlint.readers import read_document

HERE = FIXTURES / "claims"
LIBRARY = HERE / "library.yaml"
TODAY = datetime.date(2026, 12, 2)
SAFE = "Under medical supervision, ketamine is safe for most adults we screen."
REF_SAFE = "https://doi.org/10.5555/medlint.claims.2"


@pytest.fixture(scope="module")
def library():
    return load_library(str(LIBRARY), today=TODAY)


def run(pack, library, name, text, **settings):
    doc = read_document(name, text)
    return doc, lint(doc, pack, Settings(claims=library, **settings))


def rules(result):
    return [f.rule for f in result.findings]


# -- matching ---------------------------------------------------------------------------------
def test_without_a_library_the_approved_sentence_is_flagged(pack):
    doc = read_document("p.md", SAFE + "\n")
    assert "safety.generally-safe" in rules(lint(doc, pack))


def test_an_exact_claim_passes_every_rule_and_is_recorded(pack, library):
    _, result = run(pack, library, "p.md", f"{SAFE}\n\nSee {REF_SAFE}\n")
    assert not [f for f in result.findings if f.line == 1], result.findings
    (found,) = result.claims
    assert (found.claim, found.status, found.reference) == ("ket-safe-02", "approved", "found")
    assert (found.line, found.column, found.end_line, found.end_column) == (1, 1, 1, len(SAFE) + 1)


@pytest.mark.parametrize("variant", [
    "UNDER MEDICAL SUPERVISION, KETAMINE IS SAFE FOR MOST ADULTS WE SCREEN.",  # case
    "Under  medical supervision,\nketamine is   safe for most adults we screen.",  # whitespace, a line break
    "Under medical supervision, ketamine is safe for most adults we screen",  # no final punctuation
    "Under medical supervision, ketamine is safe for most adults we screen!",  # other final punctuation
    "Under medical supervision, ketamine is “safe” for most adults we screen.",  # curly quotes
    'Under medical supervision, ketamine is "safe" for most adults we screen...',  # straight quotes
])
def test_normalised_matches(pack, library, variant):
    _, result = run(pack, library, "p.md", f"{variant}\n\n{REF_SAFE}\n")
    assert [c.status for c in result.claims] == ["approved"], result.findings
    assert not [f for f in result.findings if f.scope == "line"], result.findings


@pytest.mark.parametrize("cited", [
    f"{SAFE[:-1]} ({REF_SAFE}).", f"{SAFE}[1]", f"{SAFE}²", f"{SAFE[:-1]} [1].",
])
def test_a_citation_after_the_claim_keeps_it_approved(pack, library, cited):
    _, result = run(pack, library, "p.md", f"{cited}\n\n[1] {REF_SAFE}\n")
    assert [c.status for c in result.claims] == ["approved"], result.findings
    assert not [f for f in result.findings if f.scope == "line"], result.findings


def test_curly_apostrophes_match_straight_ones(pack, library):
    text = "Our clinicians’ view is that TMS is proven to help adults with depression.\n\n[1] Moreau & Tan, 2021\n"
    _, result = run(pack, library, "p.md", text)
    assert [(c.claim, c.status) for c in result.claims] == [("view-05", "approved")]
    assert not [f for f in result.findings if f.scope == "line"], result.findings


def test_normalise():
    assert normalise("  It’s  “Fine”.  ") == normalise("its fine") == "its fine"


def test_html_claim_with_markup_and_entities(pack, library):
    source = (HERE / "page.html").read_text()
    _, result = run(pack, library, "page.html", source)
    assert [(c.claim, c.status, c.reference) for c in result.claims] == [("view-05", "approved", "found")]
    assert not [f for f in result.findings if f.scope == "line"], result.findings


def test_a_claim_of_two_sentences(pack, library):
    text = "Nasal spray sessions are clinically proven. Each one takes about two hours.\n\nIbarra 2023\n"
    _, result = run(pack, library, "p.md", text)
    assert [(c.claim, c.status) for c in result.claims] == [("pair-06", "approved")]
    assert not [f for f in result.findings if f.scope == "line"]


def test_a_near_match_is_an_edited_claim_and_rules_apply(pack, library):
    source = (HERE / "edited.md").read_text()
    doc, result = run(pack, library, "edited.md", source)
    edited = [f for f in result.findings if f.rule == "claims.edited"]
    assert len(edited) == 1 and '"ket-safe-02"' in edited[0].message
    assert edited[0].category == "unsupported-evidence" and edited[0].severity == "warning"
    assert SAFE in edited[0].suggestion
    assert {"safety.is-safe", "safety.risk-free"} <= set(rules(result))  # no longer the approved claim
    assert [c.status for c in result.claims] == ["edited"]
    assert visible(source_slice(source, edited[0])) == edited[0].text


def test_a_different_sentence_is_not_a_near_match(pack, library):
    _, result = run(pack, library, "p.md", "Ketamine is an anesthetic used in hospitals.\n")
    assert result.claims == [] and "claims.edited" not in rules(result)


# -- references -------------------------------------------------------------------------------
def test_missing_reference_is_one_finding_at_the_claim(pack, library):
    source = f"# Care\n\n{SAFE}\n\nAnd again.\n\n{SAFE}\n"
    _, result = run(pack, library, "p.md", source)
    (missing,) = [f for f in result.findings if f.rule == "claims.missing-reference"]
    assert REF_SAFE in missing.message and '"ket-safe-02"' in missing.message
    assert (missing.line, missing.column) == (3, 1)
    assert source_slice(source, missing) == SAFE == missing.text
    assert [c.reference for c in result.claims] == ["missing", "missing"]


@pytest.mark.parametrize("where", [
    f"Source: {REF_SAFE}.",  # in the prose
    f"[the study]({REF_SAFE})",  # a link target
    "Source: HTTPS://DOI.ORG/10.5555/medlint.claims.2",  # normalised
])
def test_reference_present(pack, library, where):
    _, result = run(pack, library, "p.md", f"{SAFE}\n\n{where}\n")
    assert "claims.missing-reference" not in rules(result)


def test_a_reference_only_in_a_comment_does_not_count(pack, library):
    _, result = run(pack, library, "p.md", f"{SAFE}\n\n<!-- {REF_SAFE} -->\n")
    assert "claims.missing-reference" in rules(result)


# -- review-by --------------------------------------------------------------------------------
def test_a_lapsed_claim_warns_and_no_longer_suppresses(pack, library):
    source = "Our infusions bring immediate relief for many patients.\n\nLindqvist 2019\n"
    _, result = run(pack, library, "p.md", source)
    (lapsed,) = [f for f in result.findings if f.rule == "claims.lapsed"]
    assert lapsed.severity == "warning" and "2020-01-31" in lapsed.message and '"old-claim-03"' in lapsed.message
    assert "speed.immediate-relief" in rules(result)
    assert [c.status for c in result.claims] == ["lapsed"]


def test_review_by_in_the_future_and_an_injected_today(pack):
    page = f"{SAFE}\n\n{REF_SAFE}\n"
    now = load_library(str(LIBRARY), today=TODAY)
    _, result = run(pack, now, "p.md", page)
    assert rules(result) == [] and [c.status for c in result.claims] == ["approved"]
    later = load_library(str(LIBRARY), today=datetime.date(2100, 1, 1))
    _, result = run(pack, later, "p.md", page)
    assert "claims.lapsed" in rules(result) and "safety.generally-safe" in rules(result)


# -- profiles ---------------------------------------------------------------------------------
def test_profiles_limit_where_a_claim_applies(pack, library):
    text = "This therapy is guaranteed to work for everyone in our programme.\n\nHale 2018\n"
    _, result = run(pack, library, "p.md", text)
    assert result.claims == [] and rules(result)  # a UK-only claim: not approved under us
    assert active_profile(pack) == "us"
    uk_pack = load_pack(profile="uk")
    assert active_profile(uk_pack) == "uk"
    _, result = run(uk_pack, library, "p.md", text)  # under uk the claim is approved
    assert [(c.claim, c.status) for c in result.claims] == [("uk-only-04", "approved")]
    assert all(f.profile == "uk" for f in result.findings)
    uk_only = library.in_force("uk")
    assert ("uk-only-04" in [c.id for c in uk_only.exact.values()]
            and "ket-safe-02" not in [c.id for c in uk_only.exact.values()])


# -- selection, suppression, baseline ----------------------------------------------------------
def test_ignore_and_severity_apply_to_claims_findings(pack, library):
    page = f"# Care\n\n{SAFE}\n"
    _, result = run(pack, library, "p.md", page, ignore=("claims.missing-reference",))
    assert "claims.missing-reference" not in rules(result)
    _, result = run(pack, library, "p.md", page, severity=(("claims", "info"),))
    assert [f.severity for f in result.findings if f.rule.startswith("claims.")] == ["info"]


def test_a_comment_suppresses_a_claims_finding(pack, library):
    page = f"<!-- medlint-disable-next-line claims.missing-reference -- reference is on the print flyer -->\n{SAFE}\n"
    _, result = run(pack, library, "p.md", page)
    assert not [f for f in result.findings if f.rule.startswith("claims.") or f.rule.startswith("medlint.")]


def test_baseline_keeps_working(tmp_path):
    (tmp_path / "p.md").write_text(f"# Care\n\n{SAFE}\n")
    args = ("--claims", LIBRARY)
    assert run_cli(*args, "--write-baseline", "base.json", "p.md", cwd=tmp_path).returncode == 0
    proc = run_cli(*args, "--baseline", "base.json", "p.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


def test_every_claims_finding_slices_the_source(pack, library):
    for name in ("page.md", "edited.md", "page.html"):
        source = (HERE / name).read_text()
        _, result = run(pack, library, name, source)
        for f in result.findings:
            if f.scope == "line":
                sliced = source_slice(source, f)
                assert visible(sliced) == visible(f.text), (f, sliced)


# -- invalid files ------------------------------------------------------------------------------
BAD = {
    "unknown-key": ("- id: a\n  text: Some words here.\n  reference: R\n  reviewed: 2026-01-01\n", 4, 'unknown key "reviewed"'),
    "missing-field": ("- id: a\n  text: Some words here.\n", 1, 'missing required key "reference"'),
    "duplicate-id": ("- id: a\n  text: One.\n  reference: R\n- id: a\n  text: Two.\n  reference: R\n", 4,
                     'claim id "a" is already used at line 1'),
    "duplicate-text": ("- id: a\n  text: One here.\n  reference: R\n- id: b\n  text: ONE here!\n  reference: R\n", 5,
                       'same text as "a"'),
    "impossible-date": ("- id: a\n  text: One.\n  reference: R\n  review-by: 2026-02-30\n", 4, "YYYY-MM-DD"),
    "bad-date": ("- id: a\n  text: One.\n  reference: R\n  review-by: next spring\n", 4, "YYYY-MM-DD"),
    "date-and-time": ("- id: a\n  text: One.\n  reference: R\n  review-by: 2026-01-01 10:00\n", 4, "YYYY-MM-DD"),
    "unknown-profile": ("- id: a\n  text: One.\n  reference: R\n  profiles: [us, fr]\n", 4, 'unknown profile "fr"'),
    "empty-profiles": ("- id: a\n  text: One.\n  reference: R\n  profiles: []\n", 4, '"profiles" is empty'),
    "not-text": ("- id: a\n  text: 42\n  reference: R\n", 2, '"text" must be text'),
    "bad-id": ("- id: two words\n  text: One.\n  reference: R\n", 1, "no spaces"),
    "not-a-list": ("id: a\ntext: One.\n", 1, "must be a list of claims"),
    "item-not-mapping": ("- just words\n", 1, "a claim must be a mapping"),
    "empty-file": ("", 1, "must be a list of claims"),
    "bad-yaml": ("- id: a\n  text: [unclosed\n", 3, "not valid YAML"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_invalid_claims_files(tmp_path, kind):
    text, line, words = BAD[kind]
    path = tmp_path / "claims.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_library(str(path))
    assert str(err.value).startswith(f"{path}:{line}: ") and words in str(err.value), str(err.value)


@pytest.mark.parametrize("name,line", [("bad-date.yaml", 7), ("duplicate-id.yaml", 4)])
def test_invalid_claims_file_on_the_command_line(tmp_path, name, line):
    (tmp_path / "p.md").write_text("Plain words.\n")
    proc = run_cli("--claims", HERE / name, "p.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    (message,) = proc.stderr.decode().splitlines()
    assert message.startswith(f"medlint: {HERE / name}:{line}: ")


@pytest.mark.parametrize("target,words", [("missing.yaml", "claims file not found"), (".", "cannot read claims file")])
def test_missing_or_unreadable_claims_file(tmp_path, target, words):
    (tmp_path / "p.md").write_text("Plain words.\n")
    proc = run_cli("--claims", target, "p.md", cwd=tmp_path)
    assert proc.returncode == 2
    (message,) = proc.stderr.decode().splitlines()
    assert message == f"medlint: {target}: {words}" or (message.startswith(f"medlint: {target}: ") and words in message)


# -- command line and config ----------------------------------------------------------------------
def test_cli_option_and_json_show_claim_ids():
    proc = run_cli("--format", "json", "--claims", LIBRARY, HERE / "page.md")
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert [(c["claim"], c["status"], c["reference"]) for c in out["claims"]] == [
        ("ket-safe-02", "approved", "found"), ("tms-mood-01", "approved", "found"),
        ("old-claim-03", "lapsed", "missing")]
    by_rule = {f["rule"]: f for f in out["findings"]}
    assert by_rule["claims.lapsed"]["claim"] == by_rule["claims.missing-reference"]["claim"] == "old-claim-03"
    assert "safety.generally-safe" not in by_rule  # the approved sentence passes
    assert "claim" not in by_rule["speed.immediate-relief"]


def test_without_claims_the_output_is_unchanged():
    out = json.loads(run_cli("--format", "json", HERE / "page.md").stdout)
    assert "claims" not in out and not any("claim" in f for f in out["findings"])
    text = run_cli("--no-color", HERE / "page.md").stdout.decode()
    assert "claims." not in text and "safety.generally-safe" in text


def test_sarif_shows_claim_ids():
    proc = run_cli("--format", "sarif", "--claims", LIBRARY, HERE / "page.md")
    sarif_run = json.loads(proc.stdout)["runs"][0]
    assert [c["claim"] for c in sarif_run["properties"]["claims"]] == ["ket-safe-02", "tms-mood-01", "old-claim-03"]
    region = sarif_run["properties"]["claims"][0]["location"]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 1)
    claimed = {r["ruleId"]: r["properties"].get("claim") for r in sarif_run["results"]}
    assert claimed["claims.lapsed"] == "old-claim-03"
    rule_ids = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert "claims.lapsed" in rule_ids and "claims.missing-reference" in rule_ids


def test_html_shows_claim_ids(tmp_path):
    report = tmp_path / "r.html"
    run_cli("--format", "html", "-o", report, "--claims", LIBRARY, HERE / "page.md")
    html = report.read_text()
    assert 'data-claim="ket-safe-02" data-status="approved"' in html
    assert 'data-claim="old-claim-03" data-status="lapsed"' in html


def test_config_key_is_relative_to_the_config_file(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "claims.yaml").write_text(LIBRARY.read_text())
    (site / ".medlint.yaml").write_text("claims: claims.yaml\n")
    (site / "p.md").write_text(f"{SAFE}\n\n{REF_SAFE}\n")
    proc = run_cli("--format", "json", "--config", site / ".medlint.yaml", site / "p.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [c["claim"] for c in json.loads(proc.stdout)["claims"]] == ["ket-safe-02"]
    shown = run_cli("config", "--config", site / ".medlint.yaml").stdout.decode()
    assert "claims" in shown and str(site / "claims.yaml") in shown


def test_config_key_in_pyproject(tmp_path):
    (tmp_path / "compliance").mkdir()
    (tmp_path / "compliance" / "claims.yaml").write_text(LIBRARY.read_text())
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nclaims = "compliance/claims.yaml"\n')
    (tmp_path / "p.md").write_text(f"{SAFE}\n\n{REF_SAFE}\n")
    proc = run_cli("--format", "json", "p.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [c["claim"] for c in json.loads(proc.stdout)["claims"]] == ["ket-safe-02"]


def test_config_key_errors(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("fail-on: error\nclaims: [a, b]\n")
    (tmp_path / "p.md").write_text("Plain words.\n")
    proc = run_cli("p.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith(f"medlint: {tmp_path / '.medlint.yaml'}:2: ")
    (tmp_path / ".medlint.yaml").write_text("claims: nowhere.yaml\n")
    proc = run_cli("p.md", cwd=tmp_path)
    assert proc.returncode == 2 and b"claims file not found" in proc.stderr


# -- medlint claims FILE ------------------------------------------------------------------------------
def test_claims_command_lists_statuses(tmp_path):
    soon = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    path = tmp_path / "claims.yaml"
    path.write_text(LIBRARY.read_text() + f"- id: soon-07\n  text: Sessions are booked online.\n"
                                          f"  reference: Clinic handbook\n  review-by: {soon}\n")
    proc = run_cli("claims", path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    row = {line.split()[0]: line.split() for line in lines[1:-1] if line[:1].strip()}
    assert row["old-claim-03"][1] == "lapsed" and row["old-claim-03"][2] == "2020-01-31"
    assert row["ket-safe-02"][1:3] == ["ok", "2099-12-31"]
    assert row["soon-07"][1:3] == ["review", "due"] and soon in lines[-2 - 1] + " ".join(row["soon-07"])
    assert row["tms-mood-01"][1:3] == ["ok", "-"]
    assert lines[-1].startswith(f"7 claims in {path}") and "1 lapsed" in lines[-1] and "1 review due" in lines[-1]
    data = json.loads(run_cli("claims", path, "--format", "json").stdout)
    assert {c["id"]: c["status"] for c in data["claims"]}["soon-07"] == "review due"
    assert data["claims"][0]["source"] == f"{path}:2"


def test_claims_command_errors(tmp_path):
    proc = run_cli("claims", HERE / "duplicate-id.yaml")
    assert proc.returncode == 2 and b"duplicate-id.yaml:4: " in proc.stderr  # named as rule files are
    proc = run_cli("claims", "--no-config", cwd=tmp_path)
    assert proc.returncode == 2 and b"no claims file" in proc.stderr


def test_rules_and_explain_know_the_claims_findings():
    listed = run_cli("rules").stdout.decode()
    assert all(i in listed for i in ("claims.missing-reference", "claims.lapsed", "claims.edited"))
    explained = run_cli("explain", "claims.edited")
    assert explained.returncode == 0 and explained.stdout.startswith(b"# claims.edited (unsupported-evidence)")


# -- the README's examples -----------------------------------------------------------------------------
def _readme_section():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Claims library\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_claims_examples_run_as_shown(tmp_path):
    import re

    section = _readme_section()
    (library,) = re.findall(r"```yaml\n(# compliance/claims.yaml\n.*?)```", section, re.S)
    (page,) = re.findall(r"```markdown\n(.*?)```", section, re.S)
    (tmp_path / "compliance").mkdir()
    (tmp_path / "compliance" / "claims.yaml").write_text(library)
    (tmp_path / "tms.md").write_text(page)
    for block in re.findall(r"```console\n\$ (.*?)\n(.*?)```", section, re.S):
        command, shown = block
        args = command.split()[1:]
        out = run_cli(*args, cwd=tmp_path, env={"NO_COLOR": "1"})
        assert out.returncode in (0, 1), out.stderr
        got = re.sub(r"\(as of \d{4}-\d\d-\d\d\)", "(as of DATE)", out.stdout.decode())
        assert got == re.sub(r"\(as of \d{4}-\d\d-\d\d\)", "(as of DATE)", shown), got
    # Without the library, the approved sentence is flagged: the example shows something.
    plain = run_cli("--format", "concise", "tms.md", cwd=tmp_path).stdout.decode()
    assert "tms.md:3:" in plain and "evidence.studies-show" in plain


def test_fixes_leave_approved_wording_alone(tmp_path):
    (tmp_path / "lib.yaml").write_text("- id: fast-08\n  text: TMS drastically reduces symptoms for some adults in trials.\n"
                                       "  reference: Quinn 2020\n")
    page = tmp_path / "fix.md"
    page.write_text("TMS drastically reduces symptoms for some adults in trials.\n\nQuinn 2020\n\n"
                    "Ketamine drastically reduces symptoms for many adults.\n")
    proc = run_cli("--fix", "--claims", tmp_path / "lib.yaml", page)
    assert proc.returncode in (0, 1), proc.stderr
    assert page.read_text().splitlines()[0] == "TMS drastically reduces symptoms for some adults in trials."
    assert page.read_text().splitlines()[-1] == "Ketamine reduces symptoms for many adults."


def test_many_pages_on_several_processes(tmp_path):
    for i in range(10):
        (tmp_path / f"p{i}.md").write_text((HERE / "page.md").read_text())
    proc = run_cli("-j", "2", "--format", "json", "--claims", LIBRARY, tmp_path)
    out = json.loads(proc.stdout)
    assert len(out["claims"]) == 30 and sum("claim" in f for f in out["findings"]) == 20


# -- never a traceback ------------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["- ", "id: ", "text: ", "reference: ", "profiles: ", "review-by: ", "\n", "  ", "a", "b-1", "us", "fr",
          "[us, uk]", "[]", "2026-02-30", "2026-01-01", "2026-01-01 10:00", "'2027-05-05'", "42", "true", "~", "{",
          "}", "[", "]", ":", "\"", "Words here.", "&x", "*x", "<<: *x", "!!python/object:x", "\t", "é", "—"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40))
def test_any_claims_file_loads_or_is_one_config_error(tmp_path_factory, parts):
    path = tmp_path_factory.mktemp("fuzz") / "claims.yaml"
    path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
    try:
        load_library(str(path))
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith(f"{path}:") and "\n" not in message, message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Under", "medical", "supervision,", "ketamine", "is", "safe", "for", "most",
                                 "adults", "we", "screen.", "totally", "“safe”", "**", "\n", "\n\n", "<!-- x -->",
                                 "Okafor", "et", "al.", "2022", "&amp;", "<b>", "</b>"]), max_size=40),
       st.sampled_from(["p.md", "p.html", "p.txt"]))
def test_any_page_with_a_library_has_exact_spans(pack, library, words, name):
    source = " ".join(words)
    doc, result = run(pack, library, name, source)
    for c in result.claims:
        assert (c.line, c.column) <= (c.end_line, c.end_column)
    for f in result.findings:
        if f.rule.startswith("claims."):
            assert visible(source_slice(source, f)) == visible(f.text), (f, source)
