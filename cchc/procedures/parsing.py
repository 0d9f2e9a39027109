"""Reader of "Quyết định công bố thủ tục hành chính" documents (pure Python, no Django).

``parse_file(path_or_bytes, filename)`` / ``parse_document(doc)`` return a :class:`ProcedureList`: the deciding
document (number, date, title, issuer, province — read with ``cchc.core.docmeta.read_docmeta``, the one reader
of letterheads) and one entry per procedure row of the annex tables
(code, name, field, level, time limit text + days, agency text, fee text + amount, online level, paper result,
status new / amended / abolished / kept). The tables come from ``cchc.core.intake.read_document`` (docx, pdf, txt
web copies with the portal's lone-``|`` layout).

The status of a row is the last section heading read before it ("I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH",
"2. Danh mục thủ tục hành chính bị bãi bỏ", a group row of the table), else the table's own header ("Tên VBQPPL
quy định việc bãi bỏ" → abolished), else the decision's title when it names one status only. Bad input raises
:class:`ProcedureImportError` (an ``IntakeError``) with a code and a Vietnamese message; nothing else escapes.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field

from cchc.core.docmeta import agency_case, read_docmeta
from cchc.core.intake import Document, IntakeError, clean_cell, read_document, read_source, sniff
from cchc.core.vntext import clean_spaces, first_label, fold_key, nfc

STATUSES = ("new", "amended", "abolished", "kept")
LEVELS = ("central", "province", "district", "commune")
ONLINE = ("full", "partial", "none")

# a national code "1.012345" / "2.002156", a province's variant "3.000527.H61"; five digits is a typo we keep
CODE_RE = re.compile(r"^([1-9])\.(\d{5,6})(?:\s*\.\s*([A-Z]\d{2,3}))?\.?$")
CODE_ANY = re.compile(r"(?<![\d.])[1-9]\.\d{6}(?:\.[A-Z]\d{2,3})?(?![\d])")


class ProcedureImportError(IntakeError):
    """The document was read but holds no procedure list that can be imported."""


@dataclass
class Entry:
    code: str
    name: str = ""
    field: str = ""
    level: str = ""
    time_limit: str = ""
    time_days: int | None = None
    working_days: bool | None = None
    agency: str = ""
    fee: str = ""
    fee_amount: int | None = None
    online: str = ""
    paper_result: bool | None = None
    status: str = ""
    table: int = 0
    row: int = 0
    warnings: list[str] = dc_field(default_factory=list)


@dataclass
class ProcedureList:
    number: str | None = None
    issue_date: str | None = None
    title: str = ""
    issuer: str | None = None
    province: str | None = None
    entries: list[dict] = dc_field(default_factory=list)
    without_code: list[dict] = dc_field(default_factory=list)  # {name, table, row}: counted, not imported
    warnings: list[str] = dc_field(default_factory=list)
    source_kind: str = "txt"

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for e in self.entries:
            out[e["status"]] = out.get(e["status"], 0) + 1
        return out

    def to_dict(self) -> dict:
        d = asdict(self)
        d["counts"] = self.counts()
        return d


# --------------------------------------------------------------------------- entry points

def parse_file(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None) -> ProcedureList:
    data, name = read_source(path_or_bytes, filename, ProcedureImportError)
    return parse_document(read_procedure_document(data, name))


def read_procedure_document(data: bytes, name: str) -> Document:
    """``core.intake.read_document``; a Word/HTML cell merged down ("Ủy ban nhân dân cấp xã" over every row) leads
    each row it covers. Not for text copies: there a missing cell is as often a shifted one as a merged one."""
    try:
        kind = sniff(data or b"", name)
    except Exception:  # noqa: BLE001 - read_document below reports the file's problem
        kind = ""
    return read_document(data, name, fill_merged=kind in ("docx", "html"))


def parse_document(doc: Document) -> ProcedureList:
    try:
        out = _parse(doc)
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the reader never raises unhandled exceptions
        raise ProcedureImportError(
            "parse_failed",
            f"Không phân tích được tệp {doc.filename or ''}: cấu trúc văn bản bất thường ({type(exc).__name__}).",
        ) from exc
    out.warnings = [*doc.warnings, *out.warnings]
    if not out.entries:
        if out.without_code:
            raise ProcedureImportError(
                "no_codes",
                f"Tệp {doc.filename or ''} có danh mục {len(out.without_code)} thủ tục hành chính nhưng không có cột "
                "Mã TTHC (thủ tục mới chưa được cấp mã trên Cơ sở dữ liệu quốc gia): danh mục thủ tục chỉ nhập thủ tục "
                "có mã.")
        raise ProcedureImportError(
            "not_procedure_list",
            f"Không tìm thấy danh mục thủ tục hành chính trong tệp {doc.filename or ''}: cần bảng có các cột Mã TTHC, "
            "Tên thủ tục hành chính (văn bản “Quyết định công bố thủ tục hành chính”).")
    return out


# --------------------------------------------------------------------------- text helpers

def _clean(text: str) -> str:
    t = clean_cell(text or "").replace("*", " ").replace("\n", " ")
    return clean_spaces(t).strip(" -–;,")


def _key(text: str) -> str:
    return fold_key(re.sub(r"[*_#()\[\]]", " ", text or "")).replace(",", " ").replace("  ", " ").strip()


def normalize_code(text: str) -> str | None:
    """"1.012507. H05" → "1.012507.H05"; anything that is not a procedure code → None."""
    t = re.sub(r"\s+", "", clean_cell(text or "").replace("*", ""))
    m = CODE_RE.match(t)
    if not m:
        return None
    return f"{m.group(1)}.{m.group(2)}" + (f".{m.group(3)}" if m.group(3) else "")


_STATUS_WORDS = (
    ("new", re.compile(r"moi ban hanh|ban hanh moi|cong bo moi|(?:thu tuc hanh chinh|tthc) moi\b")),
    ("amended", re.compile(r"sua doi\b|thay doi bo sung|duoc thay the|bi thay the")),
    ("abolished", re.compile(r"bai bo|huy bo")),
    ("kept", re.compile(r"tiep tuc thuc hien|giu nguyen")),
)
_HEADING = re.compile(r"^(?:phan\s+[ivx\d]+\s*[.:]?\s*|(?:[ivx]+|[a-d])\s*[.)]?\s+|\d+(?:\.\d+)*\s*[.)]\s*|[a-d]\s*[.)]\s*)?"
                      r"(?:danh muc\s+)?(?:\d+\s+)?(?:cac\s+)?(?:thu tuc|tthc)")
_LEVEL_RE = re.compile(r"cap\s+(trung uong|tinh|thanh pho|huyen|xa)\b")
_LEVEL_OF = {"trung uong": "central", "tinh": "province", "thanh pho": "province", "huyen": "district",
             "xa": "commune"}


def statuses_in(text: str) -> set[str]:
    k = _key(text)
    return {s for s, rx in _STATUS_WORDS if rx.search(k)}


def status_of_heading(text: str) -> str | None:
    """The status a section heading announces ("1. Danh mục thủ tục hành chính được sửa đổi, bổ sung"), or None
    (not a heading, or a title naming several statuses: "… mới ban hành và bị bãi bỏ")."""
    k = _key(text)
    if len(k) > 400 or not _HEADING.match(k):
        return None
    found = statuses_in(text)
    return found.pop() if len(found) == 1 else None


def level_of_heading(text: str) -> str | None:
    k = _key(text)
    if len(k) > 200:
        return None
    m = _LEVEL_RE.search(k)
    if m and (_HEADING.match(k) or re.fullmatch(r"(?:[a-d]\s*[.)]\s*)?cap\s+\w+(?: \w+)?", k)):
        return _LEVEL_OF[m.group(1)]
    return None


def field_of_heading(text: str) -> str | None:
    """"I. LĨNH VỰC BẢO VỆ THỰC VẬT" / "I. BẢN QUYỀN TÁC GIẢ (20 TTHC)" → the field, sentence case."""
    t = _clean(text)
    m = re.match(r"^(?:[IVX]+|\d+)\s*[.)]?\s*(?:LĨNH VỰC|Lĩnh vực)?\s*(.+)$", t)
    if not m:
        return None
    name = re.sub(r"\s*\(\s*\d+\s*(?:TTHC|thủ tục)[^)]*\)\s*$", "", m.group(1), flags=re.I).strip(" .:")
    k = fold_key(name)
    if not name or len(name) > 120 or "thu tuc" in k or "tthc" in k or k.startswith(("cap ", "danh muc")):
        return None
    return name[:1].upper() + name[1:].lower() if name.isupper() else name


def parse_days(text: str) -> tuple[int | None, bool | None]:
    """"Mười (10) ngày làm việc kể từ …" → (10, True); "15 ngày" → (15, False); "ngay trong ngày" → (0, True).
    Several periods ("05 ngày làm việc trả lời về tính hợp lệ; 15 ngày kể từ ngày nhận được hồ sơ hợp lệ …"): the one
    counted from the receipt of a complete dossier, else the first."""
    k = re.sub(r"[()]", " ", _key(text))
    day = r"(?<![\d.,/])(\d{1,3})\s+(?:(?!ngay\b)[a-z]+\s+){0,3}ngay(\s+lam\s+viec)?"
    found = list(re.finditer(day, k))
    same_day = re.search(r"\bngay trong ngay\b|^(?:- )?trong ngay\b", k)
    if same_day and (not found or same_day.start() < found[0].start()):
        return 0, True
    for m in found:
        if re.match(r"\s*,?\s*(?:ke tu|tinh tu) (?:ngay|khi) (?:nhan|tiep nhan)(?: duoc| du)? (?:du )?ho so", k[m.end():]):
            return int(m.group(1)), bool(m.group(2))
    if found:
        return int(found[0].group(1)), bool(found[0].group(2))
    return None, None


_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|đ\b|vnđ|vnd)", re.I)


def parse_fee(text: str) -> int | None:
    """"Không" → 0; one amount "50.000 đồng/ giao dịch" → 50000; several amounts or none → None."""
    k = _key(text)
    if not k:
        return None
    if re.match(r"^(?:khong|mien|khong thu|khong co)\b", k) and len(k) < 40:
        return 0
    amounts = {int(re.sub(r"[.,]", "", a)) for a in _AMOUNT.findall(text)}
    return amounts.pop() if len(amounts) == 1 else None


_ONLINE_RULES = (("toan trinh", "full"), ("mot phan", "partial"), (r"^(?:truc tiep|khong)", "none"))
_AGENCY_LEVEL_RULES = (
    (r"\bcap xa\b|\bxa\b|\bphuong\b|\bdac khu\b", "commune"),
    (r"\bcap huyen\b", "district"),
    (r"^(?:so|ubnd tinh|uy ban nhan dan tinh|ubnd cap tinh|uy ban nhan dan cap tinh|chu tich ubnd tinh)\b"
     r"|cap tinh|\bso\b", "province"),
    (r"^(?:bo|cuc|tong cuc|thu tuong|chinh phu|vu)\b|trung uong", "central"),
)


def parse_online(text: str) -> str:
    return first_label(_key(text), _ONLINE_RULES, "")


def level_of_agency(text: str) -> str:
    # not the address: "Cục X (Số 33, … Phường Ngọc Hà)"
    return first_label(_key(re.sub(r"\([^)]*\)", " ", text or "")), _AGENCY_LEVEL_RULES, "")


# --------------------------------------------------------------------------- header roles

_ROLE_RULES = (  # a table's header cell (folded) → the column's role
    (r"^(?:so\s*)?s?tt$|^so thu tu$", "number"),
    (r"^(?:ma|so ho so|ma so|ma ho so)\b.*(?:tthc|thu tuc)|^ma(?: so)?$", "code"),
    (r"^ten (?:cac )?(?:tthc|thu tuc)", "name"),
    (r"^(?=.*bai bo).*(?:qppl|van ban)", "abolish_basis"),
    (r"^(?:thoi han|thoi gian) giai quyet|^theo quy dinh$", "time"),
    (r"^(?:co quan|don vi) (?:thuc hien|giai quyet)|^dia diem va don vi thuc hien", "agency"),
    (r"^(?:phi\b|le phi)", "fee"),
    (r"^(?:dvc ?tt|dich vu cong truc tuyen|muc do (?:dvc|dich vu cong)|dvctt)", "online"),
    (r"^linh vuc", "field"),
    (r"^ket qua", "result"),
    (r"^(?:can cu|co so) phap ly", "legal"),
    (r"^ghi chu", "note"),
)


def _role(header: str) -> str | None:
    return first_label(_key(header), _ROLE_RULES)


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int], bool] | None:
    """(index of the header row, role → column, abolished table?) for a procedure table, else None."""
    for i, row in enumerate(rows[:4]):
        roles: dict[str, int] = {}
        for x, cell in enumerate(row):
            r = _role(cell)
            if r and r not in roles:
                roles[r] = x
        if "name" in roles and ("code" in roles or {"field", "agency", "time"} & set(roles)):
            abolished = "abolish_basis" in roles or any("bi bai bo" in _key(c) for c in row)
            return i, roles, abolished
    return None


# --------------------------------------------------------------------------- the walk

@dataclass
class _Ctx:
    status: str | None = None
    level: str | None = None
    field: str | None = None


def _segments(text: str) -> list[str]:
    """A paragraph block cut where headings start: at bold markers and at lines opening with a heading mark."""
    out = []
    for part in re.split(r"\*\*", nfc(text)):
        for seg in re.split(r"\n(?=\s*(?:PHẦN|Phần|[IVX]+\.|\d+\.|[A-D]\.|DANH MỤC|Danh mục|Điều \d))", part):
            seg = clean_spaces(seg.replace("\n", " ").replace("*", " "))
            if seg.strip(" .:"):
                out.append(seg)
    return out


def _read_heading(ctx: _Ctx, text: str) -> None:
    st = status_of_heading(text)
    lv = level_of_heading(text)
    if st:
        ctx.status = st
    if lv:
        ctx.level = lv
    if st or lv or _HEADING.match(_key(text)):
        f = _TITLE_FIELD.search(text)  # "Danh mục thủ tục … lĩnh vực Chứng thực thuộc thẩm quyền …"
        if f:
            ctx.field = _field_name(f.group(1)) or ctx.field
    else:
        f = field_of_heading(text)
        if f and re.match(r"^\W*(?:[IVX]+|\d+)\s*[.)]", text.strip(" *")):
            ctx.field = f


def _field_name(raw: str) -> str | None:
    name = clean_spaces(raw).strip(" .,;")
    name = (name[:1].upper() + name[1:].lower()) if name.isupper() else name
    return None if len(name) > 100 or "thủ tục" in name.lower() or not name else name


_TITLE_FIELD = re.compile(r"lĩnh vực\s+(.+?)(?:\s+(?:thuộc|trên địa bàn|của|tại|áp dụng)\b|\s*[;(]|$)", re.I)
_TITLE_AGENCY = re.compile(r"(?:thẩm quyền giải quyết|chức năng quản lý|phạm vi quản lý)\s+của\s+(.+?)"
                           r"(?:\s+(?:trên địa bàn|tại)\b|\s+(?:GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|CĂN CỨ)\b|$)", re.I)


def _title_parts(title: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(status, level, field, agency) the decision's title names (each None when it does not, or names several)."""
    found = statuses_in(title)
    status = found.pop() if len(found) == 1 else None
    levels = {_LEVEL_OF[m] for m in _LEVEL_RE.findall(_key(title))}
    level = levels.pop() if len(levels) == 1 else None
    f = _TITLE_FIELD.search(title)
    fld = _field_name(f.group(1)) if f else None
    a = _TITLE_AGENCY.search(title)
    agency = None
    if a:
        name = re.sub(r"^UBND\b", "Ủy ban nhân dân", clean_spaces(a.group(1)).strip(" .,;"), flags=re.I)
        agency = " ".join(w.capitalize() if i else w.capitalize() for i, w in enumerate(name.lower().split())) \
            if name.isupper() else name
        agency = _agency_case(agency)
    return status, level, fld, agency


