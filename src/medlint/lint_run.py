"""One lint run from the command line: load the pack, lint every page, report, pick the exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import click

from medlint.engine import Settings
from medlint.errors import MedlintError
from medlint.files import discover
from medlint.findings import at_least
from medlint.report import REPORTERS
from medlint.report.stats import Stats
from medlint.rules import load_pack
from medlint.runner import Outcome, lint_bytes, lint_path


@dataclass
class RunOptions:
    paths: list[str]
    fmt: str = "text"
    output: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    extend_rules: list[str] = field(default_factory=list)
    topic: str | None = None
    stdin_filename: str | None = None
    color: bool | None = None
    statistics: bool = False
    quiet: bool = False


def run(opts: RunOptions) -> int:
    if not opts.paths:
        raise MedlintError("no pages given: medlint PATH... (a file, a folder, or '-' for standard input)")
    pack = load_pack(opts.extend_rules)
    _check_selectors(pack, opts.select + opts.ignore)
    settings = Settings(select=opts.select, ignore=opts.ignore, topic=opts.topic)
    files, problems = discover([p for p in opts.paths if p != "-"])
    for problem in problems:
        click.echo(f"medlint: {problem}", err=True)
    stream = open(opts.output, "w", encoding="utf-8") if opts.output else sys.stdout
    try:
        color = opts.color if opts.color is not None else (stream is sys.stdout and sys.stdout.isatty())
        reporter = REPORTERS[opts.fmt](stream, color=color, statistics=opts.statistics)
        stats = Stats(skipped=len(problems))
        failing = False
        for outcome in _outcomes(opts, files, pack, settings):
            if outcome.problem:
                stats.skipped += 1
                click.echo(f"medlint: {outcome.path}: {outcome.problem}; skipped", err=True)
                continue
            if outcome.note and not opts.quiet:
                click.echo(f"medlint: {outcome.path}: {outcome.note}", err=True)
            for problem in outcome.result.problems:
                click.echo(f"medlint: {problem}", err=True)
            findings = outcome.result.findings
            stats.add(findings)
            reporter.page(outcome.doc, findings)
            failing = failing or any(at_least(f.severity, opts.fail_on) for f in findings)
        reporter.finish(stats)
    finally:
        if stream is not sys.stdout:
            stream.close()
    if stats.files == 0 and stats.skipped:
        return 2  # nothing could be linted
    return 1 if failing else 0


def _outcomes(opts: RunOptions, files: list[str], pack, settings):
    if "-" in opts.paths:
        name = opts.stdin_filename or "<stdin>"
        yield lint_bytes(name, sys.stdin.buffer.read(), pack, settings)
    for path in files:
        yield lint_path(path, pack, settings)


def _check_selectors(pack, selectors) -> None:
    """An unknown id in --select/--ignore is a typo, not a silent no-op."""
    from medlint.engine import matches

    for selector in selectors:
        if not any(matches(rule, selector) for rule in pack.rules):
            from medlint.taxonomy import CATEGORIES

            if selector not in CATEGORIES:
                raise MedlintError(f'--select/--ignore: no rule, rule prefix or category is called "{selector}" '
                                   "(see `medlint rules`)")
