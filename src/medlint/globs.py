"""Glob patterns for config (exclude, per-file-ignores, topic): `*`, `?`, `**`, `[...]`.

A pattern without a slash matches a file name in any folder (as .gitignore does);
with a slash it matches the path relative to the config file's folder. A pattern
that names a folder ("drafts/") matches everything under it.
"""

from __future__ import annotations

import functools
import os
from pathlib import PurePosixPath

import re as regex  # internal patterns: the stdlib engine compiles faster


@functools.lru_cache(maxsize=512)
def compile_glob(pattern: str) -> regex.Pattern:
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")
    if pat.endswith("/"):
        pat += "**"
    pat = pat.lstrip("/")
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pat.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pat.find("]", i + 1)
            if end < 0:
                out.append(regex.escape(c))
            else:
                body = pat[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(regex.escape(c))
        i += 1
    body = "".join(out)
    return regex.compile(f"^{body}$" if anchored else f"^(?:.*/)?{body}$")


def relative_posix(path: str, base: str) -> str:
    """The path relative to base, in / form; paths outside base, and URLs (crawled pages), stay as given."""
    if "://" in path:
        return path
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(base))
    if rel.startswith(".."):
        rel = path
    return PurePosixPath(*rel.replace("\\", "/").split("/")).as_posix()


def matches(pattern: str, rel_path: str) -> bool:
    return bool(compile_glob(pattern).match(rel_path))
