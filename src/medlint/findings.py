"""Findings: the plain values every check produces and every reporter formats."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "warning", "error")  # ascending
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str = ""
    scope: str = "line"  # line | document
    text: str = ""  # the flagged words as they read in the prose

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.rule}"

    def to_dict(self) -> dict:
        # Written out by hand: dataclasses.asdict deep-copies and costs more than linting.
        return {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "rule": self.rule, "category": self.category,
                "severity": self.severity, "message": self.message, "suggestion": self.suggestion,
                "scope": self.scope, "text": self.text}


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
