"""Deadline text ("Thời gian thực hiện") → schedule dict (pure Python).

``parse_deadline(text, default_year=None)`` returns a dict with ``kind`` one of
"once" | "recurring" | "continuous" | "range" | "event" | "combined" | "unknown" and ``text``:

- once: ``due`` (ISO date; the last day of the month / quarter / year named, or the date itself)
- recurring: ``frequency`` ("yearly", "half_yearly", "quarterly", "monthly") and the anchors stated
  (``month``, ``day``, ``quarter``)
- continuous: nothing else ("Thường xuyên")
- range: ``start`` and ``end`` ISO dates
- event: ``event`` (the triggering event text)
- combined: ``parts`` (a list of schedules) — e.g. "Năm 2023; Hàng năm"

Unparseable text gives ``kind: "unknown"``; the function never raises.
"""

from __future__ import annotations

import calendar
import re

from cchc.core.vntext import clean_spaces, fold_key

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QROM = r"(iv|iii|ii|i|[1-4])"


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _once_on(day: int, month: int, year: int) -> dict | None:
    """A deadline on that date; None when there is no such day."""
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return {"kind": "once", "due": f"{year:04d}-{month:02d}-{day:02d}"}
    return None


def _q(tok: str) -> int:
    return ROMAN.get(tok, None) or int(tok)


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


_RECUR = r"(?:hang|moi)\s+(nam|quy|thang)"
_EVENT = re.compile(r"^(?:ngay\s+)?(sau khi|khi|theo|ngay sau khi|truoc khi|trong vong|can cu)\b")


