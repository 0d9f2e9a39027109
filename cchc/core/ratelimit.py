"""Fixed-window counters in the Django cache (Redis in production, shared by every worker; the local-memory cache
of one process by default — no new service). One mechanism for every limit: the exchange API's per-token rate and
the public survey form's guard against code guessing."""

from __future__ import annotations

import time

from django.core.cache import cache


def _key(name: str, window: int, now: float) -> tuple[str, int]:
    bucket = int(now // window)
    return f"cchc:rl:{name}:{window}:{bucket}", bucket


def hit(name: str, window: int, *, now: float | None = None) -> tuple[int, int]:
    """Count one event under ``name`` in the current window of ``window`` seconds. Returns (count so far in this
    window, seconds until the next window ≥ 1)."""
    now = time.time() if now is None else now
    key, bucket = _key(name, window, now)
    if cache.add(key, 1, timeout=window * 2):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=window * 2)
            count = 1
    return count, max(1, int((bucket + 1) * window - now + 0.999))


def count(name: str, window: int, *, now: float | None = None) -> int:
    """Events counted under ``name`` in the current window, without counting one more."""
    key, _bucket = _key(name, window, time.time() if now is None else now)
    return cache.get(key) or 0
