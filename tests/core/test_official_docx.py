"""Documents in the Nghị định 30/2020 format: page, margins, font, letterhead grid, date line, signature block."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn

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


def _table_doc(table: od.Table, **kw):
    return Document(io.BytesIO(od.build(od.OfficialDocument(
        issuer="Sở Nội vụ", kind="Báo cáo", title="Kết quả CCHC", place="Hà Tĩnh", body=[table], **kw))))


def test_a_long_table_repeats_its_header_row_on_every_page_and_keeps_rows_whole():
    rows = [[i, f"Nhiệm vụ số {i} của kế hoạch cải cách hành chính", "31/03/2024"] for i in range(1, 60)]
    body = _table_doc(od.Table(["STT", "Nhiệm vụ", "Hạn"], rows)).tables[1]
    head_pr = body.rows[0]._tr.trPr
    assert head_pr is not None and head_pr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in body.rows[1:])


def test_a_table_without_widths_is_laid_out_by_its_content():
    """Equal columns broke "STT" into "ST/T" and dates into "31/03/2/024" while the task's name wrapped every 3 words
    (report .docx, 'Nhiệm vụ quá hạn' table; inspection minutes' 'Tồn tại' table)."""
    rows = [[i, "Ban hành các văn bản quy phạm pháp luật để quy định chi tiết", "Sở Tư pháp tỉnh Hà Tĩnh",
             "31/03/2024", "Chưa thực hiện", "Đang triển khai."] for i in range(1, 8)]
    headers = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng", "Lý do"]
    widths = od.column_widths(headers, rows)
    assert round(sum(widths)) == 165
    stt, task, _unit, due = widths[:4]
    assert stt >= 12.5 and due >= 25  # never broken inside a word
    assert task > 2 * stt and task == max(widths)
    grid = _table_doc(od.Table(headers, rows)).tables[1]._tbl.tblGrid
    cols = [int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol"))]
    assert len(set(cols)) > 1 and cols[1] == max(cols)


def test_numbers_and_stt_are_centred_text_left_and_heading_rows_bold():
    body = _table_doc(od.Table(["STT", "Chỉ tiêu thống kê", "Số liệu"],
                               [["1.", "Thống kê TTHC", ""], ["1.1.", "Số TTHC công bố", "1.234,5"]],
                               bold_rows=[0])).tables[1]
    first, second = body.rows[1].cells, body.rows[2].cells
    assert first[0].paragraphs[0].alignment == 1 and second[2].paragraphs[0].alignment == 1
    assert second[1].paragraphs[0].alignment in (None, 0)
    assert first[1].paragraphs[0].runs[0].font.bold and not second[1].paragraphs[0].runs[0].font.bold


def test_the_abstract_of_a_cong_van_sits_under_its_number():
    """ô 5b: "V/v …" is centred under "Số: …" in the left column, 12–13 pt — it was a full-width line at the margin."""
    d = Document(io.BytesIO(od.build(od.OfficialDocument(
        issuer="Sở Nội vụ", parent="UBND tỉnh Hà Tĩnh", kind="", title="kiểm tra công tác CCHC năm 2026",
        number="12/SNV-CCHC", place="Hà Tĩnh", addressees=["Sở Tư pháp"]))))
    left = [p for p in d.tables[0].cell(1, 0).paragraphs if p.text]
    assert [p.text for p in left] == ["Số: 12/SNV-CCHC", "V/v kiểm tra công tác CCHC năm 2026"]
    assert left[1].alignment == 1 and left[1].runs[0].font.size.pt in (12, 13)
    assert not any(p.text.startswith("V/v") for p in d.paragraphs)


def test_an_annex_alone_has_the_page_set_up_but_no_letterhead():
    d = Document(io.BytesIO(od.build_annex([od.Paragraph("Phụ lục", bold=True, align="center"),
                                            od.Table(["STT", "Đơn vị"], [[1, "Sở Tư pháp"]])])))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm), round(s.left_margin.mm)) == (210, 297, 30)
    assert "PAGE" in s.header._element.xml
    assert d.paragraphs[0].text == "Phụ lục" and len(d.tables) == 1
    assert "CỘNG HÒA" not in "".join(p.text for p in d.paragraphs)


def test_given_widths_are_widened_to_the_longest_word():
    headers = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng", "Lý do"]
    rows = [[1, "Ban hành các văn bản quy phạm pháp luật", "Sở Tư pháp", "31/03/2024", "Chưa thực hiện", "Chưa rõ"]]
    widths = od.fit_widths([10, 55, 30, 20, 20, 30], headers, rows)
    assert round(sum(widths), 6) == 165
    assert widths[0] >= 12.5 and widths[3] >= 25  # "STT" in bold 13 pt, "31/03/2024" in 13 pt, with the cell margins
    assert widths[1] < 55  # the room came from the wide columns


def test_the_annex_starts_a_page_without_an_empty_break_paragraph():
    """A paragraph holding only a page break was pushed onto a new page when the signature filled the last page of
    the report, and LibreOffice printed a blank page 3 before the annex."""
    d = _doc(annex=[od.Paragraph("PHỤ LỤC", bold=True, align="center"), od.Table(["STT", "Chỉ tiêu"], [[1, "Số"]])])
    annex = next(p for p in d.paragraphs if p.text == "PHỤ LỤC")
    assert annex.paragraph_format.page_break_before
    assert 'w:type="page"' not in d.element.body.xml


def test_a_second_signature_takes_the_left_and_recipients_follow():
    d = _doc(cosigner_title="Đại diện đơn vị được kiểm tra", cosigner_name="Trần Thị B")
    sign = d.tables[2]
    assert [p.text for p in sign.cell(0, 0).paragraphs if p.text] == ["ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "Trần Thị B"]
    after = [p.text for p in d.paragraphs if p.text][-3:]
    assert after == ["Nơi nhận:", "- Sở Tư pháp;", "- Lưu: VT, CCHC."]


def test_a_peoples_committee_is_named_on_two_lines():
    d = Document(io.BytesIO(od.build(od.OfficialDocument(issuer="Ủy ban nhân dân tỉnh Hà Tĩnh", kind="Báo cáo",
                                                         title="Công tác CCHC năm 2026"))))
    issuer = [p for p in d.tables[0].cell(0, 0).paragraphs if p.text][0]
    assert issuer.text == "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH" and issuer.runs[0].font.bold


def test_without_province():
    assert od.without_province("Sở Tư pháp tỉnh Hà Tĩnh", "Hà Tĩnh") == "Sở Tư pháp"
    assert od.without_province("Sở Tư pháp tỉnh Nghệ An", "Hà Tĩnh") == "Sở Tư pháp tỉnh Nghệ An"
    assert od.without_province("Ủy ban nhân dân tỉnh Hà Tĩnh", "") == "Ủy ban nhân dân tỉnh Hà Tĩnh"
