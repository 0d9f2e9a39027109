"""Cell-level helpers: agency lists, activity/product items, numbers (pure Python)."""

from __future__ import annotations

import re

from cchc.core.vntext import clean_spaces, fold_key, nfc

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

# words that start a new agency after a comma (case-sensitive: "Ban TĐ-KT" yes, "ban, ngành" no)
_HEAD_WORDS = (
    "Sở", "Ủy ban", "Uỷ ban", "UBND", "Văn phòng", "Văn Phòng", "Phòng", "Ban", "Trung tâm", "Đoàn", "Thanh tra",
    "Bộ", "Cục", "Chi cục", "Tổ", "Trường", "Báo", "Đài", "Công an", "Bộ Chỉ huy", "Hội đồng", "Viện", "Kho bạc",
    "Ngân hàng", "Cục Thuế", "Liên đoàn", "Hội", "Tỉnh đoàn", "Quỹ", "Bệnh viện", "Cổng", "Hiệp hội", "Mặt trận",
    "HĐND", "HĐĐ", "TAND", "VKSND", "Cơ quan", "Thành viên", "Bưu điện", "Điện lực", "Công ty", "Tổng công ty",
    "Tập đoàn", "Viettel", "MobiFone", "Bảo hiểm xã hội", "Tòa án", "Toà án", "Liên minh", "Hải quan", "Chi nhánh",
    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Huyện ủy", "Đảng ủy", "Cảnh sát", "Bộ đội", "Học viện", "Đại học",
)
_HEAD_RE = re.compile(
    r"^(?:\d+\s+)?(?:(?:các|Các)\s+(?:Sở|sở|cơ quan|Cơ quan|UBND|Ủy ban|đơn vị|trường|phòng|Phòng|Trung tâm|Ban|ban|"
    r"tổ chức|Bộ|bộ|địa phương|báo cáo viên|cơ sở)\b|(?:" + "|".join(re.escape(w) for w in _HEAD_WORDS) + r")\b|"
    rf"[{UPPER}][{UPPER}0-9&]*\.?[{UPPER}]+[{UPPER}0-9&-]*\b)"
)
_NUM_MARK = re.compile(r"(?:^|(?<=\s))(\d+)\.(\d+)[.:]?(?=\s|$)")


def strip_trailing(s: str) -> str:
    return clean_spaces(s).strip().rstrip(".;,:").strip()


def _protect_parens(text: str) -> tuple[str, list[str]]:
    saved: list[str] = []

    def keep(m):
        saved.append(m.group(0))
        return f"\x01{len(saved) - 1}\x01"

    return re.sub(r"\([^()]*\)", keep, text), saved


def _restore(text: str, saved: list[str]) -> str:
    return re.sub(r"\x01(\d+)\x01", lambda m: saved[int(m.group(1))], text)


def split_agencies(cell: str | None) -> list[str]:
    """Split an agency cell into agency strings (see gold README "Agency splitting")."""
    if not cell:
        return []
    text = nfc(cell)
    # line-start "- " items (hard-wrapped text) and ";" separate agencies
    items: list[str] = []
    for raw_line in re.split(r"\n(?=\s*[-+•]\s)", text):
        raw_line = re.sub(r"^\s*[-+•]\s+", "", raw_line)
        items.extend(_split_paragraph_agencies(raw_line))
    out: list[str] = []
    for item in items:
        prot, saved = _protect_parens(item)
        for part in re.split(r";", prot):
            # ". " between agencies ("Sở Nội vụ. Sở Tư pháp.")
            for piece in re.split(rf"\.\s+(?=[{UPPER}])", part):
                for sub in _split_commas(piece):
                    s = strip_trailing(_restore(sub, saved))
                    s = re.sub(r"^[-+•]\s*", "", s)
                    if s:
                        out.append(s)
    return out


