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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from cchc.core.vndates import format_date_official

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


@dataclass
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence]
    widths_mm: Sequence[float] | None = None
    caption: str = ""


@dataclass
class OfficialDocument:
    issuer: str                               # tên cơ quan ban hành ("SỞ NỘI VỤ")
    kind: str                                 # tên loại ("KẾ HOẠCH", "BIÊN BẢN", "THÔNG BÁO"); "" for a công văn
    title: str                                # trích yếu
    parent: str = ""                          # cơ quan chủ quản ("UBND TỈNH HÀ TĨNH")
    number: str = ""                          # "12/KH-SNV"; blank number "    /KH-SNV" when not yet issued
    place: str = ""
    issued_on: date | None = None
    basis: Sequence[str] = ()                 # căn cứ, italic, one per line
    body: Sequence[Heading | Paragraph | Table] = field(default_factory=list)
    recipients: Sequence[str] = ()
    addressees: Sequence[str] = ()           # "Kính gửi:" (ô 9a) of a công văn / notice, after the abstract
    authority: str = ""                       # "KT. GIÁM ĐỐC" / "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""                    # "PHÓ GIÁM ĐỐC"
    signer_name: str = ""


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


def _rule(paragraph, width_pct: int = 40):
    """A short solid line under a paragraph (a bottom border on a narrow centred paragraph)."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = ppr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                                 qn("w:color"): "000000"})
    border.append(bottom)
    ppr.append(border)
    indent = ppr.makeelement(qn("w:ind"), {qn("w:left"): str(int(2400 * (100 - width_pct) / 100)),
                                           qn("w:right"): str(int(2400 * (100 - width_pct) / 100))})
    ppr.append(indent)


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


def build(doc_spec: OfficialDocument) -> bytes:
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
    issuer = _para(left, doc_spec.issuer.upper(), 13, bold=True, align="center", after=2)
    _rule(issuer, 30)
    right.paragraphs[0].text = ""
    _para(right, NATIONAL_TITLE, 13, bold=True, align="center")
    motto = _para(right, MOTTO, 14, bold=True, align="center", after=2)
    _rule(motto, 62)
    number = doc_spec.number or "      /"
    grid.cell(1, 0).paragraphs[0].text = ""
    _para(grid.cell(1, 0), f"Số: {number}", 13, align="center")
    grid.cell(1, 1).paragraphs[0].text = ""
    when = format_date_official(doc_spec.issued_on, doc_spec.place) if doc_spec.issued_on else (
        f"{doc_spec.place}, ngày      tháng      năm      " if doc_spec.place else "")
    _para(grid.cell(1, 1), when, 14, italic=True, align="center")

    # ô 5a: type and abstract
    _para(doc, "", 14)
    if doc_spec.kind:
        _para(doc, doc_spec.kind.upper(), 14, bold=True, align="center")
        abstract = _para(doc, doc_spec.title, 14, bold=True, align="center", after=6)
        _rule(abstract, 25)
    else:
        _para(doc, f"V/v {doc_spec.title}", 13, align="left", after=6)
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

    for block in doc_spec.body:
        if isinstance(block, Heading):
            _para(doc, block.text, 14, bold=True, align="justify", after=6, indent_first_mm=10, line=1.15)
        elif isinstance(block, Paragraph):
            _para(doc, block.text, 14, bold=block.bold, italic=block.italic, align="justify", after=6,
                  indent_first_mm=10, line=1.15)
        elif isinstance(block, Table):
            _table(doc, block)

    # ô 7 and 9: recipients (left) and signature (right)
    _para(doc, "", 14)
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    rec, sig = sign.cell(0, 0), sign.cell(0, 1)
    rec.width, sig.width = Mm(80), Mm(85)
    rec.paragraphs[0].text = ""
    if doc_spec.recipients:
        _para(rec, "Nơi nhận:", 12, bold=True, italic=True)
        for i, r in enumerate(doc_spec.recipients):
            end = "." if i == len(doc_spec.recipients) - 1 else ";"
            _para(rec, f"- {r.rstrip(';.')}{end}", 11)
    sig.paragraphs[0].text = ""
    if doc_spec.authority:
        _para(sig, doc_spec.authority.upper(), 14, bold=True, align="center")
    if doc_spec.signer_title:
        _para(sig, doc_spec.signer_title.upper(), 14, bold=True, align="center")
    for _ in range(4):
        _para(sig, "", 14)
    if doc_spec.signer_name:
        _para(sig, doc_spec.signer_name, 14, bold=True, align="center")

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, block: Table):
    from docx.shared import Mm

    if block.caption:
        _para(doc, block.caption, 14, bold=True, align="center", after=6)
    t = doc.add_table(rows=1, cols=len(block.headers))
    t.style = "Table Grid"
    for i, h in enumerate(block.headers):
        cell = t.rows[0].cells[i]
        cell.paragraphs[0].text = ""
        _font(cell.paragraphs[0].add_run(str(h)), 13, bold=True)
        cell.paragraphs[0].alignment = 1
    for row in block.rows:
        cells = t.add_row().cells
        for i, value in enumerate(row):
            cells[i].paragraphs[0].text = ""
            _font(cells[i].paragraphs[0].add_run("" if value is None else str(value)), 13)
    if block.widths_mm:
        for row in t.rows:
            for i, w in enumerate(block.widths_mm):
                row.cells[i].width = Mm(w)
    _para(doc, "", 14, after=6)


__all__ = ["OfficialDocument", "Heading", "Paragraph", "Table", "build"]
