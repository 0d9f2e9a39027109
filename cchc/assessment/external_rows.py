"""Rows of the province's external index results (PAR INDEX, SIPAS, PAPI, PCI, DTI, the 766 set) as provinces
publish them in their reports (pure Python, no Django).

A row: index, year, province, component (blank = the overall index), score, and optionally the maximum, the rank
among the provinces, the national average, the best score and the province that scored it. Cells are read the way
the reports print them: "83,1/100" is a score of 83.1 out of 100, "83,0%" a percentage, "62/63" the 62nd of 63
provinces. Each problem names the column; the caller adds the row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from cchc.core.excel import too_long
from cchc.core.vntext import fold_key, nfc, parse_number

# index code -> (label, words that name it in a cell, folded)
INDICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "par": ("PAR INDEX (Chỉ số cải cách hành chính)", ("par", "par index", "chi so cai cach hanh chinh", "chi so cchc")),
    "sipas": ("SIPAS (Chỉ số hài lòng về sự phục vụ hành chính)", ("sipas", "chi so hai long")),
    "papi": ("PAPI (Chỉ số hiệu quả quản trị và hành chính công)", ("papi",)),
    "pci": ("PCI (Chỉ số năng lực cạnh tranh cấp tỉnh)", ("pci", "nang luc canh tranh")),
    "dti": ("DTI (Chỉ số chuyển đổi số)", ("dti", "chuyen doi so")),
    "766": ("Bộ chỉ số phục vụ người dân, doanh nghiệp (766)", ("766", "bo chi so 766", "chi so 766")),
}
COLUMNS: dict[str, list[str]] = {
    "index": ["Chỉ số", "Bộ chỉ số", "Tên chỉ số"],
    "year": ["Năm"],
    "province": ["Tỉnh", "Tỉnh, thành phố", "Địa phương"],
    "component": ["Chỉ số thành phần", "Lĩnh vực", "Nội dung"],
    "value": ["Điểm", "Điểm số", "Kết quả", "Giá trị"],
    "max_value": ["Điểm tối đa", "Thang điểm"],
    "rank": ["Thứ hạng", "Xếp hạng"],
    "rank_of": ["Số tỉnh xếp hạng", "Trên tổng số"],
    "national_average": ["Trung bình cả nước", "TB cả nước"],
    "best_value": ["Cao nhất", "Điểm cao nhất"],
    "best_province": ["Tỉnh cao nhất", "Tỉnh dẫn đầu"],
    "source": ["Nguồn", "Văn bản công bố", "Ghi chú"],
}
REQUIRED = frozenset({"index", "year", "value"})
# the text columns and how many characters ExternalResult stores of each: a longer cell is refused, never cut
TEXT_LIMITS = {"province": 120, "component": 200, "best_province": 120, "source": 300}
_FRACTION = re.compile(r"^\s*([^/]+?)\s*/\s*([^/]+?)\s*$")


@dataclass
class ExternalRow:
    index: str
    year: int
    province: str
    component: str
    value: Decimal
    max_value: Decimal | None = None
    percent: bool = False
    rank: int | None = None
    rank_of: int | None = None
    national_average: Decimal | None = None
    best_value: Decimal | None = None
    best_province: str = ""
    source: str = ""


def index_code(text) -> str | None:
    key = fold_key(str(text or ""))
    if not key:
        return None
    for code, (_label, words) in INDICES.items():
        if key == code or key in words or any(key.startswith(w + " ") or key.startswith(w + "(") for w in words):
            return code
    return None


def fraction(text) -> tuple[Decimal | None, Decimal | None, bool]:
    """"83,1/100" -> (83.1, 100, False); "83,0%" -> (83.0, None, True); 41.02 -> (41.02, None, False)."""
    if text is None:
        return None, None, False
    if not isinstance(text, str):
        return parse_number(text), None, False
    s = nfc(text).strip()
    m = _FRACTION.match(s)
    if m:
        return parse_number(m.group(1)), parse_number(m.group(2)), False
    return parse_number(s), None, s.endswith("%")


def read_row(rec: dict, *, default_province: str) -> tuple[ExternalRow | None, list[tuple[str, str]]]:
    """One sheet row (field -> cell) -> (row, [(field, Vietnamese problem)])."""
    problems: list[tuple[str, str]] = []
    code = index_code(rec.get("index"))
    if code is None:
        problems.append(("index", f"không rõ chỉ số “{str(rec.get('index') or '')[:40]}” (dùng PAR INDEX, SIPAS, "
                                  "PAPI, PCI, DTI hoặc 766)"))
    year = parse_number(rec.get("year"))
    if year is None or year != int(year) or not 2000 <= int(year) <= 2100:
        problems.append(("year", f"năm không hợp lệ “{str(rec.get('year') or '')[:20]}”"))
    value, max_value, percent = fraction(rec.get("value"))
    if value is None:
        problems.append(("value", f"điểm không phải là số “{str(rec.get('value') or '')[:20]}”"))
    if rec.get("max_value") not in (None, ""):
        max_value = parse_number(rec.get("max_value"))
        if max_value is None or max_value <= 0:
            problems.append(("max_value", "điểm tối đa phải là số dương"))
    if value is not None and max_value is not None and max_value > 0 and not 0 <= value <= max_value:
        problems.append(("value", f"điểm {value} nằm ngoài thang 0–{max_value}"))
    if percent and value is not None and not 0 <= value <= 100:
        problems.append(("value", "tỷ lệ phải từ 0 đến 100%"))
    rank, rank_of, _ = fraction(rec.get("rank"))
    if rec.get("rank_of") not in (None, ""):
        rank_of = parse_number(rec.get("rank_of"))
    for field, number in (("rank", rank), ("rank_of", rank_of)):
        if rec.get(field) not in (None, "") and (number is None or number != int(number) or number < 1):
            problems.append((field, "thứ hạng phải là số nguyên dương (ví dụ 12 hoặc 12/63)"))
    if rank is not None and rank_of is not None and rank > rank_of:
        problems.append(("rank", f"thứ hạng {int(rank)} lớn hơn số tỉnh xếp hạng {int(rank_of)}"))
    extra = {}
    for field in ("national_average", "best_value"):
        raw = rec.get(field)
        extra[field] = fraction(raw)[0] if raw not in (None, "") else None
        if raw not in (None, "") and extra[field] is None:
            problems.append((field, f"không phải là số “{str(raw)[:20]}”"))
    texts = {f: nfc(str(rec.get(f) or "")).strip() for f in TEXT_LIMITS}
    texts["province"] = texts["province"] or default_province
    problems += [(f, p) for f, limit in TEXT_LIMITS.items() if (p := too_long(texts[f], limit))]  # never cut
    if problems:
        return None, problems
    return ExternalRow(
        index=code, year=int(year), province=texts["province"], component=texts["component"], value=value,
        max_value=max_value, percent=percent, rank=int(rank) if rank is not None else None,
        rank_of=int(rank_of) if rank_of is not None else None, national_average=extra["national_average"],
        best_value=extra["best_value"], best_province=texts["best_province"], source=texts["source"]), []


def gap(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    """value − other (None when either is missing): the distance to the national average or to the best."""
    if value is None or other is None:
        return None
    return value - other
