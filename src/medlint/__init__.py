"""medlint: a compliance linter for medical marketing copy."""

__version__ = "0.1.0"
