"""What a check reports before the engine stamps rule, category and position on it."""

from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType

NO_VALUES = MappingProxyType({})  # a shared default that nobody can change


class Hit(namedtuple("Hit", "start end severity values", defaults=(None, NO_VALUES))):
    """Prose offsets of the words the finding names; severity None means the rule's own;
    values are extra fields for the message ({match}, ...)."""

    __slots__ = ()
