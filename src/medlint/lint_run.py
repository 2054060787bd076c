"""One lint run from the command line: settings, pages, findings, report, exit code."""

from __future__ import annotations

import sys
from collections import namedtuple

from medlint.config import Config, load_config
from medlint.engine import Settings
from medlint.errors import MedlintError, say
from medlint.files import discover
from medlint.findings import at_least
from medlint.inputs import Inputs, is_warc
from medlint.progress import MIN_PAGES, Progress, notice, wanted
from medlint.report import reporter_class
from medlint.report.stats import Stats
from medlint.rules import load_pack
from medlint.runner import lint_bytes


# What the command line asked for; the defaults are the `check` command's (tests/test_cli.py
# holds them together). select/ignore None: not given; jobs None: all cores for many pages;
# color/progress None: decide by the terminal.
_OPTIONS = {
    "fmt": "text", "output": None, "select": None, "ignore": None, "fail_on": None, "extend_rules": (),
    "topic": None, "stdin_filename": None, "color": None, "statistics": False, "quiet": False,
    "config": None, "no_config": False, "baseline": None, "write_baseline": None, "fix": False,
    "diff": False, "jobs": None, "progress": None, "max_file_size": None, "dask": None, "resume": False,
    "profile": None,
    "claims": None,
}
RunOptions = namedtuple("RunOptions", ["paths", *_OPTIONS], defaults=tuple(_OPTIONS.values()))


def resolve(opts: RunOptions) -> Config:
    """The config file's settings with the command line's on top, each with its source."""
    config = load_config(opts.config, discover=not opts.no_config)
    if opts.select is not None:
        config.set("select", list(opts.select), "command line --select")
    if opts.ignore is not None:
        config.set("ignore", list(opts.ignore), "command line --ignore")
    if opts.fail_on is not None:
        config.set("fail-on", opts.fail_on, "command line --fail-on")
    if opts.topic is not None:
        config.set("topic", opts.topic, "command line --topic")
    if opts.max_file_size is not None:
        config.set("max-file-size", opts.max_file_size, "command line --max-file-size")
    if opts.dask is not None:
        config.set("dask", opts.dask, "command line --dask")
    if opts.profile is not None:
        from medlint.profiles import check_name

        config.set("profile", check_name(opts.profile, "--profile"), "command line --profile")
    if opts.claims is not None:
        config.set("claims", opts.claims, "command line --claims")
    if opts.extend_rules:
        config.set("extend-rules", config.values["extend-rules"] + list(opts.extend_rules),
                   config.sources["extend-rules"] + " + command line --extend-rules"
                   if config.values["extend-rules"] else "command line --extend-rules")
    return config


def settings_for(config: Config, page: str) -> Settings:
    return Settings(
        select=tuple(config.values["select"]),
        ignore=config.ignores_for(page),
        severity=tuple(config.values["severity"].items()),
        topic=config.topic_for(page),
        claims=config.claims,
    )


def load_checked_pack(config: Config):
    """The pack the config names, with its selectors and topics checked against it; the claims
    library it names is loaded here too, once for the run (config.claims)."""
    pack = load_pack(config.values["extend-rules"], profile=config.values["profile"])
    _check_selectors(pack, config)
    _check_topics(pack, config)
    load_claims(config)
    return pack


def _loading_text() -> str:
    from medlint.cache import cache_dir

    if cache_dir() is None:
        return "medlint: loading the rule pack (MEDLINT_NO_CACHE is set, so every run builds it) ..."
    return "medlint: building the rule pack's cache (first run after a rule file or medlint changed) ..."


def load_claims(config: Config, today=None) -> None:
    """config.claims: the library `claims` names, validated (errors are file:line, exit 2)."""
    path = config.values["claims"]
    if path is None:
        config.claims = None
        return
    from medlint.claims import load_library

    config.claims = load_library(path, today, shown=_shown_path(path))


