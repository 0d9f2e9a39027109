"""Quantified targets (chỉ tiêu) from a plan's body text (pure Python).

"tỷ lệ nộp hồ sơ trực tuyến đạt 70%" → one target; "cấp tỉnh 90%, cấp huyện 80%, cấp xã 75%" → three
(level tỉnh/huyện/xã); "Đến năm 2025 đạt trên 85%" → value 85, comparator ">", year 2025. Counts
("ít nhất 02 đơn vị", "giảm 28 biên chế", "từ 02 đến 03 cuộc") are targets with unit "count".
"""

from __future__ import annotations

import re

from cchc.core.vntext import clean_spaces, first_label, fold_key

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
    """The target year stated in the figure's clause ("so với năm 2023" is a base year, not a target year); else the
    year of an opening "Phấn đấu (đến) năm 2024, …" that governs every clause of the sentence."""
    before = re.split(r"[;]|\d+(?:,\d+)?\s*%", sentence[:start])[-1]
    years = re.findall(r"(?<!so với )năm (\d{4})", before)
    if years:
        return int(years[-1])
    after = re.split(r"[;]|\d+(?:,\d+)?\s*%", sentence[end:])[0]
    years = re.findall(r"(?<!so với )năm (\d{4})", after)
    if years:
        return int(years[0])
    m = re.match(r"^\W*(?:phấn đấu|phần đầu|phân đầu)?\s*(?:đến\s+|trong\s+)?năm (\d{4})\s*,", sentence, re.I)
    return int(m.group(1)) if m else None


_COMPARATORS = (  # the words just before a figure → its comparator
    (r"tối thiểu|ít nhất|từ\s*$", ">="), (r"trên\s*$", ">"), (r"(?:tối đa|không quá)\s*$", "<="), (r"dưới\s*$", "<"),
)


def _comparator(sentence: str, start: int, end: int) -> str:
    if "trở lên" in sentence[end:end + 15].lower():
        return ">="
    return first_label(sentence[max(0, start - 30):start].lower(), _COMPARATORS, "=")


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
                    "text": text, "indicator": _indicator(sentence, m.start(1), nend, count=True), "value": v,
                    "unit": "count",
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


_CUE_WORDS = re.compile(
    r"\s*(?:(?:phấn đấu|phần đầu|phân đầu|bảo đảm|đảm bảo|hoàn thành|đạt|có|tối thiểu|ít nhất|trên|từ|tương ứng|khoảng|"
    r"là|với|và|thì|mức|ở mức|đến năm \d{4}|năm \d{4}|đến|tới|giảm|tăng|tỷ lệ|ít nhất có|cấp tỉnh|cấp huyện|cấp xã)\b[\s,:]*)+$",
    re.I)
_LEAD_IN = re.compile(
    r"^\s*(?:(?:phấn đấu|phần đầu|phân đầu|bảo đảm|đảm bảo|hoàn thành|đến năm \d{4}|trong năm \d{4}|năm \d{4}|hằng năm|"
    r"hàng năm|từ nay|mục tiêu|chỉ tiêu)\b[\s,:]*)+", re.I)
_AFTER_VALUE = re.compile(r"^\s*(?:trở lên|trở xuống|số|các|tổng số)?\s*", re.I)


def _words(text: str, limit: int) -> str:
    words = text.split()
    out = " ".join(words[:limit])
    return out + ("…" if len(words) > limit else "")


def _cap(text: str) -> str:
    text = text.strip(" ,;:.-–")
    return text[:1].upper() + text[1:] if text else text


_VAL = r"\d{1,3}(?:,\d+)?\s*%"
_LEVEL_W = r"cấp (?:tỉnh|huyện|xã)"
_LIST_TAIL = re.compile(rf"(?:(?:{_LEVEL_W}\s*)?(?:đạt\s*)?{_VAL}\s*(?:trở lên)?\s*(?:,|và)?\s*)*(?:{_LEVEL_W})?\s*$")
_SKIP_LIST = re.compile(
    rf"^\s*(?:(?:,|và|hoặc)\s*(?:(?:{_LEVEL_W}|đến năm \d{{4}}|năm \d{{4}}|đạt|trên|tối thiểu|ít nhất|từ)\s*)*{_VAL}"
    r"\s*(?:trở lên)?\s*)+")
