"""Vietnamese date formatting and parsing (pure Python, no Django).

Formats: long ("ngày 15 tháng 12 năm 2023"), official per Nghị định 30/2020/NĐ-CP
(Phụ lục I: day < 10 and months 1, 2 get a leading 0 — "Hà Tĩnh, ngày 05 tháng 02 năm 2020")
and short ("15/12/2023"). ``parse_date_vi`` finds the first valid date inside free text; ``parse_date_input``
reads a field that must hold a date and nothing else (forms, query strings, spreadsheet cells, CLI options): the one
parser of typed dates in the project.
"""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.vntext import fold, nfc

__all__ = [
    "format_date_draft", "format_date_long", "format_date_official", "format_date_short", "parse_date_input",
    "parse_date_vi",
]


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def format_date_long(value) -> str:
    """``date(2023, 12, 15)`` -> ``"ngày 15 tháng 12 năm 2023"`` (no padding); ``""`` for None."""
    d = _as_date(value)
    if d is None:
        return ""
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def format_date_official(value, place: str | None = None) -> str:
    """Administrative-document date line (Nghị định 30/2020/NĐ-CP).

    ``format_date_official(date(2020, 3, 5), "Hà Tĩnh")`` -> ``"Hà Tĩnh, ngày 05 tháng 3 năm 2020"``;
    days below 10 and the months 1 and 2 are written with a leading zero.
    """
    d = _as_date(value)
    if d is None:
        return ""
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return _at(place, f"ngày {day} tháng {month} năm {d.year}")


def format_date_draft(value, place: str | None = None, year: int | None = None) -> str:
    """The date line of a document that may not be signed yet: the official date once ``value`` is known, else
    blanks for the day and month, filled by hand at signing, with the ``year`` printed as the province's drafts do.

    ``format_date_draft(None, "Hà Tĩnh", 2026)`` -> ``"Hà Tĩnh, ngày      tháng      năm 2026"``.
    """
    if _as_date(value) is not None:
        return format_date_official(value, place)
    return _at(place, f"ngày      tháng      năm {year if year else '     '}")


def _at(place: str | None, text: str) -> str:
    """The date line with its place in front ("Hà Tĩnh, ngày …") when there is one."""
    place = nfc(place).strip() if place else ""
    return f"{place}, {text}" if place else text


def format_date_short(value) -> str:
    """``date(2023, 12, 15)`` -> ``"15/12/2023"``; ``""`` for None."""
    d = _as_date(value)
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# Patterns run on folded, lower-cased text (same length as the NFC input except for đ etc.,
# which fold to one character, so positions are not needed).
_LONG_RE = re.compile(
    r"(?:ngay\s*)?(\d{1,2})\s*[,.]?\s*thang\s*(\d{1,2})\s*[,.]?\s*nam\s*(\d{4})\b"
)
_NUMERIC_RE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/.\-]?\d)")
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _two_digit_year(y: str) -> int:
    year = int(y)
    if len(y) == 2:
        year += 2000 if year < 70 else 1900
    return year


def parse_date_vi(text) -> dt.date | None:
    """First valid date written the Vietnamese way inside ``text``; ``None`` if there is none.

    Understands "ngày 15 tháng 12 năm 2023" (with or without "ngày", diacritics optional),
    "15/12/2023", "15-12-2023", "15.12.2023", two-digit years after "/" or "-" ("15/12/23" -> 2023),
    ISO "2023-12-15", and dates inside text ("Trước 25/12/2023"). Day comes before month.
    ``date``/``datetime`` values are returned as dates. Never raises.
    """
    if isinstance(text, (dt.date, dt.datetime)):
        return _as_date(text)
    if not isinstance(text, str) or not text:
        return None
    s = fold(text).lower()
    candidates: list[tuple[int, dt.date]] = []
    for m in _LONG_RE.finditer(s):
        d = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            candidates.append((m.start(), d))
            break
    for m in _ISO_RE.finditer(s):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            candidates.append((m.start(), d))
            break
    for m in _NUMERIC_RE.finditer(s):
        if len(m.group(4)) == 2 and m.group(2) == ".":
            continue  # "1.2.15" is a section number far more often than a date
        d = _make(_two_digit_year(m.group(4)), int(m.group(3)), int(m.group(1)))
        if d:
            candidates.append((m.start(), d))
            break
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]


_INPUT_RES = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.+\-z]*)?"), (1, 2, 3)),  # ISO, a time part ignored
    (re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})"), (4, 3, 1)),  # 15/12/2023, 15-12-2023, 15.12.2023
    (re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})"), (3, 2, 1)),
)


def parse_date_input(value) -> dt.date | None:
    """A value that must be a date and nothing else: ``None`` when empty, the date, or ``ValueError``.

    Accepts ``date``/``datetime`` objects, ISO "2023-12-15" (a time part is ignored), "15/12/2023", "15-12-2023",
    "15.12.2023" and "ngày 15 tháng 12 năm 2023" (diacritics optional). Unlike :func:`parse_date_vi` it never picks
    a date out of surrounding text: "Trước 25/12/2023" or "31/02/2024" raise ``ValueError``.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return _as_date(value)
    text = fold(str(value or "")).strip().lower()
    if not text:
        return None
    for pattern, (y, m, d) in _INPUT_RES:
        match = pattern.fullmatch(text)
        if match:
            day = _make(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            if day is None:
                break
            return day
    raise ValueError(f"not a date: {str(value)[:40]!r}")
