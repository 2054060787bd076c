"""medlint: a compliance linter for medical marketing copy."""

__version__ = "0.1.0"
# The project's home, for reports that link to the tool (SARIF). The name "medlint" on PyPI
# belongs to an unrelated project: install from this repository (README, Quick start).
REPOSITORY = "https://example.org/your-org/medlint"
