"""Configuration: `.medlint.yaml` or `[tool.medlint]` in pyproject.toml, found upward from here.

Keys (all optional):
  select, ignore           rule ids, id prefixes or categories
  extend-rules             your own rule files or folders (paths relative to the config file)
  severity                 {rule id, prefix or category: error|warning|info}
  per-file-ignores         {glob: [rule ids, prefixes or categories]}
  exclude                  [globs] of pages never to lint
  topic                    a condition for every page, or {glob: condition}
  fail-on                  error|warning|info
  max-file-size            the largest page read, in MB (default 64); bigger ones are errors
  dask                     a Dask scheduler's address: lint on that cluster (see cluster.py)
  profile                  the jurisdiction profile: us (default), uk or au (see profiles.py)
  claims                   the approved-claims library, a YAML file (relative to the config file; see claims.py)
Command-line options win over the file; every setting remembers where it came from.
"""

from __future__ import annotations

import os
from pathlib import Path

import re as regex  # internal patterns: the stdlib engine compiles faster

from medlint.errors import ConfigError
from medlint.files import DEFAULT_MAX_MB
from medlint.findings import SEVERITIES
from medlint.globs import compile_glob, matches, relative_posix
from medlint.schema import Where, check_keys, type_name
from medlint.yamlfile import LineDict, load_yaml_text

CONFIG_NAMES = (".medlint.yaml", ".medlint.yml")
KEYS = ("select", "ignore", "extend-rules", "severity", "per-file-ignores", "exclude", "topic", "fail-on",
        "max-file-size", "dask", "profile", "claims")
DEFAULTS = {"select": [], "ignore": [], "extend-rules": [], "severity": {}, "per-file-ignores": {},
            "exclude": [], "topic": None, "fail-on": "warning", "max-file-size": DEFAULT_MAX_MB, "dask": None,
            "profile": "us", "claims": None}


