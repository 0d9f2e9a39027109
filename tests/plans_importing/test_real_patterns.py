"""Layouts met in real provincial plans outside the seed set (small synthetic fixtures, one pattern each)."""

from __future__ import annotations

import io

import pytest

from cchc.plans.importing import parse_file, parse_text
from cchc.plans.importing.cells import split_agencies
from cchc.plans.importing.targets import extract_targets


def _rows(draft):
    return [(t["section"], t["number"], t["title"], t["lead"], t["partners"], t["deadline"]) for t in draft.tasks]


# a markdown pipe table with column numbers "(1) … (5)" under its header and a page break between two rows
PIPE_TABLE = (
    "KẾ HOẠCH\nRà soát thủ tục hành chính năm 2024\n\nPHỤ LỤC\nDANH MỤC RÀ SOÁT\n"
    "| STT | Tên thủ tục hành chính | Cơ quan chủ trì rà soát | Cơ quan phối hợp | Thời gian hoàn thành |\n"
    "|---|---|---|---|---|\n"
    "| (1) | (2) | (3) | (4) | (5) |\n"
    "| I | LĨNH VỰC HỘ TỊCH | | | |\n"
    "| 1 | Đăng ký khai tử | Sở Tư pháp | UBND cấp xã | Tháng 8/2024 |\n"
    "\n"
    "| 2 | Đăng ký kết hôn | Sở Tư pháp | | Tháng 9/2024 |\n"
)
# a portal's text copy: one cell a line between "|" lines, an Arabic group row of two cells
PORTAL_CELLS = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
                "1", "Cải cách thể chế",
                "1.1", "Rà soát văn bản\nquy phạm", "Sở Tư pháp", "Các sở, ngành", "Quý IV/2025",
                "2", "Cải cách thủ tục hành chính",
                "2.1", "Công bố thủ tục", "Văn phòng UBND tỉnh", "", "Thường xuyên"]
# tasks in prose: one field a line ("- Cơ quan chủ trì: …"), or all inline after the title
PROSE_FIELDS = (
    "KẾ HOẠCH\nCải cách thủ tục hành chính năm 2025\n\n"
    "II. NHIỆM VỤ\n"
    "1. Cải cách thủ tục hành chính\n"
    "a) Rà soát, đơn giản hóa thủ tục\nhành chính nội bộ.\n"
    "- Cơ quan chủ trì: Văn phòng UBND tỉnh.\n"
    "- Cơ quan phối hợp: Các sở, ngành; UBND cấp huyện.\n"
    "- Thời gian hoàn thành: Quý III/2025.\n"
    "b) Tổ chức họp không giấy tờ. Cơ quan chủ trì:\nSở Nội vụ; cơ quan phối hợp: Sở Tư pháp; thời gian\n"
    "hoàn thành: Tháng 6/2025.\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "Văn phòng UBND tỉnh theo dõi, đôn đốc.\n"
)


@pytest.mark.parametrize(("text", "rows"), [
    pytest.param(PIPE_TABLE, [
        ("I", "1", "Đăng ký khai tử", ["Sở Tư pháp"], ["UBND cấp xã"], "Tháng 8/2024"),
        ("I", "2", "Đăng ký kết hôn", ["Sở Tư pháp"], [], "Tháng 9/2024"),
    ], id="markdown-pipe-table-with-column-numbers-and-a-page-break"),
    pytest.param("KẾ HOẠCH\nCải cách hành chính năm 2025\n\nPHỤ LỤC\n" + "\n|\n".join(PORTAL_CELLS) + "\n|\n", [
        ("1", "1.1", "Rà soát văn bản quy phạm", ["Sở Tư pháp"], ["Các sở, ngành"], "Quý IV/2025"),
        ("2", "2.1", "Công bố thủ tục", ["Văn phòng UBND tỉnh"], [], "Thường xuyên"),
    ], id="portal-text-with-arabic-group-rows-of-two-cells"),
    pytest.param(PROSE_FIELDS, [
        ("1", "a", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ", ["Văn phòng UBND tỉnh"],
         ["Các sở, ngành", "UBND cấp huyện"], "Quý III/2025"),
        ("1", "b", "Tổ chức họp không giấy tờ", ["Sở Nội vụ"], ["Sở Tư pháp"], "Tháng 6/2025"),
    ], id="prose-tasks-one-field-per-line-and-inline"),
])
def test_a_layout_gives_its_task_rows(text, rows):
    assert _rows(parse_text(text)) == rows


def test_web_copy_rows_without_leading_pipe_and_kind_from_number():
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 15/KH-UBND | Tỉnh Mẫu, ngày 02 tháng 02 năm 2024 |\n"
        "KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2024\n"
        "Thực hiện Nghị định số 63/2010/NĐ-CP, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"
        "TT | Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời hạn |\n"
        "1 | Công khai thủ tục hành chính | Văn phòng UBND tỉnh | Các sở, ngành | Quý I/2024 |\n"
    )
    draft = parse_text(text)
    assert (draft.kind, draft.title) == ("Kế hoạch", "KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2024")
    assert _rows(draft) == [
        (None, "1", "Công khai thủ tục hành chính", ["Văn phòng UBND tỉnh"], ["Các sở, ngành"], "Quý I/2024")]


