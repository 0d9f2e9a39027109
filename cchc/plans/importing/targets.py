"""Quantified targets (chỉ tiêu) from a plan's body text (pure Python).

"tỷ lệ nộp hồ sơ trực tuyến đạt 70%" → one target; "cấp tỉnh 90%, cấp huyện 80%, cấp xã 75%" → three
(level tỉnh/huyện/xã); "Đến năm 2025 đạt trên 85%" → value 85, comparator ">", year 2025. Counts
("ít nhất 02 đơn vị", "giảm 28 biên chế", "từ 02 đến 03 cuộc") are targets with unit "count".
"""

from __future__ import annotations

import re

from cchc.core.vntext import clean_spaces, fold_key

from .cells import UPPER

_MARKER = re.compile(r"^\s*(?:[-+•*]\s+|[a-zđ]\)\s+|\d+(?:\.\d+)*[.)]\s+)")
_HEADING = re.compile(r"^\s*(?:[IVXLC]+\.|PHẦN\s)\s*\S")
_SKIP_SECTIONS = re.compile(r"thuc trang|ket qua thuc hien|danh gia|su can thiet|can cu|tinh hinh|co so phap ly")
_PERCENT = re.compile(r"(\d{1,3}(?:,\d+)?)\s*%")
_COUNT_NOUNS = (
    "sáng kiến", "cuộc", "biên chế", "đơn vị", "trường", "UBND", "Ủy ban", "xã", "cơ quan", "lớp", "mô hình",
    "thủ tục", "TTHC", "hội nghị", "đợt", "người", "cán bộ", "công chức", "Trung tâm", "doanh nghiệp", "dịch vụ",
    "phần mềm", "cơ sở dữ liệu", "hệ thống", "khóa", "chuyên đề", "đoàn",
)
_COUNT = re.compile(
    r"(?<![\d/.,])(?:từ\s+)?(\d{1,4})(?:\s+(?:đến|-)\s+(\d{1,4}))?\s+(?:" + "|".join(re.escape(n) for n in _COUNT_NOUNS)
    + r")\b"
)
_CUE = re.compile(r"phấn đấu|phần đầu|ít nhất|tối thiểu|đạt|giảm|tăng|tại \d|hoàn thành|mở rộng|trở lên", re.I)
_LEVELS = {
    "tỉnh": re.compile(r"cấp tỉnh|(?:HĐND|UBND|Ủy ban nhân dân)(?:\s*(?:,|và)\s*(?:HĐND|UBND)(?: tỉnh)?)?\s+tỉnh\b"),
    "huyện": re.compile(r"cấp huyện|(?:UBND|Ủy ban nhân dân)\s+(?:các\s+)?huyện"),
    "xã": re.compile(r"cấp xã|(?:UBND|Ủy ban nhân dân)\s+(?:các\s+)?xã"),
}
_SO = re.compile(r"\bSở\b|các sở, ngành")


