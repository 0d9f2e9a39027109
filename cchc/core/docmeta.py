"""Metadata of an official document read from its own text (pure Python, no Django): the one reader.

``read_docmeta(text, filename, paragraphs=None)`` returns a :class:`DocMeta` with

- the **letterhead** reading, over the first lines (any official document; the knowledge library stores it):
  number ("Số: 1718/QĐ-UBND", "Số: 228/BC-SNV"), kind (the document's type, a code of :data:`DOC_TYPES`: "plan",
  "report", "notice", "decision", "official_letter" …, None when unknown), the knowledge library's kind
  (``library_kind``, a code of :data:`KINDS`), title (the line(s) under the type line), issuer (the agency heading, in
  the usual case) and issue date ("<Địa danh>, ngày 21 tháng 7 năm 2023");
- the **plan** reading (:class:`PlanHead`), over the paragraphs of the whole document, as the plan importer needs
  it: "Kế hoạch" / "Đề án" / "Chương trình" with its title and period, the number, the issuer named in "(Kèm
  theo … của Ủy ban nhân dân tỉnh …)", the province and the issue date of the plan (an attached plan takes the
  date of the decision it is attached to);
- ``official_number`` / ``official_date`` / ``official_issuer``: the plan reading first, the letterhead reading
  when it found nothing, then the decision a web copy of an annex cites (the deciding document of a procedure
  catalogue).

Every caller (knowledge, plans, procedures) reads through this module; nothing else parses letterheads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cchc.core.intake import clean_markup
from cchc.core.vntext import clean_spaces, fold, fold_key, nfc

__all__ = ["DOC_TYPES", "KINDS", "DocMeta", "DocType", "Letterhead", "PlanHead", "agency_case", "doc_kind",
           "read_docmeta"]


@dataclass(frozen=True)
class DocType:
    """One type of document: its label, the words of its type line ("BÁO CÁO"), the abbreviation of its number
    ("…/BC-SNV", appendix III of Nghị định 30/2020/NĐ-CP; "" when it has none) and what the knowledge library makes of
    it: "kind" (a kind of the library, :data:`KINDS`), "title" (its type line gives the library's title, the library
    kind stays "other") or "" (not read by the library)."""
    label: str
    words: tuple[str, ...]
    symbol: str
    library: str = ""


# The one table: code ↔ label ↔ type-line words ↔ number abbreviation (the library's kinds first, in their order).
DOC_TYPES: dict[str, DocType] = {
    "law": DocType("Luật", ("LUẬT",), "", "kind"),
    "decree": DocType("Nghị định", ("NGHỊ ĐỊNH",), "NĐ", "kind"),
    "decision": DocType("Quyết định", ("QUYẾT ĐỊNH",), "QĐ", "kind"),
    "plan": DocType("Kế hoạch", ("KẾ HOẠCH",), "KH", "kind"),
    "scheme": DocType("Đề án", ("ĐỀ ÁN",), "ĐA", "kind"),
    "circular": DocType("Thông tư", ("THÔNG TƯ",), "TT", "kind"),
    # a letter has no abbreviation of its own ("Số: 123/UBND-VP" + "V/v …"); "CV" is a common local habit
    "official_letter": DocType("Công văn", ("CÔNG VĂN",), "CV", "kind"),
    "resolution": DocType("Nghị quyết", ("NGHỊ QUYẾT",), "NQ", "kind"),
    "directive": DocType("Chỉ thị", ("CHỈ THỊ",), "CT", "kind"),
    "report": DocType("Báo cáo", ("BÁO CÁO",), "BC", "kind"),
    "lecture": DocType("Bài giảng", ("BÀI GIẢNG", "TÀI LIỆU BỒI DƯỠNG", "TÀI LIỆU"), "", "kind"),
    "faq": DocType("Hỏi đáp", ("HỎI ĐÁP", "CÂU HỎI THƯỜNG GẶP"), "", "kind"),
    "guide": DocType("Hướng dẫn", ("HƯỚNG DẪN", "HƯỚNG DẪN SỬ DỤNG"), "HD", "kind"),
    "notice": DocType("Thông báo", ("THÔNG BÁO",), "TB", "title"),
    "submission": DocType("Tờ trình", ("TỜ TRÌNH",), "TTr", "title"),
    "regulation": DocType("Quy định", ("QUY ĐỊNH",), "QyĐ", "title"),
    "rules": DocType("Quy chế", ("QUY CHẾ",), "QC", "title"),
    "programme": DocType("Chương trình", ("CHƯƠNG TRÌNH",), "CTr", "title"),
    "conclusion": DocType("Kết luận", ("KẾT LUẬN",), "KL", "title"),  # a party document ("Số 45-KL/TW")
    "communique": DocType("Thông cáo", ("THÔNG CÁO",), "TC"),
    "option": DocType("Phương án", ("PHƯƠNG ÁN",), "PA"),
    "project": DocType("Dự án", ("DỰ ÁN",), "DA"),
    "minutes": DocType("Biên bản", ("BIÊN BẢN",), "BB"),
    "contract": DocType("Hợp đồng", ("HỢP ĐỒNG",), "HĐ"),
    "dispatch": DocType("Công điện", ("CÔNG ĐIỆN",), "CĐ"),
    "memorandum": DocType("Bản ghi nhớ", ("BẢN GHI NHỚ",), "GN"),
    "agreement": DocType("Bản thỏa thuận", ("BẢN THỎA THUẬN", "BẢN THOẢ THUẬN"), "TTh"),
    "authorisation": DocType("Giấy ủy quyền", ("GIẤY ỦY QUYỀN", "GIẤY UỶ QUYỀN"), "UQ"),
    "invitation": DocType("Giấy mời", ("GIẤY MỜI",), "GM"),
    "introduction": DocType("Giấy giới thiệu", ("GIẤY GIỚI THIỆU",), "GT"),
    "leave": DocType("Giấy nghỉ phép", ("GIẤY NGHỈ PHÉP",), "NP"),
    "dispatch_slip": DocType("Phiếu gửi", ("PHIẾU GỬI",), "PG"),
    "transfer_slip": DocType("Phiếu chuyển", ("PHIẾU CHUYỂN",), "PC"),
    "notice_slip": DocType("Phiếu báo", ("PHIẾU BÁO",), "PB"),
}
# The knowledge library's kinds (code: (label, type-line words, number abbreviation)), read from the table.
KINDS = {code: (t.label, t.words, t.symbol) for code, t in DOC_TYPES.items() if t.library == "kind"}
KINDS["other"] = ("Khác", (), "")

_DATE_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE_NUM = r"ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_DATE_LONG_RE = re.compile(_DATE_WORDS, re.I)
_DATE_SHORT_RE = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.I)
_ISSUER_RE = re.compile(r"^(ỦY BAN NHÂN DÂN|UBND|SỞ|BỘ|CHÍNH PHỦ|THỦ TƯỚNG|VĂN PHÒNG|TỈNH ỦY|HỘI ĐỒNG|BAN CHỈ ĐẠO|"
                        r"CHỦ TỊCH)\b")
_PLACE_DATE_RE = re.compile(r"^[^\W\d_][^,]{1,40},\s*ngày\b", re.I)
_LEVEL_RE = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b")
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
# A title line ending with one of these words goes on, even when the next line starts like an agency ("… CỦA" /
# "BỘ, CƠ QUAN NGANG BỘ").
_OPEN_END_RE = re.compile(r"(?:\b(?:CỦA|VÀ|VỀ|CHO|VỚI|TẠI|THUỘC|TRONG|ĐỐI VỚI)|,)$", re.I)
_CITED_RE = re.compile(r"Quyết định số\s+(\d+/[^\s,;()]+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


@dataclass
class PlanHead:
    """The plan importer's reading: ``kind`` is "Kế hoạch", "Đề án" or "Chương trình" (None for another document),
    ``issue_date`` an ISO string. The plan importer's draft (``cchc.plans.importing.PlanDraft``) derives from it: these
    are its metadata fields, under these names."""
    kind: str | None = None
    title: str | None = None
    document_number: str | None = None
    issuer: str | None = None
    province: str | None = None
    issue_date: str | None = None
    period: str | None = None


@dataclass
class Letterhead:
    """What a document's letterhead says, as the knowledge library keeps it: number, kind (the library's, a code of
    :data:`KINDS`), title, issuer, issue date."""
    number: str = ""
    kind: str = "other"
    title: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None


@dataclass
class DocMeta:
    """Both readings of a document. ``kind`` is the document's own type (a code of :data:`DOC_TYPES`: "plan",
    "report", "notice", "decision", "official_letter" …; None when unknown), read from its type line, else the
    abbreviation in its number ("…/BC-SNV"), else a "V/v …" subject line (a letter); ``library_kind`` is the knowledge
    library's kind (a code of :data:`KINDS`, "other" when none of them), read as the library always read it."""
    number: str = ""
    kind: str | None = None
    title: str = ""
    issuer: str = ""
    issued_on: dt.date | None = None
    library_kind: str = "other"
    title_read: bool = False  # the title follows the document's type line (else the file's name or its first line)
    plan: PlanHead = field(default_factory=PlanHead)
    # a web copy that starts at the annex names its decision: "Quyết định số 2496/QĐ-BVHTTDL ngày 26 tháng 8 năm 2024"
    cited_number: str | None = None
    cited_date: str | None = None

    @property
    def official_number(self) -> str | None:
        return self.plan.document_number or self.number or self.cited_number or None

    @property
    def official_date(self) -> str | None:
        own = self.plan.issue_date or (self.issued_on.isoformat() if self.issued_on else None)
        return own or (self.cited_date if not (self.plan.document_number or self.number) else None)

    @property
    def official_issuer(self) -> str | None:
        return self.plan.issuer or self.issuer or None


