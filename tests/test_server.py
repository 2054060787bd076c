"""`medlint server`: the real server process driven over stdio by an LSP client.

The workspace brings its own small rule file (config `extend-rules` plus `select`), so
changes to the shipped pack cannot break these tests; one test checks the shipped pack
loads, on a claim it has flagged from the start ("completely safe").
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lsp_client import WAIT, Client, ServerError, apply_edits, units

RULES = textwrap.dedent("""\
    rules:
      - id: lsptest.wonder-drip
        category: efficacy-overstatement
        severity: error
        message: '"{match}" oversells the drip.'
        suggestion: Say what the drip contains and what it may do.
        why: A test rule of the language server tests; wonder claims need evidence.
        link: https://example.org/rules/wonder-drip
        patterns: ['\\bwonder drip\\b']
        examples:
          flag: [Try our wonder drip.]
          pass: [Try our plain drip.]
      - id: lsptest.vastly
        category: speed-promise
        severity: warning
        message: '"{match}" inflates the benefit.'
        suggestion: Drop "vastly".
        why: A test rule with a safe fix.
        patterns: ['\\bvastly (?P<verb>improves)\\b']
        fix: "{verb}"
        examples:
          flag: [It vastly improves sleep.]
          pass: [It improves sleep.]
      - id: lsptest.consent
        kind: required
        category: missing-risk-disclosure
        severity: warning
        message: 'The page offers "{match}" but never mentions the consent form.'
        suggestion: Add "Read the consent form first".
        why: A test rule of a page-level finding.
        trigger: ['\\bbook a session\\b']
        require: ['\\bconsent form\\b']
        examples:
          flag: ["Book a session today."]
          pass: ["Book a session today. Read the consent form first."]
    """)
CONFIG = "extend-rules: [lsp-rules.yaml]\nselect: [lsptest]\n"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("pack-cache")


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "lsp-rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / ".medlint.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


@pytest.fixture
def start(cache_dir):
    """start(folder, ...) -> an initialized client; every server is stopped at the end."""
    clients = []

    def _start(folder: Path, capabilities=None, env=None, options=None, initialize=True):
        client = Client(cwd=folder, env={"MEDLINT_CACHE_DIR": str(cache_dir), **(env or {})})
        clients.append(client)
        if initialize:
            client.initialize(folder.as_uri(), capabilities, {"debounce": 0.05, **(options or {})})
        return client

    yield _start
    for client in clients:
        client.kill()


def _range(diagnostic):
    r = diagnostic["range"]
    return (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])


def _by_code(published, code):
    return [d for d in published["diagnostics"] if d["code"] == code]


def test_initialize_says_what_the_server_does(workspace, start):
    client = start(workspace, initialize=False)
    result = client.initialize(workspace.as_uri())
    caps = result["capabilities"]
    assert result["serverInfo"]["name"] == "medlint"
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 1 and caps["textDocumentSync"]["openClose"]
    assert caps["hoverProvider"] is True
    assert set(caps["codeActionProvider"]["codeActionKinds"]) == {"quickfix", "source.fixAll.medlint"}
    assert "medlint.explain" in caps["executeCommandProvider"]["commands"]
    assert client.close() == 0


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_diagnostics_have_exact_utf16_ranges_past_emoji_and_cjk(workspace, start, newline):
    client = start(workspace)
    line2 = "Feel 😀🎉 better: 中文說明 our wonder drip, and 👍 it vastly improves sleep."
    text = newline.join(["# Drips", "", line2, ""])
    uri = (workspace / "page.md").as_uri()
    client.open(uri, text)
    published = client.diagnostics(uri)
    assert published["version"] == 1
    [drip] = _by_code(published, "lsptest.wonder-drip")
    [vastly] = _by_code(published, "lsptest.vastly")
    start_drip = units(line2[:line2.index("wonder drip")])
    assert start_drip == len(line2[:line2.index("wonder drip")]) + 2  # two emoji: one extra unit each
    assert _range(drip) == (2, start_drip, 2, start_drip + len("wonder drip"))
    start_vastly = units(line2[:line2.index("vastly")])
    assert _range(vastly) == (2, start_vastly, 2, start_vastly + len("vastly improves"))
    assert drip["severity"] == 1 and vastly["severity"] == 2
    assert drip["source"] == "medlint"
    assert drip["codeDescription"] == {"href": "https://example.org/rules/wonder-drip"}
    assert "codeDescription" not in vastly  # a rule without a link has none
    assert drip["message"] == '"wonder drip" oversells the drip. (efficacy-overstatement)'
    assert drip["data"]["category"] == "efficacy-overstatement"
    assert client.close() == 0


def test_utf32_positions_when_the_client_asks_for_them(workspace, start):
    client = start(workspace, initialize=False)
    result = client.initialize(workspace.as_uri(), {"general": {"positionEncodings": ["utf-32", "utf-16"]}})
    assert result["capabilities"]["positionEncoding"] == "utf-32"
    line = "😀😀😀 a wonder drip"
    uri = (workspace / "page.md").as_uri()
    client.open(uri, line + "\n")
    [drip] = client.diagnostics(uri)["diagnostics"]
    assert _range(drip) == (0, line.index("wonder"), 0, line.index("wonder") + len("wonder drip"))


def test_a_page_level_finding_sits_on_the_line_it_names(workspace, start):
    client = start(workspace)
    uri = (workspace / "offer.md").as_uri()
    text = "# Offer\n\nOur drips help.\n\nPlease book a session now.\n"
    client.open(uri, text)
    [consent] = client.diagnostics(uri)["diagnostics"]
    assert consent["code"] == "lsptest.consent" and consent["data"]["scope"] == "document"
    col = text.splitlines()[4].index("book a session")
    assert _range(consent) == (4, col, 4, col + len("book a session"))


def test_did_change_clears_the_diagnostic_and_close_clears_the_page(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Try our wonder drip.\n")
    assert len(client.diagnostics(uri)["diagnostics"]) == 1
    client.change(uri, "Try our plain drip.\n", 2)
    published = client.diagnostics(uri)
    assert published == {"uri": uri, "diagnostics": [], "version": 2}
    client.change(uri, "Try our wonder drip again.\n", 3)
    assert len(client.diagnostics(uri)["diagnostics"]) == 1
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == []


def test_a_bad_debounce_option_is_logged_and_the_default_used(workspace, start):
    client = start(workspace, options={"debounce": "soon"})
    note = client.notification("window/logMessage")
    assert note["type"] == 2 and "debounce must be seconds" in note["message"] and "'soon'" in note["message"]


def test_changes_while_typing_are_coalesced_into_a_lint_of_the_newest_text(workspace, start):
    client = start(workspace, options={"debounce": 0.3})
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Plain.\n")
    assert client.diagnostics(uri)["diagnostics"] == []
    for version, text in enumerate(["w", "wonder", "wonder dr", "Our wonder drip."], start=2):
        client.change(uri, text + "\n", version)
    published = client.diagnostics(uri)
    assert published["version"] == 5 and len(published["diagnostics"]) == 1


def test_the_unsaved_buffer_is_linted_not_the_file(workspace, start):
    (workspace / "page.md").write_text("Nothing to see here.\n", encoding="utf-8")
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Try our wonder drip.\n")
    assert [d["code"] for d in client.diagnostics(uri)["diagnostics"]] == ["lsptest.wonder-drip"]


def _actions(client, uri, diagnostic, only=None):
    context = {"diagnostics": [diagnostic]}
    if only:
        context["only"] = only
    return client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diagnostic["range"],
                                                      "context": context}) or []


def test_code_action_applies_the_rules_safe_fix(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    text = "# Sleep 😴\n\n🌙 Our drip vastly improves sleep.\n"
    client.open(uri, text)
    [vastly] = client.diagnostics(uri)["diagnostics"]
    actions = _actions(client, uri, vastly)
    [fix] = [a for a in actions if a.get("isPreferred")]
    assert fix["kind"] == "quickfix" and fix["title"] == 'medlint: replace "vastly improves" with "improves"'
    fixed = apply_edits(text, fix["edit"]["changes"][uri])
    assert fixed == "# Sleep 😴\n\n🌙 Our drip improves sleep.\n"
    client.change(uri, fixed, 2)
    assert client.diagnostics(uri)["diagnostics"] == []
    # The same fix as a source action for the whole file.
    client.change(uri, text, 3)
    client.diagnostics(uri)
    [fix_all] = _actions(client, uri, vastly, only=["source.fixAll"])
    assert fix_all["kind"] == "source.fixAll.medlint"
    assert apply_edits(text, fix_all["edit"]["changes"][uri]) == fixed


def _suppress(actions, where):
    return [a for a in actions if a["title"].startswith("medlint: suppress") and a["title"].endswith(where)]


@pytest.mark.parametrize("text,line_edit", [
    # A block starts on the line: the directive goes on a line of its own above it.
    ("---\ntitle: x\n---\nTry our wonder drip.\n\nMore text.\n",
     "---\ntitle: x\n---\n<!-- medlint-disable-next-line lsptest.wonder-drip -- reason -->\n"
     "Try our wonder drip.\n\nMore text.\n"),
    # Inside a paragraph a comment line would split it: the directive ends the line instead.
    ("First line of the paragraph,\nthen our wonder drip.\n",
     "First line of the paragraph,\n"
     "then our wonder drip. <!-- medlint-disable-line lsptest.wonder-drip -- reason -->\n"),
])
def test_code_actions_insert_suppression_comments_that_work(workspace, start, text, line_edit):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, text)
    [drip] = client.diagnostics(uri)["diagnostics"]
    actions = _actions(client, uri, drip)
    [line_action] = _suppress(actions, "on this line")
    [file_action] = _suppress(actions, "in this file")
    suppressed = apply_edits(text, line_action["edit"]["changes"][uri])
    assert suppressed == line_edit
    client.change(uri, suppressed, 2)
    assert client.diagnostics(uri)["diagnostics"] == []  # suppressed, and the directive is used
    whole = apply_edits(text, file_action["edit"]["changes"][uri])
    assert "<!-- medlint-disable-file lsptest.wonder-drip -- reason -->\n" in whole
    assert whole.startswith("---\ntitle: x\n---\n<!--") or whole.startswith("<!--")
    client.change(uri, whole, 3)
    assert client.diagnostics(uri)["diagnostics"] == []


def test_html_suppression_goes_above_the_line_with_its_indent(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.html").as_uri()
    text = "<!doctype html>\n<body>\n  <p>Our wonder drip.</p>\n</body>\n"
    client.open(uri, text, language="html")
    [drip] = client.diagnostics(uri)["diagnostics"]
    actions = _actions(client, uri, drip)
    [line_action] = _suppress(actions, "on this line")
    suppressed = apply_edits(text, line_action["edit"]["changes"][uri])
    assert "<body>\n  <!-- medlint-disable-next-line lsptest.wonder-drip -- reason -->\n  <p>" in suppressed
    [file_action] = _suppress(actions, "in this file")
    assert apply_edits(text, file_action["edit"]["changes"][uri]).startswith(
        "<!doctype html>\n<!-- medlint-disable-file lsptest.wonder-drip -- reason -->\n<body>")


def test_plain_text_has_no_comments_so_no_suppression_is_offered(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.txt").as_uri()
    client.open(uri, "Our wonder drip.\n", language="plaintext")
    [drip] = client.diagnostics(uri)["diagnostics"]
    titles = [a["title"] for a in _actions(client, uri, drip)]
    assert titles == ["medlint: explain lsptest.wonder-drip"]


def test_an_unused_directive_can_be_removed(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    text = "# Drips\n\n<!-- medlint-disable-next-line lsptest.wonder-drip -- old -->\nA plain drip.\n"
    client.open(uri, text)
    [unused] = client.diagnostics(uri)["diagnostics"]
    assert unused["code"] == "medlint.unused-suppression" and unused["tags"] == [1] and unused["severity"] == 3
    [remove] = _actions(client, uri, unused)
    assert apply_edits(text, remove["edit"]["changes"][uri]) == "# Drips\n\nA plain drip.\n"


def test_explain_this_rule(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    [drip] = client.diagnostics(uri)["diagnostics"]
    [explain] = [a for a in _actions(client, uri, drip) if a["title"] == "medlint: explain lsptest.wonder-drip"]
    text = client.request("workspace/executeCommand", explain["command"])
    assert text.startswith("# lsptest.wonder-drip (efficacy-overstatement)")
    assert "wonder claims need evidence" in text
    assert client.notification("window/showMessage")["message"] == text
    with pytest.raises(ServerError):
        client.request("workspace/executeCommand", {"command": "medlint.explain", "arguments": ["no.such-rule", uri]})


def test_hover_on_a_flagged_span_says_why_and_what_instead(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    line = "中文 😀 our wonder drip."
    client.open(uri, line + "\n")
    [drip] = client.diagnostics(uri)["diagnostics"]
    inside = {"line": 0, "character": drip["range"]["start"]["character"] + 3}
    answer = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": inside})
    value = answer["contents"]["value"]
    assert answer["contents"]["kind"] == "markdown" and answer["range"] == drip["range"]
    assert "lsptest.wonder-drip" in value and "wonder claims need evidence" in value
    assert "Say what the drip contains" in value
    before = {"line": 0, "character": drip["range"]["start"]["character"] - 1}
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": before}) is None


def _rules_uri(workspace):
    return (workspace / "lsp-rules.yaml").as_uri()


def test_a_bad_rule_file_gives_one_diagnostic_there_and_the_server_keeps_serving(workspace, start):
    broken = RULES.replace("    patterns: ['\\bwonder drip\\b']", "    patterns: ['\\bwonder (drip']")
    (workspace / "lsp-rules.yaml").write_text(broken, encoding="utf-8")
    bad_line = broken.splitlines().index("    patterns: ['\\bwonder (drip']")
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    [problem] = client.diagnostics(_rules_uri(workspace))["diagnostics"]
    assert problem["range"]["start"]["line"] == bad_line and problem["severity"] == 1
    assert "regex" in problem["message"] or "pattern" in problem["message"]
    [page] = client.diagnostics(uri)["diagnostics"]
    assert page["code"] == "medlint.not-checked" and "lsp-rules.yaml" in page["message"]
    assert page["relatedInformation"][0]["location"]["uri"] == _rules_uri(workspace)
    # Still serving: fix the file, say it changed, and the page is checked again.
    (workspace / "lsp-rules.yaml").write_text(RULES, encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": _rules_uri(workspace), "type": 2}]})
    assert client.diagnostics(_rules_uri(workspace))["diagnostics"] == []
    assert [d["code"] for d in client.diagnostics(uri)["diagnostics"]] == ["lsptest.wonder-drip"]
    assert client.close() == 0


def test_a_bad_config_gives_one_diagnostic_on_its_line(workspace, start):
    (workspace / ".medlint.yaml").write_text(CONFIG + "colour: red\n", encoding="utf-8")
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    [problem] = client.diagnostics((workspace / ".medlint.yaml").as_uri())["diagnostics"]
    assert problem["range"]["start"]["line"] == 2 and 'unknown key "colour"' in problem["message"]
    assert client.diagnostics(uri)["diagnostics"][0]["code"] == "medlint.not-checked"
    answer = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": 0, "character": 6}})
    assert answer is None


def test_a_missing_rule_file_is_shown_where_the_config_names_it(workspace, start):
    (workspace / ".medlint.yaml").write_text("select: [lsptest]\nextend-rules: [gone.yaml]\n", encoding="utf-8")
    client = start(workspace)
    client.open((workspace / "page.md").as_uri(), "Text.\n")
    [problem] = client.diagnostics((workspace / ".medlint.yaml").as_uri())["diagnostics"]
    assert problem["range"]["start"]["line"] == 1 and "gone.yaml" in problem["message"]


def test_a_config_change_reloads_the_pack(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    assert client.diagnostics(uri)["diagnostics"][0]["severity"] == 1
    (workspace / ".medlint.yaml").write_text(CONFIG + "severity: {lsptest.wonder-drip: info}\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": (workspace / ".medlint.yaml").as_uri(), "type": 2}]})
    assert client.diagnostics(uri)["diagnostics"][0]["severity"] == 3


def test_save_lints_again_and_picks_up_rule_changes_without_file_watching(workspace, start):
    client = start(workspace)
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    assert client.diagnostics(uri)["diagnostics"][0]["severity"] == 1
    (workspace / ".medlint.yaml").write_text(CONFIG + "severity: {lsptest: warning}\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    published = client.diagnostics(uri)
    assert [d["severity"] for d in published["diagnostics"]] == [2] and published["version"] == 1


def test_file_watching_is_registered_when_the_client_can(workspace, start):
    client = start(workspace, {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}})
    registration = client.next_message(lambda m: m.get("method") == "client/registerCapability")
    [entry] = registration["params"]["registrations"]
    assert entry["method"] == "workspace/didChangeWatchedFiles"
    assert {"globPattern": "**/.medlint.yaml"} in entry["registerOptions"]["watchers"]


def test_a_rule_that_takes_too_long_is_reported_on_the_page(workspace, start):
    slow = RULES + textwrap.indent(textwrap.dedent("""\
        - id: lsptest.slow
          category: cure-claim
          severity: warning
          message: slow
          suggestion: none
          why: a test of the time limit
          patterns: ['(?:x+x+)+y']
          examples:
            flag: [xy]
            pass: [z]
        """), "  ")
    (workspace / "lsp-rules.yaml").write_text(slow, encoding="utf-8")
    client = start(workspace, env={"MEDLINT_REGEX_TIMEOUT": "0.2"})
    uri = (workspace / "page.txt").as_uri()
    client.open(uri, "Our wonder drip. " + "x" * 5000 + "\n", language="plaintext")
    published = client.diagnostics(uri, timeout=WAIT * 2)
    [late] = _by_code(published, "medlint.timeout")
    assert "lsptest.slow" in late["message"] and "gave up" in late["message"]
    assert _by_code(published, "lsptest.wonder-drip")  # the other rules still ran


def test_garbage_and_unknown_messages_do_not_stop_the_server(workspace, start):
    client = start(workspace)
    client.send_raw(b"{this is not json")
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"nonsense": True}})
    with pytest.raises(ServerError):
        client.request("medlint/noSuchMethod", {})
    with pytest.raises(ServerError):
        client.request("textDocument/hover", {"textDocument": {"uri": "file:///never/opened.md"}})
    unopened = client.request("textDocument/hover", {"textDocument": {"uri": "file:///never/opened.md"},
                                                     "position": {"line": 0, "character": 0}})
    assert unopened is None
    odd = "untitled:Untitled-1"
    client.open(odd, "A wonder drip.\n")
    assert len(client.diagnostics(odd)["diagnostics"]) == 1
    uri = (workspace / "page.md").as_uri()
    client.open(uri, "Our wonder drip.\n")
    [drip] = client.diagnostics(uri)["diagnostics"]
    far = {"line": 99, "character": 99}
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": far}) is None
    assert client.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                      "range": {"start": far, "end": far},
                                                      "context": {"diagnostics": []}}) is None
    assert drip["code"] == "lsptest.wonder-drip"
    assert client.close() == 0


def test_lint_workspace_publishes_pages_that_are_not_open(workspace, start):
    (workspace / "site").mkdir()
    (workspace / "site" / "a.md").write_text("A wonder drip.\n", encoding="utf-8")
    (workspace / "site" / "b.html").write_text("<p>Plain.</p>\n", encoding="utf-8")
    client = start(workspace)
    counts = client.request("workspace/executeCommand", {"command": "medlint.lintWorkspace", "arguments": []})
    assert counts == {"pages": 2, "findings": 1}
    assert len(client.diagnostics((workspace / "site" / "a.md").as_uri())["diagnostics"]) == 1


def test_each_workspace_folder_has_its_own_config_and_pack(workspace, tmp_path_factory, start):
    other = tmp_path_factory.mktemp("other-site")  # no config: the shipped pack, all rules
    client = start(workspace, initialize=False)
    client.initialize(None, folders=[workspace.as_uri(), other.as_uri()], options={"debounce": 0.05})
    text = "Our wonder drip is completely safe.\n"
    ours, theirs = (workspace / "page.md").as_uri(), (other / "page.md").as_uri()
    client.open(ours, text)
    assert [d["code"] for d in client.diagnostics(ours)["diagnostics"]] == ["lsptest.wonder-drip"]
    client.open(theirs, text)
    codes = [d["code"] for d in client.diagnostics(theirs)["diagnostics"]]
    assert "lsptest.wonder-drip" not in codes and any(c.startswith("safety.") for c in codes)


def test_files_that_are_not_pages_are_left_alone(workspace, start):
    client = start(workspace)
    rules = _rules_uri(workspace)
    client.open(rules, RULES.replace("wonder", "completely safe wonder"), language="yaml")
    page = (workspace / "page.md").as_uri()
    client.open(page, "Plain.\n")
    client.diagnostics(page)  # answered in order: a publish for the rule file would have come first
    assert not [m for m in client.unread if m.get("params", {}).get("uri") == rules]


def test_the_shipped_pack_flags_completely_safe(tmp_path, start):
    client = start(tmp_path)
    uri = (tmp_path / "page.md").as_uri()
    client.open(uri, "# IV drips\n\nOur infusions are completely safe.\n")
    published = client.diagnostics(uri)
    safety = [d for d in published["diagnostics"] if d["code"].startswith("safety.")]
    col = "Our infusions are ".__len__()
    assert [_range(d) for d in safety] == [(2, col, 2, col + len("completely safe"))]


def test_exit_without_shutdown_is_an_error_exit(workspace, start):
    client = start(workspace)
    client.notify("exit")
    assert client.proc.wait(timeout=WAIT) == 1


def test_the_server_stops_when_its_input_closes(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "medlint", "server", "--stdio"], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=WAIT, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""  # no shutdown request came first


def test_without_pygls_the_server_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['pygls'] = None; from medlint.main import main; "
            "sys.exit(main(['server']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=WAIT, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().splitlines() == [
        "medlint: medlint server needs pygls 2 and lsprotocol (pygls is missing): pip install 'medlint[lsp]'"]