_INDICATOR_NOUN = re.compile(r"^(?:tỷ lệ|tỉ lệ|mức|số|chỉ số|tốc độ|tổng|tỷ trọng|điểm|thu nhập|kết quả|chỉ tiêu)\b", re.I)
_CUT_AFTER = re.compile(
    rf";|\.(?:\s|$)|,?\s*(?:và\s+)?{_VAL}|,\s*(?:trong đó|trong số đó|phấn đấu|đồng thời|góp phần|nhằm|bảo đảm|đảm bảo|"
    r"đáp ứng|tương ứng)\b|\s(?:đạt|tương ứng)\s+(?:tối thiểu\s+|trên\s+)?\d")


def _indicator(sentence: str, start: int, end: int, count: bool = False) -> str:
    """A readable name for the quantity the figure gives (a phrase of the sentence, never a fragment):

    - "Tỷ lệ hồ sơ trực tuyến đạt 70%" → "Tỷ lệ hồ sơ trực tuyến" (the sentence names the indicator);
    - "100% cán bộ … được tập huấn" → "Tỷ lệ cán bộ … được tập huấn"; "ít nhất 02 đơn vị …" → "Số đơn vị …";
    - "… tương ứng: cấp tỉnh 90%, cấp huyện 80%, cấp xã 75% số hồ sơ tiếp nhận" → "Tỷ lệ … số hồ sơ tiếp nhận";
    - "áp dụng ISO tại 76 trường học" → "Số trường học áp dụng ISO"; "giảm 28 biên chế" → "Số biên chế giảm"."""
    bounds = [m.end() - 1 for m in re.finditer(r";|:(?=\s)|,\s*trong (?:số )?đó,", sentence[:start])]
    clause_start = bounds[-1] if bounds else -1
    full_before = sentence[:start]
    before = _LIST_TAIL.sub("", sentence[clause_start + 1:start])
    pre_word = (re.findall(r"(\w+)\s*$", re.sub(r"\s*(?:từ|ít nhất|tối thiểu|trên|khoảng)\s*$", "", full_before)) or [""])[-1]
    head = _CUE_WORDS.sub("", _LEAD_IN.sub("", before)).strip(" ,;:-–")
    if not head and clause_start >= 0 and sentence[clause_start] == ":":
        # "… đạt tỷ lệ tối thiểu tương ứng: cấp tỉnh 90%": the phrase before the colon
        cuts = [m.end() for m in re.finditer(r";|\.\s|,\s*trong (?:số )?đó,", sentence[:clause_start])]
        prev = sentence[(cuts[-1] if cuts else 0):clause_start]
        head = _CUE_WORDS.sub("", _LEAD_IN.sub("", prev)).strip(" ,;:-–")
    after = sentence[end:]
    after = re.sub(r"^\s*(?:trở lên|trở xuống)\b", "", after)
    after = re.sub(r"^\s*\([^()]*\)\s*", "", after)  # "giảm 20% (so với năm 2024) nồng độ bụi …"
    if full_before.count("(") > full_before.count(")"):
        after = after.split(")")[0]  # the figure sits inside a parenthesis: its phrase ends with it
    after = _SKIP_LIST.sub("", after, count=1)
    after = re.sub(r"^\s*(?:trở lên|trở xuống|số|các|tổng số)\b\s*", "", after) if not count else after
    after = _CUT_AFTER.split(after)[0].strip(" ,;:-–")
    if pre_word.lower() in ("giảm", "tăng") and re.match(r"(?i)so với\b", after):
        # "nồng độ bụi PM2.5 … đạt dưới 40 μg/m3 (giảm 20% so với mức năm 2024)" / "… giảm tối thiểu 10% so với …"
        base = re.split(r"\s*\(|\s+(?:vào năm \d{4}\s+)?(?:đạt|giảm|tăng)\b", _LEAD_IN.sub("", before))[0]
        base = base.split(", ")[-1].strip(" ,;:-–")
        if base:
            return _words(_cap(f"Mức {pre_word.lower()} {base} {after}"), 24)
    noun_first = bool(after) and not re.match(r"^\d", after)
    named = bool(_INDICATOR_NOUN.match(head)) and not re.match(r"(?i)số (?:hóa|hoá)\b", head)
    if named and (len(head.split()) >= 3 or not noun_first):
        return _words(_cap(head), 24)
    lvl = re.match(rf"^({_LEVEL_W})\b\s*(.*)$", after)
    if noun_first and lvl and head and not named and not count:
        # "Triển khai hệ thống … đồng bộ 100% cấp xã và kết nối …" → "Tỷ lệ cấp xã triển khai hệ thống … và kết nối …"
        rest = f" {lvl.group(2)}" if lvl.group(2) else ""
        return _words(_cap(f"Tỷ lệ {lvl.group(1)} {head[:1].lower()}{head[1:]}{rest}"), 24)
    if not noun_first and head and not named and not count:
        return _words(_cap(f"Tỷ lệ {head[:1].lower()}{head[1:]}" if not re.match(r"^[A-ZĐ]{2}", head) else f"Tỷ lệ {head}"), 24)
    if noun_first:
        prefix = "Số " if count else "Tỷ lệ "
        noun = after
        if count and re.match(r"(?i)số\b", noun) or not count and _INDICATOR_NOUN.match(noun):
            prefix = ""
        phrase = prefix + noun
        if pre_word.lower() in ("giảm", "tăng"):
            phrase += f" {pre_word.lower()}"
        elif pre_word.lower() in ("tại", "ở", "cho") and head:
            verb = re.sub(r"\s*(?:tại|ở|cho)$", "", head).strip()
            if verb:
                phrase += " " + verb[:1].lower() + verb[1:] if not re.match(r"^[A-ZĐ]{2}", verb) else " " + verb
        elif head and not _INDICATOR_NOUN.match(head) and len(after.split()) <= 3:
            phrase = head + " " + after
        return _words(_cap(phrase), 24)
    if head:
        return _words(_cap(head), 24)
    return _words(_cap(sentence), 24)


