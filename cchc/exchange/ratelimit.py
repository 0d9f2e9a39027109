"""Per-token rate limit: a fixed one-minute window counted in the Django cache (Redis in production, where the
count is shared by every worker; the local-memory cache of one process by default — no new service)."""

from __future__ import annotations

import time

from django.core.cache import cache

WINDOW = 60  # seconds


def hit(token_id: int, limit: int, *, now: float | None = None) -> int | None:
    """Count one request of the token; None when within ``limit`` for the current minute, else the seconds to
    wait until the next window (the ``Retry-After`` value, ≥ 1)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW)
    key = f"cchc:exchange:rl:{token_id}:{window}"
    if cache.add(key, 1, timeout=WINDOW * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=WINDOW * 2)
            count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * WINDOW - now + 0.999))