def read_docmeta(text: str | None = None, filename: str = "", *, paragraphs: list[str] | None = None) -> DocMeta:
    """Both readings of a document: the letterhead over ``text`` (its first lines; ``filename`` gives a title when
    the text has none), the plan reading over ``paragraphs`` (the document's paragraph blocks, tables left out).
    Either may be omitted: ``text`` is then the paragraphs joined, ``paragraphs`` the text as one paragraph."""
    if text is None:
        text = "\n".join(paragraphs or [])
    meta = _letterhead(text, filename)
    m = _CITED_RE.search(re.sub(r"\s+", " ", text[:3000]))
    if m:
        meta.cited_number = m.group(1)
        meta.cited_date = f"{int(m.group(4)):04d}-{int(m.group(3)):02d}-{int(m.group(2)):02d}"
    meta.plan = _plan_head(paragraphs if paragraphs is not None else [text])
    return meta


# ---------------------------------------------------------------- letterhead reading
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


def _letterhead(text: str, filename: str) -> DocMeta:
    meta = DocMeta()
    lines = _lines(text)
    head = "\n".join(lines[:40])
    # "Số: 36 /BC-HĐTĐ" — a signed copy keeps the space left for the number written by hand
    m = re.search(r"Số(?:\s*hiệu)?\s*[:.]?\s*\|?\s*(\d{1,6})\s?((?:/\d{4})?[/-][^\s,;()|]+)", head)
    if m:
        meta.number = (m.group(1) + m.group(2)).rstrip(".")
    # the library's kind: the first upper-case line that is a kind word of the library; the title follows it
    library = [code for code, t in DOC_TYPES.items() if t.library == "kind"]
    for i, line in enumerate(lines[:80]):
        hit = _type_line(line, library)
        if hit:
            meta.library_kind = hit[0]
            meta.title = _title_after(lines, i, hit[1])
            break
    if meta.library_kind == "other":
        # a notice, a submission or a party regulation: no kind of the library, but its title follows the type line the
        # same way ("THÔNG BÁO" / "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG … TẠI BUỔI LÀM VIỆC VỚI LÃNH ĐẠO TỈNH PHÚ THỌ"); without it
        # the title was the letterhead ("VĂN PHÒNG CHÍNH") and the passages lost the document's subject
        titled = [code for code, t in DOC_TYPES.items() if t.library == "title"]
        for i, line in enumerate(lines[:80]):
            hit = _type_line(line, titled)
            if hit:
                meta.title = _title_after(lines, i, hit[1])
                break
    if meta.library_kind == "other" and meta.number:
        # the library's reading of the number looks for "/<abbreviation>" anywhere in it (so "…/TTr-…" reads as a
        # circular); the document's own kind (below) reads the abbreviation exactly
        suffix = fold(meta.number).upper()
        for code, (_label, _words, sfx) in KINDS.items():
            if sfx and f"/{fold(sfx)}" in suffix:
                meta.library_kind = code
                break
    meta.kind = _doc_kind(lines, meta.number)
    for i, line in enumerate(lines[:15]):
        line = _left_column(line)
        if _ISSUER_RE.match(line) and _upper(line):
            nxt = _left_column(lines[i + 1]) if i + 1 < len(lines) else ""
            if _LEVEL_RE.match(nxt) and _upper(nxt) and len(line) + len(nxt) < 100:
                line = f"{line} {nxt}"  # letterhead on two lines: "ỦY BAN NHÂN DÂN" / "TỈNH KHÁNH HÒA"
            elif _wrapped_name(nxt):
                # a web copy's narrow cell wrapped inside the name: "THỦ TƯỚNG CHÍNH" / "PHỦ", "BỘ NÔNG NGHIỆP" /
                # "VÀ" / "MÔI TRƯỜNG", "HỘI ĐỒNG NHÂN" / "DÂN" / "THÀNH PHỐ HÀ NỘI"
                for more in lines[i + 1:i + 4]:
                    more = _left_column(more)
                    if _LEVEL_RE.match(more) and _upper(more) and len(line) + len(more) < 100:
                        line = f"{line} {more}"
                        break
                    if not _wrapped_name(more):
                        break
                    line = f"{line} {more}"
            elif _ISSUER_RE.match(nxt) and _upper(nxt) and len(nxt) < 100:
                # the governing body, then the issuing one ("UBND TỈNH LÂM ĐỒNG" / "SỞ NỘI VỤ", Nghị định 30/2020),
                # whose name may wrap ("HỘI ĐỒNG THẨM ĐỊNH," / "ĐÁNH GIÁ CHỈ SỐ CẢI" / "CÁCH HÀNH CHÍNH TỈNH")
                line = nxt
                for more in lines[i + 2:i + 5]:
                    more = _left_column(more)
                    if (not more or not _upper(more) or re.match(r"(?i)số\b", more) or _type_line(more, DOC_TYPES)
                            or _is_motto(more) or len(line) + len(more) > 120):
                        break
                    line = f"{line} {more}"
            meta.issuer = agency_case(line) if len(line) < 100 else line[:100]
            break
    at = next((i for i, ln in enumerate(lines[:40]) if _PLACE_DATE_RE.match(ln)), None)
    # the place-date line, with the line after it when a web copy's cell wrapped it ("Hà Nội, ngày 27" / "tháng 11
    # năm 2025")
    place_date = " ".join(lines[at:at + 2]) if at is not None else ""
    dm = _DATE_LONG_RE.search(place_date) or _DATE_SHORT_RE.search(place_date)
    if dm:
        try:
            meta.issued_on = dt.date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
        except ValueError:
            meta.issued_on = None
    meta.title_read = bool(meta.title)
    if not meta.title:
        meta.title = _title_from_filename(filename) or (lines[0][:200] if lines else "")
    return meta


