"""Where a report (-o) or a baseline (--write-baseline) goes: checked before the run.

Writing to a page being linted would destroy it, and a missing folder, a folder or a full
disk found after the run would throw the run away: so the target is checked first, and a
write that fails later is one line naming the file (exit 2), never a traceback.
"""

from __future__ import annotations

import os

from medlint.errors import MedlintError


class OutputError(MedlintError):
    """The report or baseline file cannot be written."""


def check_target(path: str, pages: list[str], what: str) -> None:
    """Refuse a target that is one of the pages or cannot be created."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the {what}: {exc.strerror or exc}") from None
    if info is not None:
        if os.path.isdir(path):
            raise OutputError(f"{path}: cannot write the {what}: it is a folder")
        for page in pages:
            try:
                other = os.stat(page)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                raise OutputError(f"{path}: is one of the pages being linted; writing the {what} there would "
                                  "destroy it (choose another file)")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"{path}: cannot write the {what}: no folder {folder}")
    if not os.access(folder if info is None else path, os.W_OK):
        raise OutputError(f"{path}: cannot write the {what}: permission denied")


class ReportFile:
    """A text file for the report whose write errors (a full disk) are OutputErrors; `append`
    for a resumed run, which adds to the findings the file already has."""

    def __init__(self, path: str, append: bool = False) -> None:
        self.path = path
        try:
            self._handle = open(path, "a" if append else "w", encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write the report: {exc.strerror or exc}") from None

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(f"{self.path}: cannot write the report: {exc.strerror or exc}")

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:
            raise self._failed(exc) from None

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._handle.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def close(self) -> None:
        try:
            self._handle.close()
        except OSError as exc:
            raise self._failed(exc) from None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._handle.fileno()  # resume.py records the file's size after each page