LOWER_VN = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

_CMP_WORDS = {">=": "tối thiểu", ">": "trên", "<=": "tối đa", "<": "dưới", "=": "đạt"}
_LEVEL_WORDS = {"tỉnh": "cấp tỉnh", "sở": "sở, ban, ngành", "huyện": "cấp huyện", "xã": "cấp xã"}


def target_label(t) -> str:
    """One label for a target, on screen and in Excel: indicator, comparator, value, unit, year and level.

    ``t`` is a draft dict (``unit``) or a ``plans.Target`` (``unit_of_measure``). Pure: no Django needed.
    "Tỷ lệ hồ sơ trực tuyến: tối thiểu 70% — năm 2025, cấp huyện"."""
    get = t.get if isinstance(t, dict) else (lambda k, d=None: getattr(t, k, d))
    from cchc.core.vntext import format_number  # noqa: PLC0415

    indicator = clean_spaces(get("indicator") or get("text") or "")
    unit = get("unit") or get("unit_of_measure") or ""
    value = get("value")
    value_max = get("value_max")
    cmp_word = _CMP_WORDS.get(get("comparator") or "=", "đạt")
    if value is None:
        figure = "chưa có giá trị"
    else:
        figure = format_number(value)
        if value_max not in (None, ""):
            figure += "–" + format_number(value_max)
        if unit == "%":
            figure += "%"
        figure = f"{cmp_word} {figure}"
    extra = []
    if get("year"):
        extra.append(f"năm {get('year')}")
    if get("level"):
        extra.append(_LEVEL_WORDS.get(get("level"), str(get("level"))))
    label = f"{_cap(indicator)}: {figure}" if indicator else figure
    return label + (f" ({', '.join(extra)})" if extra else "")


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