def _shown_path(path: str) -> str:
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def run(opts: RunOptions) -> int:
    if not opts.paths:
        raise MedlintError("no pages given: medlint PATH... (a file, a folder, or '-' for standard input)")
    from medlint.deadline import seconds_per_unit

    seconds_per_unit()  # a bad MEDLINT_REGEX_TIMEOUT stops the run before any page
    config = resolve(opts)
    with notice(_loading_text(), wanted(opts.progress, MIN_PAGES, opts.quiet)):
        pack = load_checked_pack(config)  # seconds on the first run after an upgrade or a rule edit
    files, problems = discover([p for p in opts.paths if p != "-"], exclude=config.excluded)
    for problem in problems:
        say(f"medlint: {problem}")
    baseline = _load_baseline(opts.baseline) if opts.baseline else None
    if opts.fix and any(is_warc(f) for f in files):
        raise MedlintError("--fix cannot rewrite pages inside a WARC file (a capture is a record); "
                           "--diff shows the fixes")
    stream = sys.stdout
    if opts.output or opts.write_baseline:
        from medlint.output import ReportFile, check_target

        for target, what in ((opts.output, "report"), (opts.write_baseline, "baseline")):
            if target:
                check_target(target, files, what)
    checkpoint = _checkpoint(opts) if opts.resume else None  # cuts FILE back to its last whole page
    inputs = Inputs(files, config.excluded, frozenset(checkpoint.done) if checkpoint else frozenset(),
                    config.values["max-file-size"])
    if opts.output:
        # A resumed run appends to the findings FILE already has.
        stream = ReportFile(opts.output, append=bool(checkpoint))
    unfixed = 0
    try:
        color = opts.color if opts.color is not None else (stream is sys.stdout and sys.stdout.isatty())
        reporter = reporter_class(opts.fmt)(stream, color=color, statistics=opts.statistics, pack=pack,
                                            claims=config.claims)
        stats = Stats()
        stats.skipped = len(problems)
        failing = bool(checkpoint and checkpoint.failing(config.values["fail-on"]))
        changed, gave_up = False, 0
        recorded = []
        many = len(files) + (1000 if inputs.has_warc else 0)  # a WARC holds many pages
        progress = Progress(len(files), wanted(opts.progress, many, opts.quiet),
                            size=inputs.size if inputs.has_warc else None)
        # --diff shows patches; --write-baseline says what it wrote (a report only with -o).
        report = not opts.diff and not (opts.write_baseline and not opts.output)
        for outcome in _outcomes(opts, inputs, pack, config):
            progress.step(inputs.position(outcome) if inputs.has_warc else None)
            if outcome.problem:
                stats.skipped += 1
                say(f"medlint: {outcome.path}: {outcome.problem}; skipped")
                continue
            if outcome.note and not opts.quiet:
                say(f"medlint: {outcome.path}: {outcome.note}")
            for problem in outcome.result.problems:
                say(f"medlint: {problem}")
                gave_up += 1
            if opts.fix or opts.diff:
                from medlint.fix import apply_fixes
                from medlint.safe_write import FixError

                try:
                    outcome, fixes = apply_fixes(outcome, pack, settings_for(config, outcome.path),
                                                 write=opts.fix, diff_stream=stream if opts.diff else None)
                except FixError as exc:
                    say(f"medlint: {exc}")
                    unfixed += 1
                    fixes = 0
                if fixes and opts.fix:
                    say(f"medlint: {outcome.path}: fixed {fixes} finding{'s' if fixes != 1 else ''}")
                changed = changed or bool(fixes)
            findings = outcome.result.findings
            if opts.write_baseline:
                recorded.extend(findings)
            if baseline is not None:
                findings = baseline.filter(findings)
            stats.add(findings)
            if report:
                reporter.page(outcome.doc, findings, outcome.result.claims)
            if checkpoint:
                checkpoint.page_done(outcome, stream, checked=not outcome.result.problems)
            failing = failing or any(at_least(f.severity, config.values["fail-on"]) for f in findings)
        progress.close()
        _closing_notes(opts, inputs, checkpoint)
        if report:
            reporter.finish(stats)
    finally:
        if stream is not sys.stdout:
            stream.close()
        if checkpoint:
            checkpoint.close()
    if checkpoint and checkpoint.unchecked:  # an earlier run's give-ups still stand
        gave_up += checkpoint.unchecked
        say(f"medlint: {opts.output}: a rule gave up on {checkpoint.unchecked} of the pages already in it "
            f"(see that run's messages); remove it and {checkpoint.ledger} to check them again")
    # A page that could not be read, or that a rule gave up on, was not checked: that is no
    # pass, whatever the other pages say (each has had its line on stderr).
    incomplete = bool(stats.skipped or gave_up)
    if opts.write_baseline:
        from medlint.baseline import write_baseline

        count = write_baseline(opts.write_baseline, recorded)
        say(f"medlint: wrote {count} finding{'s' if count != 1 else ''} to {opts.write_baseline}")
        return 2 if incomplete else 0
    if incomplete or unfixed:
        return 2  # a page not checked, or a fix that could not be written
    if opts.diff:
        return 1 if changed else 0
    return 1 if failing else 0


