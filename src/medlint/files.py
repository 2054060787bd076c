"""Finding pages on disk and turning their bytes into text, with one clear message per bad file."""

from __future__ import annotations

import codecs
import os
import stat
from collections import namedtuple
from pathlib import Path

PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")  # crawl archives: read record by record (warc.py)
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


class Unreadable(Exception):
    """A page's bytes are not text medlint can read (message is for the user)."""


def discover(paths: list[str], exclude=None) -> tuple[list[str], list[str]]:
    """Expand folders to their page files. Returns (files, problems)."""
    files, problems = [], []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = sorted(_walk(p), key=str)
            if not found:
                problems.append(f"{item}: a folder with no pages in it (.md .markdown .html .htm .txt)")
            files += [str(f) for f in found if not (exclude and exclude(str(f)))]
        elif p.is_symlink() and not p.exists():
            problems.append(f"{item}: broken symbolic link")
        elif not p.exists():
            problems.append(f"{item}: no such file or folder")
        elif exclude and exclude(item):
            continue
        else:
            files.append(item)
    return files, problems


def _walk(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        # Hidden folders (.git, .venv, ...) and tool folders are never content.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in filenames:
            if name.lower().endswith(PAGE_SUFFIXES + WARC_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


MB = 1_000_000
DEFAULT_MAX_MB = 64  # a page; `max-file-size` in the config, --max-file-size
SMALL_FILE_MB = 16  # a rule or config file
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def open_regular(path: str):
    """A regular file opened for binary reading; anything else is Unreadable, at once.

    Opened without blocking, so a FIFO cannot hang the run, and checked on the open file,
    so a device (a link to /dev/zero) is refused before a byte is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file") from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder, not a file")
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise Unreadable(f"{kind}, not a regular file: medlint reads only regular files")
    return os.fdopen(fd, "rb")


def read_bytes(path: str, max_mb: float = DEFAULT_MAX_MB) -> bytes:
    """A regular file's bytes (see open_regular), at most `max_mb` MB; else Unreadable."""
    limit = int(max_mb * MB)
    with open_regular(path) as handle:
        try:
            data = handle.read(limit + 1)  # +1: a file that grew past the limit is caught too
        except OSError as exc:
            raise Unreadable(exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise Unreadable(too_big(max_mb))
    return data


def too_big(max_mb: float) -> str:
    return (f"larger than the size limit of {max_mb:g} MB (set `max-file-size` in the config "
            f"or --max-file-size to read bigger pages)")


def read_small_text(path, what: str) -> str:
    """A rule or config file's text: a regular UTF-8 file of at most SMALL_FILE_MB (message: why not)."""
    try:
        data = read_bytes(str(path), SMALL_FILE_MB)
    except Unreadable as exc:
        message = str(exc)
        if message.startswith("larger than"):
            message = f"larger than {SMALL_FILE_MB} MB, too big for {what}"
        raise Unreadable(message) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None


class Encoding(namedtuple("Encoding", "codec bom", defaults=("utf-8", b""))):
    """How a page's bytes were encoded, so a fix can write them back the same way."""

    __slots__ = ()

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_with_encoding(data: bytes) -> tuple[str, Encoding]:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; else a clear reason."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), Encoding(codec, bom)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"not valid {codec.upper()} text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file (contains NUL bytes), not a page")
    try:
        return data.decode("utf-8"), Encoding()
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Unreadable(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, "
                         f"byte {col} (save the file as UTF-8)") from None

