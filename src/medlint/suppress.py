"""Inline suppressions in HTML/Markdown comments, and the trail they leave.

  <!-- medlint-disable-next-line RULE-OR-CATEGORY[, ...] -- reason -->
  <!-- medlint-disable-line RULE -->        (on the line it sits on)
  <!-- medlint-disable RULE --> ... <!-- medlint-enable RULE -->
  <!-- medlint-disable-file RULE -- reason -->
With no rule named, a directive covers every rule. A directive that suppresses nothing
is reported (info), and one that names no known rule or category is reported (warning),
so suppressions cannot rot silently.
"""

from __future__ import annotations


import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.findings import Finding, selects
from medlint.taxonomy import CATEGORIES, META_CATEGORY

_DIRECTIVE = regex.compile(
    r"^\s*medlint-(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)(?P<rest>.*)$",
    regex.S,
)
_REASON = regex.compile(r"(?:^|\s)--(?:\s|$)")
UNUSED = "medlint.unused-suppression"
UNKNOWN = "medlint.unknown-rule"


class Directive:
    """One medlint comment: its kind, the rule ids it names (none: every rule) and why."""

    def __init__(self, kind: str, ids: tuple[str, ...], reason: str, start: int, end: int) -> None:
        self.kind, self.ids, self.reason = kind, ids, reason
        self.start, self.end = start, end  # source offsets of the comment
        self.first_line = self.last_line = 0  # lines it covers (inclusive)
        self.used = False
        self.pairs: list = []

    def covers(self, f: Finding, matches) -> bool:
        if self.kind == "enable":
            return False
        if not (self.first_line <= f.line <= self.last_line):
            return False
        return not self.ids or any(matches(f, s) for s in self.ids)


def parse(doc) -> list[Directive]:
    found = []
    for c in doc.comments:
        m = _DIRECTIVE.match(c.body)
        if not m:
            continue
        ids_text, _, reason = _split_reason(m.group("rest"))
        ids = tuple(i for i in regex.split(r"[,\s]+", ids_text) if i)
        found.append(Directive(m.group("kind"), ids, reason, c.start, c.end))
    _assign_lines(doc, found)
    return found


def _split_reason(rest: str) -> tuple[str, str, str]:
    """"ids -- reason" into (ids, "--", reason); the reason is optional."""
    parts = _REASON.split(rest, maxsplit=1)
    if len(parts) == 2:
        return parts[0], "--", parts[1].strip()
    return rest, "", ""


def _assign_lines(doc, directives: list[Directive]) -> None:
    last_line = doc.line_col(len(doc.source))[0]
    for d in directives:
        start_line = doc.line_col(d.start)[0]
        end_line = doc.line_col(d.end)[0]
        if d.kind == "disable-file":
            d.first_line, d.last_line = 1, last_line
        elif d.kind == "disable-line":
            d.first_line, d.last_line = start_line, end_line
        elif d.kind == "disable-next-line":
            target = end_line + 1
            while target <= last_line and not doc.line_text(target).strip():
                target += 1
            d.first_line = d.last_line = target
        elif d.kind == "disable":
            d.first_line, d.last_line = end_line, last_line
            for other in directives:
                if other.kind == "enable" and other.start > d.end and (
                        not other.ids or not d.ids or set(other.ids) & set(d.ids)):
                    d.last_line = doc.line_col(other.start)[0]
                    break


def apply(doc, findings: list[Finding], known, matches, all_ran=lambda ids: True) -> list[Finding]:
    """Drop suppressed findings; add a finding for every unused or unknown directive.

    known(selector) says whether a selector names a rule, a prefix or a category;
    matches(finding, selector) whether it covers a finding; all_ran(ids) whether every rule
    the ids name (none: every rule) ran on this page. A directive for a rule that did not
    run (ignored, per-file-ignores, not selected) may well be needed: it is not reported.
    """
    directives = parse(doc)
    if not directives:
        return findings
    kept = []
    for f in findings:
        covering = [d for d in directives if d.covers(f, matches)]
        for d in covering:
            d.used = True
        if not covering:
            kept.append(f)
    for d in directives:
        if d.kind == "enable":
            continue
        unknown = [i for i in d.ids if not known(i)]
        if unknown:
            kept.append(_meta(doc, d, UNKNOWN, "warning",
                              f"medlint-{d.kind} names no known rule or category: {', '.join(unknown)}",
                              "Use an id from `medlint rules`, an id prefix, or a category."))
        elif not d.used and all_ran(d.ids):
            what = ", ".join(d.ids) if d.ids else "any rule"
            kept.append(_meta(doc, d, UNUSED, "info",
                              f"medlint-{d.kind} for {what} suppresses nothing here",
                              "Remove the directive, or move it next to the finding it is meant for."))
    return sorted(kept)


def _meta(doc, d: Directive, rule: str, severity: str, message: str, suggestion: str) -> Finding:
    line, col = doc.line_col(d.start)
    end_line, end_col = doc.line_col(d.end)
    return Finding(doc.path, line, col, end_line, end_col, rule, META_CATEGORY, severity, message,
                   suggestion, "line", doc.source[d.start:d.end])


def selector_known(pack, selector: str) -> bool:
    if selector in CATEGORIES or selector in (META_CATEGORY, UNUSED, UNKNOWN, "ALL"):
        return True
    return any(selects(selector, r.id, r.category) for r in pack.rules)


def finding_matches(f: Finding, selector: str) -> bool:
    return selects(selector, f.rule, f.category)