_MOTTO = re.compile(r"\s(?:CONG HOA XA HOI|DOC LAP\s*-)")


def _wrapped_name(line: str) -> bool:
    """The rest of an issuer's name a narrow cell pushed to the next line ("PHỦ" after "THỦ TƯỚNG CHÍNH"): one or two
    upper-case words, neither another body, the motto, the number nor a type line."""
    words = line.split()
    return (0 < len(words) <= 2 and _upper(line) and not _ISSUER_RE.match(line) and not _type_line(line, DOC_TYPES)
            and not _is_motto(line) and all(w.isalpha() for w in words))


def _is_motto(line: str) -> bool:
    """The national motto's lines ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")."""
    return fold(line).upper().startswith(("CONG HOA", "DOC LAP"))


def _left_column(line: str) -> str:
    """A PDF's text puts the motto beside the letterhead ("UBND TỈNH LÂM ĐỒNG  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "TỈNH LÂM ĐỒNG  Độc lập - Tự do - Hạnh phúc"): the letterhead's part of the line."""
    m = _MOTTO.search(fold(line).upper())
    return line[: m.start()].strip() if m and m.start() > 0 else line


def _type_line(line: str, codes) -> tuple[str, str] | None:
    """(code, type word) when ``line`` is an upper-case type line of one of ``codes`` ("BÁO CÁO" / "BÁO CÁO KẾT QUẢ
    …"), else None."""
    if len(line) > 200 or not _upper(line):
        return None
    folded = fold(line).upper().rstrip(":. ")
    for code in codes:
        hit = next((w for w in DOC_TYPES[code].words if folded == fold(w) or folded.startswith(fold(w) + " ")), None)
        if hit:
            return code, hit
    return None


