"""The decision reader on documents made in the test (.docx with real Word tables, .txt with a pipe table, the
portal's lone-`|` layout) and its small parsers: codes, time limits, fees, online levels, section headings."""

from __future__ import annotations

import io

import pytest
from docx import Document

from cchc.procedures import parsing
from cchc.procedures.parsing import ProcedureImportError, parse_file

HEAD = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Cơ quan thực hiện", "Phí, lệ phí",
        "Mức độ DVCTT"]


def _docx(sections: list[tuple[str, list[list[str]]]], title: str) -> bytes:
    d = Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH")
    d.add_paragraph("Số: 1234/QĐ-UBND")
    d.add_paragraph("Hà Tĩnh, ngày 05 tháng 3 năm 2025")
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph(title)
    d.add_paragraph("Căn cứ Nghị định số 63/2010/NĐ-CP về kiểm soát thủ tục hành chính mới ban hành, bãi bỏ;")
    for heading, rows in sections:
        d.add_paragraph(heading)
        t = d.add_table(rows=1 + len(rows), cols=len(HEAD))
        for i, h in enumerate(HEAD):
            t.rows[0].cells[i].text = h
        for r, row in enumerate(rows, start=1):
            for i, v in enumerate(row):
                t.rows[r].cells[i].text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_sections_give_statuses_and_fields():
    data = _docx([
        ("I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH", [
            ["1", "1.001978", "Cấp Phiếu lý lịch tư pháp", "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
             "Sở Tư pháp", "200.000 đồng/lần", "Toàn trình"]]),
        ("II. DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG", [
            ["1", "2.000815", "Chứng thực bản sao từ bản chính", "Ngay trong ngày tiếp nhận hồ sơ",
             "Ủy ban nhân dân cấp xã", "2.000 đồng/trang", "Một phần"]]),
        ("III. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ", [
            ["1", "2.001406. H42", "Chứng thực văn bản phân chia di sản", "", "Ủy ban nhân dân cấp xã", "", ""]]),
    ], "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH, SỬA ĐỔI, BỔ SUNG, BÃI BỎ LĨNH VỰC TƯ PHÁP")
    r = parse_file(data, "qd.docx")
    assert r.number == "1234/QĐ-UBND" and r.issue_date == "2025-03-05" and r.province == "Hà Tĩnh"
    assert r.counts() == {"new": 1, "amended": 1, "abolished": 1, "kept": 0}
    by = {e["code"]: e for e in r.entries}
    new = by["1.001978"]
    assert (new["status"], new["time_days"], new["working_days"], new["fee_amount"], new["online"], new["level"]) == \
        ("new", 10, True, 200000, "full", "province")
    assert new["field"] == "Tư pháp"
    amended = by["2.000815"]
    assert (amended["status"], amended["time_days"], amended["online"], amended["level"]) == \
        ("amended", 0, "partial", "commune")
    assert by["2.001406.H42"]["status"] == "abolished"  # "2.001406. H42" as typed: one code


def test_pipe_table_in_a_text_copy():
    text = """QUYẾT ĐỊNH
Số: 55/QĐ-UBND
Nghệ An, ngày 02 tháng 4 năm 2025
VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG LĨNH VỰC NGƯỜI CÓ CÔNG

| TT | Mã TTHC | Tên thủ tục hành chính | Thời hạn giải quyết | Phí, lệ phí |
|---|---|---|---|---|
| 1 | 1.010801 | Giải quyết chế độ ưu đãi | 12 ngày làm việc | Không |
| 2 | 1.010802 | Cấp giấy xác nhận | Mười lăm (15) ngày | Không thu |
"""
    r = parse_file(text.encode("utf-8"), "qd.txt")
    assert [e["code"] for e in r.entries] == ["1.010801", "1.010802"]
    assert {e["status"] for e in r.entries} == {"amended"}  # from the title: one status named
    assert r.entries[1]["time_days"] == 15 and r.entries[1]["working_days"] is False
    assert r.entries[0]["fee_amount"] == 0 and r.entries[0]["field"] == "Người có công"


