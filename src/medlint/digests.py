"""Short content digests for cache keys, without loading OpenSSL.

`hashlib` loads OpenSSL on import, which costs a one-page run more than its whole cache hit;
the BLAKE2 C module that hashlib itself wraps loads in microseconds."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b


def digest(data: bytes) -> str:
    """128 bits as hex: enough to tell rule files, patterns and vocabularies apart."""
    return blake2b(data, digest_size=16).hexdigest()
