"""A cache of the validated rule pack, so start-up skips YAML parsing and validation.

The key covers medlint's version, the Python version, medlint's own modules and every
rule file (path, size, modification time); any change means a fresh load. Regexes are stored as text and
compiled on first use (lazy.py). The cache lives in $MEDLINT_CACHE_DIR, else
$XDG_CACHE_HOME/medlint, else ~/.cache/medlint; MEDLINT_NO_CACHE=1 turns it off. A
cache that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import zlib
import os
import pickle
import sys
from pathlib import Path

from medlint import __version__

FORMAT = 5  # bump when the pickled structures change shape
KEEP = 16  # packs kept in the folder: every rule edit or upgrade writes a new one


def cache_dir() -> Path | None:
    if os.environ.get("MEDLINT_NO_CACHE"):
        return None
    base = os.environ.get("MEDLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "medlint" if xdg else Path.home() / ".cache" / "medlint"


def key_for(paths: list[Path]) -> str:
    """Changes with the rule files and with medlint's own code (an upgrade or an edit)."""
    # zlib's checksums rather than hashlib: importing hashlib costs more than the whole lookup.
    parts = [f"{FORMAT}|{__version__}|{sys.version}"]
    code = Path(__file__).parent
    for path in sorted(code.rglob("*.py")) + list(paths):
        try:
            stat = path.stat()
        except OSError:
            return ""
        parts.append(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    data = "\n".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def load(key: str):
    folder = cache_dir()
    if not key or folder is None:
        return None
    try:
        with open(folder / f"pack-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing, stale or broken cache is just a miss
        return None


def save(key: str, pack) -> None:
    folder = cache_dir()
    if not key or folder is None:
        return
    import tempfile  # only when writing: importing it costs more than a cache hit

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(pack, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"pack-{key}.pickle")
        tmp = None
        _prune(folder, f"pack-{key}.pickle")
    except Exception:  # noqa: BLE001 - an unwritable cache folder only costs time
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, current: str) -> None:
    """Keep the newest KEEP packs; older ones belong to rule files or versions long gone."""
    others = [p for p in folder.glob("pack-*.pickle") if p.name != current]
    for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1:]:
        try:
            old.unlink()
        except OSError:
            pass