def test_portal_layout_with_lone_pipes():
    cells = ["**STT**", "**Mã TTHC**", "**Tên thủ tục hành chính**", "**Thời hạn giải quyết**", "**Lĩnh vực**",
             "1", "1.000123", "Đăng ký khai sinh", "Trong ngày", "Hộ tịch",
             "2", "1.000124", "Đăng ký kết hôn", "03 ngày làm việc", "Hộ tịch"]
    body = "\n|\n".join(cells[:5]) + "\n|\n|\n" + "\n|\n".join(cells[5:10]) + "\n|\n|\n" + "\n|\n".join(cells[10:])
    text = ("Số: 9/QĐ-UBND\nHà Tĩnh, ngày 01 tháng 02 năm 2025\n"
            "**DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH**\n|\n" + body + "\n|\n")
    r = parse_file(text.encode("utf-8"), "portal.txt")
    assert [(e["code"], e["name"], e["field"], e["status"]) for e in r.entries] == [
        ("1.000123", "Đăng ký khai sinh", "Hộ tịch", "new"), ("1.000124", "Đăng ký kết hôn", "Hộ tịch", "new")]


@pytest.mark.parametrize("data,name,code", [
    (b"", "empty.txt", "empty"),
    (b"Ke hoach cai cach hanh chinh nam 2025. Nhiem vu 1.", "plan.txt", "not_procedure_list"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc", "doc_legacy"),
    (b"PK\x03\x04garbage", "broken.docx", None),
])
def test_bad_files_are_refused_with_a_vietnamese_message(data, name, code):
    with pytest.raises(ProcedureImportError.__mro__[1]) as exc:  # IntakeError (the reader's own is a subclass)
        parse_file(data, name)
    assert exc.value.message and (code is None or exc.value.code == code)
    assert name in exc.value.message or exc.value.code in ("empty",) or code is None


def test_table_without_codes_is_refused_with_the_count():
    text = "| STT | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện |\n|---|---|---|---|\n" \
           "| 1 | Thủ tục A | Khoa học | Bộ Khoa học và Công nghệ |\n| 2 | Thủ tục B | Khoa học | Bộ |\n"
    with pytest.raises(ProcedureImportError) as exc:
        parse_file(text.encode(), "new.txt")
    assert exc.value.code == "no_codes" and "2 thủ tục" in exc.value.message


@pytest.mark.parametrize("text,expected", [
    ("Mười (10) ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ", (10, True)),
    ("15 ngày", (15, False)),
    ("Trong thời hạn 15 (mười lăm) ngày làm việc", (15, True)),
    ("- Trong thời hạn 05 ngày làm việc trả lời về tính hợp lệ. - Trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ "
     "hợp lệ, cơ quan ban hành quyết định", (15, False)),
    ("Thời hạn là ngay trong ngày tiếp nhận; trường hợp khác không quá 02 ngày", (0, True)),
    ("96 giờ làm việc (12 ngày làm việc)", (12, True)),
    ("Theo quy định của pháp luật", (None, None)),
])
def test_parse_days(text, expected):
    assert parsing.parse_days(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Không", 0), ("50.000 đồng/ giao dịch", 50000), ("10.000 đồng/trang; từ trang thứ 3 trở lên 5.000 đồng", None),
    ("Theo quy định", None), ("", None),
])
def test_parse_fee(text, expected):
    assert parsing.parse_fee(text) == expected


def test_codes_online_and_headings():
    assert parsing.normalize_code("**1.012507. H05**") == "1.012507.H05"
    assert parsing.normalize_code("1.0125") is None and parsing.normalize_code("2025") is None
    assert [parsing.parse_online(t) for t in ("Toàn trình", "Một phần", "Trực tiếp", "")] == \
        ["full", "partial", "none", ""]
    assert parsing.status_of_heading("2. Danh mục thủ tục hành chính bị bãi bỏ") == "abolished"
    assert parsing.status_of_heading("I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH (16 thủ tục)") == "new"
    assert parsing.status_of_heading("Thủ tục tiếp tục thực hiện") == "kept"
    # a title naming two statuses is not a section heading; nor is a body sentence
    assert parsing.status_of_heading("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH VÀ BỊ BÃI BỎ") is None
    assert parsing.status_of_heading("Căn cứ Quyết định số 1/QĐ-BKHCN về việc bãi bỏ") is None


