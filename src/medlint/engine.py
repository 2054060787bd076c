"""The engine: lint(document, pack, settings) -> findings. Pure: no I/O, no printing."""

from __future__ import annotations

import bisect
from collections import namedtuple

from medlint import deadline, suppress
from medlint.document import Document
from medlint.findings import SEVERITY_RANK, Finding, selects
from medlint.hits import Hit
from medlint.rules import Rule, RulePack
from medlint.taxonomy import META_CATEGORY


class Settings(namedtuple("Settings", "select ignore severity topic claims", defaults=((), (), (), None, None))):
    """What to run and how loudly: the CLI and config build one of these.

    select, ignore: rule ids, id prefixes or categories (select empty = all); severity:
    (selector, severity) pairs; topic: the page topic, when config or CLI sets it;
    claims: the approved-claims library (claims.Library), when one is given.
    """

    __slots__ = ()

    def runs(self, rule_id: str, category: str) -> bool:
        """Do select and ignore leave this rule (or built-in finding) in the run?"""
        if self.select and not any(selects(s, rule_id, category) for s in self.select):
            return False
        return not any(selects(s, rule_id, category) for s in self.ignore)

    def severity_of(self, rule_id: str, category: str, default: str) -> str:
        """The severity in force: the last `severity` selector that names it, else `default`."""
        chosen = default
        for selector, severity in self.severity:
            if selects(selector, rule_id, category):
                chosen = severity
        return chosen


def active_rules(pack: RulePack, settings: Settings) -> list[Rule]:
    return [r for r in pack.rules if settings.runs(r.id, r.category)]


class Result:
    def __init__(self, findings: list[Finding], problems: list[str] | None = None, claims=()) -> None:
        self.findings = findings
        self.claims = claims  # the approved claims found on the page (claims.ClaimMatch)
        # One line per rule that gave up on this page ("page: rule X gave up ..."): the
        # page's findings are incomplete, so the run must fail (lint_run exits 2).
        self.problems = problems if problems is not None else []


def lint(doc: Document, pack: RulePack, settings: Settings = Settings()) -> Result:
    findings: list[Finding] = []
    problems: list[str] = []
    doc.cache["pack"] = pack  # contexts that consult the data tables find them here
    budget = deadline.budget_for(len(doc.text))
    active = active_rules(pack, settings)
    with deadline.armed():
        for rule in active:
            try:
                with deadline.limit(budget):
                    hits = list(rule.check.check(doc, rule, settings))
            except TimeoutError:
                problems.append(gave_up(doc, rule, budget))
                continue
            severity = _severity_for(rule, settings)
            findings.extend(make_finding(doc, rule, hit, severity, pack) for hit in hits)
    findings = _dedupe(findings)
    found = ()
    if settings.claims is not None:  # after _dedupe: a claim's findings share its sentence and category
        from medlint import claims

        findings, found = claims.apply(doc, findings, settings, pack)
    if doc.comments:
        findings = suppress.apply(doc, findings, lambda s: suppress.selector_known(pack, s), suppress.finding_matches,
                                  _all_ran(pack, active, settings.claims is not None))
        findings = [f for f in findings if f.category != META_CATEGORY
                    or not any(suppress.finding_matches(f, s) for s in settings.ignore)]
    if pack.profile != "us":  # findings of suppression comments and the claims library are made without the pack
        findings = [f if f.profile == pack.profile else f._replace(profile=pack.profile) for f in findings]
    return Result(sorted(findings), problems, found)


def _all_ran(pack: RulePack, active: list[Rule], with_claims: bool = True):
    """all_ran(ids) for suppress.apply: did every rule these selectors name run on the page?
    (The claims library's findings run only when a library is given.)"""
    ran = {r.id for r in active}
    skipped = [(r.id, r.category) for r in pack.rules if r.id not in ran]
    named_only = []  # a bare directive is not waiting for the library's findings
    if not with_claims:
        from medlint.claims import CATEGORY, CLAIM_RULES

        named_only = [(rule_id, CATEGORY) for rule_id in CLAIM_RULES]
    return lambda ids: not (any(not ids or any(selects(s, i, c) for s in ids) for i, c in skipped)
                            or any(selects(s, i, c) for s in ids for i, c in named_only))


def gave_up(doc: Document, rule: Rule, budget: float) -> str:
    return (f"{doc.path}: rule {rule.id} ({rule.path}:{rule.line}) gave up: it used its limit of "
            f"{budget:.3g} s of CPU time on this page ({deadline.ENV}), so the page is not fully checked and the run fails")


def _severity_for(rule: Rule, settings: Settings) -> str:
    return settings.severity_of(rule.id, rule.category, rule.severity)


def make_finding(doc: Document, rule: Rule, hit: Hit, severity: str, pack: RulePack | None = None) -> Finding:
    if hit.severity and severity == rule.severity:
        severity = hit.severity  # a hedge lowers the rule's own severity, not an override
    line, col, end_line, end_col = doc.position(hit.start, hit.end)
    values = _Values(hit.values, doc, pack)
    return Finding(
        path=doc.path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=rule.id,
        category=rule.category,
        severity=severity,
        message=rule.message.format_map(values).strip(),
        suggestion=rule.suggestion.format_map(values).strip(),
        scope=rule.scope,
        text=hit.values.get("match", doc.text[hit.start:hit.end]),
        profile=pack.profile if pack is not None else "us",
    )


class _Values(dict):
    """Message fields: the hit's own (match, named groups), then the page's: {treatment} (the
    treatment the page promotes, from the treatments table, or "this treatment") and
    {approved} (what it is approved for). An unknown one is left as written."""

    def __init__(self, values, doc=None, pack=None) -> None:
        super().__init__(values)
        self.doc, self.pack = doc, pack

    def __missing__(self, key):
        if key in ("treatment", "approved") and self.doc is not None:
            from medlint.lexicon import page_treatment

            name, approved = page_treatment(self.doc, self.pack)
            return name if key == "treatment" else approved
        return "{" + key + "}"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per rule and words, keeping the stronger (then the longer) of two.

    A rule's overlapping matches make one finding; two rules of one category on the very
    same words make one. Findings of different rules on different words all stay, and so
    do page-level findings of different rules or places (a user's own rule in a shipped
    category, a second off-label use).
    """
    ranked = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity],
                                             -(len(f.text)), f.line, f.column))
    kept: list[Finding] = []
    seen: set[tuple] = set()  # ("line", category, span) and ("document", rule, span)
    taken: dict[str, tuple[list, list]] = {}  # rule -> (sorted starts, ends) of its kept line spans
    for f in ranked:
        span = (f.line, f.column, f.end_line, f.end_column)
        key = ("document", f.rule, span) if f.scope == "document" else ("line", f.category, span)
        if key in seen:
            continue
        if f.scope != "document":
            starts, ends = taken.setdefault(f.rule, ([], []))
            start, end = span[:2], span[2:]
            i = bisect.bisect_left(starts, start)
            # Kept spans are disjoint and sorted, so only the neighbours can overlap.
            if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                continue
            starts.insert(i, start)
            ends.insert(i, end)
        seen.add(key)
        kept.append(f)
    return kept