_SYMBOL_RE = re.compile(r"\d[\d.]*(?:/\d{4})?\s*[/-]\s*([^\W\d_]+)")
_BY_SYMBOL = {t.symbol.upper(): code for code, t in DOC_TYPES.items() if t.symbol}
_BY_FOLDED_SYMBOL: dict[str, str | None] = {}
for _code, _t in DOC_TYPES.items():
    if _t.symbol:  # "QD-UBND" typed without "Đ": the folded abbreviation, when only one type has it
        _key = fold(_t.symbol).upper()
        _BY_FOLDED_SYMBOL[_key] = None if _key in _BY_FOLDED_SYMBOL else _code
_SUBJECT_RE = re.compile(r"(?:^|\s)V/[vV]\b")


def doc_kind(number: str) -> str | None:
    """The type a document number names by its abbreviation (Nghị định 30/2020/NĐ-CP, appendix III): "228/BC-SNV" →
    "report", "12-TB/TU" → "notice", "05/2020/NĐ-CP" → "decree"; None for a letter ("123/UBND-VP") or no number."""
    m = _SYMBOL_RE.match(nfc(number or "").strip())
    if not m:
        return None
    symbol = m.group(1).upper()
    return _BY_SYMBOL.get(symbol) or _BY_FOLDED_SYMBOL.get(fold(symbol).upper())


