"""Lint one editor buffer with the command line's engine: the unsaved text, not the file."""

from __future__ import annotations

import traceback

from medlint.engine import Settings
from medlint.files import Unreadable, decode_with_encoding, read_bytes
from medlint.lint_run import settings_for
from medlint.readers import EXTENSIONS, format_for
from medlint.runner import lint_source

# LSP language ids of the buffers medlint reads, when the name has no page extension.
LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text"}


class PageResult:
    """What one lint of a buffer gave: its document and findings, the engine's problems
    (a rule that took too long), or why the page was not checked at all."""

    def __init__(self, version, doc=None, findings=(), problems=(), skipped=None,
                 crash: str | None = None) -> None:
        self.version = version
        self.doc = doc
        self.findings = list(findings)
        self.problems = list(problems)
        self.skipped = skipped  # not checked: the Problem in the folder's rules or config
        self.crash = crash  # an internal error (a bug): its traceback, for the log
        self.memo: dict = {}  # answers worked out for this version of the page (code actions)


def page_format(path: str, language_id: str | None) -> str:
    """The format the name's extension says, as on the command line; else the buffer's language."""
    if path.lower().endswith(tuple(EXTENSIONS)):
        return format_for(path)
    return LANGUAGES.get(language_id or "", "text")


def lints(path: str, language_id: str | None) -> bool:
    """Whether a buffer is a page medlint reads (not, say, a rule file the client also sent)."""
    return path.lower().endswith((*EXTENSIONS, ".txt")) or (language_id or "") in LANGUAGES


def lint_page(folder, path: str, source: str, language_id: str | None, version=None) -> PageResult:
    if folder.problem is not None:
        return PageResult(version, skipped=folder.problem)
    if folder.config.excluded(path):
        return PageResult(version)  # the config excludes it, as the command line would
    try:
        outcome = lint_source(path, source, folder.pack, settings_for(folder.config, path),
                              page_format(path, language_id))
    except Exception as exc:  # noqa: BLE001 - a bug: say so on the page, keep serving
        return PageResult(version, crash=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    return PageResult(version, outcome.doc, outcome.result.findings, outcome.result.problems)


def read_page(path: str) -> str | None:
    """A page file's text as the command line decodes it; None when it cannot be read."""
    try:
        return decode_with_encoding(read_bytes(path))[0]
    except Unreadable:
        return None


def rule_findings(folder, doc, source: str, rule_id: str) -> int:
    """How many findings one rule gives on `source` (to check that a suppression works)."""
    settings = settings_for(folder.config, doc.path)
    only = Settings(select=(rule_id,), severity=settings.severity, topic=settings.topic, claims=settings.claims)
    outcome = lint_source(doc.path, source, folder.pack, only, doc.format)
    return sum(1 for f in outcome.result.findings if f.rule == rule_id)
