"""Refuse code guessing on the public survey pages without storing who asked.

A one-time code has 8 characters from a 31-letter alphabet (about 8.5 × 10¹¹ codes), so guessing one is hopeless,
but a script may still try: after ``MAX_MISSES`` unknown or malformed codes from one client address within
``WINDOW`` seconds, the pages answer 429 until the window passes. The counter lives in the cache only (Redis in
production, memory otherwise; cchc.core.ratelimit), under a keyed hash of the address that expires with the window:
no address is written to the database or to a log, as the anonymity promise of the form requires.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from cchc.core import ratelimit
from cchc.core.clientip import client_ip

MAX_MISSES = 20
WINDOW = 15 * 60


def _name(request) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256)
    return f"surveys:miss:{digest.hexdigest()[:32]}"


def blocked(request) -> bool:
    return ratelimit.count(_name(request), WINDOW) >= MAX_MISSES


def record_miss(request) -> None:
    ratelimit.hit(_name(request), WINDOW)
