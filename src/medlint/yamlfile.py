"""YAML loading that remembers where each mapping and key came from.

Rule and config errors must name `file:line`, so mappings load as `LineDict`,
which records the line of the mapping itself and of each of its keys.
"""

from __future__ import annotations

import functools

from medlint.errors import MedlintError


class LineDict(dict):
    """A dict with `line` (1-based, of the mapping) and `key_lines` (per key)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list with `line` and per-item `item_lines`."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


@functools.lru_cache(maxsize=1)
def _loader():
    """A SafeLoader that builds LineDict/LineList (yaml is imported only when a file is read)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node):
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark) from None
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader, node):
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml_text(text: str, name: str, error=MedlintError):
    """Parse YAML text; a syntax error becomes `error("name:line: ...")`."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "not valid YAML"
        raise error(f"{name}:{line}: not valid YAML: {what}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise error(f"{name}:{line}: not valid YAML: character {exc.character!r} is not allowed") from None
    except yaml.YAMLError as exc:
        raise error(f"{name}:1: not valid YAML: {' '.join(str(exc).split())}") from None


def load_yaml_file(path, error=MedlintError, name: str | None = None):
    from medlint.files import Unreadable, read_small_text  # regular files only: a FIFO or /dev/zero cannot hang

    name = name or str(path)
    try:
        text = read_small_text(path, "a rule file")
    except Unreadable as exc:
        raise error(f"{name}:1: {exc}" if str(exc) == "not UTF-8 text" else f"{name}: cannot read: {exc}") from None
    return load_yaml_text(text, name, error)