# "Sở Nội vụ chủ trì, phối hợp (với) các Sở: Tư pháp, Tài chính, Văn phòng UBND tỉnh" in a lead cell: one sentence
# naming the lead and its partners. ("Sở KH&CN (chủ trì, phối hợp kiểm tra)" is a note in brackets, not this.)
_LEAD_SENTENCE = re.compile(r"^(?P<lead>[^()]+?)\s+chủ trì\s*[,;]?\s*(?:và\s+)?phối hợp(?:\s+với)?\s+(?P<rest>.+)$", re.S)
_PLURAL_HEAD = re.compile(r"^các\s+(?P<head>Sở|sở)\s*:\s*(?P<items>.+)$", re.S)


def split_lead_cell(cell: str | None) -> tuple[list[str], list[str]]:
    """Agencies of a lead ("Chủ trì") cell as (lead, partners).

    Usually every agency leads. A sentence "X chủ trì, phối hợp các Sở: A, B, Văn phòng UBND tỉnh" gives lead [X]
    and partners ["Sở A", "Sở B", "Văn phòng UBND tỉnh"] (an item that names its own body keeps its name);
    "X chủ trì, phối hợp các sở, ban, ngành" gives partners ["các sở, ban, ngành"].
    """
    if not cell:
        return [], []
    text = clean_spaces(nfc(cell).replace("\n", " "))
    m = _LEAD_SENTENCE.match(text)
    if not m or not _HEAD_RE.match(m.group("lead").strip()):
        return split_agencies(cell), []
    lead = split_agencies(m.group("lead"))
    rest = strip_trailing(m.group("rest"))
    plural = _PLURAL_HEAD.match(rest)
    if plural:
        partners = []
        for item in _split_commas_plain(plural.group("items")):
            partners.append(item if _HEAD_RE.match(item) else f"Sở {item}")
        return lead, partners
    return lead, split_agencies(rest)


def _split_commas_plain(text: str) -> list[str]:
    return [strip_trailing(p) for p in re.split(r"[,;]", text) if strip_trailing(p)]


_BARE_HEAD = re.compile(r"(?:^|\s)(?:Văn phòng|Văn Phòng|Thanh tra|Phòng|Ban|Trung tâm|Bộ phận|Chi cục|Cục|Tổ)$")
_OPEN_END = re.compile(r"(?:[,:&(\-–]|\b(?:và|với|của|các|thuộc|trực thuộc|cấp|tại|và các))$")


