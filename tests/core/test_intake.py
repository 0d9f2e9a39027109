"""The shared document reader (cchc.core.intake): merged table cells keep every later cell in its column."""

from __future__ import annotations

from cchc.core.intake import read_document

HTML = ('<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời hạn</th></tr>'
        '<tr><td>1</td><td>Rà soát</td><td rowspan="2">Sở Tư pháp</td><td>Quý I</td></tr>'
        '<tr><td>2</td><td>Công bố</td><td>Quý II</td></tr></table>')


def test_html_rowspan_leaves_covered_cells_empty_or_filled():
    plain = read_document(HTML.encode(), "kh.html").blocks[0]
    assert plain[2] == ["2", "Công bố", "", "Quý II"]
    filled = read_document(HTML.encode(), "kh.html", fill_merged=True).blocks[0]
    assert filled[2] == ["2", "Công bố", "Sở Tư pháp", "Quý II"]
    assert filled[1] == ["1", "Rà soát", "Sở Tư pháp", "Quý I"]


def test_portal_pipe_text_with_numbered_group_rows():
    cells = ["STT", "Nhiệm vụ", "Chủ trì", "Thời hạn",
             "1", "Cải cách thể chế",
             "1.1", "Rà soát văn bản", "Sở Tư pháp", "Quý I",
             "1.2", "Kiểm tra văn bản", "Sở Tư pháp", "Quý II"]
    text = "Phụ lục\n" + "\n|\n".join(cells) + "\n|\n"
    table = next(b for b in read_document(text.encode(), "kh.txt").blocks if isinstance(b, list))
    assert table[1] == ["1", "Cải cách thể chế", "", ""]
    assert table[2] == ["1.1", "Rà soát văn bản", "Sở Tư pháp", "Quý I"]
    assert table[3][0] == "1.2" and table[3][3] == "Quý II"


def test_portal_table_ends_where_the_prose_after_its_last_cell_begins():
    # web-copy layout: one cell per block between "|" lines, an empty cell between rows; after the last cell the
    # document goes on in paragraphs (blank lines) up to the next "|" of the page
    cells = ["**STT**", "**Nội dung**", "**Chủ trì**", "**Thời hạn**", "",
             "1", "Rà soát văn bản", "Sở Tư pháp", "Quý I", "",
             "2", "Công bố thủ tục", "Văn phòng UBND tỉnh",
             "Quý II\n\n**3. Định mức phân bổ chi khoa học**\n\n- Bố trí bằng 1% chi thường xuyên của ngân sách xã."]
    text = "Phụ lục\n|\n" + "\n|\n".join(cells) + "\n|\nNơi nhận:\n"
    blocks = read_document(text.encode(), "kh.txt").blocks
    table = next(b for b in blocks if isinstance(b, list))
    assert table[-1] == ["2", "Công bố thủ tục", "Văn phòng UBND tỉnh", "Quý II"]
    paragraphs = [b for b in blocks if isinstance(b, str)]
    assert any("Định mức phân bổ chi khoa học" in p for p in paragraphs)
    assert any(p.startswith("- Bố trí bằng 1%") for p in paragraphs)
    assert not any("Bố trí" in c for row in table for c in row)