def _doc_kind(lines: list[str], number: str) -> str | None:
    """The document's type: its first type line, else its number's abbreviation, else a "V/v …" subject line."""
    for line in lines[:80]:
        hit = _type_line(line, DOC_TYPES)
        if hit:
            return hit[0]
    kind = doc_kind(number)
    if kind:
        return kind
    if any(_SUBJECT_RE.search(line) for line in lines[:40]):
        return "official_letter"
    return None


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


def agency_case(name: str) -> str:
    """An agency name written in capitals, in the usual case: "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" → "Ủy ban nhân dân
    tỉnh Khánh Hòa", "SỞ NỘI VỤ" → "Sở Nội vụ" (the place name and the first word of a body's own name capitalised)."""
    raw = clean_spaces(name).split(" ")
    words = [w.lower() for w in raw]
    out: list[str] = []
    place = False
    # a sở's or a ministry's name joins its fields, each capitalised: "Sở Khoa học và Công nghệ", "Bộ Văn hóa, Thể
    # thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"
    fields = words[0] in ("sở", "bộ")
    for i, w in enumerate(words):
        prev = " ".join(out[-2:]).lower()
        if raw[i] in ("UBND", "HĐND", "CCHC", "TTHC"):
            w = raw[i]
        elif place or i == 0 or (out and out[-1].lower() in ("sở", "bộ", "ban") and i == 1) or (
                fields and out and (out[-1] in ("và", "-") or out[-1].endswith(","))):
            w = w[:1].upper() + w[1:]
        out.append(w)
        social = w.lower() == "xã" and i + 1 < len(words) and words[i + 1] == "hội"  # "xã hội", not a commune
        if not place and not social and (out[-1].lower() in _PLACE_WORDS
                                         or f"{prev.split(' ')[-1]} {w}".lower() in _PLACE_WORDS):
            place = True
    # "Chính phủ" is a proper name inside a title ("Thủ tướng Chính phủ", "Văn phòng Chính phủ")
    return re.sub(r"(?<=\S )chính phủ\b", "Chính phủ", " ".join(out))


