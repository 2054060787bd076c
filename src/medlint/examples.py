"""Run a rule's own examples: every `flag` text must be flagged by it, every `pass` text not.

Used by the test suite (one test per example) and by `medlint test-rules`, so an
organisation's own rules are tested the same way as the shipped ones.
"""

from __future__ import annotations

from collections import namedtuple

from medlint.engine import Settings, lint
from medlint.readers import read_document


class ExampleResult(namedtuple("ExampleResult", "rule expect text ok found gave_up", defaults=(False,))):
    """expect: "flag" or "pass"; found: the words the rule flagged; gave_up: it ran out of time."""

    __slots__ = ()

    def describe(self) -> str:
        if self.gave_up:
            return f'{self.rule}: gave up (used its CPU-time budget) on its {self.expect} example: "{self.text}"'
        if self.expect == "flag":
            return f'{self.rule}: should flag, but did not: "{self.text}"'
        return f'{self.rule}: should pass, but flagged {", ".join(repr(w) for w in self.found)}: "{self.text}"'


def example_name(rule, kind: str) -> str:
    """Examples of document rules are whole pages; give them a name that picks plain text."""
    return f"<{rule.id} {kind} example>.txt"


def run_example(pack, rule, kind: str, text: str, settings: Settings = Settings()) -> ExampleResult:
    doc = read_document(example_name(rule, kind), text)
    result = lint(doc, pack.only(rule), settings)
    words = tuple(f.text for f in result.findings if f.rule == rule.id)
    ok = (bool(words) if kind == "flag" else not words) and not result.problems  # a give-up is no pass
    return ExampleResult(rule.id, kind, text, ok, words, bool(result.problems))


def run_all(pack) -> list[ExampleResult]:
    results = []
    for rule in pack.rules:
        results += [run_example(pack, rule, "flag", t) for t in rule.flag_examples]
        results += [run_example(pack, rule, "pass", t) for t in rule.pass_examples]
    return results
