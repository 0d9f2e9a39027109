"""core.intake.text_blocks: the one reader of tables in plain text (uploads and the knowledge library's stored text)."""

from cchc.core.intake import clean_markup, read_document, text_blocks

WEB_COPY = "\n".join([
    "Kế hoạch triển khai", "|", "Stt", "|", "Nhiệm vụ", "|", "Cơ quan chủ trì", "|", "Thời gian", "|", "|",
    "1", "|", "Rà soát quy chế", "|", "Sở Nội vụ", "|", "Quý I năm 2026", "|", "|",
    "2", "|", "Cập nhật danh mục", "|", "Sở Tư pháp", "|", "Hằng năm", "|",
])


def test_text_blocks_is_what_a_txt_upload_reads():
    assert text_blocks(WEB_COPY) == read_document(WEB_COPY.encode(), "kh.txt").blocks
    tables = [b for b in text_blocks(WEB_COPY) if isinstance(b, list)]
    assert tables[0][0] == ["Stt", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert ["2", "Cập nhật danh mục", "Sở Tư pháp", "Hằng năm"] in tables[0]


def test_tab_and_markdown_rows_are_tables_and_prose_stays_paragraphs():
    blocks = text_blocks("Mở đầu.\n\nSTT\tNội dung\tGhi chú\n1\tA\tB\n\n| TT | Tên | Ghi chú |\n|---|---|---|\n| 1 | X | Y |\n")
    assert blocks[0] == "Mở đầu."
    assert blocks[1] == [["STT", "Nội dung", "Ghi chú"], ["1", "A", "B"]]
    assert blocks[2] == [["TT", "Tên", "Ghi chú"], ["1", "X", "Y"]]


def test_clean_markup_keeps_the_words():
    assert clean_markup("## **Điều 1.** [Luật](https://x.vn/a) &amp; *nghiêm*") == "Điều 1. Luật & nghiêm"
    assert clean_markup("* gạch đầu dòng") == "* gạch đầu dòng"
    # a markdown document (the user guide in the library): pictures go, links inside it keep their text
    assert clean_markup("![Danh mục, tìm không dấu](img/procedures-list.png)").strip() == ""
    assert clean_markup("xem [mục 3](#muc-3) và [hướng dẫn](docs/api.md)") == "xem mục 3 và hướng dẫn"
    assert clean_markup("theo [1](2) và [Điều 5]") == "theo [1](2) và [Điều 5]"  # not a link: kept as written
