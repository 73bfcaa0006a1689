"""Hourly limits on requests that send email or guess secrets (invitations, password
resets), counted in the ``limits`` cache: a database table, so every process and server
counts together (a per-process count would multiply the limit by the number of
processes). What is limited is keyed by a digest, so no address is stored in the cache.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone

CACHE = "limits"
HOUR = 3600


@dataclass(frozen=True)
class HourlyLimit:
    name: str
    per_hour: int

    def _key(self, who: str) -> str:
        digest = hashlib.sha256(who.casefold().encode()).hexdigest()[:32]
        hour = int(timezone.now().timestamp() // HOUR)
        return f"limit:{self.name}:{digest}:{hour}"

    def reached(self, who: str) -> bool:
        """Whether ``who`` has used up this hour's allowance (counts nothing)."""
        return caches[CACHE].get(self._key(who), 0) >= self.per_hour

    def take(self, who: str) -> bool:
        """Count one request by ``who``; False once over this hour's allowance."""
        cache, key = caches[CACHE], self._key(who)
        cache.add(key, 0, timeout=HOUR)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=HOUR)
            used = 1
        return used <= self.per_hour
