"""Lint many pages: read, decode, parse, check. Yields one outcome per page, in order."""

from __future__ import annotations

from medlint.document import Document
from medlint.engine import Result, Settings, lint
from medlint.files import DEFAULT_MAX_MB, Encoding, Unreadable, decode_with_encoding, read_bytes
from medlint.readers import read_document
from medlint.rules import RulePack


class Outcome:
    """One page's result: its document and findings, or why it could not be read."""

    def __init__(self, path: str, doc: Document | None = None, result: Result | None = None,
                 problem: str | None = None, note: str | None = None, encoding: Encoding = Encoding()) -> None:
        self.path = path
        self.doc = doc
        self.result = result
        self.problem = problem  # the page could not be read: why
        self.note = note  # linted, but worth a word (an empty page)
        self.encoding = encoding


def lint_source(path: str, source: str, pack: RulePack, settings: Settings, fmt: str | None = None) -> Outcome:
    try:
        doc = read_document(path, source, fmt)
        return Outcome(path, doc, lint(doc, pack, settings))
    except RecursionError:  # a bad page is that page's problem, not the run's
        return Outcome(path, problem="nested too deeply to read")


def lint_bytes(path: str, data: bytes, pack: RulePack, settings: Settings, fmt: str | None = None) -> Outcome:
    try:
        source, encoding = decode_with_encoding(data)
    except Unreadable as exc:
        return Outcome(path, problem=str(exc))
    outcome = lint_source(path, source, pack, settings, fmt)
    outcome.encoding = encoding
    if not source.strip():
        outcome.note = "empty page, nothing to lint"
    return outcome


def lint_path(path: str, pack: RulePack, settings: Settings, max_mb: float = DEFAULT_MAX_MB) -> Outcome:
    try:
        data = read_bytes(path, max_mb)
    except Unreadable as exc:
        return Outcome(path, problem=str(exc))
    return lint_bytes(path, data, pack, settings)
