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
    m = re.search(r"Số\s*[:.]?\s*(\d{1,6}(?:/\d{4})?[/-][^\s,;()]+)", head)
    if m:
        meta.number = m.group(1).rstrip(".")
    # kind: the first upper-case line that is a kind word; the title follows it
    for i, line in enumerate(lines[:80]):
        folded = fold(line).upper().rstrip(":. ")
        for code, (_label, words, _suffix) in KINDS.items():
            hit = next((w for w in words if folded == fold(w) or folded.startswith(fold(w) + " ")), None)
            if hit and _upper(line) and len(line) <= 200:
                meta.kind = code
                rest = line[len(hit):].strip(" :")
                title_lines = [rest] if rest else []
                for nxt in lines[i + 1:i + 6]:
                    if _ISSUER_RE.match(nxt) and _upper(nxt) or nxt.startswith(("Căn cứ", "(Ban hành", "Số", "(Kèm")):
                        break
                    if title_lines and _upper(nxt) != _upper(title_lines[-1]) and len(" ".join(title_lines)) > 20:
                        break
                    if title_lines and (nxt.startswith(("Thực hiện", "I.", "1.")) and len(" ".join(title_lines)) > 30):
                        break
                    title_lines.append(nxt)
                    if nxt.endswith((")", "”", '"')) or len(" ".join(title_lines)) > 250:
                        break
                meta.title = clean_spaces(" ".join(title_lines))[:300]
                break
        if meta.kind != "other":
            break
    if meta.kind == "other" and meta.number:
        suffix = fold(meta.number).upper()
        for code, (_label, _words, sfx) in KINDS.items():
            if sfx and f"/{fold(sfx)}" in suffix:
                meta.kind = code
                break
    for line in lines[:15]:
        if _ISSUER_RE.match(line) and _upper(line):
            meta.issuer = line.title() if len(line) < 80 else line[:80]
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
    if not meta.number:
        # a document that cites only itself rarely exists; do not take cited numbers as its own
        meta.number = ""
    return meta


def _title_from_filename(filename: str) -> str:
    base = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1])
    base = re.sub(r"[_]+", " ", base).strip()
    return base if re.search(r"[^\W\d_]", base) and not re.fullmatch(r"[\w]{0,4}\s*\d*\s*[0-9a-f]{8,}", base) else ""


def number_key(number: str) -> str:
    return normalize_doc_number(number) if number and DOC_NUMBER_RE.search(nfc(number)) else ""
