"""Run totals that every reporter's closing line or summary object uses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Stats:
    files: int = 0  # pages linted
    skipped: int = 0  # pages that could not be read
    pages_with_findings: int = 0
    severities: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)

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