def _agency_case(name: str) -> str:
    """"Sở Khoa Học Và Công Nghệ Tỉnh Đồng Nai" → "Sở Khoa học và Công nghệ tỉnh Đồng Nai"."""
    return agency_case(name)


def _metadata(doc: Document, out: ProcedureList) -> None:
    meta = read_docmeta(doc.text[:20000], doc.filename or "", paragraphs=[b for b in doc.blocks if isinstance(b, str)])
    out.number, out.issue_date, out.issuer = meta.official_number, meta.official_date, meta.official_issuer
    out.province = meta.plan.province
    out.title = clean_spaces(meta.title or "")[:500]
    if not statuses_in(out.title):  # the "VỀ VIỆC …" line, wherever the letterhead put it
        m = re.search(r"^[*_# ]*((?:VỀ VIỆC|Về việc) [^\n]{10,400})", doc.text[:8000], re.M)
        out.title = clean_spaces(m.group(1).replace("*", ""))[:500] if m else out.title


def _parse(doc: Document) -> ProcedureList:
    out = ProcedureList(source_kind=doc.kind)
    _metadata(doc, out)
    t_status, t_level, t_field, t_agency = _title_parts(out.title)
    ctx = _Ctx()
    seen: dict[tuple[str, str], int] = {}
    table_no = 0
    last_table = None  # (table no, abolished?) of the procedure table just read: rows the layout spilled after it
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, str):
            code = normalize_code(block) if last_table and len(block) < 40 else None
            if code:  # "2 | 1.012509.H05 | Gia hạn …" fell out of the table as paragraphs (merged cells above)
                nxt = blocks[i + 1] if i + 1 < len(blocks) and isinstance(blocks[i + 1], str) else ""
                name = _clean(nxt) if nxt and not normalize_code(nxt) and len(nxt) < 600 else ""
                _add_entry(out, seen, Entry(code=code, name=name, table=last_table[0], row=0, agency=t_agency or "",
                                            field=ctx.field or t_field or "", level=ctx.level or t_level or "",
                                            status="abolished" if last_table[1] else (ctx.status or t_status or "")),
                           note="ngoài bảng (dòng bị tách khỏi bảng)")
                continue
            k = _key(block[:300])
            if k.startswith(("can cu", "noi nhan")):
                continue
            for seg in _segments(block):
                _read_heading(ctx, seg)
            continue
        head = _header(block)
        if head is None:
            continue
        table_no += 1
        start, roles, abolished_table = head
        _read_table(block, start, roles, abolished_table, table_no, ctx, out, seen,
                    defaults=(t_status, t_level, t_field, t_agency))
        last_table = (table_no, abolished_table)
    return out


