"""Guess a document's metadata from its text (pure Python, no Django).

Number ("Số: 1718/QĐ-UBND"), kind (Quyết định, Kế hoạch ...), title (the line(s) under the kind),
issuer (the agency heading) and issue date ("ngày 21 tháng 7 năm 2023" / "21/7/2023") are looked
for in the first lines. Everything guessed can be overridden by the user.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cchc.core.vntext import clean_spaces, fold, nfc

from .analysis import DOC_NUMBER_RE, normalize_doc_number
from .splitting import clean_markup

KINDS = {
    # code: (label, words that announce it at the top of a document, number suffix)
    "law": ("Luật", ("LUẬT",), ""),
    "decree": ("Nghị định", ("NGHỊ ĐỊNH",), "NĐ"),
    "decision": ("Quyết định", ("QUYẾT ĐỊNH",), "QĐ"),
    "plan": ("Kế hoạch", ("KẾ HOẠCH",), "KH"),
    "scheme": ("Đề án", ("ĐỀ ÁN",), "ĐA"),
    "circular": ("Thông tư", ("THÔNG TƯ",), "TT"),
    "official_letter": ("Công văn", ("CÔNG VĂN",), "CV"),
    "resolution": ("Nghị quyết", ("NGHỊ QUYẾT",), "NQ"),
    "directive": ("Chỉ thị", ("CHỈ THỊ",), "CT"),
    "report": ("Báo cáo", ("BÁO CÁO",), "BC"),
    "lecture": ("Bài giảng", ("BÀI GIẢNG", "TÀI LIỆU BỒI DƯỠNG", "TÀI LIỆU"), ""),
    "faq": ("Hỏi đáp", ("HỎI ĐÁP", "CÂU HỎI THƯỜNG GẶP"), ""),
    "guide": ("Hướng dẫn", ("HƯỚNG DẪN", "HƯỚNG DẪN SỬ DỤNG"), "HD"),
    "other": ("Khác", (), ""),
}

_DATE_LONG_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_SHORT_RE = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_ISSUER_RE = re.compile(r"^(ỦY BAN NHÂN DÂN|UBND|SỞ|BỘ|CHÍNH PHỦ|THỦ TƯỚNG|VĂN PHÒNG|TỈNH ỦY|HỘI ĐỒNG|BAN CHỈ ĐẠO|"
                        r"CHỦ TỊCH)\b")
_PLACE_DATE_RE = re.compile(r"^[^\W\d_][^,]{1,40},\s*ngày\b", re.I)


@dataclass
class GuessedMetadata:
    number: str = ""
    kind: str = "other"
    title: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    area: str = "general"


# Words that mark each CCHC area (folded, lower case). The area with clearly the most hits in the title (×3) and the
# opening of the text wins; a document spread over several areas (a yearly CCHC plan) stays "general".
AREA_WORDS: dict[str, tuple[str, ...]] = {
    "procedures": ("thu tuc hanh chinh", "tthc", "mot cua", "lien thong", "ho so", "kiem soat thu tuc"),
    "digital": ("chuyen doi so", "chinh phu dien tu", "chinh phu so", "chinh quyen so", "chinh quyen dien tu",
                "dich vu cong truc tuyen", "truc tuyen", "du lieu", "cong nghe thong tin", "moi truong dien tu"),
    "institutions": ("van ban quy pham phap luat", "the che", "qppl", "ra soat van ban", "kiem tra van ban"),
    "organisation": ("to chuc bo may", "sap xep", "tinh gon", "co cau to chuc", "sap nhap", "don vi su nghiep"),
    "civil_service": ("cong chuc", "vien chuc", "cong vu", "vi tri viec lam", "tuyen dung", "boi duong",
                      "dao tao", "ky luat, ky cuong"),
    "public_finance": ("tai chinh cong", "tu chu tai chinh", "ngan sach", "dau tu cong", "kinh phi"),
    "direction": ("chi dao, dieu hanh", "chi so cai cach hanh chinh", "par index", "sipas", "tuyen truyen",
                  "kiem tra cong tac cai cach", "hai long"),
}


def guess_area(title: str, text: str) -> str:
    """The CCHC area a document is mainly about, or "general" when no area clearly dominates."""
    head = fold(f"{title}\n" * 3 + text[:6000]).lower()
    scores = sorted(((sum(head.count(w) for w in words), area) for area, words in AREA_WORDS.items()), reverse=True)
    (best, area), (second, _) = scores[0], scores[1]
    return area if best >= 4 and best >= 2 * second else "general"


def _lines(text: str, limit: int = 120) -> list[str]:
    out = []
    for raw in nfc(text).splitlines():
        line = clean_spaces(clean_markup(raw)).strip(" |*#")
        if line and not re.fullmatch(r"[-_=|.*]+", line):
            out.append(line)
        if len(out) >= limit:
            break
    return out


def _upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def guess_metadata(text: str, filename: str = "") -> GuessedMetadata:
    meta = GuessedMetadata()
    lines = _lines(text)
    head = "\n".join(lines[:40])
    m = re.search(r"Số(?:\s*hiệu)?\s*[:.]?\s*\|?\s*(\d{1,6}(?:/\d{4})?[/-][^\s,;()|]+)", head)
    if m:
        meta.number = m.group(1).rstrip(".")
    # kind: the first upper-case line that is a kind word; the title follows it
    for i, line in enumerate(lines[:80]):
        folded = fold(line).upper().rstrip(":. ")
        for code, (_label, words, _suffix) in KINDS.items():
            hit = next((w for w in words if folded == fold(w) or folded.startswith(fold(w) + " ")), None)
            if hit and _upper(line) and len(line) <= 200:
                meta.kind = code
                meta.title = _title_after(lines, i, hit)
                break
        if meta.kind != "other":
            break
    if meta.kind == "other":
        # a notice, a submission or a party regulation: no kind of its own, but its title follows the type line the
        # same way ("THÔNG BÁO" / "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG … TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH PHÚ THỌ"); without it
        # the title was the letterhead ("VĂN PHÒNG CHÍNH") and the passages lost the document's subject
        for i, line in enumerate(lines[:80]):
            folded = fold(line).upper().rstrip(":. ")
            hit = next((w for w in TITLE_WORDS if folded == fold(w) or folded.startswith(fold(w) + " ")), None)
            if hit and _upper(line) and len(line) <= 200:
                meta.title = _title_after(lines, i, hit)
                break
    if meta.kind == "other" and meta.number:
        suffix = fold(meta.number).upper()
        for code, (_label, _words, sfx) in KINDS.items():
            if sfx and f"/{fold(sfx)}" in suffix:
                meta.kind = code
                break
    for i, line in enumerate(lines[:15]):
        if _ISSUER_RE.match(line) and _upper(line):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _LEVEL_RE.match(nxt) and _upper(nxt) and len(line) + len(nxt) < 100:
                line = f"{line} {nxt}"  # letterhead on two lines: "ỦY BAN NHÂN DÂN" / "TỈNH KHÁNH HÒA"
            meta.issuer = agency_case(line) if len(line) < 100 else line[:100]
            break
    place_date = next((ln for ln in lines[:40] if _PLACE_DATE_RE.match(ln)), "")
    dm = _DATE_LONG_RE.search(place_date) or _DATE_SHORT_RE.search(place_date)
    if dm:
        try:
            meta.issued_on = dt.date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
        except ValueError:
            meta.issued_on = None
    if not meta.title:
        meta.title = _title_from_filename(filename) or (lines[0][:200] if lines else "")
    meta.area = guess_area(meta.title, text)
    if not meta.number:
        # a document that cites only itself rarely exists; do not take cited numbers as its own
        meta.number = ""
    return meta


# Type lines that announce a title without being a kind of their own (the kind stays "other").
TITLE_WORDS = ("THÔNG BÁO", "TỜ TRÌNH", "QUY ĐỊNH", "QUY CHẾ", "CHƯƠNG TRÌNH", "KẾT LUẬN", "CHỈ THỊ")
# A title line ending with one of these words goes on, even when the next line starts like an agency ("… CỦA" /
# "BỘ, CƠ QUAN NGANG BỘ").
_OPEN_END_RE = re.compile(r"(?:\b(?:CỦA|VÀ|VỀ|CHO|VỚI|TẠI|THUỘC|TRONG|ĐỐI VỚI)|,)$", re.I)


def _title_after(lines: list[str], i: int, hit: str) -> str:
    """The title under the type line ``lines[i]`` (which starts with the type word ``hit``)."""
    rest = lines[i][len(hit):].strip(" :")
    title_lines = [rest] if rest else []
    for nxt in lines[i + 1:i + 6]:
        open_end = bool(title_lines) and bool(_OPEN_END_RE.search(title_lines[-1]))
        if (_ISSUER_RE.match(nxt) and _upper(nxt) and not open_end) or nxt.startswith(
                ("Căn cứ", "(Ban hành", "Số", "(Kèm")):
            break
        if title_lines and _upper(nxt) != _upper(title_lines[-1]) and len(" ".join(title_lines)) > 20:
            break
        if title_lines and (nxt.startswith(("Thực hiện", "I.", "1.")) and len(" ".join(title_lines)) > 30):
            break
        title_lines.append(nxt)
        if nxt.endswith((")", "”", '"')) or len(" ".join(title_lines)) > 250:
            break
    return clean_spaces(" ".join(title_lines))[:300]


_LEVEL_RE = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b")
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def agency_case(name: str) -> str:
    """An agency name written in capitals, in the usual case: "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" → "Ủy ban nhân dân
    tỉnh Khánh Hòa", "SỞ NỘI VỤ" → "Sở Nội vụ" (the place name and the first word of a body's own name capitalised)."""
    raw = clean_spaces(name).split(" ")
    words = [w.lower() for w in raw]
    out: list[str] = []
    place = False
    for i, w in enumerate(words):
        prev = " ".join(out[-2:]).lower()
        if raw[i] in ("UBND", "HĐND", "CCHC", "TTHC"):
            w = raw[i]
        elif place or i == 0 or (out and out[-1].lower() in ("sở", "bộ", "ban") and i == 1):
            w = w[:1].upper() + w[1:]
        out.append(w)
        if not place and (out[-1].lower() in _PLACE_WORDS or f"{prev.split(' ')[-1]} {w}".lower() in _PLACE_WORDS):
            place = True
    return " ".join(out)


def _title_from_filename(filename: str) -> str:
    base = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1])
    base = re.sub(r"[_]+", " ", base).strip()
    return base if re.search(r"[^\W\d_]", base) and not re.fullmatch(r"[\w]{0,4}\s*\d*\s*[0-9a-f]{8,}", base) else ""


def number_key(number: str) -> str:
    return normalize_doc_number(number) if number and DOC_NUMBER_RE.search(nfc(number)) else ""
