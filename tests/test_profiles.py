"""Jurisdiction profiles (issue 16): --profile and `profile:` choose the pack, each profile's own
rules fire on pages written for them, a finding names its profile, and the default is unchanged."""

import json

import pytest

from conftest import FIXTURES, ROOT, run_cli
from medlint.engine import lint
from medlint.errors import ConfigError, RuleError
from medlint.profiles import PROFILES
from medlint.readers import read_document
from medlint.rules import load_pack

PAGES = FIXTURES / "profiles"
ALL_PAGES = ["au-physio.md", "au-support.md", "offlabel.md", "uk-clinic.md", "uk-support.md"]


@pytest.fixture(scope="module")
def packs():
    return {name: load_pack(profile=name) for name in PROFILES}


def findings(pack, page):
    path = PAGES / page
    return lint(read_document(str(path), path.read_text(encoding="utf-8")), pack).findings


def by_rule(found):
    out = {}
    for f in found:
        out.setdefault(f.rule, []).append((f.line, f.text))
    return out


# -- each profile's distinctive rules, on pages written for them ---------------------------------

def test_uk_rules_on_a_uk_clinic_page(packs):
    found = by_rule(findings(packs["uk"], "uk-clinic.md"))
    assert found["uk.pom-advertising"] == [(3, "Botox")]
    assert found["uk.pom-indirect"] == [(5, "Anti-wrinkle injections"), (7, "hay fever jab")]
    assert found["uk.iv-drip-superiority"] == [(13, "absorbed far faster than tablets")]
    assert found["uk.covid-immunity"] == [(15, "protect you from winter viruses")]
    assert (11, "immune drip treats tiredness") in found["uk.unlicensed-medicinal-claim"]
    assert found["uk.testimonial-medicinal"] == [(19, "cleared up my psoriasis")]
    # a review of the service, not of a cure, is no medicinal testimonial
    assert all(line != 21 for line, _ in found["uk.testimonial-medicinal"])


def test_uk_rules_are_not_in_the_us_pack(packs):
    found = by_rule(findings(packs["us"], "uk-clinic.md"))
    assert not [r for r in found if r.startswith(("uk.", "au."))]
    assert packs["us"].get("uk.pom-advertising") is None


def test_au_rules_on_an_au_physio_page(packs):
    found = by_rule(findings(packs["au"], "au-physio.md"))
    # a clinical testimonial is an error even with a disclaimer after it
    assert found["au.testimonial-clinical"] == [(5, "fixed my frozen shoulder"),
                                                (7, "Thanks to the team I can finally sleep")]
    assert found["au.prescription-medicine-advertising"] == [(15, "Ozempic")]
    assert found["au.unreasonable-expectation"] == [(19, "you will be pain-free")]
    lines = {f.line for f in findings(packs["au"], "au-physio.md")}
    assert not lines & {9, 11}  # reviews of parking, staff and punctuality pass


def test_au_clinical_testimonial_is_an_error_whatever_the_disclaimer(packs):
    doc = read_document("review.txt", "My knee pain is so much better since my third visit. Results may vary.\n")
    (f,) = [f for f in lint(doc, packs["au"]).findings if f.rule == "au.testimonial-clinical"]
    assert f.severity == "error" and f.profile == "au"


def test_the_off_label_rule_is_us_only(packs):
    assert "disclosure.off-label" in by_rule(findings(packs["us"], "offlabel.md"))
    for name in ("uk", "au"):
        assert packs[name].get("disclosure.off-label") is None
        assert packs[name].elsewhere["disclosure.off-label"] == ("us",)
        assert "disclosure.off-label" not in by_rule(findings(packs[name], "offlabel.md"))


@pytest.mark.parametrize("profile,page,other", [("uk", "uk-support.md", "au-support.md"),
                                                ("au", "au-support.md", "uk-support.md")])
def test_the_crisis_rule_takes_each_countrys_line(packs, profile, page, other):
    assert "disclosure.crisis-resources" not in by_rule(findings(packs[profile], page))
    assert "disclosure.crisis-resources" in by_rule(findings(packs[profile], other))
    assert "disclosure.crisis-resources" in by_rule(findings(packs["us"], page))  # the US pack as before