def test_pdf_with_a_text_layer_reads_like_the_docx():
    import os

    from tests.plans_importing.test_formats import FONT, build_pdf

    if not os.path.exists(FONT):
        pytest.skip("DejaVuSans font not installed")
    blocks = ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Số: 77/QĐ-UBND", "Hà Tĩnh, ngày 09 tháng 6 năm 2025", "QUYẾT ĐỊNH",
              "VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG LĨNH VỰC HỘ TỊCH",
              [HEAD, ["1", "1.000894", "Đăng ký khai sinh", "Ngay trong ngày", "Ủy ban nhân dân cấp xã", "Không",
                      "Toàn trình"],
               ["2", "1.000656", "Đăng ký khai tử", "Ngay trong ngày", "Ủy ban nhân dân cấp xã", "Không", "Một phần"]]]
    r = parse_file(build_pdf(blocks), "qd.pdf")
    assert r.source_kind == "pdf" and r.number == "77/QĐ-UBND"
    assert [(e["code"], e["name"], e["status"], e["online"], e["time_days"], e["fee_amount"], e["level"])
            for e in r.entries] == [
        ("1.000894", "Đăng ký khai sinh", "amended", "full", 0, 0, "commune"),
        ("1.000656", "Đăng ký khai tử", "amended", "partial", 0, 0, "commune")]


def test_word_cell_merged_down_leads_every_row():
    d = Document()
    d.add_paragraph("Số: 12/QĐ-UBND")
    d.add_paragraph("Hà Tĩnh, ngày 01 tháng 7 năm 2025")
    d.add_paragraph("DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH")
    t = d.add_table(rows=3, cols=len(HEAD))
    for i, h in enumerate(HEAD):
        t.rows[0].cells[i].text = h
    for r, (code, name) in enumerate([("1.000894", "Đăng ký khai sinh"), ("1.000656", "Đăng ký khai tử")], start=1):
        t.rows[r].cells[0].text, t.rows[r].cells[1].text, t.rows[r].cells[2].text = str(r), code, name
    agency = t.rows[1].cells[4].merge(t.rows[2].cells[4])
    agency.text = "Ủy ban nhân dân cấp xã"
    buf = io.BytesIO()
    d.save(buf)
    r = parse_file(buf.getvalue(), "qd.docx")
    assert [(e["code"], e["agency"], e["level"]) for e in r.entries] == [
        ("1.000894", "Ủy ban nhân dân cấp xã", "commune"), ("1.000656", "Ủy ban nhân dân cấp xã", "commune")]


def test_two_level_online_column_in_a_portal_copy():
    from tests.core.test_intake import TWO_LEVEL, _portal

    out = parse_file(_portal(TWO_LEVEL).encode(), "dm.txt")
    got = {e["code"]: (e["name"], e["online"]) for e in out.entries}
    assert got == {"1.005160": ("Thủ tục cấp giấy chứng nhận đăng ký quyền tác giả", "full"),
                   "1.001709": ("Thủ tục cấp giấy chứng nhận đăng ký quyền liên quan", "full"),
                   "1.001583": ("Thủ tục hủy bỏ hiệu lực giấy chứng nhận", "partial"),
                   "1.003751": ("Thủ tục cấp bản kết quả kiểm tra nghiệp vụ", "partial")}


def test_a_mark_under_a_second_header_line_reads_as_its_label():
    rows = [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Mức độ DVCTT", ""],
            ["", "", "", "Toàn trình", "Một phần"],
            ["1", "1.005160", "Cấp giấy chứng nhận", "", "x"]]
    from cchc.core.intake import Document as IntakeDocument

    out = parsing.parse_document(IntakeDocument(kind="docx", text="", blocks=["QUYẾT ĐỊNH công bố thủ tục", rows]))
    assert [(e["code"], e["online"]) for e in out.entries] == [("1.005160", "partial")]


def test_rows_without_a_code_are_listed_with_their_row_group_rows_are_not():
    text = ("QUYẾT ĐỊNH VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH\n\n"
            "| TT | Mã TTHC | Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện |\n|---|---|---|---|---|\n"
            "| 1 |  | Lĩnh vực Hộ tịch |  |  |\n"
            "| 1 | 1.000894 | Đăng ký khai sinh | Hộ tịch | Ủy ban nhân dân cấp xã |\n"
            "| 2 |  | Thủ tục đăng ký khai sinh lưu động | Hộ tịch | Ủy ban nhân dân cấp xã |\n"
            "| 3 |  | THỦ TỤC HÀNH CHÍNH CẤP XÃ | Hộ tịch |  |\n")
    r = parse_file(text.encode("utf-8"), "qd.txt")
    assert [e["code"] for e in r.entries] == ["1.000894"]
    assert r.without_code == [{"name": "Thủ tục đăng ký khai sinh lưu động", "table": 1, "row": 4}]