def _once_or_range(k: str, default_year: int | None) -> dict | None:  # noqa: C901 - a flat table of forms
    k = k.strip(" .;,")
    # ranges of years: "nam 2024-2026", "giai doan 2023 - 2025", "2024 - 2026"
    m = re.fullmatch(r"(?:tu\s+)?(?:nam|giai doan)?\s*(\d{4})\s*(?:-|–|den(?: nam)?)\s*(\d{4})", k)
    if m:
        return {"kind": "range", "start": f"{m.group(1)}-01-01", "end": f"{m.group(2)}-12-31"}
    # quarter ranges: "quy i-iv nam 2024", "quy ii, iii/2024", "quy i, ii nam 2024"
    m = re.fullmatch(rf"quy\s+{_QROM}\s*(?:-|–|,|den|va)\s*(?:quy\s+)?{_QROM}\s*(?:/|nam)?\s*(\d{{4}})?", k)
    if m:
        y = _year(m.group(3)) if m.group(3) else default_year
        if y is None:
            return None
        q1, q2 = _q(m.group(1)), _q(m.group(2))
        return {"kind": "range", "start": f"{y:04d}-{(q1 - 1) * 3 + 1:02d}-01", "end": _last_day(y, q2 * 3)}
    # explicit date: "truoc 25/12/2023", "truoc ngay 25/12/2023", "ngay 15/12/2023"
    m = re.fullmatch(r"(?:truoc|chac chan truoc|den|cham nhat|han chot|trong)?\s*(?:ngay\s+)?(\d{1,2})/(\d{1,2})/(\d{2,4})", k)
    if m:
        return _once_on(int(m.group(1)), int(m.group(2)), _year(m.group(3)))
    m = re.fullmatch(r"(?:truoc\s+)?ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", k)
    if m:
        return _once_on(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # month: "thang 01/2024", "thang 1 nam 2022", "truoc thang 6/2024"
    m = re.fullmatch(r"(?:truoc|trong)?\s*thang\s+(\d{1,2})\s*(?:/|nam|-)?\s*(\d{4})?", k)
    if m:
        mo = int(m.group(1))
        y = int(m.group(2)) if m.group(2) else default_year
        if y is None or not 1 <= mo <= 12:
            return None
        return {"kind": "once", "due": _last_day(y, mo)}
    # quarter: "quy iv/2024", "quy i nam 2022", "quy ii"
    m = re.fullmatch(rf"(?:truoc|trong)?\s*quy\s+{_QROM}\s*(?:/|nam)?\s*(\d{{4}})?", k)
    if m:
        y = int(m.group(2)) if m.group(2) else default_year
        if y is None:
            return None
        return {"kind": "once", "due": _last_day(y, _q(m.group(1)) * 3)}
    # half year: "6 thang dau nam 2024"
    m = re.fullmatch(r"6 thang (dau|cuoi) nam\s*(\d{4})?", k)
    if m:
        y = int(m.group(2)) if m.group(2) else default_year
        if y is None:
            return None
        return {"kind": "once", "due": _last_day(y, 6 if m.group(1) == "dau" else 12)}
    # year: "nam 2024", "trong nam 2024", "2024"
    m = re.fullmatch(r"(?:truoc|trong|cuoi)?\s*(?:nam\s+)?(\d{4})", k)
    if m:
        return {"kind": "once", "due": f"{m.group(1)}-12-31"}
    m = re.fullmatch(r"(?:tu|bat dau tu)\s+(?:nam\s+)?(\d{4})(?:\s*\(.*\))?", k)
    if m:
        return {"kind": "range", "start": f"{m.group(1)}-01-01", "end": None}
    # a start, not a due date: "(bắt đầu thực hiện) từ tháng 01/2026", "từ ngày 15/3/2026"
    m = re.fullmatch(r"(?:bat dau\s+(?:thuc hien\s+)?)?tu\s+(?:thang\s+(\d{1,2})/(\d{4})|ngay\s+(\d{1,2})/(\d{1,2})/(\d{4}))", k)
    if m and m.group(1) and 1 <= int(m.group(1)) <= 12:
        return {"kind": "range", "start": f"{m.group(2)}-{int(m.group(1)):02d}-01", "end": None}
    if m and m.group(3) and 1 <= int(m.group(4)) <= 12 and 1 <= int(m.group(3)) <= calendar.monthrange(
            int(m.group(5)), int(m.group(4)))[1]:
        return {"kind": "range", "start": f"{m.group(5)}-{int(m.group(4)):02d}-{int(m.group(3)):02d}", "end": None}
    return None


def _recurring(k: str) -> dict | None:
    k = k.strip(" .;,")
    m = re.search(_RECUR, k)
    if not m and not re.search(r"dinh ky|thuong nien", k):
        return None
    out: dict = {"kind": "recurring"}
    unit = m.group(1) if m else "nam"
    out["frequency"] = {"nam": "yearly", "quy": "quarterly", "thang": "monthly"}[unit]
    if re.search(r"6 thang|nua nam", k):
        out["frequency"] = "half_yearly"
    q = re.search(rf"quy\s+{_QROM}\b", k)
    if q and unit == "nam":
        out["quarter"] = _q(q.group(1))
    d = re.search(r"(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?!/)", k)
    if d:
        out["day"], out["month"] = int(d.group(1)), int(d.group(2))
    else:
        mo = re.search(r"thang\s+(\d{1,2})\b", k)
        if mo and unit == "nam":
            out["month"] = int(mo.group(1))
    return out


def _single(part: str, default_year: int | None) -> dict:
    text = clean_spaces(part)
    k = fold_key(text)
    k = re.sub(r"\s*/\s*", "/", k)
    if not k:
        return {"kind": "unknown", "text": text}
    if re.fullmatch(r"(?:thuc hien\s+)?(?:thuong xuyen|lien tuc|thuong xuyen,? lien tuc)\.?", k):
        return {"kind": "continuous", "text": text}
    core = re.sub(r"\s*\(.*?\)\s*", " ", k).strip()
    rec = _recurring(core)
    if rec is not None:
        rec["text"] = text
        return rec
    simple = _once_or_range(core, default_year)
    if simple is not None:
        simple["text"] = text
        return simple
    if core.startswith("thuong xuyen"):
        rest = " ".join(text.split()[2:]).strip(" ,;")
        return {"kind": "continuous", "text": text, "condition": rest or None}
    if _EVENT.match(core) or re.match(r"(?:thuc hien\s+)?theo\b", core):
        return {"kind": "event", "text": text, "event": text}
    # "tu nam 2023 (...)" etc. already handled; a year anywhere as a last resort
    m = re.search(r"\b(?:nam|quy [iv]+/?|thang \d{1,2}/)\s*(\d{4})\b", core)
    if m and len(core) <= 40:
        inner = _once_or_range(m.group(0), default_year)
        if inner is not None:
            inner["text"] = text
            return inner
    return {"kind": "unknown", "text": text}


def parse_deadline(text: str | None, *, default_year: int | None = None) -> dict:
    """Parse a deadline cell into a schedule dict (see module docstring). Never raises."""
    original = clean_spaces(text or "")
    try:
        if not original:
            return {"kind": "unknown", "text": original}
        parts = [p for p in re.split(r"\s*;\s*|\s*\n\s*", original) if p.strip()]
        if len(parts) == 1:
            # "Năm 2023 Rà soát, hoàn thiện hằng năm" / "Hàng năm (Sau khi ...)"
            k = fold_key(original)
            m = re.match(r"^(nam \d{4})\s+(.*\b(?:hang|moi) (?:nam|quy|thang)\b.*)$", k)
            if m:
                cut = len(original.split()[0]) + 1 + len(original.split()[1])
                parts = [original[:cut], original[cut:].strip()]
        if len(parts) > 1:
            subs = [_single(p, default_year) for p in parts]
            return {"kind": "combined", "text": original, "parts": subs}
        res = _single(original, default_year)
        if res["kind"] in ("recurring", "continuous"):
            ev = re.search(r"\(((?:sau khi|khi|theo)[^)]*)\)", original, re.I)
            if ev:
                res["event"] = ev.group(1)
        res["text"] = original
        return res
    except Exception:  # noqa: BLE001 - a parser never raises
        return {"kind": "unknown", "text": original}
