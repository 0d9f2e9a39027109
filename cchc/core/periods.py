"""Reporting periods (pure Python, no Django).

A :class:`Period` is a month, quarter, half-year or year with DHIS2-style codes:
``"202401"`` (month), ``"2024Q1"`` (quarter), ``"2024S1"`` (six months, DHIS2 "SixMonthly"),
``"2024"`` (year). Labels are the Vietnamese ones used in reports ("Quý I/2024",
"6 tháng đầu năm 2024"). :func:`parse_period_text` reads those labels back from free text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cchc.core.vntext import fold_key

__all__ = ["KINDS", "Period", "label_of", "parse_period_input", "parse_period_text", "periods_between"]

MONTH, QUARTER, HALF_YEAR, YEAR = "month", "quarter", "half_year", "year"
KINDS = (MONTH, QUARTER, HALF_YEAR, YEAR)
_MONTHS_PER = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}
_COUNT = {MONTH: 12, QUARTER: 4, HALF_YEAR: 2, YEAR: 1}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MIN_YEAR, _MAX_YEAR = 1900, 2999
# a period's code and label by kind ({year}, {index}, {roman}: the quarter's numeral, {half}: "đầu" / "cuối")
_CODES = {MONTH: "{year}{index:02d}", QUARTER: "{year}Q{index}", HALF_YEAR: "{year}S{index}", YEAR: "{year}"}
_LABELS = {MONTH: "Tháng {index:02d}/{year}", QUARTER: "Quý {roman}/{year}", HALF_YEAR: "6 tháng {half} năm {year}",
           YEAR: "Năm {year}"}

_CODE_RE = re.compile(
    r"^(?P<year>\d{4})(?:(?P<month>\d{2})|-(?P<month2>\d{2})|M(?P<month3>\d{1,2})|Q(?P<q>[1-4])|[SH](?P<s>[12]))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """A reporting period. ``index`` is the month (1–12), quarter (1–4), half (1–2) or 1 for a year."""

    kind: str
    year: int
    index: int = 1

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Loại kỳ không hợp lệ: {self.kind!r} (chọn một trong {', '.join(KINDS)})")
        if not isinstance(self.year, int) or not _MIN_YEAR <= self.year <= _MAX_YEAR:
            raise ValueError(f"Năm không hợp lệ: {self.year!r}")
        if not isinstance(self.index, int) or not 1 <= self.index <= _COUNT[self.kind]:
            raise ValueError(f"Số thứ tự kỳ không hợp lệ cho {self.kind}: {self.index!r}")

    # ------------------------------------------------------------------ codes
    @property
    def code(self) -> str:
        return _CODES[self.kind].format(**self._parts())

    def _parts(self) -> dict:
        """What the code and label tables fill in."""
        return {"year": self.year, "index": self.index, "roman": _ROMAN.get(self.index, ""),
                "half": "đầu" if self.index == 1 else "cuối"}

    def __str__(self) -> str:
        return self.code

    @classmethod
    def parse(cls, code: str) -> Period:
        """``"202401"``, ``"2024Q1"``, ``"2024S1"``, ``"2024"`` (also ``"2024-01"``, ``"2024M1"``,
        ``"2024H1"``) -> Period. Raises ``ValueError`` with a Vietnamese message otherwise."""
        m = _CODE_RE.match(str(code or "").strip())
        if not m:
            raise ValueError(f"Mã kỳ không hợp lệ: {code!r} (ví dụ: 202401, 2024Q1, 2024S1, 2024)")
        year = int(m.group("year"))
        month = m.group("month") or m.group("month2") or m.group("month3")
        if month:
            return cls(MONTH, year, int(month))
        if m.group("q"):
            return cls(QUARTER, year, int(m.group("q")))
        if m.group("s"):
            return cls(HALF_YEAR, year, int(m.group("s")))
        return cls(YEAR, year, 1)

    @classmethod
    def try_parse(cls, code) -> Period | None:
        """Like :meth:`parse` but returns ``None`` instead of raising."""
        try:
            return cls.parse(code)
        except (ValueError, TypeError):
            return None

    # ------------------------------------------------------------------ dates
    @property
    def first_month(self) -> int:
        return (self.index - 1) * _MONTHS_PER[self.kind] + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        last_month = self.first_month + _MONTHS_PER[self.kind] - 1
        if last_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, last_month + 1, 1) - dt.timedelta(days=1)

    def contains(self, value) -> bool:
        if isinstance(value, dt.datetime):
            value = value.date()
        return self.start <= value <= self.end

    @classmethod
    def for_date(cls, kind: str, value) -> Period:
        """The period of ``kind`` that contains ``value`` (a date or datetime)."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if kind not in KINDS:
            raise ValueError(f"Loại kỳ không hợp lệ: {kind!r}")
        return cls(kind, value.year, (value.month - 1) // _MONTHS_PER[kind] + 1)

    # ------------------------------------------------------------------ navigation
    def _ordinal(self) -> int:
        return self.year * _COUNT[self.kind] + self.index - 1

    @classmethod
    def _from_ordinal(cls, kind: str, n: int) -> Period:
        year, i = divmod(n, _COUNT[kind])
        return cls(kind, year, i + 1)

    def next(self) -> Period:
        return self._from_ordinal(self.kind, self._ordinal() + 1)

    def previous(self) -> Period:
        return self._from_ordinal(self.kind, self._ordinal() - 1)

    # ------------------------------------------------------------------ labels
    @property
    def label(self) -> str:
        return _LABELS[self.kind].format(**self._parts())

    # ------------------------------------------------------------------ ordering
    def _sort_key(self):
        return (self.start, self.end)

    def __lt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


def periods_between(kind: str, start, end) -> list[Period]:
    """All periods of ``kind`` from the one containing ``start`` to the one containing ``end``.

    ``start``/``end`` are dates, datetimes or Periods (a Period stands for its own start /
    end date). Empty if ``start`` is after ``end``.
    """
    if isinstance(start, Period):
        start = start.start
    if isinstance(end, Period):
        end = end.end
    first = Period.for_date(kind, start)
    last = Period.for_date(kind, end)
    out: list[Period] = []
    p = first
    while p <= last:
        out.append(p)
        p = p.next()
    return out


_YEAR = r"((?:19|2\d)\d{2})"
_SEP = r"\s*(?:/|-|nam|,)?\s*(?:nam\s*)?"
_QUARTER_RE = re.compile(r"\bquy\s*(iv|i{1,3}|[1-4])\b" + _SEP + _YEAR + r"\b")
_HALF_RE = re.compile(r"\b(?:6|sau)\s*thang\s*(dau|cuoi)?\s*(?:nam\s*)?" + _YEAR + r"\b")
_HALF_WORD_RE = re.compile(r"\b(?:nua\s*nam|ban\s*nien)\s*(dau|cuoi)?\s*(?:nam\s*)?" + _YEAR + r"\b")
_MONTH_RE = re.compile(r"\bthang\s*(\d{1,2})\s*(?:/|-|nam|,)\s*(?:nam\s*)?" + _YEAR + r"\b")
_YEAR_RE = re.compile(r"\bnam\s*" + _YEAR + r"\b")


def label_of(code) -> str:
    """A period code as people read it: "2024Q1" → "Quý I/2024", "2024S1" → "6 tháng đầu năm 2024", "2024" →
    "Năm 2024", "202401" → "Tháng 01/2024" (:attr:`Period.label`); anything else as it is ("" for None)."""
    period = Period.try_parse(code)
    return period.label if period is not None else ("" if code is None else str(code))


_NUMERIC_YEAR_RE = re.compile(r"(?:nam\s*)?" + _YEAR)


def parse_period_input(text) -> Period | None:
    """A field that must hold a period and nothing else (filters, forms, query strings): its code ("2024Q1",
    "2024s1") or its label as people type it, with or without diacritics ("Quý I/2024", "quy 1 nam 2024", "6 tháng
    đầu năm 2024", "Tháng 3/2024", "Năm 2024"); None for anything else, a period inside other text included."""
    if not isinstance(text, str):
        return None
    s = fold_key(text).strip()
    code = Period.try_parse(s.replace(" ", "").upper())
    if code is not None or not s:
        return code
    whole = parse_period_text(text)
    regexes = (_QUARTER_RE, _HALF_RE, _HALF_WORD_RE, _MONTH_RE, _YEAR_RE, _NUMERIC_YEAR_RE)
    return whole if whole is not None and any(r.fullmatch(s) for r in regexes) else None


def parse_period_text(text) -> Period | None:
    """Read a period from Vietnamese text; ``None`` when there is none. Never raises.

    "Quý I/2024", "quý IV năm 2024", "Quý 2 - 2024", "6 tháng đầu năm 2024",
    "6 tháng cuối năm 2024" (and "sáu tháng …", "6 tháng năm 2024" = first half),
    "Tháng 01/2024", "tháng 1 năm 2024", "Năm 2024", and codes ("2024Q1", "202401").
    A quarter, half-year or month inside the text wins over a bare year.
    """
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        return None
    s = fold_key(text)
    if not s:
        return None
    try:
        code = Period.try_parse(s.replace(" ", "").upper())
        if code is not None:
            return code
        candidates: list[tuple[int, Period]] = []
        for m in _QUARTER_RE.finditer(s):
            q = m.group(1)
            candidates.append((m.start(), Period(QUARTER, int(m.group(2)), _FROM_ROMAN.get(q) or int(q))))
            break
        for regex in (_HALF_RE, _HALF_WORD_RE):
            for m in regex.finditer(s):
                candidates.append((m.start(), Period(HALF_YEAR, int(m.group(2)), 2 if m.group(1) == "cuoi" else 1)))
                break
        for m in _MONTH_RE.finditer(s):
            month = int(m.group(1))
            if 1 <= month <= 12:
                candidates.append((m.start(), Period(MONTH, int(m.group(2)), month)))
                break
        if candidates:
            return min(candidates, key=lambda c: c[0])[1]
        m = _YEAR_RE.search(s)
        if m:
            return Period(YEAR, int(m.group(1)))
    except ValueError:
        return None
    return None
