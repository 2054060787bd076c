"""The command line: `medlint [OPTIONS] PATH...`, `medlint rules`, `medlint explain ID`.

Thin by design: options are parsed here and handed to runner/engine/reporters. The entry
point and its error handling are in main.py, which skips this module for
`medlint [--format F] PATH...`.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/rule/input
errors (nothing could be linted), 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import sys

import click

from medlint import __version__
from medlint.findings import SEVERITIES
from medlint.report import REPORTERS

FORMATS = tuple(REPORTERS)  # one list: the reporters medlint has


def _split(values) -> tuple[str, ...]:
    out = []
    for value in values or ():
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(out)


class DefaultGroup(click.Group):
    """`medlint page.md` means `medlint check page.md`: paths need no subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--version", "--help", "-h"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="medlint")
def cli():
    """medlint: find risky medical claims and missing disclosures in marketing copy.

    \b
    medlint page.md site/          lint pages (the default command: `check`)
    medlint --format sarif site/   any `check` option works without the word `check`
    medlint rules                  list the rule pack
    medlint explain RULE-ID        what a rule flags, why, and examples
    medlint config                 the settings in force and where they come from
    medlint test-rules             run every rule's examples

    `medlint check --help` lists the linting options. Exit codes: 0 clean, 1 findings
    at or above --fail-on, 2 usage/config/rule errors or nothing readable, 3 a bug.
    """


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file instead of standard output.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, id prefixes or categories (comma-separated).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding has this severity or higher.  [default: warning]")
@click.option("--extend-rules", multiple=True, type=click.Path(),
              help="Extra rule files or folders, checked like the shipped pack.")
@click.option("--topic", help="The page topic (a condition, e.g. PTSD) for the drift and off-label checks.")
@click.option("--stdin-filename", help="With PATH '-': the name to report and to pick the format by.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@click.option("--statistics", is_flag=True, help="Add counts per rule and per category.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no notes about empty or excluded pages.")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file instead of searching for one.")
@click.option("--no-config", is_flag=True, help="Ignore config files; use defaults and options only.")
@click.option("--baseline", type=click.Path(), help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", type=click.Path(), help="Record today's findings in this file and exit 0.")
@click.option("--fix", is_flag=True, help="Apply the safe literal fixes that rules declare (files are rewritten).")
@click.option("--diff", is_flag=True, help="Show the fixes --fix would make as a diff; write nothing.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for many pages.  [default: all cores]")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr.  [default: on a terminal, for long runs]")
@click.option("--dask", metavar="ADDRESS", help="Lint on this Dask cluster (scheduler address, e.g. tcp://host:8786).")
@click.option("--resume", is_flag=True, help="With --format jsonl -o FILE: skip the pages FILE already has.")
def check_cmd(paths, fmt, output, select, ignore, fail_on, extend_rules, topic, stdin_filename, color,
              statistics, quiet, config_file, no_config, baseline, write_baseline, fix, diff, jobs, progress,
              dask, resume):
    """Lint PATHS (files or folders; '-' reads standard input)."""
    from medlint.lint_run import RunOptions, run

    if fix and diff:
        raise click.UsageError("--fix and --diff do not go together: --diff only shows what --fix would do")
    if fix and "-" in paths:
        raise click.UsageError("--fix cannot rewrite standard input; use --diff")
    options = RunOptions(
        paths=list(paths), fmt=fmt, output=output, select=_split(select) if select else None,
        ignore=_split(ignore) if ignore else None, fail_on=fail_on, extend_rules=tuple(extend_rules),
        topic=topic, stdin_filename=stdin_filename, color=color, statistics=statistics, quiet=quiet,
        config=config_file, no_config=no_config, baseline=baseline, write_baseline=write_baseline,
        fix=fix, diff=diff, jobs=jobs, progress=progress, dask=dask, resume=resume,
    )
    sys.exit(run(options))


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
def rules_cmd(fmt, extend_rules):
    """List the rule pack: id, category, severity and what each flags."""
    from medlint.explain import list_rules
    from medlint.rules import load_pack

    click.echo(list_rules(load_pack(list(extend_rules)), fmt), nl=False)


@cli.command("explain")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
def explain_cmd(rule_id, fmt, extend_rules):
    """Show a rule's message, suggestion, why and examples."""
    from medlint.explain import explain
    from medlint.rules import load_pack

    click.echo(explain(load_pack(list(extend_rules)), rule_id, fmt), nl=False)


@cli.command("config")
@click.option("--config", "config_file", type=click.Path(), help="Show this config file's settings.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def config_cmd(config_file, fmt):
    """Show the settings in force and where each one comes from."""
    import json

    from medlint.lint_run import RunOptions, resolve

    config = resolve(RunOptions(paths=[], config=config_file))
    if fmt == "json":
        click.echo(json.dumps({"config_file": config.path, "settings": {
            k: {"value": v, "source": config.sources[k]} for k, v in config.values.items()}}, indent=1))
        return
    click.echo(f"config file: {config.path or '(none found; defaults in force)'}")
    for key, value in config.values.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        if isinstance(value, dict):
            shown = "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in value.items())
        click.echo(f"{key:<17} {shown if shown not in (None, '') else '-':<40} ({config.sources[key]})")


@cli.command("test-rules")
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
@click.option("--only-extra", is_flag=True, help="Test only the extra rules, not the shipped pack.")
def test_rules_cmd(extend_rules, only_extra):
    """Run every rule's examples: `flag` texts must be flagged, `pass` texts must not."""
    from medlint.examples import run_all
    from medlint.rules import load_pack

    pack = load_pack(list(extend_rules))
    if only_extra:
        extra = load_pack(list(extend_rules), shipped=False)
        pack.rules = [r for r in pack.rules if any(r.id == e.id for e in extra.rules)]
    results = run_all(pack)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(r.describe())
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


def run_parser(args: list[str]) -> int:
    """Parse `args` with click and run the command (main.py wraps this in its error handling)."""
    try:
        cli.main(args=args, prog_name="medlint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("medlint: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    return 0
