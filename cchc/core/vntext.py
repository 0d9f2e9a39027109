"""Vietnamese text helpers (pure Python, no Django).

NFC normalisation, diacritic folding (including đ/Đ), tokenisation for search,
and a Vietnamese collation key.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC ('' for None)."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str | None) -> str:
    """NFC, collapse every run of whitespace to one space, strip."""
    return _WS_RE.sub(" ", nfc(text)).strip()


def fold(text: str | None) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ (and Eth Ð/ð) to d/D. Case is kept."""
    if not text:
        return ""
    s = unicodedata.normalize("NFD", nfc(text).translate(_D_MAP))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s)


def fold_key(text: str | None) -> str:
    """Folded, lower-cased, whitespace-collapsed form used for matching."""
    return _WS_RE.sub(" ", fold(text).lower()).strip()


def syllables(text: str | None) -> list[str]:
    """Lower-case NFC syllables (\\w+ runs)."""
    return _WORD_RE.findall(nfc(text).lower())
