"""Regexes compiled on first use, and picklable without their compiled form.

Compiling a rule pack's patterns costs more than linting one page, and most rules never
fire on a given page. A LazyPattern is validated when the pack is loaded, then dropped
to its source text in the pack cache, and compiled again only when a page needs it.
"""

from __future__ import annotations

import regex


class LazyPattern:
    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0, compiled=None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def __getstate__(self):
        return (self.pattern, self.flags)

    def __setstate__(self, state) -> None:
        self.pattern, self.flags = state
        self._compiled = None

    # The Pattern methods the checks use.
    def search(self, *args, **kwargs):
        return self.compiled.search(*args, **kwargs)

    def finditer(self, *args, **kwargs):
        return self.compiled.finditer(*args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self.compiled.fullmatch(*args, **kwargs)

    @property
    def groupindex(self):
        return self.compiled.groupindex
