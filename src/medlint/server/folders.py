"""Each workspace folder's config and rule pack: loaded once, reloaded when their files change.

The config is found as the command line finds it when run from the folder's root (the
nearest `.medlint.yaml`, `.medlint.yml` or `[tool.medlint]` upward), `extend-rules`
included, and the pack is checked the same way (lint_run.load_checked_pack). A broken
config or rule file is kept as a Problem with its file and line, so the server can show
it on that file and keep serving.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from pathlib import Path

from medlint.config import find_config, load_config
from medlint.errors import MedlintError
from medlint.lint_run import load_checked_pack
from medlint.rules import rule_files, shipped_rules_dir

# path: the absolute file the problem is in (None: unknown); line: 1-based (None: unknown);
# what: the message without its location; text: all of it, as the command line prints it.
Problem = namedtuple("Problem", "path line what text")

_AT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<what>.+)$", re.S)
_AT_FILE = re.compile(r"^(?P<path>.+?): (?P<what>.+)$", re.S)
_SOURCE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")  # a setting's source: "FILE:LINE"


class Folder:
    """One root's settings: `config` and `pack`, or the `problem` that stopped them loading."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.config = None
        self.pack = None
        self.problem: Problem | None = None
        self._signature: tuple = ()
        self.load()

    def load(self) -> None:
        self.config, self.pack, self.problem = None, None, None
        try:
            found = find_config(self.root)
            self.config = load_config(str(found) if found else None, discover=False)
            self.pack = load_checked_pack(self.config)
        except MedlintError as exc:
            self.problem = locate(str(exc), self.config)
        except Exception as exc:  # noqa: BLE001 - a bug: the pages say they were not checked
            text = f"internal error while loading the rules: {type(exc).__name__}: {exc} (please report it)"
            self.problem = Problem(None, None, text, text)
        self._signature = self._current_signature()

    def reload_if_changed(self) -> bool:
        """Reload when the config or a rule file changed on disk; True when it did."""
        if self._current_signature() == self._signature:
            return False
        self.load()
        return True

    def files(self) -> list[str]:
        """The config file, the extra rule files this folder's pack is made of and its claims file."""
        found = None
        try:
            found = find_config(self.root)
        except MedlintError:
            pass
        paths = [str(found) if found else ""]
        extra = self.config.values["extend-rules"] if self.config is not None else []
        for item in extra:
            try:
                paths += [str(p) for p in rule_files(Path(item))] if os.path.exists(item) else [item]
            except OSError:
                paths.append(item)
        if self.config is not None and self.config.values["claims"]:
            paths.append(self.config.values["claims"])  # an edited library reloads like a rule file
        return paths

    def _current_signature(self) -> tuple:
        return tuple((path, _stamp(path)) for path in self.files())


def _stamp(path: str):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class Folders:
    """Folder states by root. A page belongs to the innermost workspace folder holding it;
    a page outside every folder uses its own directory, as `medlint page` run there would."""

    def __init__(self) -> None:
        self._by_root: dict[str, Folder] = {}

    def for_path(self, path: str | None, roots: list[str]) -> Folder:
        return self.for_root(_root_for(path, roots))

    def for_root(self, root: str) -> Folder:
        folder = self._by_root.get(root)
        if folder is None:
            folder = self._by_root[root] = Folder(root)
        return folder

    def all(self) -> list[Folder]:
        return list(self._by_root.values())


def _root_for(path: str | None, roots: list[str]) -> str:
    if path and os.path.isabs(path):
        inside = [r for r in roots if path == r or path.startswith(r.rstrip(os.sep) + os.sep)]
        if inside:
            return max(inside, key=len)
        return os.path.dirname(path)
    return roots[0] if roots else os.getcwd()


def locate(message: str, config) -> Problem:
    """A MedlintError's "file:line: what" as a Problem with an absolute path."""
    m = _AT_LINE.match(message) or _AT_FILE.match(message)
    if m is None:
        return Problem(None, None, message, message)
    path = _absolute(m.group("path"))
    line = int(m.group("line")) if "line" in m.re.groupindex else None
    if not os.path.isfile(path):
        # A rule file that does not exist: show it where the config names it.
        source = _SOURCE.match(config.sources["extend-rules"]) if config is not None else None
        if source is None:
            return Problem(None, None, message, message)
        return Problem(_absolute(source.group("path")), int(source.group("line")), message, message)
    return Problem(path, line, m.group("what"), message)


def _absolute(path: str) -> str:
    """medlint names files relative to the working folder, and shipped ones as rules/NAME."""
    if os.path.isabs(path):
        return path
    if path.startswith("rules/") and not os.path.exists(path):
        return str(shipped_rules_dir() / path[len("rules/"):])
    return os.path.abspath(path)
