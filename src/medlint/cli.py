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
from medlint.errors import say
from medlint.findings import SEVERITIES
from medlint.report import REPORTERS

FORMATS = tuple(REPORTERS)  # one list: the reporters medlint has
# Checked by profiles.check_name, not click.Choice: the config's `profile:` gets the same one-line error.
PROFILE_HELP = "The jurisdiction profile: us, uk or au.  [default: us, or the config's `profile:`]"


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
    medlint claims FILE            the approved-claims library and each claim's status
    medlint test-rules             run every rule's examples
    medlint server                 the language server for editors (LSP over stdio)

    `medlint check --help` lists the linting options. Exit codes: 0 clean, 1 findings
    at or above --fail-on, 2 usage/config/rule errors or nothing readable, 3 a bug.
    """


@cli.command("check")
# readable=False: an unreadable page is reported by lint_run like on the quick route, not refused here.
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
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
@click.option("--max-file-size", type=click.FloatRange(min=0, min_open=True, max=1e6), default=None, metavar="MB",
              help="The largest page read, in MB; a bigger one is an error.  [default: 64]")
@click.option("--profile", metavar="NAME", help=PROFILE_HELP)
@click.option("--claims", "claims_file", type=click.Path(), metavar="FILE",
              help="The approved-claims library (YAML): approved sentences pass, their references are checked.")
def check_cmd(paths, fmt, output, select, ignore, fail_on, extend_rules, topic, stdin_filename,
              color, statistics, quiet, config_file, no_config, baseline, write_baseline, fix, diff, jobs, progress,
              max_file_size, dask, resume, profile, claims_file):
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
        fix=fix, diff=diff, jobs=jobs, progress=progress, max_file_size=max_file_size, dask=dask, resume=resume,
        profile=profile,
        claims=claims_file,
    )
    sys.exit(run(options))


def _profile(name) -> str:
    from medlint.profiles import DEFAULT, check_name

    return DEFAULT if name is None else check_name(name, "--profile")


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
@click.option("--profile", metavar="NAME", help="List the rules in force under this profile: us, uk or au.  "
                                                "[default: us]")
def rules_cmd(fmt, extend_rules, profile):
    """List the rule pack: id, category, severity and what each flags."""
    from medlint.explain import list_rules
    from medlint.rules import load_pack

    click.echo(list_rules(load_pack(list(extend_rules), profile=_profile(profile)), fmt), nl=False)


@cli.command("explain")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
@click.option("--profile", metavar="NAME", help="Explain the rule as it stands under this profile: us, uk or au.  "
                                                "[default: us]")
def explain_cmd(rule_id, fmt, extend_rules, profile):
    """Show a rule's message, suggestion, why and examples."""
    from medlint.explain import explain
    from medlint.rules import load_pack

    click.echo(explain(load_pack(list(extend_rules), profile=_profile(profile)), rule_id, fmt), nl=False)


@cli.command("config")
@click.option("--config", "config_file", type=click.Path(), help="Show this config file's settings.")
@click.option("--no-config", is_flag=True, help="Ignore config files.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--select", multiple=True, help="As for linting: shown with its source.")
@click.option("--ignore", multiple=True, help="As for linting: shown with its source.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="As for linting.")
@click.option("--topic", help="As for linting.")
@click.option("--extend-rules", multiple=True, type=click.Path(), help="As for linting.")
@click.option("--profile", metavar="NAME", help="As for linting.")
def config_cmd(config_file, no_config, fmt, select, ignore, fail_on, topic, extend_rules, profile):
    """Show the settings in force and where each one comes from (default, file:line, command line)."""
    import json

    from medlint.lint_run import RunOptions, resolve

    config = resolve(RunOptions(paths=[], config=config_file, no_config=no_config,
                                select=_split(select) if select else None, ignore=_split(ignore) if ignore else None,
                                fail_on=fail_on, topic=topic, extend_rules=tuple(extend_rules), profile=profile))
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


@cli.command("claims")
@click.argument("claims_file", required=False, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(), help="Take the claims file from this config file.")
@click.option("--no-config", is_flag=True, help="Ignore config files.")
def claims_cmd(claims_file, fmt, config_file, no_config):
    """List the approved-claims library FILE (default: `claims:` in the config) with each
    claim's status: ok, review due (within 30 days of review-by) or lapsed."""
    from medlint.claims import listing
    from medlint.errors import ConfigError
    from medlint.lint_run import RunOptions, load_claims, resolve

    config = resolve(RunOptions(paths=[], config=config_file, no_config=no_config, claims=claims_file))
    if config.values["claims"] is None:
        raise ConfigError("no claims file: give one (medlint claims FILE) or set `claims:` in the config")
    load_claims(config)
    click.echo(listing(config.claims, fmt), nl=False)


@cli.command("test-rules")
@click.option("--extend-rules", multiple=True, type=click.Path(), help="Extra rule files or folders.")
@click.option("--only-extra", is_flag=True, help="Test only the extra rules, not the shipped pack.")
@click.option("--profile", metavar="NAME", help="Test the rules in force under this profile: us, uk or au.  "
                                                "[default: us]")
def test_rules_cmd(extend_rules, only_extra, profile):
    """Run every rule's and context's examples: `flag` texts must be flagged, `pass` texts
    must not; a context must hold for the [[marked words]] of its `holds` examples only."""
    from medlint.examples import run_all, run_all_contexts
    from medlint.rules import load_pack

    profile = _profile(profile)
    pack = load_pack(list(extend_rules), profile=profile)
    if only_extra:  # the extra rules may use the shipped contexts: load them together, test only theirs
        shipped = load_pack(profile=profile)
        pack.rules = [r for r in pack.rules if r.id not in {r.id for r in shipped.rules}]
        pack.contexts = {k: v for k, v in pack.contexts.items() if k not in shipped.contexts}
    results = run_all(pack) + run_all_contexts(pack)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(r.describe())
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


@cli.command("server")
@click.option("--stdio", is_flag=True,
              help="LSP over standard input and output: the only transport, accepted for editors that pass it.")
def server_cmd(stdio):
    """Run the language server for editors (needs `pip install 'medlint[lsp]'`)."""
    from medlint.server import serve

    sys.exit(serve())


def run_parser(args: list[str]) -> int:
    """Parse `args` with click and run the command (main.py wraps this in its error handling)."""
    try:
        cli.main(args=args, prog_name="medlint", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("medlint: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        # One line, like every other error: click's usage block would be several.
        hint = f" (see `medlint {exc.ctx.info_name} --help`)" if getattr(exc, "ctx", None) is not None else ""
        say(f"medlint: {' '.join(exc.format_message().split())}{hint}")
        return 2
    return 0
