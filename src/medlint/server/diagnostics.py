"""Findings, engine problems and broken rule files as LSP diagnostics."""

from __future__ import annotations

from lsprotocol import types
from pygls.uris import from_fs_path

from medlint.server.positions import UTF16, to_client
from medlint.suppress import UNUSED

SOURCE = "medlint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def span_range(doc, line: int, column: int, end_line: int, end_column: int, encoding: str = UTF16) -> types.Range:
    start = types.Position(*to_client(doc, line, column, encoding))
    end = types.Position(*to_client(doc, end_line, end_column, encoding))
    return types.Range(start, end)


def finding_range(doc, f, encoding: str = UTF16) -> types.Range:
    """The flagged words. Page-level findings carry the words that made them necessary,
    so they sit on the line they name; one without words covers its line."""
    if (f.line, f.column) == (f.end_line, f.end_column) and f.scope == "document":
        return span_range(doc, f.line, 1, f.line, len(doc.line_text(f.line)) + 1, encoding)
    return span_range(doc, f.line, f.column, f.end_line, f.end_column, encoding)


def for_finding(doc, f, pack, encoding: str = UTF16) -> types.Diagnostic:
    rule = pack.get(f.rule) if pack is not None else None
    link = rule.link if rule is not None and rule.link else None
    return types.Diagnostic(
        range=finding_range(doc, f, encoding),
        message=f"{f.message} ({f.category})",
        severity=SEVERITY[f.severity],
        code=f.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if f.rule == UNUSED else None,
        data={"category": f.category, "scope": f.scope},
    )


def at_top(message: str, code: str, severity=types.DiagnosticSeverity.Warning, related=None) -> types.Diagnostic:
    """A note about the whole page, on its first character."""
    start = types.Position(0, 0)
    return types.Diagnostic(range=types.Range(start, start), message=message, severity=severity, code=code,
                            source=SOURCE, related_information=related)


def for_page(result, pack, encoding: str = UTF16) -> list[types.Diagnostic]:
    """Everything one lint of a page has to say, as diagnostics."""
    problem = result.skipped
    if problem is not None:
        related = [types.DiagnosticRelatedInformation(types.Location(from_fs_path(problem.path), _line_range(problem)),
                                                      problem.what)] if problem.path else None
        return [at_top(f"medlint did not check this page: {problem.text}", "medlint.not-checked",
                       types.DiagnosticSeverity.Error, related)]
    if result.crash is not None:
        first = result.crash.splitlines()[0]
        return [at_top(f"medlint: internal error: {first} (please report it; the server log has the traceback)",
                       "medlint.internal-error", types.DiagnosticSeverity.Error)]
    out = [for_finding(result.doc, f, pack, encoding) for f in result.findings]
    out += [at_top(f"medlint: {problem}", "medlint.timeout") for problem in result.problems]
    return out


def _line_range(problem) -> types.Range:
    line = max((problem.line or 1) - 1, 0)
    return types.Range(types.Position(line, 0), types.Position(line + 1, 0))


def for_problem(problem) -> types.Diagnostic:
    """A broken config or rule file, on the line the error names (the whole line)."""
    return types.Diagnostic(range=_line_range(problem), message=problem.what, severity=types.DiagnosticSeverity.Error,
                            code="medlint.bad-rules", source=SOURCE)
