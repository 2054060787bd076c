"""Regexes made ready on first use, cached compiled, and fast on prose.

Compiling a rule pack's patterns costs more than linting one page, and most rules never
fire on a given page. A LazyPattern is validated when the pack is loaded, then stored in
the pack cache as its source text plus its fast form already compiled (frozen_re.py), and
made ready again only when a page needs it.

Prose searches (`search_in`, `finditer_in`) run a lower-cased copy of a case-insensitive
pattern with the standard library's engine over the page's lower-cased text: it compiles
about twice as fast as the `regex` module and searches faster than either engine does
case-insensitively. A stdlib search cannot take a timeout, so that path is used only
where a signal timer (deadline.py) guards it; elsewhere the `regex` module runs the
pattern with the rule's remaining CPU-time budget as its timeout.
"""

from __future__ import annotations

import re

from medlint import deadline, frozen_re, memo

_NO_OPTIONS: dict = {}  # the stdlib engine takes no timeout
_CASE_FLAGS = re.compile(r"\(\?[a-zA-Z]*-?[a-zA-Z]*[i][a-zA-Z]*[:)]|\(\?-")


def lower_pattern(pattern: str) -> str | None:
    """The pattern for lower-cased text: literals lowered, escapes and group names kept, and
    escapes that name a character (\\x48, \\u0048, \\N{...}, octal) replaced by that character
    lowered. None when lowering would change the meaning or the standard library would read
    the pattern otherwise than the `regex` module (see `stdlib_reads_alike`)."""
    if _CASE_FLAGS.search(pattern) or not stdlib_reads_alike(pattern):
        return None
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            j, char = _char_escape(pattern, i)
            if char is not None:
                lowered = char.lower()
                if len(lowered) != 1:
                    return None
                out.append(f"\\U{ord(lowered):08x}")
                i = j
                continue
            j = i + 2
            if pattern[i + 1:i + 2] in ("p", "P", "N") and pattern[i + 2:i + 3] == "{":
                j = pattern.find("}", i) + 1 or n
            out.append(pattern[i:j])
            i = j
            continue
        if pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.find(">" if pattern[i + 3] == "<" else ")", i) + 1 or n
            out.append(pattern[i:j])
            i = j
            continue
        out.append(c.lower())
        i += 1
    return "".join(out)


_HEX = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = re.compile(r"\{\d*(?:,\d*)?\}")


def _char_escape(pattern: str, i: int):
    """(end, character) for an escape at i that names one character; (i, None) for any other."""
    kind = pattern[i + 1:i + 2]
    if kind in _HEX:
        digits = pattern[i + 2:i + 2 + _HEX[kind]]
        if len(digits) == _HEX[kind] and all(d in "0123456789abcdefABCDEF" for d in digits):
            code = int(digits, 16)
            if code <= 0x10FFFF:
                return i + 2 + len(digits), chr(code)
        return i, None
    if kind == "N" and pattern[i + 2:i + 3] == "{":
        end = pattern.find("}", i)
        if end > 0:
            import unicodedata  # only for patterns that name characters

            try:
                return end + 1, unicodedata.lookup(pattern[i + 3:end])
            except KeyError:
                return i, None
        return i, None
    j = i + 1
    while j < len(pattern) and j < i + 4 and pattern[j] in "01234567":
        j += 1
    digits = pattern[i + 1:j]
    if digits and (digits[0] == "0" or len(digits) == 3):  # octal, not a group reference
        return j, chr(int(digits, 8))
    return i, None


