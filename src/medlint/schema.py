"""Small validators for rule and config files: every error names file:line."""

from __future__ import annotations

from medlint.yamlfile import LineDict, LineList


class Where:
    """Where a mapping came from, to build `file:line: message` errors."""

    def __init__(self, path: str, node, error_cls) -> None:
        self.path = path
        self.node = node
        self.error_cls = error_cls

    def line(self, key=None) -> int:
        node = self.node
        if key is not None and isinstance(node, LineDict):
            return node.line_of(key)
        return getattr(node, "line", 1)

    def error(self, message: str, key=None):
        return self.error_cls(f"{self.path}:{self.line(key)}: {message}")

    def child(self, key) -> Where:
        return Where(self.path, self.node[key], self.error_cls)


def check_keys(where: Where, allowed, required=()) -> None:
    node = where.node
    if not isinstance(node, dict):
        raise where.error(f"expected a mapping, found {type_name(node)}")
    for key in node:
        if key not in allowed:
            import difflib  # only on an error

            hint = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1)
            extra = f' (did you mean "{hint[0]}"?)' if hint else ""
            raise where.error(f'unknown key "{key}"{extra}', key)
    for key in required:
        if key not in node or node[key] in (None, "", []):
            raise where.error(f'missing required key "{key}"')


def type_name(value) -> str:
    return {dict: "a mapping", LineDict: "a mapping", list: "a list", LineList: "a list",
            str: "text", bool: "true/false", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def get_str(where: Where, key, default=None) -> str | None:
    value = where.node.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise where.error(f'"{key}" must be text, found {type_name(value)}', key)
    return value


def get_str_list(where: Where, key, default=()) -> list[str]:
    """A list of strings; a single string is accepted as a list of one."""
    value = where.node.get(key)
    if value is None:
        return list(default)
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise where.error(f'"{key}" must be a list of text, found {type_name(value)}', key)
    for index, item in enumerate(value):
        if not isinstance(item, str):
            line = value.line_of(index) if isinstance(value, LineList) else where.line(key)
            raise where.error_cls(f"{where.path}:{line}: items of \"{key}\" must be text, found {type_name(item)}")
    return list(value)


def get_choice(where: Where, key, choices, default=None) -> str | None:
    value = get_str(where, key, default)
    if value is not None and value not in choices:
        raise where.error(f'"{key}" must be one of {", ".join(choices)}; found "{value}"', key)
    return value


def compile_regex(where: Where, key, pattern: str, flags: int, index: int | None = None):
    """Validate a pattern now (errors name file:line) and return it as a LazyPattern."""
    from medlint.lazy import BadPattern, checked

    try:
        return checked(pattern, flags)
    except BadPattern as exc:
        line = where.line(key)
        node = where.node.get(key)
        if index is not None and isinstance(node, LineList):
            line = node.line_of(index)
        raise where.error_cls(f'{where.path}:{line}: bad regex in "{key}": {exc} in {_shown(pattern)}') from None


def _shown(pattern: str) -> str:
    """The pattern for an error line: a huge one is cut short."""
    return repr(pattern) if len(pattern) <= 200 else repr(pattern[:200]) + "..."


def checked_alternation(where: Where, key, items: list[str], joined: str, flags: int):
    """The alternation `joined` of `items`, checked once (the pack cache keeps the result); if
    it does not compile, the items are compiled one by one so the error names the bad one."""
    from medlint.lazy import BadPattern, checked

    try:
        return checked(joined, flags)
    except BadPattern:
        for index, p in enumerate(items):
            compile_regex(where, key, p, flags, index)
        return compile_regex(where, key, joined, flags)
