"""Per-token rate limit: a fixed one-minute window (cchc.core.ratelimit)."""

from __future__ import annotations

from cchc.core import ratelimit

WINDOW = 60  # seconds


def hit(token_id: int, limit: int, *, now: float | None = None) -> int | None:
    """Count one request of the token; None when within ``limit`` for the current minute, else the seconds to
    wait until the next window (the ``Retry-After`` value, ≥ 1)."""
    n, wait = ratelimit.hit(f"exchange:{token_id}", WINDOW, now=now)
    return None if n <= limit else wait