def _cell(row: list[str], col: int | None) -> str:
    if col is None or col < 0 or col >= len(row):
        return ""
    return _clean(row[col])


def _spans(rows: list[list[str]], start: int) -> tuple[dict[int, list[int]], list[str] | None]:
    """Columns a header cell spans in a two-level header (the cell, then empty header cells over the labels of the
    second header row: "Mức độ DVCTT" over "Toàn trình | Một phần"), and that second row; ({}, None) when there is
    none."""
    head = rows[start]
    sub = rows[start + 1] if start + 1 < len(rows) else None
    if sub is None or "" not in head or any(normalize_code(c) for c in sub):
        return {}, None
    spans: dict[int, list[int]] = {}
    for x, h in enumerate(head):
        if not h.strip():
            continue
        cols = [x]
        while cols[-1] + 1 < len(head) and not head[cols[-1] + 1].strip():
            cols.append(cols[-1] + 1)
        if len(cols) > 1 and all(x2 < len(sub) and sub[x2].strip() for x2 in cols):
            spans[x] = cols
    if not spans or any(sub[x2].strip() for x2 in range(len(sub)) if not any(x2 in c for c in spans.values())):
        return {}, None
    return spans, sub


# the title of a group row placed in the name column: "Lĩnh vực Hộ tịch", "Thủ tục hành chính cấp tỉnh"
_GROUP_TITLE = re.compile(r"^(?:danh muc|linh vuc|thu tuc hanh chinh|tthc|phan\b|nhom\b|cap (?:tinh|huyen|xa))")
_MARK = re.compile(r"^[xX✓✔vV√+]$")