def test_uk_overrides_cite_the_human_medicines_regulations(packs):
    rule = packs["uk"].get("efficacy.guaranteed")
    assert "287(a)" in rule.why and "UK medicines advert" in rule.message
    assert rule.override.source.startswith("Human Medicines Regulations 2012 reg 287")
    assert rule.override.checked == "2026-12-02"
    assert packs["us"].get("efficacy.guaranteed").why != rule.why  # the US pack keeps its own
    assert packs["us"].get("efficacy.guaranteed").override is None
    for rule_id in ("comparative.better-than", "risk.no-side-effects", "cure.cures-condition"):
        assert "287" in packs["uk"].get(rule_id).why, rule_id


def test_every_profile_rule_cites_its_source_and_taxonomy(packs):
    from medlint.taxonomy import CATEGORIES

    for name in ("uk", "au"):
        own = [r for r in packs[name].rules if r.path == f"rules/profiles/{name}.yaml"]
        assert len(own) >= 3
        for rule in own:
            assert rule.id.startswith(name + ".") and rule.category in CATEGORIES
            assert rule.source and rule.checked and rule.why and rule.suggestion


def test_a_profile_pack_is_cached_apart_from_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # a fresh load, then from the cache
        uk, us = load_pack(profile="uk"), load_pack()
        assert uk.get("uk.pom-advertising") is not None and uk.profile == "uk"
        assert us.get("uk.pom-advertising") is None and us.profile == "us"
        assert uk.get("efficacy.guaranteed").override is not None
    assert len(list(tmp_path.glob("pack-*.json"))) == 2


# -- choosing a profile: command line and config ------------------------------------------------

def rules_of(out):
    return {f["rule"] for f in json.loads(out.stdout)["findings"]}


def test_profile_from_the_command_line():
    out = run_cli("--profile", "uk", "--format", "json", PAGES / "uk-clinic.md")
    assert out.returncode == 1, out.stderr
    found = json.loads(out.stdout)["findings"]
    assert "uk.pom-advertising" in {f["rule"] for f in found}
    assert {f["profile"] for f in found} == {"uk"}


def test_profile_from_the_config(tmp_path):
    (tmp_path / ".medlint.yaml").write_text("profile: au\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text((PAGES / "au-physio.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = run_cli("--format", "json", "page.md", cwd=tmp_path)
    assert "au.testimonial-clinical" in rules_of(out), out.stderr
    shown = json.loads(run_cli("config", "--format", "json", cwd=tmp_path).stdout)["settings"]["profile"]
    assert shown["value"] == "au" and shown["source"].endswith(".medlint.yaml:1")
    # the command line wins over the file
    out = run_cli("--profile", "us", "--format", "json", "page.md", cwd=tmp_path)
    assert not {r for r in rules_of(out) if r.startswith("au.")}


def test_profile_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.medlint]\nprofile = "uk"\n', encoding="utf-8")
    (tmp_path / "page.md").write_text("Ask us about Mounjaro pens.\n", encoding="utf-8")
    assert "uk.pom-advertising" in rules_of(run_cli("--format", "json", "page.md", cwd=tmp_path))


def test_an_unknown_profile_on_the_command_line_is_exit_2_naming_the_known_ones():
    out = run_cli("--profile", "fr", PAGES / "uk-clinic.md")
    assert out.returncode == 2 and out.stdout == b""
    err = out.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert 'unknown profile "fr"' in err and "us, uk, au" in err
    for command in (["rules"], ["explain", "safety.is-safe"], ["test-rules"]):
        out = run_cli(*command, "--profile", "fr")
        assert out.returncode == 2 and b"us, uk, au" in out.stderr and out.stderr.count(b"\n") == 1, command


@pytest.mark.parametrize("text,line,words", [
    ("fail-on: error\nprofile: nz\n", 2, 'unknown profile "nz"; known profiles: us, uk, au'),
    ("profile: [uk]\n", 1, '"profile" must be the name of a profile'),
])
def test_a_bad_profile_in_the_config_is_file_line_exit_2(tmp_path, text, line, words):
    config = tmp_path / ".medlint.yaml"
    config.write_text(text, encoding="utf-8")
    out = run_cli("--config", config, PAGES / "uk-clinic.md")
    assert out.returncode == 2 and out.stderr.count(b"\n") == 1, out.stderr
    assert out.stderr.decode().startswith(f"medlint: {config}:{line}: ") and words in out.stderr.decode()


