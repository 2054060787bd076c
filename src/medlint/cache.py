"""A cache of the rule files' parsed YAML and of the costly results of validating them.

Start-up would otherwise parse every rule file's YAML, check every pattern with the `regex`
module and work out its literals. The cache keeps exactly that, as JSON data that cannot run
code: the documents as the line-keeping loader built them (yamlfile.py: mappings with their
key lines, lists with their item lines) and the pattern results of memo.py (each pattern's
fast form already compiled, see frozen_re.py). A cached pack is rebuilt from these by the
normal loader (rules.py), so it is validated like a fresh one and the cache knows nothing of
medlint's own objects.

A cache file is used only when all of this holds, else the pack is loaded from the rule
files (and the cache rewritten): it belongs to this user and nobody else may write it; its
format version and key match; the CRC-32 of its content matches; the rebuilt pack loads
without error and has rules. The key covers medlint's version, the Python version, medlint's
own modules (path, size, modification time) and every rule file (path and a digest of its
content). The cache lives in $MEDLINT_CACHE_DIR, else $XDG_CACHE_HOME/medlint, else
~/.cache/medlint; MEDLINT_NO_CACHE=1 turns it off. A cache that cannot be read or written is
ignored: it only ever saves time.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from pathlib import Path

from medlint import __version__
from medlint.digests import digest as _digest
from medlint.yamlfile import LineDict, LineList

FORMAT = 7  # bump when the file layout changes
KEEP = 16  # packs kept in the folder: every rule edit or upgrade writes a new one
MAX_RULE_FILE = 50 * 1024 * 1024  # larger (or not regular) rule files are not cached: the loader says why
_MAP, _LIST, _BYTES = "\x00m", "\x00l", "\x00b"  # the one key of a JSON object standing for a
# mapping, a list, or bytes kept after the JSON


def cache_dir() -> Path | None:
    if os.environ.get("MEDLINT_NO_CACHE"):
        return None
    base = os.environ.get("MEDLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "medlint" if xdg else Path.home() / ".cache" / "medlint"


def body_check(body) -> str:
    """The check of a cache file's content against damage (a torn or flipped write). The file is
    this user's own (see _read_own), so it needs no forgery-proof hash: CRC-32 reads the 4 MB of
    a pack five times faster than BLAKE2, a tenth of a one-page run's cache hit."""
    return f"crc32:{zlib.crc32(body):08x}"


def key_for(paths: list[Path]) -> str:
    """Changes with the rule files' content and with medlint's own code (an upgrade or an edit)."""
    parts = [f"{FORMAT}|{__version__}|{sys.version}"]
    try:
        for path, info in _code_files(os.path.dirname(os.path.abspath(__file__))):
            parts.append(f"{path}|{info.st_size}|{info.st_mtime_ns}")
        for path in paths:
            parts.append(f"{os.path.realpath(path)}|{_content_digest(path)}")
    except (OSError, ValueError):
        return ""  # a file that cannot be read: no cache; the loader names the problem
    return _digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def _code_files(folder: str):
    """(path, stat) of medlint's own modules, in a fixed order (os.scandir: pathlib's rglob is slower)."""
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
            yield from _code_files(entry.path)
        elif entry.name.endswith(".py"):
            yield entry.path, entry.stat()


def _content_digest(path) -> str:
    from medlint.files import Unreadable, open_regular

    try:
        handle = open_regular(str(path))  # a FIFO passed as a rule file must not block the key
    except Unreadable as exc:
        raise ValueError(str(exc)) from None
    with handle:
        info = os.fstat(handle.fileno())
        if info.st_size > MAX_RULE_FILE:
            raise ValueError("rule file too big to cache")
        return _digest(handle.read(MAX_RULE_FILE + 1))


# -- the file ------------------------------------------------------------------------------
# A header line {"format", "key", "digest"}; the documents and the memo as one JSON line each
# (JSON text holds no raw newline); then the memo's bytes (compiled pattern code), which the
# memo refers to by offset and length. The check (CRC-32, body_check) covers everything after the header.

