"""Caching of what is costly to compute and wholly determined by its inputs.

Keys are content-addressed: a digest of every input, so a cached value can never be
stale. A draft's chart changes key the moment an answer changes, and a catalogue edit
changes the key of every chart that shows the edited activity. The code that turns
inputs into outputs is in every key too, once for all: each cache's ``KEY_PREFIX`` is
the release's digest (``settings.RELEASE``), so a deployment that changes any code,
template or stylesheet changes every key. Nothing needs invalidating; old entries
simply stop being asked for and expire.

The cache is Django's default cache: per-process memory unless ``CACHES`` says otherwise
(see docs/adr/0006-scaling.md for several app servers).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Model

T = TypeVar("T")

CHART_TIMEOUT = 24 * 60 * 60


def _stable(value: Any) -> Any:
    """``value`` with mappings and sets in a fixed order, for ``repr``."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _stable(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return tuple(sorted(repr(v) for v in value))
    if isinstance(value, list | tuple):
        return tuple(_stable(v) for v in value)
    return value


def content_key(prefix: str, *parts: Any) -> str:
    """``prefix:`` and a digest of ``repr`` of ``parts``. Every part must have a ``repr``
    that shows its whole value (strings, numbers, frozen dataclasses of those)."""
    digest = hashlib.blake2b(repr(_stable(parts)).encode(), digest_size=20).hexdigest()
    return f"{prefix}:{digest}"


def row_key(instance: Model) -> tuple:
    """Every stored value of a row, for a key that changes whenever the row does."""
    return tuple(field.value_from_object(instance) for field in instance._meta.concrete_fields)


def cached_by_content(
    prefix: str, timeout: int = CHART_TIMEOUT
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache a pure function's result under a key made from all its arguments."""

    def decorator(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            key = content_key(prefix, args, kwargs)
            value = cache.get(key)
            if value is None:
                value = function(*args, **kwargs)
                cache.set(key, value, timeout)
            return value

        return wrapper

    return decorator