def _read_table(rows, start, roles, abolished_table, table_no, ctx: _Ctx, out: ProcedureList, seen, defaults):
    t_status, t_level, t_field, t_agency = defaults
    code_col = roles.get("code")
    spans, sub = _spans(rows, start)
    for r, row in enumerate(rows[start + 1:], start=start + 2):
        cells = [c for c in row if c != "\x00PIPE"]
        if not any(c.strip() for c in cells):
            continue
        if sub is not None and r == start + 2:
            continue  # the second header row
        if _header_again(cells, roles):
            continue
        found = None
        if code_col is not None:
            code = normalize_code(cells[code_col]) if code_col < len(cells) else None
            if code:
                found = (code, 0)
            else:
                for x, c in enumerate(cells):
                    code = normalize_code(c)
                    if code:
                        found = (code, x - code_col)
                        break
        if found is None:
            filled = [c for c in cells if c.strip()]
            name = _cell(cells, roles["name"])
            numbered = re.match(r"^\d+\.?$", _cell(cells, roles.get("number", 0)))
            # a numbered procedure row without a code: no code column at all, or an empty code cell in a row that
            # fills more than number and title (a group row "1 | LĨNH VỰC …" fills two cells)
            if numbered and name and (
                    (code_col is None and len(filled) >= 2)
                    or (code_col is not None and not _cell(cells, code_col) and len(filled) >= 3
                        and not name.isupper() and not _GROUP_TITLE.match(_key(name)))):
                out.without_code.append({"name": name[:200], "table": table_no, "row": r})
                continue
            if len(filled) <= 3:  # a group row: "I. | LĨNH VỰC …", "B. THỦ TỤC HÀNH CHÍNH CẤP TỈNH"
                joined = " ".join(_clean(c) for c in filled)
                if len(joined) < 400:
                    _read_heading(ctx, joined)
            continue
        code, shift = found
        e = Entry(code=code, table=table_no, row=r)

        def get(role: str, _cells=cells, _shift=shift) -> str:
            col = roles.get(role)
            if col is not None and col in spans and not _shift:
                # a spanning column: its cells joined, a mark ("x") read as the label above it
                parts = [_clean(sub[x]) if _MARK.match(_cell(_cells, x)) else _cell(_cells, x) for x in spans[col]]
                return "; ".join(p for p in parts if p)
            return _cell(_cells, None if col is None else col + _shift)

        e.name = get("name")
        if e.name and normalize_code(e.name):
            e.name = ""
        e.time_limit = get("time")[:1000]
        e.time_days, e.working_days = parse_days(e.time_limit) if e.time_limit else (None, None)
        e.agency = get("agency")[:500] or (t_agency or "")
        e.fee = get("fee")[:1000]
        e.fee_amount = parse_fee(e.fee) if e.fee else None
        e.online = parse_online(get("online")) if "online" in roles else ""
        res = get("result")
        if res:
            rk = _key(res)
            e.paper_result = True if "ban giay" in rk else (False if "dien tu" in rk else None)
        e.field = get("field")[:200] if "field" in roles else ""
        if not e.field or fold_key(e.field).startswith("linh vuc"):
            e.field = ctx.field or t_field or ""
        e.level = ctx.level or t_level or level_of_agency(e.agency)
        e.status = "abolished" if abolished_table else (ctx.status or t_status or "")
        if shift:
            e.warnings.append(f"Dòng {r} của bảng {table_no}: các ô bị lệch cột, hãy kiểm tra tên và các trường.")
        _add_entry(out, seen, e, note=f"dòng {r} của bảng {table_no}")