def _split_paragraph_agencies(cell: str) -> list[str]:
    """Lines of a cell are re-joined (hard wraps), except where a line starts a new agency ("Sở Tài chính" /
    "Sở Kế hoạch và Đầu tư" as separate paragraphs of a Word cell): the new line starts with an agency head word and
    the line before is complete (no trailing comma or connector, not a bare "Văn phòng" / "Thanh tra")."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    out: list[str] = []
    for ln in lines:
        if out and _HEAD_RE.match(ln) and re.match(rf"^[{UPPER}]", ln) and not _OPEN_END.search(out[-1]) \
                and not _BARE_HEAD.search(out[-1]) and len(out[-1].split()) >= 2:
            out.append(ln)
        elif out:
            out[-1] += " " + ln
        else:
            out.append(ln)
    return out


def _split_commas(piece: str) -> list[str]:
    if ":" in piece:  # "phối hợp các Sở: Tư pháp, Kế hoạch và Đầu tư, …" is one agency
        head, _, tail = piece.partition(":")
        if not head.strip():
            return [piece]
        heads = _split_commas(head)
        heads[-1] = heads[-1] + ":" + tail
        return heads
    parts = [p.strip() for p in piece.split(",")]
    out: list[str] = []
    for p in parts:
        if not out:
            out.append(p)
            continue
        prev = out[-1]
        if (_HEAD_RE.match(p) and not _is_bare_collective(prev, p)) or (
            re.match(r"^(?:đơn vị|tổ chức|cơ sở)\s(?!dữ liệu)", p) and len(prev.split()) >= 5
            and not re.search(r"(?:cơ quan|sở|Sở|ban|ngành)$", prev)
        ):
            out.append(p)
        else:
            out[-1] = prev + ", " + p
    return out


def _is_bare_collective(prev: str, nxt: str) -> bool:
    """"Các cơ quan, đơn vị …" / "Các sở, ban, ngành": the next piece continues a collective noun."""
    if re.match(r"^(?:các|Các)\s+(?:cơ quan|sở|Sở|đơn vị)\s*$", prev) and re.match(r"^(?:các\s+)?(?:đơn vị|cơ quan)", nxt):
        return True
    return False


def split_items(cell: str | None) -> list[str]:
    """Split an activities/products cell on explicit item markers only.

    Markers: numbering ("3.1. …", kept), line-start or inline "- " bullets (removed), paragraph
    breaks, and a double space after a sentence end (a flattened line break).
    """
    if not cell:
        return []
    text = nfc(cell).strip()
    if not text:
        return []
    # paragraphs / lines: a new item only when the line starts with a marker, else hard-wrap join
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    blocks: list[str] = []
    for ln in lines:
        if not blocks:
            blocks.append(ln)
        elif re.match(r"^[-+•]\s", ln) or _NUM_MARK.match(ln) or _para_break(blocks[-1], ln):
            blocks.append(ln)
        else:
            blocks[-1] += " " + ln
    items: list[str] = []
    for b in blocks:
        items.extend(_split_inline(b))
    return [clean_spaces(i) for i in items if clean_spaces(i).strip("-+• ")]


def _para_break(prev: str, line: str) -> bool:
    # <p> paragraphs arrive as separate lines ending with sentence punctuation
    return bool(re.search(r"[.;:!?]$", prev)) and bool(re.match(rf"^[{UPPER}0-9]", line))


def _split_inline(block: str) -> list[str]:
    block = block.strip()
    m = _NUM_MARK.match(block)
    if m:
        major = m.group(1)
        cuts = [mm.start() for mm in _NUM_MARK.finditer(block) if mm.group(1) == major]
        pieces = [block[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(block)], strict=False)]
        return [p for p in pieces if p]
    if re.match(r"^[-+•]\s", block):
        pieces = re.split(rf"\s[-+•]\s+(?=[{UPPER}0-9])", block[1:].strip())
        return [p.strip() for p in pieces if p.strip()]
    pieces = re.split(rf"(?<=[.;])\s{{2,}}(?=[{UPPER}])", block)
    return [p.strip() for p in pieces if p.strip()]


def number_of(text: str) -> str | None:
    t = clean_spaces(text).strip().rstrip(".:").strip()
    return t or None


ROMAN_RE = re.compile(r"^[IVXLC]+$")
LETTER_RE = re.compile(rf"^[{UPPER}]$")


def is_roman(s: str | None) -> bool:
    return bool(s) and bool(ROMAN_RE.match(s))


def leading_number(text: str) -> tuple[str | None, str]:
    """"2.1. Ban hành …" → ("2.1", "Ban hành …"); no marker → (None, text)."""
    m = re.match(r"^\s*(\d+(?:\.\d+)+)\s*[.:]?\s+(.*)$", text, re.S)
    if m:
        return m.group(1), m.group(2)
    return None, text


def split_numbered_tasks(text: str) -> list[tuple[str, str]]:
    """"2.5. A … 2.6. B …" → [("2.5", "A …"), ("2.6", "B …")] (same major number only)."""
    num, _ = leading_number(text)
    if not num:
        return []
    major = num.split(".")[0]
    marks = [m for m in _NUM_MARK.finditer(text) if m.group(1) == major]
    out = []
    for a, b in zip(marks, marks[1:] + [None], strict=False):
        seg = text[a.start(): b.start() if b else len(text)].strip()
        n, rest = leading_number(seg)
        if n is None:
            n, rest = seg.split(" ", 1)[0].rstrip(".:"), seg.split(" ", 1)[1] if " " in seg else ""
        out.append((n, clean_spaces(rest)))
    return out


def norm_key(text: str | None) -> str:
    return fold_key(re.sub(r"[\"“”'‘’.,;:()\-–]", " ", text or ""))
