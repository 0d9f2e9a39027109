"""Administrative documents in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I, as .docx (pure: python-docx only).

One builder for every app that issues a document (inspection notices and minutes, index results, periodic
reports): A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; page numbers centred
in the top margin from page 2; the letterhead grid (ô 1–4: the parent body and the issuing body on the left with
a short rule, Quốc hiệu and Tiêu ngữ on the right with a rule; number/symbol left; place and date right, italic);
the type name and abstract centred in bold (ô 5a); the body at 14 pt, first-line indent, 6 pt after, line
spacing 1.15; "Nơi nhận:" (bold italic 12) and its list (11) on the left; authority, title and signer's name on
the right (bold, 14). See ../shared/domain/README.md §7 for the rules and their sources.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from cchc.core.vndates import format_date_draft

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Heading:
    text: str


@dataclass
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    align: str = "justify"  # "center" for annex titles: no first-line indent then
    new_page: bool = False  # starts a page (the second annex of a plan)


@dataclass
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence]
    widths_mm: Sequence[float] | None = None  # None: from the content (see :func:`column_widths`)
    caption: str = ""
    bold_rows: Sequence[int] = ()             # indexes into ``rows`` printed in bold (group headings of an annex)


@dataclass
class OfficialDocument:
    issuer: str                               # tên cơ quan ban hành ("SỞ NỘI VỤ")
    kind: str                                 # tên loại ("KẾ HOẠCH", "BIÊN BẢN", "THÔNG BÁO"); "" for a công văn
    title: str                                # trích yếu
    parent: str = ""                          # cơ quan chủ quản ("UBND TỈNH HÀ TĨNH")
    number: str = ""                          # "12/KH-SNV"; blank number "    /KH-SNV" when not yet issued
    place: str = ""
    issued_on: date | None = None
    draft_year: int | None = None             # printed in the blank date line until issued_on is known
    basis: Sequence[str] = ()                 # căn cứ, italic, one per line
    body: Sequence[Heading | Paragraph | Table] = field(default_factory=list)
    recipients: Sequence[str] = ()
    addressees: Sequence[str] = ()           # "Kính gửi:" (ô 9a) of a công văn / notice, after the abstract
    authority: str = ""                       # "KT. GIÁM ĐỐC" / "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""                    # "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    # a second signature on the left (minutes signed by both sides: "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA"); the
    # recipients, if any, then follow the signatures
    cosigner_title: str = ""
    cosigner_name: str = ""
    annex: Sequence[Heading | Paragraph | Table] = ()  # phụ lục: after the signature, from a new page


def _font(run, size: float, *, bold=False, italic=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text: str, size: float, *, bold=False, italic=False, align="left", after=0.0,
          indent_first_mm: float = 0.0, line: float = 1.0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), line
    if indent_first_mm:
        fmt.first_line_indent = Mm(indent_first_mm)
    _font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _rule(paragraph, line_mm: float, container_mm: float):
    """A solid line ``line_mm`` long, centred under ``paragraph`` in a container ``container_mm`` wide: a bottom
    border on a new empty 4 pt paragraph with side indents. (Indenting the text paragraph itself, as before,
    squeezed the issuing body's name to a few millimetres: LibreOffice printed it one letter a line.)"""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    side = str(max(0, int((container_mm - line_mm) / 2 * 56.7)))
    new = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    spacing = OxmlElement("w:spacing")
    for k, v in (("w:before", "0"), ("w:after", "0"), ("w:line", "80"), ("w:lineRule", "exact")):
        spacing.set(qn(k), v)
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), side)
    indent.set(qn("w:right"), side)
    for el in (border, spacing, indent):  # schema order: pBdr, spacing, ind
        ppr.append(el)
    new.append(ppr)
    paragraph._p.addnext(new)


_PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"


def without_province(name: str, province: str) -> str:
    """"Sở Tư pháp tỉnh Hà Tĩnh" -> "Sở Tư pháp" where the document already names the province (under "UBND TỈNH
    HÀ TĨNH" in the letterhead, in a province's list of its departments), as the province's own documents write it."""
    suffix = f" tỉnh {province.strip()}" if province and province.strip() else ""
    if suffix and name.lower().endswith(suffix.lower()) and len(name) > len(suffix):
        return name[: -len(suffix)]
    return name


