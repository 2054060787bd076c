"""What a check reports before the engine stamps rule, category and position on it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # prose offsets of the words the finding names
    end: int
    severity: str | None = None  # None: the rule's own severity
    values: dict = field(default_factory=dict)  # extra fields for the message ({match}, ...)
