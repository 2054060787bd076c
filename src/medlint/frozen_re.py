"""Standard-library regexes stored compiled, so a cached rule pack skips Python's regex compiler.

`re.compile` parses and compiles in pure Python: for the ~50 patterns one page needs, that
is most of a single-page run. The compiler's output is a list of integers that the C
engine (`_sre.compile`) turns into a pattern in microseconds, so the pack cache keeps that
list. It is an interpreter detail, so every frozen pattern carries a stamp of the
interpreter that made it, and anything unexpected (another Python, another engine, a
changed internal) falls back to `re.compile`: freezing only ever saves time.
"""

from __future__ import annotations

import re
import sys

try:  # the compiler's own modules: re._parser/_compiler from 3.11, sre_* before
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    try:
        import _sre
        import sre_compile as _compiler
        import sre_parse as _parser
    except ImportError:
        _sre = None

STAMP = (sys.implementation.name, sys.version_info[:3], getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))


def freeze(pattern: str, flags: int = 0):
    """(stamp, arguments of _sre.compile) for this pattern, or None when it cannot be frozen."""
    if _sre is None:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # named constants are ints underneath
        state = parsed.state
        indexgroup = [None] * state.groups
        for name, index in state.groupdict.items():
            indexgroup[index] = name
        args = (pattern, int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(indexgroup))
        thawed, reference = _sre.compile(*args), re.compile(pattern, flags)
    except Exception:  # noqa: BLE001 - any surprise in the internals: do not freeze
        return None
    same = (thawed.flags, thawed.groups, thawed.groupindex) == (reference.flags, reference.groups,
                                                               reference.groupindex)
    return (STAMP, args) if same else None


def thaw(frozen):
    """The compiled pattern, or None when `frozen` is missing or from another interpreter."""
    if not frozen or frozen[0] != STAMP:
        return None
    try:
        return _sre.compile(*frozen[1])
    except Exception:  # noqa: BLE001 - fall back to compiling
        return None


def to_data(frozen):
    """A frozen pattern (or False/None) as plain data; the code is packed into bytes."""
    if not frozen:
        return frozen
    from array import array

    stamp, (pattern, flags, code, groups, groupindex, indexgroup) = frozen
    typecode = "H" if max(code, default=0) < 1 << 16 else _TYPECODE  # most code words are small
    return [[stamp[0], list(stamp[1]), stamp[2], stamp[3]], pattern, flags, typecode,
            array(typecode, code).tobytes(), groups, groupindex, list(indexgroup)]


def from_data(data):
    """The frozen pattern back from `to_data`; None for anything that does not fit."""
    if not data:
        return data if data is False else None
    try:
        (name, version, magic, size), pattern, flags, typecode, packed, groups, groupindex, indexgroup = data
        if typecode not in ("H", _TYPECODE):
            return None
        code = memoryview(packed).cast(typecode).tolist()  # no `array` import on the one-page route
        return ((name, tuple(version), magic, size),
                (pattern, flags, code, groups, dict(groupindex), tuple(indexgroup)))
    except (TypeError, ValueError):
        return None


# Code words are unsigned CODESIZE-byte integers: the array type of that size ("I" on the usual
# platforms, where an unsigned int has 4 bytes).
_TYPECODE = "I" if (getattr(_sre, "CODESIZE", 4) or 4) == 4 else "L"