def _issuer_lines(name: str) -> str:
    """The issuing body in capitals; a People's Committee on two lines, "ỦY BAN NHÂN DÂN" / "TỈNH HÀ TĨNH", as the
    province prints it (left to the cell's width it broke as "ỦY BAN NHÂN DÂN TỈNH" / "HÀ TĨNH")."""
    text = " ".join(name.upper().split())
    if text.startswith(_PEOPLES_COMMITTEE + " "):
        return _PEOPLES_COMMITTEE + "\n" + text[len(_PEOPLES_COMMITTEE) + 1:]
    return text


def _recipients(container, recipients: Sequence[str]):
    if recipients:
        _para(container, "Nơi nhận:", 12, bold=True, italic=True)
        for i, r in enumerate(recipients):
            end = "." if i == len(recipients) - 1 else ";"
            _para(container, f"- {r.rstrip(';.')}{end}", 11)


def _signature(container, authority: str, title: str, name: str):
    for line in (authority, title):
        if line:
            _para(container, line.upper(), 14, bold=True, align="center")
    for _ in range(4):
        _para(container, "", 14)
    if name:
        _para(container, name, 14, bold=True, align="center")


def _cant_split():
    from docx.oxml import OxmlElement

    return OxmlElement("w:cantSplit")


def _no_borders(table):
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = tblpr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))
    tblpr.append(borders)


def _page_number_header(section):
    """Page numbers centred in the top margin, not on page 1 (Nghị định 30)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = 1
    run = p.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _new_document():
    """A4 portrait, margins top/bottom 20, left 30, right 15 mm, page numbers from page 2, Times New Roman."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_number_header(section)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    return doc


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_annex(blocks: Sequence[Heading | Paragraph | Table]) -> bytes:
    """A stand-alone annex (phụ lục) issued with a decision: the page set-up of :func:`build` without the letterhead
    and signature — "Phụ lục", its title and "(Kèm theo Quyết định số …)" are the first blocks."""
    doc = _new_document()
    _blocks(doc, blocks)
    return _save(doc)


