"""Check kinds: one module each, chosen by a rule's `kind:` key.

Each module has KIND, SCOPE (line | document), OPTIONS (the rule keys it adds),
DOC (what it does), compile(where, pack) -> compiled options, and
check(doc, rule, settings) -> iterator of Hits.
"""

from medlint.checks import approval, drift, off_label, pattern, required

CHECKS = {
    pattern.KIND: pattern,
    approval.KIND: approval,
    required.KIND: required,
    off_label.KIND: off_label,
    drift.KIND: drift,
}