# -- profile files are validated like rule files --------------------------------------------------

BAD_PROFILE_FILES = [
    ("profile: uk\noverrides:\n  - rule: safety.no-such-rule\n    source: x\n    checked: 2026-12-02\n"
     "    why: y\n", 3, 'no rule is called "safety.no-such-rule"'),
    ("profile: uk\noverrides:\n  - rule: safety.is-safe\n    checked: 2026-12-02\n    why: y\n", 3,
     'missing required key "source"'),
    ("profile: uk\noverrides:\n  - rule: safety.is-safe\n    source: x\n    checked: last spring\n    why: y\n", 5,
     '"checked" must be the date'),
    ("profile: uk\noverrides:\n  - rule: safety.is-safe\n    source: x\n    checked: 2026-12-02\n"
     "    colour: red\n", 6, 'unknown key "colour"'),
    ("profile: uk\noverrides:\n  - rule: safety.is-safe\n    source: x\n    checked: 2026-12-02\n"
     "    severity: fatal\n", 6, '"severity" must be one of'),
    ("profile: uk\noverrides:\n  - rule: safety.is-safe\n    source: x\n    checked: 2026-12-02\n"
     "    message: 'unsafe {where}'\n", 6, "never fills"),
    ("profile: uk\noverrides:\n  - rule: disclosure.crisis-resources\n    source: x\n    checked: 2026-12-02\n"
     "    extend:\n      require: ['(unclosed']\n", 7, "bad regex"),
    ("profile: uk\noverrides:\n  - rule: disclosure.off-label\n    source: x\n    checked: 2026-12-02\n"
     "    why: y\n", 3, "does not apply under the uk profile"),
    ("profile: uk\nspelling: british\n", 2, 'unknown key "spelling"'),
    ("profile: fr\n", 1, 'unknown profile "fr"'),
    ("profile: uk\nrules:\n  - id: ours.pom\n    category: regulatory-claim\n    severity: error\n"
     "    message: m\n    suggestion: s\n    why: w\n    patterns: [x]\n"
     "    examples: {flag: [x], pass: [y]}\n", 3, 'missing required key "source"'),
    ("rules:\n  - id: ours.rule\n    profiles: [us, nz]\n    category: regulatory-claim\n    severity: error\n"
     "    message: m\n    suggestion: s\n    why: w\n    patterns: [x]\n"
     "    examples: {flag: [x], pass: [y]}\n", 3, 'unknown profile "nz" in "profiles"'),
]


@pytest.mark.parametrize("text,line,words", BAD_PROFILE_FILES)
def test_a_bad_profile_file_is_file_line_exit_2(tmp_path, text, line, words):
    path = tmp_path / "ours.yaml"
    path.write_text(text, encoding="utf-8")
    out = run_cli("--profile", "uk", "--extend-rules", path, PAGES / "uk-clinic.md",
                  env={"MEDLINT_NO_CACHE": "1"})
    err = out.stderr.decode()
    assert out.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"medlint: {path}:{line}: ") and words in err, err


def test_the_loader_refuses_an_unknown_profile():
    with pytest.raises(ConfigError, match="known profiles: us, uk, au"):
        load_pack(profile="xx")
    with pytest.raises(RuleError, match="not found"):
        load_pack((str(PAGES / "no-such.yaml"),), profile="uk")


