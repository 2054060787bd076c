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


class ContextResult(namedtuple("ContextResult", "context expect text ok")):
    """expect: "holds" or "fails" for the [[marked words]] of `text`."""

    __slots__ = ()

    def describe(self) -> str:
        verb = "should hold, but does not" if self.expect == "holds" else "should not hold, but does"
        return f'context {self.context}: {verb}: "{self.text}"'


def run_context_example(ctx, expect: str, text: str, pack=None) -> ContextResult:
    """Judge the context on the [[marked]] words of a one-example page."""
    from medlint.contexts import holds

    before, rest = text.split("[[", 1)
    target, after = rest.split("]]", 1)
    doc = read_document(f"<context {ctx.name} example>.txt", before + target + after)
    doc.cache["pack"] = pack  # as engine.lint does: contexts that read the data tables need it
    start = doc.text.find(target, len(" ".join(before.split())) - 1 if before.strip() else 0)
    if start < 0:
        return ContextResult(ctx.name, expect, text, False)
    sentence = doc.sentence_at(start)
    result = sentence is not None and holds(ctx, doc, sentence, start, start + len(target))
    return ContextResult(ctx.name, expect, text, result == (expect == "holds"))


def run_all_contexts(pack) -> list[ContextResult]:
    return [run_context_example(ctx, expect, text, pack) for ctx in pack.contexts.values()
            for expect, texts in zip(("holds", "fails"), ctx.examples) for text in texts]
