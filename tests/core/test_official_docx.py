"""Documents in the Nghị định 30/2020 format: page, margins, font, letterhead grid, date line, signature block."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from cchc.core import official_docx as od


def _doc(**kw):
    spec = od.OfficialDocument(
        parent="UBND tỉnh Hà Tĩnh", issuer="Sở Nội vụ", kind="Biên bản", title="Kiểm tra công tác CCHC năm 2026",
        number="15/BB-SNV", place="Hà Tĩnh", issued_on=date(2026, 3, 5),
        body=[od.Heading("I. KẾT QUẢ KIỂM TRA"), od.Paragraph("Đơn vị đã ban hành kế hoạch CCHC năm 2026."),
              od.Table(["STT", "Nội dung", "Kết quả"], [[1, "Ban hành kế hoạch", "Đạt"], [2, "Tuyên truyền", None]])],
        recipients=["Sở Tư pháp", "Lưu: VT, CCHC"], authority="KT. Giám đốc", signer_title="Phó Giám đốc",
        signer_name="Nguyễn Văn A", **kw)
    return Document(io.BytesIO(od.build(spec)))


def test_page_margins_and_font_follow_decree_30():
    d = _doc()
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert round(s.top_margin.mm) == 20 and round(s.left_margin.mm) == 30 and round(s.right_margin.mm) == 15
    assert 20 <= round(s.bottom_margin.mm) <= 25
    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    # page numbers in the top margin, not on page 1
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header._element.xml


def test_letterhead_date_line_title_and_signature():
    d = _doc()
    head = d.tables[0]
    left = [p.text for p in head.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in head.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert head.cell(1, 0).paragraphs[-1].text == "Số: 15/BB-SNV"
    date_par = head.cell(1, 1).paragraphs[-1]
    assert date_par.text == "Hà Tĩnh, ngày 05 tháng 3 năm 2026" and date_par.runs[0].font.italic
    texts = [p.text for p in d.paragraphs]
    i = texts.index("BIÊN BẢN")
    assert texts[i + 1] == "Kiểm tra công tác CCHC năm 2026" and d.paragraphs[i + 1].runs[0].font.bold
    body = d.tables[1]
    assert [c.text for c in body.rows[0].cells] == ["STT", "Nội dung", "Kết quả"]
    assert [c.text for c in body.rows[2].cells] == ["2", "Tuyên truyền", ""]
    sign = d.tables[2]
    assert [p.text for p in sign.cell(0, 0).paragraphs if p.text] == ["Nơi nhận:", "- Sở Tư pháp;", "- Lưu: VT, CCHC."]
    assert [p.text for p in sign.cell(0, 1).paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


def test_a_draft_leaves_number_and_date_to_fill():
    d = Document(io.BytesIO(od.build(od.OfficialDocument(
        issuer="Sở Nội vụ", kind="Kế hoạch", title="Kiểm tra CCHC năm 2026", place="Hà Tĩnh"))))
    head = d.tables[0]
    assert head.cell(1, 0).paragraphs[-1].text.startswith("Số: ")
    assert head.cell(1, 1).paragraphs[-1].text.startswith("Hà Tĩnh, ngày ")