def _title_from_filename(filename: str) -> str:
    base = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1])
    base = re.sub(r"[_]+", " ", base).strip()
    return base if re.search(r"[^\W\d_]", base) and not re.fullmatch(r"[\w]{0,4}\s*\d*\s*[0-9a-f]{8,}", base) else ""


# ---------------------------------------------------------------- plan reading
_PLAN_TYPES = [DOC_TYPES[code] for code in ("plan", "scheme", "programme")]
_PLAN_HEAD = re.compile(r"^\W*(" + "|".join(t.words[0] for t in _PLAN_TYPES) + r")\W*$")
_PLAN_KINDS = {t.words[0]: t.label for t in _PLAN_TYPES}  # "KẾ HOẠCH" → "Kế hoạch"
_PLAN_SYMBOL = re.compile("/(" + "|".join(t.symbol for t in _PLAN_TYPES) + ")-")
_PLAN_BY_SYMBOL = {t.symbol: t.label for t in _PLAN_TYPES}  # "KH" → "Kế hoạch"
_BODY_START = re.compile(r"^(?:Căn cứ|Thực hiện|Theo|Để|Nhằm|Trên cơ sở|Xét|Triển khai|Ủy ban nhân dân|UBND)\b")
_LETTERHEAD = re.compile(r"ỦY BAN|UỶ BAN|CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|SỐ:|^-+$|^TỈNH |^SỞ |^\W*$")


def is_plan_head(line: str) -> bool:
    """"KẾ HOẠCH" / "ĐỀ ÁN" / "CHƯƠNG TRÌNH" alone on a line (the plan's own type line)."""
    return bool(_PLAN_HEAD.match(line))


def _plan_head(paras: list[str]) -> PlanHead:
    head = PlanHead()
    numbered = [(k, clean_spaces(ln.replace("**", "").replace("*", ""))) for k, p in enumerate(paras)
                for ln in p.split("\n")]
    numbered = [(k, re.sub(r"^#+\s*", "", ln)) for k, ln in numbered if ln]
    lines = [ln for _, ln in numbered]
    text = "\n".join(lines)
    for i, ln in enumerate(lines):
        m = _PLAN_HEAD.match(ln)
        if m:
            head.kind = _PLAN_KINDS[m.group(1)]
            head.title = _plan_title(numbered[i + 1:i + 8])
            break
    m = re.search(r"Số\s*:?\s*(\d+[^\s,|]*/[^\s,|]+)", text)
    if m:
        head.document_number = m.group(1)
    if head.kind is None and head.document_number and _PLAN_SYMBOL.search(head.document_number):
        # web copies often drop the bold "KẾ HOẠCH" line: the kind comes from the number ("…/KH-UBND"), the title
        # is the upper-case line(s) between the dateline and the first body sentence
        head.kind = _PLAN_BY_SYMBOL[_PLAN_SYMBOL.search(head.document_number).group(1)]
        head.title = head.title or _caps_title(lines)
    head.issue_date = _issue_date(lines)
    m = re.search(r"kèm theo [^()]*?của\s+(?:Chủ tịch\s+)?((?:Ủy ban nhân dân|UBND|Sở|Ban|Văn phòng)[^()]*?)\)", text,
                  re.I | re.S)
    if m:
        issuer = clean_spaces(m.group(1))
        head.issuer = re.sub(r"^UBND\b", "Ủy ban nhân dân", issuer)
    else:
        m = re.search(r"((?:Ủy ban nhân dân|UBND) (?:tỉnh|thành phố)(?: [A-ZĐ]\w+(?: [A-ZĐ]\w+)*)?) ban hành", text)
        if m:
            head.issuer = re.sub(r"^UBND\b", "Ủy ban nhân dân", m.group(1))
    head.province = _province(head.issuer or "", text)
    if head.title:
        k = head.title.replace("–", "-")
        m = re.search(r"(?:giai đoạn|GIAI ĐOẠN)\s*(\d{4})\s*-\s*(\d{4})", k) or re.search(r"\b(20\d\d)\s*-\s*(20\d\d)\b", k)
        if m:
            head.period = f"{m.group(1)}-{m.group(2)}"
        else:
            m = re.search(r"(?:năm|NĂM)\s+(20\d\d)\b", k)
            if m:
                head.period = m.group(1)
    return head


