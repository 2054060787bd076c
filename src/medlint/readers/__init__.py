"""Readers turn decoded page text into a Document, one module per format."""

from __future__ import annotations

import importlib

from medlint.document import Document

# Format -> reader module, imported on first use: a Markdown page never pays for the HTML reader.
READERS = {
    "markdown": "medlint.readers.markdown",
    "html": "medlint.readers.html",
    "text": "medlint.readers.plain",
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
    return importlib.import_module(READERS[fmt]).read(path, source)
