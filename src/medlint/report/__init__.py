"""Reporters: one module per output format, each only formats.

A reporter is a class built with (stream, **options: color, statistics, pack); `page(doc, findings)` is called once
per linted page in order, and `finish(stats)` once at the end. Streaming formats
write as they go; whole-document formats (json) write in finish().
"""

from medlint.report import concise, github, html_report, json_report, sarif, text

REPORTERS = {
    "text": text.TextReporter,
    "concise": concise.ConciseReporter,
    "json": json_report.JsonReporter,
    "jsonl": json_report.JsonLinesReporter,
    "github": github.GithubReporter,
    "sarif": sarif.SarifReporter,
    "html": html_report.HtmlReporter,
}