def _plan_title(following: list[tuple[int, str]]) -> str | None:
    """The title lines under the KẾ HOẠCH heading: up to the "(Kèm theo …)" line, a Roman heading, or the first
    body sentence ("Căn cứ …", "Thực hiện …") that starts a new paragraph or follows an upper-case title."""
    title: list[str] = []
    para = following[0][0] if following else None
    for k, nxt in following:
        if nxt.startswith("(") or fold_key(nxt).startswith(("ban hanh kem", "kem theo")) or re.match(r"^[IVX]+\.", nxt):
            break
        if title and _BODY_START.match(nxt) and (k != para or " ".join(title).isupper()):
            break
        title.append(nxt)
        para = k
        if len(" ".join(title)) > 400:
            break
    return clean_spaces(" ".join(title)) or None


def _caps_title(lines: list[str]) -> str | None:
    dateline = next((i for i, ln in enumerate(lines[:40]) if re.search(r"ngày\s+\d{1,2}\s+tháng", ln)), None)
    if dateline is None:
        return None
    out: list[str] = []
    for ln in lines[dateline + 1:dateline + 8]:
        ln = ln.strip(" |")
        if ln.isupper() and not _LETTERHEAD.search(ln):
            out.append(ln)
        elif out or _BODY_START.match(ln):
            break
    return clean_spaces(" ".join(out)) or None


def _province(issuer: str, text: str) -> str | None:
    cap = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*"
    m = re.search(rf"tỉnh\s+({cap}(?:\s+{cap})*)", issuer)
    if m:
        return m.group(1)
    counts: dict[str, int] = {}
    for mm in re.finditer(rf"(?:tỉnh\s+({cap}(?:\s+{cap}){{0,2}})|TỈNH\s+({cap}(?:\s+{cap})?))", text):
        name = mm.group(1) or mm.group(2)
        if name.isupper():
            name = " ".join(w.capitalize() for w in name.split())
        if fold_key(name) in ("uy", "ban", "hoi", "thanh", "ubnd"):
            continue
        counts[name] = counts.get(name, 0) + 1
    for mm in re.finditer(rf"Báo\s+({cap}(?:\s+{cap})?)", text):
        counts[mm.group(1)] = counts.get(mm.group(1), 0) + 1
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def _issue_date(lines: list[str]) -> str | None:
    """The document's own date: the "<Địa danh>, ngày … tháng … năm …" line of the letterhead, else the date of the
    "(Kèm theo Quyết định số … ngày …)" line, else a short dateline in the header. Dates quoted in the bases
    ("Căn cứ …", "Theo đề nghị … ngày …") are never taken; a blank date ("ngày  tháng  năm 2021") gives None."""
    head = "\n".join(lines[:60])
    m = re.search(r"(?:^|\n)[*_ ]*[A-ZĐÀ-Ỹ][^\n,;:]{1,40},\s*" + _DATE_WORDS, head)
    if m:
        return _iso(m)
    # "(Ban hành kèm theo Quyết định số … ngày …)" opening the plan inside a decision
    attached = [ln for ln in lines if re.match(r"^[*_ ]*\(\s*(?:Ban hành\s+)?[Kk]èm theo", ln)]
    for ln in attached[:3]:
        m = re.search(_DATE_WORDS, ln) or re.search(_DATE_NUM, ln)
        if m:
            return _iso(m)
    for line in lines[:15]:  # a short dateline of its own, not a date quoted inside a sentence
        if len(line) > 60 or fold_key(line).lstrip("*_ ").startswith(("can cu", "theo de nghi", "xet de nghi")):
            continue
        m = re.search(_DATE_WORDS, line)
        if m:
            return _iso(m)
    return None


def _iso(m) -> str | None:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