def stdlib_reads_alike(pattern: str) -> bool:
    """False for `regex`-module syntax the standard library reads as something else (it would
    not fail, only match differently): POSIX classes ([[:alpha:]]), nested sets and set
    operations, fuzzy matching ({e<=1}). Such patterns run on the `regex` module only."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "[" or pattern.startswith(("&&", "||", "--", "~~"), i):
                return False
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":  # a leading ] is a member
                i += 1
            continue
        elif c == "{" and not _QUANTIFIER.match(pattern, i):
            end = pattern.find("}", i)
            if end > 0 and any(ch in "eisd" for ch in pattern[i + 1:end]):
                return False
        i += 1
    return True


class BadPattern(ValueError):
    """The `regex` module rejects a pattern (the message is its reason)."""


def checked(pattern: str, flags: int = 0) -> LazyPattern:
    """A LazyPattern the `regex` module accepts, else BadPattern. A pack loaded from the cache
    (memo.py) skips the check and the compiling: both were done when the cache was written."""
    return memo.recall("regex", memo.digest(f"{int(flags)}:{pattern}"), lambda: _compiled(pattern, flags),
                       LazyPattern._freeze, lambda data: LazyPattern(pattern, flags, frozen=data))


def _compiled(pattern: str, flags: int) -> LazyPattern:
    import regex

    try:
        return LazyPattern(pattern, flags, regex.compile(pattern, flags))
    except regex.error as exc:
        raise BadPattern(str(exc)) from None
    except (OverflowError, RecursionError, MemoryError):  # e.g. thousands of nested groups
        raise BadPattern("too deeply nested or too large to compile") from None


class LazyPattern:
    __slots__ = ("pattern", "flags", "_compiled", "_fast", "_frozen")

    def __init__(self, pattern: str, flags: int = 0, compiled=None, frozen=None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled
        self._fast = None  # False: no fast form; else the stdlib pattern for lower-cased text
        self._frozen = frozen  # False: no fast form; else the fast form as frozen_re.to_data stores it

    @property
    def compiled(self):
        """The `regex` module's form (imported on first need: it is slow to import)."""
        if self._compiled is None:
            import regex

            self._compiled = regex.compile(self.pattern, self.flags)
        return self._compiled

    def fast(self):
        """The stdlib pattern for lower-cased text, or None when this pattern has none."""
        if self._fast is None:
            if self._frozen is False:
                self._fast = False
            else:
                self._fast = frozen_re.thaw(frozen_re.from_data(self._frozen)) or self._compile_fast()
        return self._fast or None

    def _compile_fast(self):
        if not self.flags & re.IGNORECASE:
            return False
        lowered = lower_pattern(self.pattern)
        try:
            return re.compile(lowered, self.flags & ~re.IGNORECASE) if lowered else False
        except (re.error, ValueError, OverflowError):
            return False

    def _engine(self, doc):
        """(pattern, text, options) to search a page's prose with: the fast form where a
        deadline guards it, else the `regex` form with its own timeout."""
        if deadline.guarded() and doc.lower_ok:
            fast = self._fast if self._fast is not None else self.fast()
            if fast:
                return fast, doc._lower, _NO_OPTIONS
        return self.compiled, doc.text, {"timeout": deadline.remaining()}

    def search_in(self, doc, pos: int, endpos: int):
        pattern, text, options = self._engine(doc)
        return pattern.search(text, pos, endpos, **options)

    def match_in(self, doc, pos: int, endpos: int):
        """A match that starts exactly at `pos`."""
        pattern, text, options = self._engine(doc)
        return pattern.match(text, pos, endpos, **options)

    def finditer_in(self, doc, pos: int, endpos: int):
        pattern, text, options = self._engine(doc)
        return pattern.finditer(text, pos, endpos, **options)

    def search_source(self, doc, pos: int, endpos: int):
        """Search the page's raw source (markup included), fast where it is safe."""
        if deadline.guarded():
            fast = self.fast()
            lower = doc.source_lower
            if fast is not None and len(lower) == len(doc.source):
                return fast.search(lower, pos, endpos)
        return self.compiled.search(doc.source, pos, endpos, timeout=deadline.remaining())

    def _freeze(self):
        """The fast form, compiled and frozen for the pack cache (False when there is none)."""
        if self._frozen is None:
            lowered = lower_pattern(self.pattern) if self.flags & re.IGNORECASE else None
            frozen = lowered is not None and frozen_re.freeze(lowered, self.flags & ~re.IGNORECASE)
            if frozen:
                self._frozen = frozen_re.to_data(frozen)
            elif self._compile_fast() is False:
                self._frozen = False
            # else: a fast form that would not freeze stays None and is compiled when needed
        return self._frozen

    def __getstate__(self):
        return (self.pattern, self.flags, self._freeze())

    def __setstate__(self, state) -> None:
        self.pattern, self.flags, self._frozen = state
        self._compiled = None
        self._fast = None

    # The Pattern methods the rest of the code uses on plain strings.
    def search(self, *args, **kwargs):
        return self.compiled.search(*args, **kwargs)

    def finditer(self, *args, **kwargs):
        return self.compiled.finditer(*args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self.compiled.fullmatch(*args, **kwargs)

    @property
    def groupindex(self):
        fast = self.fast()  # same group names; avoids compiling the `regex` form just to ask
        return fast.groupindex if fast is not None else self.compiled.groupindex