def load(key: str, names: list[str], build):
    """The pack `build(docs)` makes of the cached documents, or None (a miss, or anything wrong)."""
    folder = cache_dir()
    if not key or folder is None:
        return None
    try:
        raw = _read_own(folder / f"pack-{key}.json")
        end = raw.index(b"\n")
        header, body = json.loads(raw[:end]), memoryview(raw)[end + 1:]
        if header != {"format": FORMAT, "key": key, "digest": body_check(body)}:
            return None
        docs_end = raw.index(b"\n", end + 1)
        memo_end = raw.index(b"\n", docs_end + 1)
        docs = json.loads(raw[end + 1:docs_end], object_hook=_node)
        blob = memoryview(raw)[memo_end + 1:]
        known = json.loads(raw[docs_end + 1:memo_end], object_hook=lambda obj: _bytes(obj, blob))
        if not isinstance(docs, list) or len(docs) != len(names) or not isinstance(known, dict):
            return None
        from medlint import memo

        with memo.session(known, note=False):
            pack = build(list(zip(names, docs)))
    except Exception:  # noqa: BLE001 - missing, stale, foreign or damaged: load the rule files instead
        return None
    return pack if pack.rules else None  # an empty pack would pass every page: never trust one


def _read_own(path: Path) -> bytes:
    """The file's bytes, if this user owns it and no one else may write it (else OSError)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        if hasattr(os, "geteuid") and (info.st_uid != os.geteuid() or info.st_mode & 0o022):
            raise OSError("another user could have written this cache file")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)


def save(key: str, docs: list, noted: dict) -> None:
    """Store the parsed documents and the memo's results for `key`; any failure only costs time."""
    folder = cache_dir()
    if not key or folder is None:
        return
    import tempfile  # only when writing: importing it costs more than a cache hit

    from medlint import memo

    tmp = None
    try:
        blob = bytearray()
        docs_text = json.dumps([_plain(doc) for doc in docs], ensure_ascii=False, separators=(",", ":"))
        memo_text = json.dumps(memo.noted_data(noted), ensure_ascii=False, separators=(",", ":"),
                               default=lambda value: _blob_ref(value, blob))
        body = docs_text.encode() + b"\n" + memo_text.encode() + b"\n" + bytes(blob)
        header = json.dumps({"format": FORMAT, "key": key, "digest": body_check(body)}).encode()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", dir=folder)  # mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + b"\n" + body)
        os.replace(tmp, folder / f"pack-{key}.json")
        tmp = None
        _prune(folder, f"pack-{key}.json")
    except Exception:  # noqa: BLE001 - an unwritable folder or data JSON cannot hold: no cache
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _blob_ref(value, blob: bytearray):
    """json's fallback: bytes go to the blob after the JSON, referred to by offset and length."""
    if not isinstance(value, bytes):
        raise _Unstorable(type(value).__name__)
    blob += value
    return {_BYTES: [len(blob) - len(value), len(value)]}


def _bytes(obj: dict, blob: memoryview):
    if _BYTES in obj:
        start, length = obj[_BYTES]
        if not (0 <= start and 0 <= length and start + length <= len(blob)):
            raise ValueError("a reference outside the cache file")
        return bytes(blob[start:start + length])
    return obj


class _Unstorable(Exception):
    """A YAML value JSON cannot hold as it is (a date, binary data, a set): such files are not cached."""


_SCALARS = (str, int, float, bool, type(None))


def _plain(node):
    """A loaded YAML document as JSON data, keeping every line number the loader recorded."""
    kind = type(node)
    if kind is LineDict:
        lines = getattr(node, "key_lines", {})
        items = []
        for key, value in node.items():
            if type(key) not in _SCALARS:
                raise _Unstorable(type(key).__name__)
            items.append([key, lines.get(key, node.line), _plain(value)])
        return {_MAP: [node.line, items]}
    if kind is LineList:
        return {_LIST: [node.line, list(getattr(node, "item_lines", [])), [_plain(v) for v in node]]}
    if kind in _SCALARS:
        return node
    raise _Unstorable(kind.__name__)


def _node(obj: dict):
    """json's object hook: rebuild a LineDict or LineList from `_plain`'s form."""
    if _MAP in obj:
        line, items = obj[_MAP]
        node = LineDict()
        node.line, node.key_lines = line, {}
        for key, key_line, value in items:
            node[key] = value
            node.key_lines[key] = key_line
        return node
    line, item_lines, items = obj[_LIST]
    node = LineList(items)
    node.line, node.item_lines = line, item_lines
    return node


def _prune(folder: Path, current: str) -> None:
    """Keep the newest KEEP packs; older ones belong to rule files or versions long gone."""
    others = [p for p in folder.glob("pack-*.json") if p.name != current]
    for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1:]:
        try:
            old.unlink()
        except OSError:
            pass
    for old in folder.glob("pack-*.pickle"):  # the old format: never read again
        try:
            old.unlink()
        except OSError:
            pass
