"""Rate limits per key, so that one platform's runaway loop cannot starve the others.

The limits are a setting in the `limits` library's notation ("50/second;2000/minute"); counts are
kept per process in memory by default, or in a shared store (`RATE_LIMIT_STORAGE`, e.g.
redis://…) when several processes must share one budget. Sliding-window counters: constant time
and memory per key, whatever the limit.
"""

import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse_many, storage
from limits.strategies import SlidingWindowCounterRateLimiter

from app.core.config import get_settings
from app.core.errors import TooManyRequests
from app.core.observability import RATE_LIMITED


class KeyLimiter:
    def __init__(self, spec: str, storage_uri: str) -> None:
        self.items: list[RateLimitItem] = parse_many(spec) if spec else []
        counts = storage.storage_from_string(storage_uri)
        self.limiter = SlidingWindowCounterRateLimiter(counts)
        self.in_memory = isinstance(counts, storage.MemoryStorage)
        """Counts kept in this process: admitting a request waits on nothing (a shared store is a
        network round trip)."""

    def admit(self, key_id: int) -> None:
        """Counts a request against the key's limits; 429 with Retry-After when one is spent."""
        identifier = str(key_id)
        for item in self.items:
            if not self.limiter.hit(item, identifier):
                reset = self.limiter.get_window_stats(item, identifier).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                RATE_LIMITED.inc()
                raise TooManyRequests(
                    detail=f"This key may make {item} requests; wait {wait} s.",
                    headers={"Retry-After": str(wait)},
                    limit=str(item),
                )


@lru_cache
def key_limiter() -> KeyLimiter:
    settings = get_settings()
    return KeyLimiter(settings.rate_limit, settings.rate_limit_storage)
