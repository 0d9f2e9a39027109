"""One-time survey codes (pure Python, no Django).

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as ``ABCD-EFGH``: 31⁸ ≈ 8,5·10¹¹
codes. Only a keyed hash (HMAC-SHA-256 with the site's secret key) is stored, so a copy of the database does not
reveal the codes. People may type them in lower case, with spaces or without the dash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str | None) -> str:
    """Upper case, separators removed; look-alikes mapped (O→0 is not in the alphabet, so O, I, L are refused)."""
    return "".join(c for c in str(text or "").upper() if c.isalnum())


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def digest(code: str, key: str) -> str:
    return hmac.new(key.encode(), b"survey-code:" + normalize(code).encode(), hashlib.sha256).hexdigest()
