"""The published results as a decision annex (.docx) in the style of Nghị định 30/2020/NĐ-CP: A4, margins 20–30 mm,
Times New Roman 13–14, "Phụ lục" heading, the title in capitals, "(Kèm theo Quyết định …)" in italics, a bordered
table (STT | Đơn vị | Điểm tối đa | Điểm đạt được | Chỉ số | Xếp loại) with numbers the Vietnamese way. No Django."""

from __future__ import annotations

import io

from cchc.assessment import scoring
from cchc.core.vntext import format_number

KIND_TITLES = {"so": "CÁC SỞ, BAN, NGÀNH", "xa": "UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU", "huyen": "UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
               "tinh": "TỈNH"}


def _num(value, places=2) -> str:
    return format_number(scoring.dec(value), places)


def annex_docx(rows: list[dict], *, year: int, unit_kind: str, decision: str = "") -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def para(text, *, bold=False, italic=False, size=None):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        return p

    para("Phụ lục", bold=True, size=14)
    para(f"KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {KIND_TITLES.get(unit_kind, '')}".strip(),
         bold=True, size=14)
    para(f"(Kèm theo {decision})" if decision else "(Kèm theo Quyết định số     /QĐ-UBND ngày    tháng    năm     )",
         italic=True)
    para("")
    headers = ["STT", "Đơn vị", "Điểm tối đa", "Điểm đạt được", "Chỉ số (%)", "Xếp loại"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in rows:
        cells = table.add_row().cells
        values = [str(r["rank"]), r["unit"], _num(r["maximum"]), _num(r["points"]), _num(r["index"]), r["class"]]
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if i != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
