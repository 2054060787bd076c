"""Check kinds: one module each, chosen by a rule's `kind:` key.

Each module has KIND, SCOPE (line | document), OPTIONS (the rule keys it adds),
DOC (what it does), compile(where, pack) -> compiled options, and
check(doc, rule) -> iterator of Hits.
"""

from medlint.checks import pattern

CHECKS = {
    pattern.KIND: pattern,
}
