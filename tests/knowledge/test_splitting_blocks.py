"""The splitter reads tables through core.intake (no reader of its own): one passage per row with column names."""

from cchc.core.intake import text_blocks
from cchc.knowledge.splitting import split_passages
from tests.core.test_intake_text_blocks import WEB_COPY


def test_web_copy_rows_are_sentences_with_column_names():
    rows = [p.text for p in split_passages(WEB_COPY) if p.kind == "row"]
    assert rows == ["Stt: 1\nNhiệm vụ: Rà soát quy chế\nCơ quan chủ trì: Sở Nội vụ\nThời gian: Quý I năm 2026",
                    "Stt: 2\nNhiệm vụ: Cập nhật danh mục\nCơ quan chủ trì: Sở Tư pháp\nThời gian: Hằng năm"]


def test_pipe_rows_of_a_web_page_stay_lines_of_text():
    text = ("Danh sách\n\n| STT | Họ và tên | Nghề nghiệp |\n|---|---|---|\n| 1 | Nguyễn Văn A | Nhạc sĩ |\n"
            "| 2 | Trần Thị B | |\n")
    assert any(isinstance(b, list) for b in text_blocks(text))  # intake reads them as a table
    parts = split_passages(text)
    assert [p.kind for p in parts] == ["text"]
    assert "| 1 | Nguyễn Văn A | Nhạc sĩ |" in parts[0].text and "Trần Thị B" in parts[0].text


def test_a_group_row_nothing_follows_is_kept():
    text = "STT\tHọ và tên\tNghề nghiệp\n1\tNguyễn Văn A\tNhạc sĩ\n2\tTrần Thị B\t\n"
    parts = split_passages(text)
    assert "STT: 1\nHọ và tên: Nguyễn Văn A\nNghề nghiệp: Nhạc sĩ" in [p.text for p in parts]
    # "2 | Trần Thị B | " reads as a group row (a heading); nothing follows it, so it is kept as a passage
    assert any(p.text == "2 Trần Thị B" for p in parts)


def test_a_row_broken_by_a_page_break_is_joined_and_the_repeated_header_skipped():
    text = ("STT\tNhiệm vụ\tChủ trì\n1\tRà soát thủ tục\tSở Nội vụ\n\nSTT\tNhiệm vụ\tChủ trì\n\tvà công bố\t\n"
            "2\tCập nhật\tSở Tư pháp\n")
    rows = [p.text for p in split_passages(text) if p.kind == "row"]
    assert rows == ["STT: 1\nNhiệm vụ: Rà soát thủ tục và công bố\nChủ trì: Sở Nội vụ",
                    "STT: 2\nNhiệm vụ: Cập nhật\nChủ trì: Sở Tư pháp"]


def test_a_lettered_item_wrapped_after_its_first_line_stays_one_paragraph():
    # a web copy wrapped at about 80 characters with blank lines between items (45fb7c… of the real-docs corpus): the
    # first line of an item looks like a heading, the next goes on in lower case
    text = ("2. Các cơ quan có trách nhiệm:\n\n"
            "c) Sở Nông nghiệp và Môi trường:\nTổng hợp danh sách vi phạm về bảo vệ môi trường;\n\n"
            "đ) Thanh tra tỉnh: Phối hợp\nthông tin các cá nhân có đơn thư khiếu nại, tố cáo\n"
            "tại thời điểm đề nghị khen thưởng;\n\n"
            "e) Sở Y tế: Tổng hợp danh\nsách doanh nghiệp vi phạm về an toàn thực phẩm.\n")
    texts = [p.text for p in split_passages(text)]
    joined = "\n".join(texts)
    assert ("đ) Thanh tra tỉnh: Phối hợp thông tin các cá nhân có đơn thư khiếu nại, tố cáo tại thời điểm đề nghị "
            "khen thưởng;") in joined
    assert "e) Sở Y tế: Tổng hợp danh sách doanh nghiệp vi phạm về an toàn thực phẩm." in joined
    # the continuation is no longer glued to the item before, and the lead-in ending with ":" stays a heading
    assert "bảo vệ môi trường; thông tin" not in joined
    assert any("c) Sở Nông nghiệp và Môi trường" in p.heading_text for p in split_passages(text))


def test_a_wrapped_article_title_and_a_label_alone_on_its_line_are_joined():
    text = ("**Chương\nIII**\n\n**TỔ CHỨC THỰC HIỆN**\n\n**Điều\n12. Trách nhiệm của Sở Khoa học và Công nghệ**\n\n"
            "1. Quản lý ứng dụng phản ánh kiến nghị của người dân.\n\n"
            "Điều 13. Quyết định này có\nhiệu lực kể từ ngày 01 tháng 12 năm 2025.\n")
    parts = split_passages(text)
    headings = " || ".join(p.heading_text for p in parts)
    assert "Chương III. TỔ CHỨC THỰC HIỆN › Điều 12. Trách nhiệm của Sở Khoa học và Công nghệ" in headings
    assert not any(p.text.strip() in ("Điều", "hiệu lực kể từ ngày 01 tháng 12 năm 2025.") for p in parts)
    assert "Điều 13. Quyết định này có hiệu lực kể từ ngày 01 tháng 12 năm 2025." in headings + " || " + " ".join(
        p.text for p in parts)
