"""The one family of errors a user sees: each prints as a single line, exit code 2."""

import sys


class MedlintError(Exception):
    """A problem the user can fix: bad rule file, config, option or input."""

    exit_code = 2


class RuleError(MedlintError):
    """A rule file that does not fit the schema (message starts with file:line)."""


class ConfigError(MedlintError):
    """A config file or option that is not valid."""


class InputError(MedlintError):
    """A page that cannot be read or decoded."""


def say(line: str) -> None:
    """One line on stderr: an error or a note, apart from the report on stdout."""
    from medlint.terminal import safe  # file names and page words reach the terminal

    try:
        print(safe(line), file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr closed: nowhere left to say it
        pass
