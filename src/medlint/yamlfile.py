"""YAML loading that remembers where each mapping and key came from.

Rule and config errors must name `file:line`, so mappings load as `LineDict`,
which records the line of the mapping itself and of each of its keys.
"""

from __future__ import annotations

import functools

from medlint.errors import MedlintError

MAX_DEPTH = 100  # levels of nesting a rule or config file may have; real ones use fewer than 10


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
    """A SafeLoader that builds LineDict/LineList (yaml is imported only when a file is read).

    An unquoted date (2026-06-30) stays text: the key that wants a date checks it with its
    line (YAML's own date constructor raises a bare ValueError, with no line, on 2026-02-30),
    and the pack cache can store it."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0
        yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

        def compose_node(self, parent, index):
            # The composer recurses once per level: stop a hostile file long before Python's limit.
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise yaml.composer.ComposerError(
                        None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    def construct_mapping(loader, node):
        merge_tag = "tag:yaml.org,2002:merge"
        own = sum(1 for key_node, _ in node.value if key_node.tag != merge_tag)
        loader.flatten_mapping(node)
        first_own = len(node.value) - own  # flatten_mapping puts merged (<<) pairs first; they may be overridden
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        own_lines: dict = {}
        for position, (key_node, value_node) in enumerate(node.value):
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                written = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                hint = f' (quote it: "{written}")' if written is not None else ""
                raise yaml.constructor.ConstructorError(
                    None, None, f"a mapping key must be text, found {key!r}{hint}", key_node.start_mark)
            line = key_node.start_mark.line + 1
            if position >= first_own:
                if key in own_lines:
                    raise yaml.constructor.ConstructorError(
                        None, None, f'duplicate key "{key}" (first at line {own_lines[key]})', key_node.start_mark)
                own_lines[key] = line
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
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
