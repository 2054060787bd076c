"""Lint many pages: read, decode, parse, check. Yields one outcome per page, in order."""

from __future__ import annotations

from medlint.document import Document
from medlint.engine import Result, Settings, lint
from medlint.files import Encoding, Unreadable, decode_with_encoding, read_bytes
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
        self.origin = None  # a page from a WARC: where in the crawl (warc.Origin)


def lint_source(path: str, source: str, pack: RulePack, settings: Settings, fmt: str | None = None) -> Outcome:
    doc = read_document(path, source, fmt)
    return Outcome(path, doc, lint(doc, pack, settings))


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


def lint_path(path: str, pack: RulePack, settings: Settings) -> Outcome:
    try:
        data = read_bytes(path)
    except Unreadable as exc:
        return Outcome(path, problem=str(exc))
    return lint_bytes(path, data, pack, settings)


class PageBytes:
    """A page read here to be linted elsewhere (a cluster's workers may not share this disk)."""

    __slots__ = ("path", "data", "problem")

    def __init__(self, path: str) -> None:
        self.path, self.data, self.problem = path, b"", None
        try:
            self.data = read_bytes(path)
        except Unreadable as exc:
            self.problem = str(exc)

    def lint(self, pack: RulePack, settings_for) -> Outcome:
        if self.problem:
            return Outcome(self.path, problem=self.problem)
        return lint_bytes(self.path, self.data, pack, settings_for(self.path))


def lint_item(item, pack: RulePack, settings_for) -> Outcome:
    """One unit of a run: a path to read here, or a page already read (PageBytes, warc.Record)."""
    if isinstance(item, str):
        return lint_path(item, pack, settings_for(item))
    return item.lint(pack, settings_for)
