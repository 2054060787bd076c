"""The entry point. `medlint PATH...` with no options starts without the option parser.

Importing click costs about 30 ms, a third of a one-page run: the pre-commit hook and
editors run `medlint page.md` on every save and commit, so when every argument is a path
(no option, no subcommand, no '-') the run goes straight to lint_run with the same
defaults the `check` command has (RunOptions; tests/test_cli.py checks they agree).
Everything else goes through click in cli.py. Both share the error handling below.
"""

from __future__ import annotations

import os
import sys

from medlint.errors import MedlintError, say

COMMANDS = ("check", "rules", "explain", "config", "test-rules")  # cli.py's subcommands


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] not in COMMANDS and not any(a.startswith("-") for a in args):
        return guarded(lambda: _lint_paths(args))
    return guarded(lambda: _with_parser(args))


def _lint_paths(paths: list[str]) -> int:
    from medlint.lint_run import RunOptions, run

    return run(RunOptions(paths=paths))


def _with_parser(args: list[str]) -> int:
    from medlint.cli import run_parser

    return run_parser(args)


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

