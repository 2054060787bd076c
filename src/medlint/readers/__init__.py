"""Readers turn decoded page text into a Document, one module per format."""

from __future__ import annotations

from medlint.document import Document
from medlint.readers import html, markdown, plain

READERS = {
    "markdown": markdown.read,
    "html": html.read,
    "text": plain.read,
}

EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str) -> str:
    """The format a path's extension names; everything else is plain text."""
    lower = path.lower()
    for ext, fmt in EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return "text"


def read_document(path: str, source: str, fmt: str | None = None) -> Document:
    fmt = fmt or format_for(path)
    return READERS[fmt](path, source)