def build(doc_spec: OfficialDocument) -> bytes:
    from docx.shared import Mm

    doc = _new_document()

    # ô 1–4: letterhead grid
    grid = doc.add_table(rows=2, cols=2)
    _no_borders(grid)
    left, right = grid.cell(0, 0), grid.cell(0, 1)
    grid.columns[0].width = Mm(65)
    grid.columns[1].width = Mm(100)
    for row in grid.rows:
        row.cells[0].width, row.cells[1].width = Mm(65), Mm(100)
    left.paragraphs[0].text = ""
    if doc_spec.parent:
        _para(left, doc_spec.parent.upper(), 13, align="center")
    issuer = _para(left, _issuer_lines(doc_spec.issuer), 13, bold=True, align="center")
    _rule(issuer, 22, 65)
    right.paragraphs[0].text = ""
    _para(right, NATIONAL_TITLE, 13, bold=True, align="center")
    motto = _para(right, MOTTO, 14, bold=True, align="center")
    _rule(motto, 70, 100)
    number = doc_spec.number or "      /"
    grid.cell(1, 0).paragraphs[0].text = ""
    _para(grid.cell(1, 0), f"Số: {number}", 13, align="center")
    if not doc_spec.kind:  # ô 5b: the abstract of a công văn sits under its number, centred, 12 pt
        _para(grid.cell(1, 0), f"V/v {doc_spec.title}", 12, align="center", after=6)
    grid.cell(1, 1).paragraphs[0].text = ""
    when = (format_date_draft(doc_spec.issued_on, doc_spec.place, doc_spec.draft_year)
            if doc_spec.place or doc_spec.issued_on else "")
    _para(grid.cell(1, 1), when, 14, italic=True, align="center")

    # ô 5a: type and abstract
    _para(doc, "", 14)
    if doc_spec.kind:
        _para(doc, doc_spec.kind.upper(), 14, bold=True, align="center")
        abstract = _para(doc, doc_spec.title, 14, bold=True, align="center")
        _rule(abstract, 40, 165)
    _para(doc, "", 14)
    if len(doc_spec.addressees) == 1:
        _para(doc, f"Kính gửi: {doc_spec.addressees[0].rstrip('.')}.", 14, align="center", after=6)
    elif doc_spec.addressees:
        _para(doc, "Kính gửi:", 14, align="center")
        for i, a in enumerate(doc_spec.addressees):
            end = "." if i == len(doc_spec.addressees) - 1 else ";"
            _para(doc, f"- {a.rstrip(';.')}{end}", 14, align="left", indent_first_mm=40)
        _para(doc, "", 14, after=6)

    for b in doc_spec.basis:
        _para(doc, b, 14, italic=True, align="justify", after=6, indent_first_mm=10, line=1.15)

    _blocks(doc, doc_spec.body)

    # ô 7 and 9: recipients (left) and signature (right), kept on the page of the body's last paragraph (a
    # signature block alone on the last page is what a reader notices first)
    body_paras = [p for p in doc.paragraphs if p.text.strip()]
    if body_paras:
        body_paras[-1].paragraph_format.keep_with_next = True
    _para(doc, "", 14).paragraph_format.keep_with_next = True
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    sign.rows[0]._tr.get_or_add_trPr().append(_cant_split())
    rec, sig = sign.cell(0, 0), sign.cell(0, 1)
    rec.width, sig.width = Mm(80), Mm(85)
    rec.paragraphs[0].text = ""
    if doc_spec.cosigner_title:
        _signature(rec, doc_spec.cosigner_title, "", doc_spec.cosigner_name)
        if doc_spec.recipients:
            _para(doc, "", 12)
            _recipients(doc, doc_spec.recipients)
    else:
        _recipients(rec, doc_spec.recipients)
    sig.paragraphs[0].text = ""
    _signature(sig, doc_spec.authority, doc_spec.signer_title, doc_spec.signer_name)

    if doc_spec.annex:
        # the annex starts a new page by its first paragraph's "page break before": an empty paragraph holding a
        # page break, as before, was pushed to the next page when the signature filled the page, and LibreOffice then
        # printed a blank page before the annex
        blocks = list(doc_spec.annex)
        if isinstance(blocks[0], Table) and not blocks[0].caption:
            blocks.insert(0, Paragraph("", align="center"))
        before = len(doc.paragraphs)
        _blocks(doc, blocks)
        doc.paragraphs[before].paragraph_format.page_break_before = True

    return _save(doc)


def _blocks(doc, blocks):
    for block in blocks:
        if isinstance(block, Heading):
            _para(doc, block.text, 14, bold=True, align="justify", after=6, indent_first_mm=10, line=1.15)
        elif isinstance(block, Paragraph):
            centred = block.align == "center"
            p = _para(doc, block.text, 14, bold=block.bold, italic=block.italic, align=block.align, after=6,
                      indent_first_mm=0 if centred else 10, line=1.15)
            if block.new_page:
                p.paragraph_format.page_break_before = True
        elif isinstance(block, Table):
            _table(doc, block)


TEXT_WIDTH_MM = 165.0  # A4 210 mm less the 30 + 15 mm margins
_CHAR_MM = 2.3          # an average Times New Roman 13 pt character (a digit)
_UPPER_MM = 3.2         # a capital letter
_PAD_MM = 4.0           # the cell's left and right margins (1.9 mm each) and a little air
_NUMERIC_RE = re.compile(r"^[\d\s.,%/:+\-–()]+$")


def _cell_text(value) -> str:
    return "" if value is None else str(value)


def _centred(header: str, value) -> bool:
    """Numbers, dates, percentages and the STT/rank columns are centred (as in the province's annexes); text is
    left-aligned."""
    if header.strip().upper() in ("STT", "TT", "SỐ TT"):
        return True
    text = _cell_text(value).strip()
    return bool(text) and bool(_NUMERIC_RE.match(text))