def test_two_row_header_with_start_and_end_columns():
    text = (
        "KẾ HOẠCH\nChuyển đổi số năm 2025\n\n"
        "TT\tNội dung công việc\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\t\tSản phẩm dự kiến\n"
        "\t\t\t\tBắt đầu\tHoàn thành\t\n"
        "1\tNâng cấp trung tâm dữ liệu\tSở Khoa học và Công nghệ\tSở Tài chính\t2025\t2026\tHệ thống\n"
    )
    draft = parse_text(text)
    (t,) = draft.tasks
    assert (t["number"], t["deadline"], t["products"]) == ("1", "2025 - 2026", ["Hệ thống"])
    assert t["schedule"]["kind"] == "range"


def test_agencies_in_separate_cell_paragraphs_are_split_but_wraps_are_joined():
    assert split_agencies("Sở Tài chính\nSở Kế hoạch và Đầu tư") == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    assert split_agencies("Văn phòng\nUBND tỉnh") == ["Văn phòng UBND tỉnh"]
    assert split_agencies("Các sở, ban, ngành,\nUBND cấp huyện") == ["Các sở, ban, ngành", "UBND cấp huyện"]
    assert split_agencies("phối hợp với các\nSở chuyên ngành") == ["phối hợp với các Sở chuyên ngành"]
    assert split_agencies("Công an tỉnh, Viettel tỉnh, Bưu điện tỉnh") == ["Công an tỉnh", "Viettel tỉnh", "Bưu điện tỉnh"]
    assert split_agencies("Sở Văn hóa, Thể thao và Du lịch") == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_target_after_a_short_numbered_subheading_keeps_its_own_text():
    (t,) = extract_targets(["I. MỤC ĐÍCH, YÊU CẦU\n2. Yêu cầu\nPhấn đấu cắt giảm tối thiểu 20% chi phí tuân thủ."])
    assert t["text"] == "Phấn đấu cắt giảm tối thiểu 20% chi phí tuân thủ."
    assert (t["value"], t["comparator"]) == (20, ">=")


def test_upper_case_title_stops_at_the_first_body_sentence_and_long_province_name():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\n|\nSố: 9/KH-UBND\n|\n|\n|\n|\n|\n|\n"
        "KẾ HOẠCH\nTRIỂN KHAI CHIẾN LƯỢC DỮ LIỆU\nTRÊN ĐỊA BÀN TỈNH\n"
        "Thực hiện Quyết định số 142/QĐ-TTg của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh Thừa Thiên Huế ban hành\n"
        "Kế hoạch như sau:\n"
        "Đơn vị chủ trì: Sở Nội vụ; Thời gian thực hiện: Năm 2025.\n"
    )
    draft = parse_text(text)
    assert draft.title == "TRIỂN KHAI CHIẾN LƯỢC DỮ LIỆU TRÊN ĐỊA BÀN TỈNH"
    assert draft.province == "Thừa Thiên Huế"


def _html(rows: str) -> bytes:
    return ("<html><body><p>KẾ HOẠCH</p><p>Cải cách hành chính năm 2018</p><table>"
            "<tr><th>STT</th><th>Nội dung</th><th>Cơ quan chủ trì</th><th>Cơ quan phối hợp</th>"
            "<th>Thời gian hoàn thành</th></tr>" + rows + "</table></body></html>").encode()


def test_html_rowspan_cells_belong_to_every_row_they_cover():
    rows = ('<tr><td>1</td><td>Xây dựng kế hoạch kiểm tra</td><td rowspan="2">Sở Tư pháp</td>'
            "<td>Các sở, ngành</td><td>Quý I/2018</td></tr>"
            "<tr><td>2</td><td>Rà soát văn bản</td><td>UBND cấp huyện</td><td>Quý IV/2018</td></tr>"
            '<tr><td>3</td><td>Công bố thủ tục</td><td>Văn phòng UBND tỉnh</td><td rowspan="2">Các sở, ngành</td>'
            '<td rowspan="2">Thường xuyên</td></tr>'
            "<tr><td>4</td><td>Kiểm tra thủ tục</td><td>Sở Nội vụ</td></tr>")
    draft = parse_file(_html(rows), "kh.html")
    assert [(t["number"], t["lead"], t["partners"], t["deadline"]) for t in draft.tasks] == [
        ("1", ["Sở Tư pháp"], ["Các sở, ngành"], "Quý I/2018"),
        ("2", ["Sở Tư pháp"], ["UBND cấp huyện"], "Quý IV/2018"),
        ("3", ["Văn phòng UBND tỉnh"], ["Các sở, ngành"], "Thường xuyên"),
        ("4", ["Sở Nội vụ"], ["Các sở, ngành"], "Thường xuyên"),
    ]


def test_docx_vertically_merged_cells_are_copied_down():
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2024")
    t = d.add_table(rows=3, cols=5)
    for i, h in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]):
        t.rows[0].cells[i].text = h
    for r, (n, title, lead) in enumerate([("1", "Tuyên truyền", "Sở Nội vụ"), ("2", "Kiểm tra", "Sở Tư pháp")], 1):
        t.rows[r].cells[0].text, t.rows[r].cells[1].text, t.rows[r].cells[2].text = n, title, lead
    t.rows[1].cells[3].text, t.rows[1].cells[4].text = "Các sở, ngành", "Năm 2024"
    t.rows[1].cells[3].merge(t.rows[2].cells[3])
    t.rows[1].cells[4].merge(t.rows[2].cells[4])
    buf = io.BytesIO()
    d.save(buf)
    draft = parse_file(buf.getvalue(), "kh.docx")
    assert [(t["number"], t["lead"], t["partners"], t["deadline"]) for t in draft.tasks] == [
        ("1", ["Sở Nội vụ"], ["Các sở, ngành"], "Năm 2024"),
        ("2", ["Sở Tư pháp"], ["Các sở, ngành"], "Năm 2024"),
    ]
