"""The fixed claim categories (shared/spec/taxonomy.md). Every rule has one."""

LINE_CATEGORIES = (
    "safety-claim",
    "risk-minimization",
    "addiction-denial",
    "cure-claim",
    "efficacy-overstatement",
    "mechanism-claim",
    "speed-promise",
    "suicide-claim",
    "unsupported-evidence",
    "comparative-claim",
    "regulatory-claim",
    "testimonial-claim",
    "topic-drift",
)
DOCUMENT_CATEGORIES = (
    "missing-risk-disclosure",
    "missing-off-label-disclosure",
    "missing-crisis-resources",
)
CATEGORIES = LINE_CATEGORIES + DOCUMENT_CATEGORIES
# Findings about medlint itself (an unused suppression, a rule that timed out).
META_CATEGORY = "medlint"