def _word_mm(word: str, bold: bool = False) -> float:
    return sum(_UPPER_MM if ch.isupper() else _CHAR_MM for ch in word) * (1.12 if bold else 1.0)


def _least_widths(headers: Sequence[str], rows: Sequence[Sequence]) -> list[float]:
    """Per column, the width (mm) of its longest word (the bold header's included, up to 16 characters), so that
    "STT", "hạng" or a date "31/03/2024" is never broken inside."""
    out = []
    for i, h in enumerate(headers):
        word = max([_word_mm(w[:16], bold=True) for w in str(h).split()]
                   + [_word_mm(w[:16]) for r in rows if i < len(r) for w in _cell_text(r[i]).split()],
                   default=_CHAR_MM)
        out.append(word + _PAD_MM)
    return out


def column_widths(headers: Sequence[str], rows: Sequence[Sequence], total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths (mm) from the content when a table gives none: each column at least as wide as its longest word,
    the rest shared by how much text each column holds."""
    if not headers:
        return []
    least, want = _least_widths(headers, rows), []
    for i, h in enumerate(headers):
        body = [len(_cell_text(r[i])) for r in rows if i < len(r)]
        typical = max(body, default=0) if len(body) < 3 else sorted(body)[int(len(body) * 0.9)]
        want.append(max(least[i], min(max(typical, len(str(h)) / 2), 60) * _CHAR_MM + _PAD_MM))
    if sum(least) >= total_mm:
        return [w * total_mm / sum(least) for w in least]
    if sum(want) <= total_mm:
        extra = total_mm - sum(want)
        return [w + extra * w / sum(want) for w in want]
    room = total_mm - sum(least)
    spare = [w - m for w, m in zip(want, least, strict=True)]
    return [m + room * s / sum(spare) for m, s in zip(least, spare, strict=True)]


def fit_widths(widths: Sequence[float], headers: Sequence[str], rows: Sequence[Sequence]) -> list[float]:
    """Given widths, each widened to its column's longest word (a 10 mm "STT" printed "ST/T", a 20 mm date
    "31/03/2/024"); what that takes comes from the columns with room to spare, the total unchanged."""
    widths = [float(w) for w in widths]
    least = _least_widths(headers, rows)
    if len(least) != len(widths) or sum(least) > sum(widths):
        return widths
    need = sum(max(0.0, m - w) for w, m in zip(widths, least, strict=True))
    if not need:
        return widths
    spare = [max(0.0, w - m) for w, m in zip(widths, least, strict=True)]
    return [max(w, m) - (need * s / sum(spare)) for w, m, s in zip(widths, least, spare, strict=True)]


def _table(doc, block: Table):
    from docx.shared import Mm

    if block.caption:
        _para(doc, block.caption, 14, bold=True, align="center", after=6)
    t = doc.add_table(rows=1, cols=len(block.headers))
    t.style = "Table Grid"
    head = t.rows[0]
    head_pr = head._tr.get_or_add_trPr()
    head_pr.append(_cant_split())
    head_pr.append(_table_header())  # the header row is printed again at the top of every page the table runs to
    for i, h in enumerate(block.headers):
        cell = head.cells[i]
        _font(cell.paragraphs[0].add_run(str(h)), 13, bold=True)
        cell.paragraphs[0].alignment = 1
    bold_rows = set(block.bold_rows)
    for n, row in enumerate(block.rows):
        r = t.add_row()
        r._tr.get_or_add_trPr().append(_cant_split())
        for i, value in enumerate(row):
            p = r.cells[i].paragraphs[0]
            _font(p.add_run(_cell_text(value)), 13, bold=n in bold_rows)
            if i < len(block.headers) and _centred(str(block.headers[i]), value):
                p.alignment = 1
    widths = (fit_widths(block.widths_mm, block.headers, block.rows) if block.widths_mm
              else column_widths(block.headers, block.rows))
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Mm(w)  # the table grid: what LibreOffice lays out by
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Mm(w)
    _para(doc, "", 14, after=6)


def _table_header():
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    return el


__all__ = ["OfficialDocument", "Heading", "Paragraph", "Table", "build", "build_annex", "column_widths",
           "without_province"]
