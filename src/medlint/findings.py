"""Findings: the plain values every check produces and every reporter formats."""

from __future__ import annotations

from collections import namedtuple

SEVERITIES = ("info", "warning", "error")  # ascending
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


# Value types are named tuples, not dataclasses: importing and building dataclasses cost
# a third of a one-page run. Tuples also give the field-by-field ordering reports use.
_FINDING = ("path line column end_line end_column rule category severity message "
            "suggestion scope text profile")  # scope: line | document; text: the flagged words as they read;
# profile: the jurisdiction profile whose pack raised it (profiles.py)


class Finding(namedtuple("Finding", _FINDING, defaults=("", "line", "", "us"))):
    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.rule}"

    def to_dict(self) -> dict:
        return self._asdict()  # field order is the JSON contract's order


def selects(selector: str, rule_id: str, category: str) -> bool:
    """A selector names a rule id, an id prefix ("safety" or "safety."), a category, or ALL."""
    if selector in ("ALL", rule_id, category):
        return True
    prefix = selector if selector.endswith(".") else selector + "."
    return rule_id.startswith(prefix)


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
