"""Hover on a flagged span: the rule's message, why it matters and what to write instead."""

from __future__ import annotations

from lsprotocol import types

from medlint.server.diagnostics import finding_range
from medlint.server.positions import UTF16, from_client


def hover(pack, result, position: types.Position, encoding: str = UTF16) -> types.Hover | None:
    doc = result.doc
    if doc is None:
        return None
    at = from_client(doc, position.line, position.character, encoding)
    found = [f for f in result.findings if (f.line, f.column) <= at < (f.end_line, f.end_column)]
    if not found:
        return None
    parts = [_describe(f, pack.get(f.rule) if pack is not None else None) for f in found]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                       range=finding_range(doc, found[0], encoding))


def _describe(f, rule) -> str:
    lines = [f"**{f.rule}** ({f.category}, {f.severity})", "", f.message]
    if rule is not None and rule.why.strip():
        lines += ["", f"**Why it matters:** {' '.join(rule.why.split())}"]
    if f.suggestion:
        lines += ["", f"**What to write instead:** {' '.join(f.suggestion.split())}"]
    if rule is not None and rule.fix is not None:
        lines += ["", "A safe fix is available (quick fix, or `medlint --fix`)."]
    return "\n".join(lines)
