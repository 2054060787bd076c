"""Rule templates (`message`, `suggestion`, `fix`) are checked when the pack loads.

A template is filled per finding with `str.format_map`, so anything but a plain field name
would crash a run or build a huge string on the first page it fires on: a stray `{`, a
positional `{0}`, a width `{match:>999999999}`, a conversion `{match!r}`. Only these
fields are allowed:
  match        the words found (every kind)
  treatment    the page's promoted treatment (messages and suggestions)
  approved     what that treatment is approved for (from the treatments table)
  the named groups of the rule's own patterns
  the fields a page-level kind fills in (FIELDS below: what its check puts in a Hit's values)
Braces may appear only around a field.
"""

from __future__ import annotations

try:  # the parser str.format itself uses; `string` costs a start-up its Template class compiles
    from _string import formatter_parser
except ImportError:  # pragma: no cover - other Pythons
    import string

    def formatter_parser(text):
        return string.Formatter().parse(text)

COMMON = frozenset({"match", "treatment", "approved"})
# What checks/*.py put in a Hit's values beyond `match`, per kind.
FIELDS = {
    "off-label": frozenset({"condition", "approved", "disclosure", "sources"}),
    "drift": frozenset({"condition", "topic"}),
}
TEMPLATE_KEYS = ("message", "suggestion", "fix")


def check_templates(where, kind: str, compiled) -> None:
    """Raise `where.error` for a template field medlint does not fill, or any other brace."""
    for key in TEMPLATE_KEYS:
        text = where.node.get(key)
        if not isinstance(text, str) or ("{" not in text and "}" not in text):
            continue
        fields = _fields(where, key, text)
        allowed = (COMMON if key != "fix" else {"match"}) | FIELDS.get(kind, frozenset())
        unknown = [f for f in fields if f not in allowed]
        if unknown:
            groups = _group_names(compiled)
            allowed = allowed | groups
            unknown = [f for f in unknown if f not in groups]
        if unknown:
            names = ", ".join("{" + a + "}" for a in sorted(allowed))
            raise where.error(f'"{key}" uses {{{unknown[0]}}}, which this rule never fills; '
                              f"it may use {names}", key)


def _fields(where, key: str, text: str) -> list[str]:
    """The field names of a template; an error for anything but `{name}` and plain text."""
    try:
        parts = list(formatter_parser(text))
    except ValueError as exc:  # a lone "{" or "}"
        raise where.error(f'"{key}" has a stray brace ({exc}); braces are only for fields such as '
                          "{match}", key) from None
    fields = []
    for literal, name, spec, conversion in parts:
        if "{" in literal or "}" in literal:
            raise where.error(f'"{key}" has "{{{{" or "}}}}"; braces are only for fields such as {{match}}', key)
        if name is None:
            continue
        if not name.isidentifier():
            raise where.error(f'"{key}" has the field {{{name}}}: fields are names such as {{match}}, '
                              "not positions, attributes or indexes", key)
        if spec or conversion:
            raise where.error(f'"{key}" formats {{{name}}} with "{("!" + conversion) if conversion else ":" + spec}": '
                              "fields take no conversion or format spec", key)
        fields.append(name)
    return fields


def _group_names(compiled) -> frozenset[str]:
    """The named groups of the rule's `patterns` (what a finding's values hold). A kind built on
    the pattern kind (approval) compiles to a plain tuple that starts with the pattern's form."""
    from medlint.lazy import LazyPattern

    for part in [compiled, *(compiled if type(compiled) is tuple else ())]:
        pattern = getattr(part, "pattern", None)
        if isinstance(pattern, LazyPattern):
            return frozenset(pattern.groupindex)
    return frozenset()
