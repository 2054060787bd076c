"""Reporters: one module per output format, each only formats.

A reporter is a class built with (stream, **options: color, statistics, pack, claims);
`page(doc, findings, claims)` is called once per linted page in order (claims: the approved
claims found on it, claims.ClaimMatch; the options' `claims` is the library, None without
one), and `finish(stats)` once at the end. Streaming formats write as they go; whole-document formats (json, sarif,
html) write in finish(). Modules are imported only for the format in use.
"""

from __future__ import annotations

import importlib

REPORTERS = {
    "text": "text:TextReporter",
    "concise": "concise:ConciseReporter",
    "json": "json_report:JsonReporter",
    "jsonl": "json_report:JsonLinesReporter",
    "github": "github:GithubReporter",
    "sarif": "sarif:SarifReporter",
    "html": "html_report:HtmlReporter",
}


def reporter_class(fmt: str):
    module, name = REPORTERS[fmt].split(":")
    return getattr(importlib.import_module(f"medlint.report.{module}"), name)