class Config:
    """The settings in force, where each came from, and the folder globs are relative to."""

    def __init__(self) -> None:
        self.values: dict = dict(DEFAULTS)
        self.sources: dict = {k: "default" for k in KEYS}
        self.path: str | None = None  # the config file, if any
        self.base = "."  # folder globs and relative paths are resolved against
        self.claims = None  # the claims library (claims.Library), loaded with the pack (lint_run)

    def set(self, key: str, value, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    # -- per page ---------------------------------------------------------------
    def rel(self, page: str) -> str:
        if "://" in page:  # a crawled page (WARC): globs match its host and path
            from medlint.warc import glob_name

            return glob_name(page)
        return relative_posix(page, self.base)

    def excluded(self, page: str) -> bool:
        rel = self.rel(page)
        return any(matches(g, rel) for g in self.values["exclude"])

    def ignores_for(self, page: str) -> tuple[str, ...]:
        rel = self.rel(page)
        extra = []
        for glob, selectors in self.values["per-file-ignores"].items():
            if matches(glob, rel):
                extra += selectors
        return tuple(self.values["ignore"]) + tuple(extra)

    def topic_for(self, page: str) -> str | None:
        topic = self.values["topic"]
        if isinstance(topic, dict):
            rel = self.rel(page)
            for glob, value in topic.items():
                if matches(glob, rel):
                    return value
            return None
        return topic


def find_config(start: str | None = None) -> Path | None:
    """The nearest config file from `start` (default: the working folder) up to the root."""
    folder = Path(start or os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and regex.search(r"(?m)^\s*\[tool\.medlint\]", _read(pyproject)):
            return pyproject
    return None


def _read(path: Path) -> str:
    from medlint.files import Unreadable, read_small_text

    try:
        return read_small_text(path, "a config file")
    except Unreadable as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None


def load_config(path: str | None = None, discover: bool = True) -> Config:
    """Load the named config file, or the one found upward; defaults when there is none."""
    if path is not None:
        chosen = Path(path)
        if not chosen.exists():
            raise ConfigError(f"{path}: config file not found")
    else:
        chosen = find_config() if discover else None
    config = Config()
    if chosen is None:
        return config
    config.path = str(chosen)
    config.base = str(chosen.resolve().parent)
    text = _read(chosen)
    if chosen.name == "pyproject.toml" or chosen.suffix == ".toml":
        node, lines = _toml_table(chosen, text)
    else:
        node = load_yaml_text(text, str(chosen), ConfigError)
        lines = None
        if node is None:
            return config
    _apply(config, node, str(chosen), lines)
    return config


def _toml_table(path: Path, text: str):
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = regex.search(r"line (\d+)", str(exc))
        raise ConfigError(f"{path}:{line.group(1) if line else 1}: not valid TOML: {exc}") from None
    except RecursionError:  # the parser recurses per level of nested arrays and tables
        raise ConfigError(f"{path}:{_deep_line(text)}: not valid TOML: nested too deeply") from None
    table = data.get("tool", {}).get("medlint", {})
    # TOML parsers drop positions: find each key's line by looking for it in the table's text.
    node = LineDict(table)
    start = regex.search(r"(?m)^\s*\[tool\.medlint\]", text)
    node.line = text.count("\n", 0, start.start()) + 1 if start else 1
    node.key_lines = {}
    for key in table:
        m = regex.compile(rf'(?m)^\s*"?{regex.escape(key)}"?\s*=').search(text, start.end() if start else 0)
        node.key_lines[key] = text.count("\n", 0, m.start()) + 1 if m else node.line
    return node, node.key_lines


def _deep_line(text: str, limit: int = 100) -> int:
    """The line where brackets first nest more than `limit` deep (strings are not skipped: a guess
    good enough to point at the culprit)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "[{"
        depth -= ch in "]}"
        if depth > limit:
            return text.count("\n", 0, i) + 1
    return 1


def _apply(config: Config, node, name: str, lines) -> None:
    where = Where(name, node, ConfigError)
    check_keys(where, KEYS)
    for key, value in node.items():
        source = f"{name}:{where.line(key)}"
        config.set(key, _validate(where, key, value), source)


def _str_list(where: Where, key: str, value) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f'"{key}" must be a list of text, found {type_name(value)}', key)
    return list(value)


def _glob(where: Where, key: str, glob: str, line: int | None = None) -> str:
    """A glob that compiles, else `file:line: bad glob` (a bad one would fail on the first page)."""
    try:
        compile_glob(glob)
    except (regex.error, ValueError, RecursionError) as exc:
        raise where.error_cls(f'{where.path}:{line or where.line(key)}: bad glob "{glob}" in "{key}": '
                              f"{getattr(exc, 'msg', exc)}") from None
    return glob


def _line_of(value, index) -> int | None:
    return value.line_of(index) if hasattr(value, "line_of") else None


def _validate(where: Where, key: str, value):
    if key == "exclude":
        globs = _str_list(where, key, value)
        return [_glob(where, key, g, _line_of(value, i) if isinstance(value, list) else None)
                for i, g in enumerate(globs)]
    if key in ("select", "ignore"):
        return _str_list(where, key, value)
    if key == "extend-rules":
        base = os.path.dirname(os.path.abspath(where.path))
        return [os.path.join(base, p) if not os.path.isabs(p) else p for p in _str_list(where, key, value)]
    if key == "fail-on":
        if value not in SEVERITIES:
            raise where.error(f'"fail-on" must be one of {", ".join(SEVERITIES)}; found {value!r}', key)
        return value
    if key == "severity":
        if not isinstance(value, dict):
            raise where.error(f'"severity" must map rules or categories to a severity, found {type_name(value)}', key)
        for selector, severity in value.items():
            if severity not in SEVERITIES:
                raise where.error(f'severity for "{selector}" must be one of {", ".join(SEVERITIES)}; '
                                  f'found {severity!r}', key)
        return dict(value)
    if key == "per-file-ignores":
        if not isinstance(value, dict):
            raise where.error(f'"per-file-ignores" must map globs to rule lists, found {type_name(value)}', key)
        return {_glob(where, key, str(glob), _line_of(value, glob)): _str_list(where, key, rules)
                for glob, rules in value.items()}
    if key == "max-file-size":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1e6:
            raise where.error(f'"max-file-size" must be a number of megabytes above 0 and at most 1000000, '
                              f'found {value!r}', key)
        return value
    if key == "dask":
        if not isinstance(value, str) or not value.strip():
            raise where.error(f'"dask" must be a scheduler address such as tcp://scheduler:8786, '
                              f'found {type_name(value)}', key)
        return value.strip()
    if key == "profile":
        from medlint.profiles import check_name

        if not isinstance(value, str):
            raise where.error(f'"profile" must be the name of a profile, found {type_name(value)}', key)
        return check_name(value, f"{where.path}:{where.line(key)}: profile")
    if key == "claims":
        if not isinstance(value, str) or not value.strip():
            raise where.error(f'"claims" must be the path of a claims file, found {type_name(value)}', key)
        base = os.path.dirname(os.path.abspath(where.path))
        return os.path.join(base, value) if not os.path.isabs(value) else value
    if key == "topic":
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {_glob(where, key, str(k), _line_of(value, k)): v for k, v in value.items()}
        raise where.error(f'"topic" must be a condition or a mapping of globs to conditions, found {type_name(value)}', key)
    raise where.error(f'unknown key "{key}"', key)
