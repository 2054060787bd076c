"""Finding pages on disk and turning their bytes into text, with one clear message per bad file."""

from __future__ import annotations

import codecs
import os
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


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file") from None
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None


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

