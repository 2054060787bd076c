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

import bisect

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
# The findings medlint makes about its own comments, for `medlint rules`, `explain` and SARIF:
# id -> (severity, what it flags, why, what to do).
META_RULES = {
    UNUSED: ("info", "A medlint suppression comment that suppresses nothing.",
             "A suppression left behind after the claim was rewritten would silently hide the next claim "
             "written there.",
             "Remove the directive, or move it next to the finding it is meant for."),
    UNKNOWN: ("warning", "A medlint suppression comment that names no known rule or category.",
              "A misspelt rule id suppresses nothing, so the claim it was meant for is still reported and the "
              "comment misleads the next reader.",
              "Use an id from `medlint rules`, an id prefix, or a category."),
}


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
    enables = _Enables([d for d in directives if d.kind == "enable"])
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
            enable = enables.first_after(d)
            if enable is not None:
                d.last_line = doc.line_col(enable.start)[0]


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
    index = _Coverage(directives, matches, known)
    kept = [f for f in findings if not index.suppresses(f)]
    index.mark_used()
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


class _Enables:
    """The enable directives, found by position and rule: a page of directives is linear."""

    def __init__(self, enables: list[Directive]) -> None:
        self.all = enables  # in page order
        self.by_id: dict[str | None, list[Directive]] = {}  # None: bare enables (every rule)
        for e in enables:
            for key in e.ids or (None,):
                self.by_id.setdefault(key, []).append(e)

    def first_after(self, d: Directive) -> Directive | None:
        """The first enable after `d` that ends it: a bare one, any one for a bare disable,
        or one sharing a rule with it."""
        groups = [self.by_id.get(key, ()) for key in (None, *d.ids)] if d.ids else [self.all]
        found = None
        for group in groups:
            i = bisect.bisect_right(group, d.end, key=_start)
            if i < len(group) and (found is None or group[i].start < found.start):
                found = group[i]
        return found


def _start(d: Directive) -> int:
    return d.start


class _Coverage:
    """Which directives cover a finding, without trying every directive on every finding.

    Line directives are found by line. Range directives (disable ... enable, disable-file)
    are grouped by the selector they name (None: every rule); a group answers "does a range
    hold this line" from its ranges sorted by first line and the furthest last line so far.
    Only known selectors can match, so a finding meets at most one group per rule name.
    """

    def __init__(self, directives: list[Directive], matches, known) -> None:
        self.matches = matches
        self.by_line: dict[int, list[Directive]] = {}
        groups: dict[str | None, list[Directive]] = {}
        for d in directives:
            if d.kind in ("disable-line", "disable-next-line"):
                for line in range(d.first_line, d.last_line + 1):
                    self.by_line.setdefault(line, []).append(d)
            elif d.kind in ("disable", "disable-file"):
                for key in d.ids or (None,):
                    if key is None or known(key):
                        groups.setdefault(key, []).append(d)
        self.groups = []  # (selector, ranges by first line, their first lines, running max of last lines, hit lines)
        for key, ranges in groups.items():
            ranges.sort(key=lambda d: d.first_line)
            reach, furthest = [], 0
            for d in ranges:
                furthest = max(furthest, d.last_line)
                reach.append(furthest)
            self.groups.append((key, ranges, [d.first_line for d in ranges], reach, []))

    def suppresses(self, f: Finding) -> bool:
        covered = False
        for d in self.by_line.get(f.line, ()):
            if d.covers(f, self.matches):
                d.used = covered = True
        for key, _ranges, firsts, reach, hits in self.groups:
            if key is not None and not self.matches(f, key):
                continue
            i = bisect.bisect_right(firsts, f.line) - 1
            if i >= 0 and reach[i] >= f.line:
                covered = True
                hits.append(f.line)
        return covered

    def mark_used(self) -> None:
        """A range directive is used when a finding it matches lies in its lines."""
        for _key, ranges, _firsts, _reach, hits in self.groups:
            hits.sort()
            for d in ranges:
                i = bisect.bisect_left(hits, d.first_line)
                if i < len(hits) and hits[i] <= d.last_line:
                    d.used = True


def _meta(doc, d: Directive, rule: str, severity: str, message: str, suggestion: str) -> Finding:
    line, col = doc.line_col(d.start)
    end_line, end_col = doc.line_col(d.end)
    return Finding(doc.path, line, col, end_line, end_col, rule, META_CATEGORY, severity, message,
                   suggestion, "line", doc.source[d.start:d.end])


def selector_known(pack, selector: str) -> bool:
    if selector in CATEGORIES or selector in (META_CATEGORY, UNUSED, UNKNOWN, "ALL"):
        return True
    from medlint.claims import CATEGORY, CLAIM_RULES  # the claims library's findings are built in

    if any(selects(selector, rule_id, CATEGORY) for rule_id in CLAIM_RULES):
        return True
    return any(selects(selector, r.id, r.category) for r in pack.rules)


def finding_matches(f: Finding, selector: str) -> bool:
    return selects(selector, f.rule, f.category)
