"""Results of costly, pure load-time steps, kept by the pack cache as plain data.

Checking a pattern with the `regex` module and working out its literals (literals.py) are
most of the cost of loading a rule pack, and each depends only on the pattern's text. While
a pack loads, those steps ask `recall` first: inside `session(known)` a result the cache
already holds is returned without the work, and every result used is noted so the cache
can store it (cache.py). Outside a session nothing is remembered.

Values are stored as JSON data: each caller gives an `encode` (value -> data) and a
`decode` (data -> value).
"""

from __future__ import annotations

import contextlib
import functools

_known: dict | None = None  # kind -> {key: data}, from the cache
_noted: dict | None = None  # kind -> {key: (value, encode)}, used during this load


_ACTIVE = object()  # in a session that only recalls (a load from the cache): nothing is noted


@contextlib.contextmanager
def session(known: dict | None = None, note: bool = True):
    """Remember during a pack load; yields the noted results (see `noted_data`)."""
    global _known, _noted
    saved = _known, _noted
    _known, _noted = known or {}, ({} if note else _ACTIVE)
    try:
        yield _noted
    finally:
        _known, _noted = saved


def recall(kind: str, key: str, compute, encode=lambda v: v, decode=lambda d: d):
    """compute(), unless this session's cache already holds the result for (kind, key)."""
    if _noted is None:
        return compute()
    table = _known.get(kind)
    if isinstance(table, dict) and key in table:
        value = decode(table[key])
    else:
        value = compute()
    if _noted is not _ACTIVE:
        _noted.setdefault(kind, {})[key] = (value, encode)
    return value


def noted_data(noted: dict) -> dict:
    """The noted results as JSON data, for the cache file."""
    return {kind: {key: encode(value) for key, (value, encode) in table.items()} for kind, table in noted.items()}


def remembered(kind: str, encode=lambda v: v, decode=lambda d: d):
    """Decorate a function of one text argument so its results are recalled (see `recall`)."""
    def wrap(function):
        @functools.wraps(function)
        def call(key: str):
            short = key if len(key) <= 200 else digest(key)  # expanded patterns are long keys
            return recall(kind, short, lambda: function(key), encode, decode)
        return call
    return wrap


def _encode_set(value):
    return None if value is None else sorted(value)


def _decode_set(data):
    return None if data is None else frozenset(data)


OPTIONAL_SET = (_encode_set, _decode_set)  # codecs for `frozenset | None` results


def digest(text: str) -> str:
    """A short key for a long text (expanded patterns run to many kilobytes)."""
    from medlint.digests import digest as content_digest

    return content_digest(text.encode("utf-8", "surrogatepass"))
