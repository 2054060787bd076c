"""Code actions for findings: the rule's safe fix, a suppression comment, "explain this rule".

A suppression is offered only where it works: the edited text is linted again with that
rule alone, and the action is kept only if the rule then finds less (plain text has no
comments, so it gets none). In Markdown a comment line inside a paragraph, list or table
would split it, so there the directive goes above a line only when a block starts on
it; otherwise `medlint-disable-line` goes at the end of the line.
"""

from __future__ import annotations

from lsprotocol import types

from medlint.fix import planned_edits
from medlint.server.diagnostics import for_finding
from medlint.server.linting import rule_findings
from medlint.server.positions import UTF16, from_client, offset_to_client
from medlint.suppress import UNUSED

EXPLAIN = "medlint.explain"
FIX_ALL = "source.fixAll.medlint"
QUICKFIX = types.CodeActionKind.QuickFix
REASON = "-- reason"  # the placeholder the writer replaces with why the claim may stand


def code_actions(folder, result, uri: str, wanted: types.Range, only=None, encoding: str = UTF16):
    doc = result.doc
    if doc is None or folder.pack is None:
        return []
    start = from_client(doc, wanted.start.line, wanted.start.character, encoding)
    end = from_client(doc, wanted.end.line, wanted.end.character, encoding)
    actions = []
    if _wanted(QUICKFIX, only):
        for f in result.findings:
            if (f.line, f.column) <= end and (f.end_line, f.end_column) >= start:
                actions += _for_finding(folder, doc, f, uri, encoding, result.memo)
    if _wanted(FIX_ALL, only):
        edits = planned_edits(doc, result.findings, folder.pack)
        if edits:
            actions.append(types.CodeAction(title="medlint: apply all safe fixes", kind=FIX_ALL,
                                            edit=_edit(doc, uri, edits, encoding)))
    return actions


def _wanted(kind: str, only) -> bool:
    """LSP `only`: a kind is wanted when it is, or falls under, one of the kinds asked for."""
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _for_finding(folder, doc, f, uri: str, encoding: str, memo: dict) -> list[types.CodeAction]:
    diagnostic = [for_finding(doc, f, folder.pack, encoding)]

    def action(title: str, **more) -> types.CodeAction:
        return types.CodeAction(title=title, kind=QUICKFIX, diagnostics=diagnostic, **more)

    if f.rule == UNUSED:
        return [action("medlint: remove the unused directive", edit=_edit(doc, uri, [_removal(doc, f)], encoding))]
    rule = folder.pack.get(f.rule)
    if rule is None:
        return []
    out = []
    fixes = planned_edits(doc, [f], folder.pack)
    if fixes:
        out.append(action(f'medlint: replace "{f.text}" with "{fixes[0][2]}"', is_preferred=True,
                          edit=_edit(doc, uri, fixes, encoding)))
    for title, edit in _suppressions(folder, doc, f, memo):
        out.append(action(title, edit=_edit(doc, uri, [edit], encoding)))
    out.append(action(f"medlint: explain {f.rule}", command=types.Command(
        title=f"Explain {f.rule}", command=EXPLAIN, arguments=[f.rule, uri])))
    return out


def _suppressions(folder, doc, f, memo: dict):
    """(title, edit) for the line and the file, each only if it really silences the rule.
    Checking lints the page three times, so the answer is kept for the page's version."""
    if doc.format not in ("markdown", "html"):
        return []
    if f not in memo:
        memo[f] = _working_suppressions(folder, doc, f)
    return memo[f]


def _working_suppressions(folder, doc, f):
    candidates = [(f"medlint: suppress {f.rule} on this line", _line_directive(doc, f)),
                  (f"medlint: suppress {f.rule} in this file", _file_directive(doc, f))]
    before = rule_findings(folder, doc, doc.source, f.rule)
    out = []
    for title, (start, end, text) in candidates:
        edited = doc.source[:start] + text + doc.source[end:]
        if rule_findings(folder, doc, edited, f.rule) < before:
            out.append((title, (start, end, text)))
    return out


def _newline(doc) -> str:
    source = doc.source
    return "\r\n" if "\r\n" in source else "\r" if "\r" in source else "\n"


def _line_directive(doc, f) -> tuple[int, int, str]:
    line_text = doc.line_text(f.line)
    above = f.line == _first_content_line(doc) or not doc.line_text(f.line - 1).strip()
    if doc.format == "html" or above:
        indent = line_text[:len(line_text) - len(line_text.lstrip())]
        at = doc.offset(f.line, 1)
        return at, at, f"{indent}<!-- medlint-disable-next-line {f.rule} {REASON} -->{_newline(doc)}"
    at = doc.offset(f.line, len(line_text) + 1)
    return at, at, f" <!-- medlint-disable-line {f.rule} {REASON} -->"


def _file_directive(doc, f) -> tuple[int, int, str]:
    line, directive = _first_content_line(doc), f"<!-- medlint-disable-file {f.rule} {REASON} -->"
    if line > doc.line_col(len(doc.source))[0]:  # front matter ends the file, without a newline
        return len(doc.source), len(doc.source), _newline(doc) + directive
    at = doc.offset(line, 1)
    return at, at, directive + _newline(doc)


def _first_content_line(doc) -> int:
    """The first line after Markdown front matter or an HTML doctype: where a file directive goes."""
    first = doc.line_text(1).strip()
    if doc.format == "html" and first.lower().startswith("<!doctype"):
        return 2
    if doc.format == "markdown" and first == "---":
        last = doc.line_col(len(doc.source))[0]
        for line in range(2, last + 1):
            if doc.line_text(line).rstrip() in ("---", "..."):
                return line + 1
    return 1


def _removal(doc, f) -> tuple[int, int, str]:
    """Delete a directive; with its whole line when nothing else is on it."""
    start, end = doc.offset(f.line, f.column), doc.offset(f.end_line, f.end_column)
    if f.line == f.end_line and doc.line_text(f.line).strip() == f.text.strip():
        last = doc.line_col(len(doc.source))[0]
        start = doc.offset(f.line, 1)
        end = doc.offset(f.line + 1, 1) if f.line < last else len(doc.source)
    return start, end, ""


def _edit(doc, uri: str, edits, encoding: str) -> types.WorkspaceEdit:
    text_edits = [types.TextEdit(range=types.Range(types.Position(*offset_to_client(doc, s, encoding)),
                                                   types.Position(*offset_to_client(doc, e, encoding))),
                                 new_text=new) for s, e, new in edits]
    return types.WorkspaceEdit(changes={uri: text_edits})
