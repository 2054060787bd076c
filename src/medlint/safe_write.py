"""Rewrite a user's file for `--fix` without losing anything.

- A symbolic link is followed: the file it points at is fixed and the link stays a link.
- The new content goes to a temporary file beside the target, with the target's mode and
  owner, and is renamed over it only if the target still holds exactly what medlint read
  (an edit made while medlint ran is never overwritten).
- A file with several hard links, or one whose owner this user cannot give to a new file, is
  rewritten in place (the links and owner stay), from a complete copy kept until it is done.
- A read-only file is not touched.
Every refusal or failure is a FixError: one line naming the file and what is wrong.
"""

from __future__ import annotations

import os
import stat
import tempfile

from medlint.errors import MedlintError


class FixError(MedlintError):
    """A page could not be fixed (the message names it and why)."""


def replace_contents(path: str, expected: bytes, data: bytes) -> None:
    """Make `path` (or the file it links to) hold `data`, if it still holds `expected`."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as exc:
        raise FixError(f"{path}: not fixed: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FixError(f"{path}: not fixed: not a regular file")
    if not info.st_mode & stat.S_IWUSR:
        raise FixError(f"{path}: not fixed: the file is read-only (mode {stat.filemode(info.st_mode)})")
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".medlint-", dir=folder)
    except OSError as exc:
        raise FixError(f"{path}: not fixed: cannot write in {folder or '.'}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        in_place = info.st_nlink > 1 or not _same_owner(tmp, info)
        _check_unchanged(path, target, expected)
        if in_place:
            try:
                _write_in_place(path, target, data, tmp)
            except FixError:
                tmp = None  # it holds the only complete copy of the fixed text
                raise
        else:
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:
        raise FixError(f"{path}: not fixed: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _same_owner(tmp: str, info) -> bool:
    """Give the new file the target's owner and group; False when that is not allowed."""
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.chown(tmp, info.st_uid, info.st_gid)
        os.chmod(tmp, stat.S_IMODE(info.st_mode))  # chown may clear set-id bits
        return True
    except (OSError, AttributeError):
        return False


def _check_unchanged(path: str, target: str, expected: bytes) -> None:
    with open(target, "rb") as handle:
        now = handle.read(len(expected) + 1)
    if now != expected:
        raise FixError(f"{path}: not fixed: the file changed while medlint ran; run medlint again")


def _write_in_place(path: str, target: str, data: bytes, tmp: str) -> None:
    """Overwrite the target's own inode; the complete new content stays in `tmp` until done."""
    try:
        with open(target, "r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise FixError(f"{path}: fix only partly written ({exc.strerror or exc}); the fixed text is in {tmp}") from None