def body_units(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Join paragraphs (hard-wrapped or page-broken) into (section heading, item text) units."""
    units: list[list[str]] = []
    heading = ""
    headings: list[str] = []
    for para in paragraphs:
        if re.match(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]", para):
            continue  # footnote
        for raw in para.split("\n"):
            line = clean_spaces(raw.replace("**", "").replace("#", ""))
            if not line:
                continue
            if _HEADING.match(line):
                heading = line
                units.append([line])
                headings.append(heading)
                continue
            start_new = (
                not units
                or _MARKER.match(line)
                or (re.search(r"[.:;!?]\s*$", units[-1][-1]) and re.match(rf"^[{UPPER}0-9]", line))
                or units[-1][0] == heading
                or (_is_subheading(units[-1]) and re.match(rf"^[{UPPER}]", line))
            )
            if start_new:
                units.append([line])
                headings.append(heading)
            else:
                units[-1].append(line)
        # a paragraph ending without punctuation continues in the next one (page break)
    out = []
    for u, h in zip(units, headings, strict=False):
        text = clean_spaces(" ".join(u))
        out.append((h, _MARKER.sub("", text, count=1)))
    return out


_CONNECTOR_END = re.compile(r"\b(?:của|và|với|các|tại|về|cho|trong|theo|đến|từ|là|được|có|đạt|năm|tỉnh)$", re.I)


def _is_subheading(unit: list[str]) -> bool:
    """"2. Yêu cầu" / "a) Mục tiêu cụ thể": a short numbered line without end punctuation, its own unit."""
    if len(unit) != 1:
        return False
    line = unit[0]
    m = re.match(r"^\s*(?:[a-zđ]\)|\d+(?:\.\d+)*[.)])\s+(.*)$", line)
    return bool(m) and len(line) <= 45 and not re.search(r"[.,;:!?]$", line) and not _CONNECTOR_END.search(m.group(1))


def _num(s: str) -> float | int:
    v = float(s.replace(",", "."))
    return int(v) if v.is_integer() else v


def _level(sentence: str, start: int, end: int, max_words: int = 20) -> str | None:
    after_full = sentence[end:]
    after_immediate = " ".join(after_full.split()[:3])
    for lvl, rx in _LEVELS.items():
        if rx.match(after_immediate.strip()):
            return lvl
    before = sentence[:start]
    clause_before = re.split(r"[,;:]", before)[-1]
    for lvl, rx in _LEVELS.items():
        if re.search("(?:" + rx.pattern + r")\s*(?:đạt|là|:)?\s*$", clause_before):
            return lvl
    window = re.split(r"[;:]|\d+(?:,\d+)?\s*%|\s\d{2,4}\s", after_full)[0]
    if max_words < 20:  # counts: the level must qualify the counted noun phrase itself
        window = re.split(r"\s(?:của|với|theo|cho)\s", window)[0]
    window = " ".join(window.split()[:max_words])
    found = {lvl for lvl, rx in _LEVELS.items() if rx.search(window)}
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        return None
    own_clause = re.split(r"[;]|,\s*(?:trong đó|trong số đó)", after_full)[0]
    if _SO.search(before) or _SO.search(own_clause[:200]):
        return "sở"
    return None


def _year(sentence: str, start: int, end: int) -> int | None:
    before = re.split(r"[;]|\d+(?:,\d+)?\s*%", sentence[:start])[-1]
    years = re.findall(r"năm (\d{4})", before)
    if years:
        return int(years[-1])
    after = re.split(r"[;]|\d+(?:,\d+)?\s*%", sentence[end:])[0]
    years = re.findall(r"năm (\d{4})", after)
    return int(years[0]) if years else None


def _comparator(sentence: str, start: int, end: int) -> str:
    before = sentence[max(0, start - 30):start].lower()
    after = sentence[end:end + 15].lower()
    if "trở lên" in after or re.search(r"tối thiểu|ít nhất|từ\s*$", before):
        return ">="
    if re.search(r"trên\s*$", before):
        return ">"
    if re.search(r"(?:tối đa|không quá)\s*$", before):
        return "<="
    if re.search(r"dưới\s*$", before):
        return "<"
    return "="


def extract_targets(paragraphs: list[str]) -> list[dict]:
    targets: list[dict] = []
    for heading, text in body_units(paragraphs):
        if heading and _SKIP_SECTIONS.search(fold_key(heading)):
            continue
        if _HEADING.match(text):
            continue
        for sentence_start, sentence in _sentences(text):
            del sentence_start
            for m in _PERCENT.finditer(sentence):
                targets.append({
                    "text": text, "indicator": _indicator(sentence, m.start(), m.end()),
                    "value": _num(m.group(1)), "unit": "%", "year": _year(sentence, m.start(), m.end()),
                    "level": _level(sentence, m.start(), m.end()),
                    "comparator": _comparator(sentence, m.start(), m.end()),
                })
            if not _CUE.search(sentence):
                continue
            for m in _COUNT.finditer(sentence):
                pre = sentence[max(0, m.start() - 12):m.start()].lower()
                if re.search(r"(?:số|khóa|năm|điều|mục|khoản|ngày|tháng)\s*$", pre):
                    continue
                v = int(m.group(1))
                nend = m.end(2) if m.group(2) else m.end(1)
                if 1900 <= v <= 2100:
                    continue
                t = {
                    "text": text, "indicator": _indicator(sentence, m.start(), m.end()), "value": v, "unit": "count",
                    "year": _year(sentence, m.start(), nend), "level": _level(sentence, m.start(), nend, 9),
                    "comparator": _comparator(sentence, m.start(), m.end()),
                }
                if m.group(2):
                    t["value_max"] = int(m.group(2))
                targets.append(t)
    return targets


def _sentences(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for part in re.split(rf"(?<=[.!?])\s+(?=[{UPPER}])", text):
        out.append((pos, part))
        pos += len(part) + 1
    return out


def _indicator(sentence: str, start: int, end: int) -> str:
    after = re.split(r"[;,(]|\sđược\s|\sđạt\s", sentence[end:])[0].strip()
    if len(after.split()) >= 2:
        return clean_spaces(after)[:120]
    before = re.split(r"[;:]", sentence[:start])[-1]
    before = re.sub(r"\s*(?:đạt|tối thiểu|ít nhất|trên|từ|tương ứng)(?:\s+(?:tỷ lệ|tối thiểu|trên|từ))*\s*$", "", before)
    return clean_spaces(before)[:120]


def table_targets(rows: list[list[str]], roles: list[str | None]) -> list[dict]:
    """A target-assignment table ("TT | Chỉ tiêu | Chủ trì | Phối hợp"): one target per row with its lead units.
    The value comes from the indicator text ("Tỷ lệ … đạt 90%"); a row without a figure is kept with value None
    (the reviewer enters it). Group rows ("I | CHỈ TIÊU VỀ …") and repeated headers are skipped."""
    from cchc.core.intake import clean_cell  # noqa: PLC0415

    from .cells import split_agencies  # noqa: PLC0415

    out: list[dict] = []
    header = None
    section = None
    for row in rows:
        if not row or row[0] == "\x00PIPE":
            continue
        cells = [clean_spaces(clean_cell(c)) for c in row] + [""] * len(roles)
        if header is None:
            header = [fold_key(c) for c in cells[: len(roles)]]
            continue
        if [fold_key(c) for c in cells[: len(roles)]] == header:
            continue
        by = {}
        for r, c in zip(roles, cells, strict=False):
            if r and c and r not in by:
                by[r] = c
        text = by.get("objective", "")
        if not text:
            continue
        if not by.get("lead") and not by.get("partners") and not any(ch.isdigit() for ch in text):
            section = text  # a group row
            continue
        m = _PERCENT.search(text)
        unit = "%" if m else None
        value = _num(m.group(1)) if m else None
        if m is None:
            mc = re.search(r"(?<![\d/.,])(\d{1,6}(?:[.,]\d+)?)\b(?!/)", text)
            if mc and not re.fullmatch(r"(?:19|20)\d\d", mc.group(1)):
                value, unit = _num(mc.group(1).replace(".", "")), "count"
        start, end = (m.start(), m.end()) if m else (len(text), len(text))
        out.append({
            "text": text, "indicator": _indicator(text, start, end) if m else text[:120], "value": value,
            "unit": unit, "year": _year(text, start, end), "level": _level(text, start, end) if m else None,
            "comparator": _comparator(text, start, end) if m else "=", "number": by.get("number"),
            "lead": split_agencies(by.get("lead")), "partners": split_agencies(by.get("partners")),
            "deadline": by.get("deadline"), "section": section, "from_table": True,
        })
    return out
