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


def _portal(cells: list[str]) -> str:
    return "Danh mục\n|\n" + "\n|\n".join(cells) + "\n|\nNơi nhận:\n"


# "Mức độ DVCTT" spans "Toàn trình | Một phần": rows have 6 cells under a 5-cell header (8a3bac0c… layout)
TWO_LEVEL = ["**STT**", "**Mã số TTHC**", "**Tên TTHC**", "**Địa điểm và đơn vị thực hiện**", "**Mức độ DVCTT**", "",
             "**Toàn trình**", "**Một phần**", "",
             "**I.**", "**BẢN QUYỀN TÁC GIẢ**", "",
             "1.", "1.005160", "Thủ tục cấp giấy chứng nhận đăng ký quyền tác giả", "Cục Bản quyền tác giả",
             "Toàn trình", "", "",
             "2.", "1.001709", "Thủ tục cấp giấy chứng nhận đăng ký quyền liên quan", "Cục Bản quyền tác giả",
             "Toàn trình", "", "",
             "3.", "1.001583", "Thủ tục hủy bỏ hiệu lực giấy chứng nhận", "Cục Bản quyền tác giả", "", "Một phần", "",
             "4.", "1.003751", "Thủ tục cấp bản kết quả kiểm tra nghiệp vụ", "Cục Bản quyền tác giả", "", "Một phần"]


def test_two_level_header_widens_the_table_and_keeps_every_cell():
    table = next(b for b in read_document(_portal(TWO_LEVEL).encode(), "dm.txt").blocks if isinstance(b, list))
    assert table[0] == ["**STT**", "**Mã số TTHC**", "**Tên TTHC**", "**Địa điểm và đơn vị thực hiện**",
                        "**Mức độ DVCTT**", ""]
    assert table[1] == ["", "", "", "", "**Toàn trình**", "**Một phần**"]
    assert table[2][:2] == ["**I.**", "**BẢN QUYỀN TÁC GIẢ**"]
    assert table[3] == ["1.", "1.005160", "Thủ tục cấp giấy chứng nhận đăng ký quyền tác giả", "Cục Bản quyền tác giả",
                        "Toàn trình", ""]
    assert table[4][:3] == ["2.", "1.001709", "Thủ tục cấp giấy chứng nhận đăng ký quyền liên quan"]
    assert table[5] == ["3.", "1.001583", "Thủ tục hủy bỏ hiệu lực giấy chứng nhận", "Cục Bản quyền tác giả", "",
                        "Một phần"]
    assert table[6][:2] == ["4.", "1.003751"] and table[6][5] == "Một phần" and len(table) == 7


def test_the_spanning_column_is_found_from_the_cells_not_assumed_last():
    # "Thời hạn giải quyết" spans two periods; the columns naming the row (STT, Mã, Tên) never span
    cells = ["**STT**", "**Mã TTHC**", "**Tên thủ tục**", "**Thời hạn giải quyết**", "**Cơ quan thực hiện**",
             "**Ghi chú**", "", "**Theo quy định**", "**Sau khi cắt giảm**", "",
             "1", "1.012507", "Cấp chứng chỉ nghiệp vụ", "15 ngày làm việc", "10 ngày làm việc", "Sở Tài chính", "", "",
             "2", "1.012508", "Cấp lại chứng chỉ nghiệp vụ", "07 ngày làm việc", "05 ngày làm việc", "Sở Tài chính",
             "Không"]
    table = next(b for b in read_document(_portal(cells).encode(), "dm.txt").blocks if isinstance(b, list))
    assert table[0][3:5] == ["**Thời hạn giải quyết**", ""]
    assert table[1] == ["", "", "", "**Theo quy định**", "**Sau khi cắt giảm**", "", ""]
    assert table[2] == ["1", "1.012507", "Cấp chứng chỉ nghiệp vụ", "15 ngày làm việc", "10 ngày làm việc",
                        "Sở Tài chính", ""]
    assert table[3][-2:] == ["Sở Tài chính", "Không"]