def _add_entry(out: ProcedureList, seen: dict, e: Entry, note: str) -> None:
    code = e.code
    if not e.level:
        e.level = level_of_agency(e.agency)
    if not re.fullmatch(r"\d\.\d{6}(?:\.[A-Z]\d{2,3})?", code):
        e.warnings.append(f"Mã TTHC “{code}” không đúng dạng (cần 1 chữ số, dấu chấm và 6 chữ số).")
    if not e.name:
        e.warnings.append(f"Không đọc được tên thủ tục mã {code} ({note}).")
    if not e.status:  # a plain list of procedures in force ("Danh mục TTHC tiếp nhận trực tuyến …")
        e.status = "kept"
        e.warnings.append(f"Văn bản không nói thủ tục mã {code} là công bố mới, sửa đổi hay bãi bỏ: ghi nhận là "
                          "thủ tục đang thực hiện.")
    key = (code, e.status)
    if key in seen:
        if not out.entries[seen[key]]["name"] and e.name:
            out.entries[seen[key]]["name"] = e.name
        return
    seen[key] = len(out.entries)
    out.entries.append(asdict(e))


def _header_again(cells: list[str], roles: dict[str, int]) -> bool:
    """A repeated header row (web copies repeat it, or add a second header line)."""
    hits = sum(1 for c in cells if _role(c))
    return hits >= 2 and not any(normalize_code(c) for c in cells)