def test_a_user_profile_file_adds_and_changes_rules(tmp_path):
    path = tmp_path / "ours-uk.yaml"
    path.write_text(
        "profile: uk\nname: our UK house style\n"
        "rules:\n  - id: ours.free-consultation\n    category: regulatory-claim\n    severity: warning\n"
        "    source: our legal team's memo\n    checked: 2026-11-30\n"
        "    message: '\"{match}\" offers a free consultation.'\n    suggestion: Say what it costs.\n"
        "    why: House style.\n    patterns: ['\\bfree consultations?\\b']\n"
        "    examples: {flag: [Book a free consultation.], pass: [Book a consultation.]}\n"
        "overrides:\n  - rule: safety.is-safe\n    source: our legal team's memo\n    checked: 2026-11-30\n"
        "    severity: warning\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("Book a free consultation. Our drip is safe.\n", encoding="utf-8")
    found = json.loads(run_cli("--profile", "uk", "--format", "json", "--extend-rules", path, page).stdout)
    severities = {f["rule"]: f["severity"] for f in found["findings"]}
    assert severities["ours.free-consultation"] == "warning" and severities["safety.is-safe"] == "warning"
    # under another profile, the file is not in force at all
    found = json.loads(run_cli("--format", "json", "--extend-rules", path, page).stdout)
    severities = {f["rule"]: f["severity"] for f in found["findings"]}
    assert "ours.free-consultation" not in severities and severities["safety.is-safe"] == "error"
    out = run_cli("test-rules", "--only-extra", "--profile", "uk", "--extend-rules", path)
    assert out.returncode == 0 and b"2 passed, 0 failed" in out.stdout, out.stdout + out.stderr


# -- rules and explain --------------------------------------------------------------------------

def test_rules_lists_what_is_in_force_for_a_profile():
    uk = run_cli("rules", "--profile", "uk").stdout.decode()
    for rule_id in ("uk.pom-advertising", "uk.pom-indirect", "uk.unlicensed-medicinal-claim",
                    "uk.testimonial-medicinal", "uk.iv-drip-superiority", "uk.covid-immunity"):
        assert f"\n{rule_id} " in uk
    rows = [line.split()[0] for line in uk.splitlines()[1:] if line and not line.startswith((" ", "Profile"))]
    assert "disclosure.off-label" not in rows and "au.testimonial-clinical" not in rows
    assert "not in force (1): disclosure.off-label (us only)" in uk
    assert "changed (" in uk and "efficacy.guaranteed" in uk.split("changed (")[1]
    listed = json.loads(run_cli("rules", "--profile", "au", "--format", "json").stdout)
    ids = {r["id"]: r for r in listed}
    assert "au.testimonial-clinical" in ids and "disclosure.off-label" not in ids
    assert ids["au.testimonial-clinical"]["cites"].startswith("Health Practitioner Regulation National Law s133(1)(c)")


def test_rules_without_a_profile_is_the_default_list():
    assert run_cli("rules").stdout == run_cli("rules", "--profile", "us").stdout
    assert b"Profile " not in run_cli("rules").stdout


def test_explain_shows_the_profiles_message_and_why():
    uk = run_cli("explain", "efficacy.guaranteed", "--profile", "uk")
    assert uk.returncode == 0, uk.stderr
    text = uk.stdout.decode()
    assert "Regulation 287(a)" in text and "Under the uk profile" in text and "rules/profiles/uk.yaml:" in text
    us = run_cli("explain", "efficacy.guaranteed").stdout.decode()
    assert "Regulation 287(a)" not in us and "Under the" not in us
    own = run_cli("explain", "au.testimonial-clinical", "--profile", "au", "--format", "json")
    info = json.loads(own.stdout)
    assert info["checked"] == "2026-12-02" and "133(1)(c)" in info["why"]


def test_explain_says_when_a_rule_belongs_to_another_profile():
    out = run_cli("explain", "disclosure.off-label", "--profile", "au")
    assert out.returncode == 2 and b"does not apply under the au profile" in out.stderr
    out = run_cli("explain", "uk.pom-advertising")
    assert out.returncode == 2 and b"--profile uk" in out.stderr


# -- outputs: each finding names its profile; the default text is unchanged ---------------------------

def test_json_and_jsonl_findings_name_their_profile():
    for profile in PROFILES:
        out = run_cli("--profile", profile, "--format", "json", PAGES / "offlabel.md")
        assert {f["profile"] for f in json.loads(out.stdout)["findings"]} == {profile}
    out = run_cli("--format", "jsonl", PAGES / "offlabel.md")
    assert {json.loads(line)["profile"] for line in out.stdout.splitlines()} == {"us"}


def test_sarif_results_name_their_profile():
    out = run_cli("--profile", "au", "--format", "sarif", PAGES / "au-physio.md")
    results = json.loads(out.stdout)["runs"][0]["results"]
    assert results and {r["properties"]["profile"] for r in results} == {"au"}
    assert "au.testimonial-clinical" in {r["ruleId"] for r in results}


def test_html_findings_name_their_profile(tmp_path):
    out = run_cli("--profile", "uk", "--format", "html", PAGES / "uk-clinic.md")
    assert b'data-rule="uk.pom-advertising"' in out.stdout and b'data-profile="uk"' in out.stdout
    assert b'data-profile="us"' not in out.stdout


def test_default_text_output_is_unchanged():
    # expected-us.txt was written by medlint as it was before profiles existed
    expected = (PAGES / "expected-us.txt").read_bytes()
    pages = [f"tests/fixtures/profiles/{p}" for p in ALL_PAGES] + ["examples/ketamine-ptsd.md"]
    assert run_cli("--no-color", *pages, cwd=ROOT).stdout == expected
    assert run_cli("--no-color", "--profile", "us", *pages, cwd=ROOT).stdout == expected
    assert run_cli(*pages, cwd=ROOT).stdout == expected  # the quick route, without the option parser


def test_default_json_differs_only_by_the_profile_key():
    pages = [PAGES / p for p in ALL_PAGES]
    plain = json.loads(run_cli("--format", "json", *pages).stdout)["findings"]
    named = json.loads(run_cli("--format", "json", "--profile", "us", *pages).stdout)["findings"]
    assert plain == named and plain and all(f.pop("profile") == "us" for f in plain)
    assert list(plain[0]) == ["path", "line", "column", "end_line", "end_column", "rule", "category", "severity",
                              "message", "suggestion", "scope", "text"]


def test_a_profile_is_applied_once_at_load_not_per_page(packs):
    # the pack is built for its profile: linting never looks the profile up again
    assert all(r.override is None for r in packs["us"].rules)
    assert packs["uk"].only(packs["uk"].get("uk.pom-advertising")).profile == "uk"


# -- the README's examples ------------------------------------------------------------------------

README_SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Jurisdiction profiles", 1)[1].split("\n## ")[0]


def _blocks(language):
    import re

    return re.findall(rf"```{language}\n(.*?)```", README_SECTION, re.S)


def test_the_readme_profile_commands_run():
    (block,) = _blocks("sh")
    commands = [line.split("#")[0].split() for line in block.splitlines() if line.startswith("medlint ")]
    assert len(commands) == 5
    for command in commands:
        out = run_cli(*command[1:], cwd=ROOT)
        assert out.returncode in (0, 1) and out.stdout and b"Traceback" not in out.stderr, (command, out.stderr)


def test_the_readme_profile_config_and_profile_file_work(tmp_path):
    config, profile_file = _blocks("yaml")
    (tmp_path / ".medlint.yaml").write_text(config, encoding="utf-8")
    shown = json.loads(run_cli("config", "--format", "json", cwd=tmp_path).stdout)["settings"]["profile"]
    assert shown["value"] == "uk"
    (tmp_path / "our-uk.yaml").write_text(profile_file, encoding="utf-8")
    (tmp_path / "page.md").write_text("Our drip brings rapid relief from a hangover.\n", encoding="utf-8")
    out = run_cli("--format", "json", "--extend-rules", "our-uk.yaml", "page.md", cwd=tmp_path)
    severities = {f["rule"]: f["severity"] for f in json.loads(out.stdout)["findings"]}
    assert severities.get("speed.rapid-relief") == "error", out.stdout


def test_a_medicine_named_again_is_not_a_new_finding(packs):
    # `once: true`: naming the medicine is the finding; each medicine counts once per page.
    text = ("# Our clinic\n\nBook Botox with our nurse. Our botox prices start at £150.\n\n"
            "Ask about Mounjaro too. BOTOX is our most popular treatment.\n")
    found = lint(read_document("page.md", text), packs["uk"]).findings
    named = sorted(f.text.lower() for f in found if f.rule == "uk.pom-advertising")
    assert named == ["botox", "mounjaro"]
    au = [f.text for f in lint(read_document("page.md", text), packs["au"]).findings
          if f.rule == "au.prescription-medicine-advertising"]
    assert len(au) == len({t.lower() for t in au}) >= 1


def test_once_must_be_true_or_false(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: x.one\n    category: safety-claim\n    severity: error\n"
                     "    message: m\n    suggestion: s\n    why: w\n    patterns: ['\\bsafe\\b']\n    once: sometimes\n"
                     "    examples:\n      flag: [It is safe.]\n      pass: [It is fine.]\n")
    with pytest.raises(RuleError, match=r"rules.yaml:\d+: \"once\" must be true or false"):
        load_pack([str(rules)])
