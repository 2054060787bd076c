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
        self.origin = None  # a page from a WARC: where in the crawl (warc.Origin)


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


class PageBytes:
    """A page read here to be linted elsewhere (a cluster's workers may not share this disk)."""

    __slots__ = ("path", "data", "problem")

    def __init__(self, path: str, max_mb: float = DEFAULT_MAX_MB) -> None:
        self.path, self.data, self.problem = path, b"", None
        try:
            self.data = read_bytes(path, max_mb)
        except Unreadable as exc:
            self.problem = str(exc)

    def lint(self, pack: RulePack, settings_for) -> Outcome:
        if self.problem:
            return Outcome(self.path, problem=self.problem)
        return lint_bytes(self.path, self.data, pack, settings_for(self.path))


def lint_item(item, pack: RulePack, settings_for, max_mb: float = DEFAULT_MAX_MB) -> Outcome:
    """One unit of a run: a path to read here (at most `max_mb` MB), or a page already read
    (PageBytes, warc.Record: their size was checked when they were read)."""
    if isinstance(item, str):
        return lint_path(item, pack, settings_for(item), max_mb)
    return item.lint(pack, settings_for)