def test_a_first_data_row_is_not_taken_for_a_second_header_line():
    cells = ["STT", "Nội dung", "Chủ trì", "Thời hạn", "",
             "1", "Rà soát văn bản", "Sở Tư pháp", "Quý I", "",
             "2", "Công bố thủ tục", "Văn phòng", "Quý II"]
    table = next(b for b in read_document(_portal(cells).encode(), "kh.txt").blocks if isinstance(b, list))
    assert table[0] == ["STT", "Nội dung", "Chủ trì", "Thời hạn"]
    assert table[1] == ["1", "Rà soát văn bản", "Sở Tư pháp", "Quý I"]


def test_the_next_tables_heading_glued_after_the_last_row_is_prose():
    cells = ["**STT**", "**Mã TTHC**", "**Tên thủ tục**", "**Cơ quan thực hiện**", "",
             "1", "1.012507", "Cấp chứng chỉ nghiệp vụ", "Sở Tài chính",
             "**2. Danh mục thủ tục hành chính bị bãi bỏ**",
             "**STT**", "**Mã TTHC**", "**Tên thủ tục**", "**Cơ quan thực hiện**", "",
             "1", "1.012508", "Cấp lại chứng chỉ nghiệp vụ", "Sở Tài chính"]
    blocks = read_document(_portal(cells).encode(), "dm.txt").blocks
    tables = [b for b in blocks if isinstance(b, list)]
    assert tables[0][-1] == ["1", "1.012507", "Cấp chứng chỉ nghiệp vụ", "Sở Tài chính"]
    heading = blocks.index("**2. Danh mục thủ tục hành chính bị bãi bỏ**")
    assert blocks.index(tables[0]) < heading < blocks.index(tables[1])


def test_merged_cells_are_never_filled_from_the_header_lines():
    # fill_merged (the plan importer): a first row lacking a cell takes nothing from the two header lines
    cells = ["**STT**", "**Nội dung**", "**Cơ quan chủ trì**", "**Kết quả**", "",
             "**Dự kiến**", "**Đã đạt**", "",
             "1", "Xây dựng cơ sở dữ liệu hồ sơ", "Sở Nội vụ", "Năm 2025", "",
             "2", "Số hóa kết quả giải quyết", "Sở Tư pháp", "Năm 2026", "Quý IV"]
    table = next(b for b in read_document(_portal(cells).encode(), "kh.txt", fill_merged=True).blocks
                 if isinstance(b, list))
    assert table[1] == ["", "", "", "**Dự kiến**", "**Đã đạt**"]
    assert table[2] == ["1", "Xây dựng cơ sở dữ liệu hồ sơ", "Sở Nội vụ", "Năm 2025", ""]
    assert table[3] == ["2", "Số hóa kết quả giải quyết", "Sở Tư pháp", "Năm 2026", "Quý IV"]


def test_amounts_with_thousands_dots_are_not_row_numbers():
    # a6fb1f37… layout: "Định mức" spans two areas, the cells are amounts ("16.500.000" is no row number)
    cells = ["**STT**", "**Nội dung**", "**Đơn vị tính**", "**Định mức**", "",
             "**Khu vực đô thị**", "**Khu vực còn lại**", "",
             "1", "Mầm non (MN)", "Đồng/học sinh/năm", "16.500.000", "18.000.000", "",
             "2", "Tiểu học (TH)", "Đồng/học sinh/năm", "9.500.000", "10.500.000", "",
             "3", "Trung học cơ sở (THCS)", "Đồng/học sinh/năm", "162.000", "224.000"]
    table = next(b for b in read_document(_portal(cells).encode(), "dm.txt").blocks if isinstance(b, list))
    assert table[0] == ["**STT**", "**Nội dung**", "**Đơn vị tính**", "**Định mức**", ""]
    assert table[2] == ["1", "Mầm non (MN)", "Đồng/học sinh/năm", "16.500.000", "18.000.000"]
    assert table[3] == ["2", "Tiểu học (TH)", "Đồng/học sinh/năm", "9.500.000", "10.500.000"]
    assert table[4] == ["3", "Trung học cơ sở (THCS)", "Đồng/học sinh/năm", "162.000", "224.000"]
