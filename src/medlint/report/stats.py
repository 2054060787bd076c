"""Run totals that every reporter's closing line or summary object uses."""

from __future__ import annotations

from collections import Counter


class Stats:
    def __init__(self) -> None:
        self.files = 0  # pages linted
        self.skipped = 0  # pages that could not be read
        self.pages_with_findings = 0
        self.severities: Counter = Counter()
        self.rules: Counter = Counter()
        self.categories: Counter = Counter()

    def add(self, findings) -> None:
        self.files += 1
        if findings:
            self.pages_with_findings += 1
        for f in findings:
            self.severities[f.severity] += 1
            self.rules[f.rule] += 1
            self.categories[f.category] += 1

    @property
    def total(self) -> int:
        return sum(self.severities.values())

    def summary_line(self) -> str:
        pages = f"{self.files} page{'s' if self.files != 1 else ''}"
        skipped = f" ({self.skipped} could not be read)" if self.skipped else ""
        if not self.total:
            return f"No problems found in {pages}{skipped}."
        parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}"
                 for s in ("error", "warning", "info") if (n := self.severities[s])]
        return (f"Found {self.total} problem{'s' if self.total != 1 else ''} ({', '.join(parts)}) "
                f"in {self.pages_with_findings} of {pages}{skipped}.")

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "skipped": self.skipped,
            "findings": self.total,
            "by_severity": dict(self.severities),
            "by_category": dict(sorted(self.categories.items())),
            "by_rule": dict(sorted(self.rules.items())),
        }
