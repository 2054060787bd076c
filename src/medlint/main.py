"""The entry point. `medlint [--format F] PATH...` starts without the option parser.

Importing click costs about 25 ms, a third of a one-page run: the pre-commit hook and
editors run medlint on one page at every commit and save. So when the arguments are
paths and at most a --format (no other option, no subcommand, no '-'), the run goes
straight to lint_run with the `check` command's defaults (RunOptions; tests/test_cli.py
checks that both routes build the same options). Everything else goes through click in
cli.py. Both share the error handling below.
"""

from __future__ import annotations

import os
import sys

from medlint.errors import MedlintError, say

COMMANDS = ("check", "rules", "explain", "config", "claims", "test-rules", "server")  # cli.py's subcommands


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    return guarded(lambda: _dispatch(args))


def _dispatch(args: list[str]) -> int:
    quick = quick_options(args)
    if quick is not None:
        from medlint.lint_run import run

        return run(quick)
    from medlint.cli import run_parser

    return run_parser(args)


def quick_options(args: list[str]):
    """RunOptions for `[--format F] PATH...`, or None when the arguments need the option parser."""
    from medlint.report import REPORTERS

    if not args or args[0] in COMMANDS:
        return None
    paths, fmt, i = [], "text", 0
    while i < len(args):
        arg = args[i]
        if arg == "--format" and i + 1 < len(args):
            fmt, i = args[i + 1], i + 2
        elif arg.startswith("--format="):
            fmt, i = arg[len("--format="):], i + 1
        elif arg.startswith("-"):
            return None  # any other option, '-' (stdin) or '--': click decides
        else:
            paths.append(arg)
            i += 1
    if not paths or fmt not in REPORTERS:
        return None  # click says what is missing or wrong
    from medlint.lint_run import RunOptions

    return RunOptions(paths=paths, fmt=fmt)


def guarded(work) -> int:
    """Run `work`: every failure is one line on stderr and an exit code, never a traceback."""
    try:
        return work()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except MedlintError as exc:
        say(f"medlint: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("medlint: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line; the traceback on request
        if os.environ.get("MEDLINT_DEBUG"):
            raise
        say(f"medlint: internal error: {type(exc).__name__}: {exc} "
             "(set MEDLINT_DEBUG=1 for the traceback and please report it)")
        return 3

