"""The same plans as .docx (python-docx tables), .pdf (reportlab Table, DejaVuSans) and HTML parse to the same tasks."""

from __future__ import annotations

import io
import os
from html import escape

import pytest

from cchc.core.intake import clean_cell, read_document
from cchc.plans.importing import parse_document, parse_file

from .conftest import SEEDS

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _seed(prefix):
    return next(s for s in SEEDS if s.name.startswith(prefix))


def _blocks(seed):
    doc = read_document(seed.read_bytes(), seed.name)
    out = []
    for b in doc.blocks:
        if isinstance(b, str):
            out.append(clean_cell(b).replace("\n", " "))
        else:
            out.append([[clean_cell(c) for c in row] for row in b if row])
    return out


def _keys(draft):
    return [
        (t["section"], t["number"], t["title"], tuple(t["lead"]), tuple(t["partners"]), t["deadline"],
         tuple(t["activities"]))
        for t in draft.tasks
    ]


def build_docx(blocks) -> bytes:
    import docx

    d = docx.Document()
    for b in blocks:
        if isinstance(b, str):
            d.add_paragraph(b)
            continue
        ncols = max(len(r) for r in b)
        table = d.add_table(rows=0, cols=ncols)
        for row in b:
            cells = table.add_row().cells
            for i, text in enumerate(row):
                parts = text.split("\n")
                cells[i].text = parts[0]
                for extra in parts[1:]:
                    cells[i].add_paragraph(extra)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def build_pdf(blocks) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONT))
    style = ParagraphStyle("vi", fontName="DejaVuSans", fontSize=7, leading=9)
    story = []
    width = landscape(A4)[0] - 60
    for b in blocks:
        if isinstance(b, str):
            story.append(Paragraph(escape(b), style))
            continue
        ncols = max(len(r) for r in b)
        data = [[Paragraph(escape(c).replace("\n", "<br/>"), style) for c in r + [""] * (ncols - len(r))] for r in b]
        t = Table(data, colWidths=[width / ncols] * ncols, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=30, rightMargin=30).build(story)
    return buf.getvalue()


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_docx_parses_to_the_same_tasks(prefix):
    seed = _seed(prefix)
    expected = _keys(parse_file(seed))
    data = build_docx(_blocks(seed))
    draft = parse_file(data, "ke-hoach.docx")
    assert draft.source_kind == "docx"
    assert _keys(draft) == expected


@pytest.mark.skipif(not os.path.exists(FONT), reason="DejaVuSans font not installed")
@pytest.mark.parametrize("prefix", ["001", "004"])
def test_pdf_parses_to_the_same_tasks(prefix):
    seed = _seed(prefix)
    expected = parse_file(seed)
    draft = parse_file(build_pdf(_blocks(seed)), "ke-hoach.pdf")
    assert draft.source_kind == "pdf" and draft.pages >= 2
    got = [(t["section"], t["number"], t["title"], t["lead"], t["partners"], t["deadline"]) for t in draft.tasks]
    want = [(t["section"], t["number"], t["title"], t["lead"], t["partners"], t["deadline"]) for t in expected.tasks]
    assert got == want


def test_html_table_parses_to_the_same_tasks():
    seed = _seed("004")
    parts = ["<html><body>"]
    for b in _blocks(seed):
        if isinstance(b, str):
            parts.append(f"<p>{escape(b)}</p>")
        else:
            parts.append("<table>")
            for row in b:
                parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    draft = parse_file("".join(parts).encode(), "ke-hoach.html")
    assert draft.source_kind == "html"
    assert _keys(draft) == _keys(parse_file(seed))


def test_decision_wrapper_with_layout_tables_is_not_a_task_table():
    blocks = [
        [["ỦY BAN NHÂN DÂN TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["Số: 12/QĐ-UBND", "X, ngày 5 tháng 1 năm 2024"]],
        "QUYẾT ĐỊNH",
        [["Nơi nhận: - Như Điều 3;", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"]],
        "KẾ HOẠCH", "Cải cách hành chính năm 2024",
        "1. Tỷ lệ nộp hồ sơ trực tuyến đạt 70%.",
        [["TT", "Tiêu chí", "Điểm tối đa"], ["1", "Chỉ đạo điều hành", "10"]],
        [["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
         ["1", "Ban hành kế hoạch", "Sở Nội vụ", "Các sở, ban, ngành", "Quý I/2024"]],
    ]
    draft = parse_document(read_document(build_docx(blocks), "qd.docx"))
    assert [(t["number"], t["title"], t["lead"]) for t in draft.tasks] == [("1", "Ban hành kế hoạch", ["Sở Nội vụ"])]
    assert draft.document_number == "12/QĐ-UBND" and draft.issue_date == "2024-01-05"
    assert draft.tasks[0]["schedule"] == {"kind": "once", "text": "Quý I/2024", "due": "2024-03-31"}
    assert [(t["value"], t["unit"]) for t in draft.targets] == [(70, "%")]