def _load_baseline(path: str):
    from medlint.baseline import Baseline

    return Baseline.load(path)


def _outcomes(opts: RunOptions, inputs: Inputs, pack, config: Config):
    if "-" in opts.paths:
        name = opts.stdin_filename or "<stdin>"
        yield _lint_stdin(name, pack, settings_for(config, name), config.values["max-file-size"])
    from functools import partial

    if config.values["dask"]:
        if opts.fix or opts.diff:
            raise MedlintError("--fix and --diff rewrite local files: run them without --dask")
        from medlint.cluster import lint_on_cluster

        yield from lint_on_cluster(config.values["dask"], inputs, pack, partial(settings_for, config),
                                   whole_docs=opts.fmt == "html", max_mb=config.values["max-file-size"])
        return
    from medlint.pool import default_jobs, lint_many

    # Fixes and the HTML report need whole documents: they stay in this process.
    # More processes than cores only compete for them: -j is capped at the cores there are.
    jobs = 1 if (opts.fix or opts.diff or opts.fmt == "html") else min(opts.jobs or default_jobs(), default_jobs())
    yield from lint_many(inputs, pack, partial(settings_for, config), jobs,
                         total=None if inputs.has_warc else len(inputs.files),
                         max_mb=config.values["max-file-size"])


def _lint_stdin(name: str, pack, settings: Settings, max_mb: float):
    from medlint.files import MB, too_big
    from medlint.runner import Outcome

    data = sys.stdin.buffer.read(int(max_mb * MB) + 1)
    if len(data) > max_mb * MB:
        return Outcome(name, problem=too_big(max_mb))
    return lint_bytes(name, data, pack, settings)


def _checkpoint(opts: RunOptions):
    if opts.fmt != "jsonl" or not opts.output:
        raise MedlintError("--resume needs --format jsonl and -o FILE: it skips the pages FILE already has")
    from medlint.resume import Checkpoint

    checkpoint = Checkpoint(opts.output)
    checkpoint.load()
    checkpoint.open_ledger()
    return checkpoint


def _closing_notes(opts: RunOptions, inputs: Inputs, checkpoint) -> None:
    """What a WARC held besides pages, and what a resumed run left out (stderr, before the summary)."""
    if opts.quiet:
        return
    for line in inputs.summaries():
        say(f"medlint: {line}")
    if checkpoint and inputs.resumed:
        say(f"medlint: resumed: {inputs.resumed} page{'s' if inputs.resumed != 1 else ''} already in "
            f"{opts.output} skipped")


def _check_topics(pack, config: Config) -> None:
    """A topic must name a condition of the lexicon, or drift and off-label checks would guess."""
    from medlint.lexicon import lexicon_for

    topic = config.values["topic"]
    values = list(topic.values()) if isinstance(topic, dict) else [topic] if topic else []
    lex = lexicon_for(pack)
    for value in values:
        if lex.resolve(value) is None:
            known = ", ".join(sorted(c.name for c in lex.conditions.values()))
            raise MedlintError(f'{config.sources["topic"]}: topic: "{value}" is not a condition medlint knows '
                               f"(known: {known}; add one in a rule file under `conditions:`)")


def _check_selectors(pack, config: Config) -> None:
    """An unknown id in select/ignore/severity is a typo, not a silent no-op."""
    from medlint.suppress import selector_known

    checks = [("select", s) for s in config.values["select"]] + [("ignore", s) for s in config.values["ignore"]]
    checks += [("severity", s) for s in config.values["severity"]]
    checks += [("per-file-ignores", s) for rules in config.values["per-file-ignores"].values() for s in rules]
    for key, selector in checks:
        if selector_known(pack, selector):
            continue
        raise MedlintError(f'{config.sources[key]}: {key}: no rule, rule prefix or category is called '
                           f'"{selector}" (see `medlint rules`)')

