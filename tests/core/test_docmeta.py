"""The one reader of official-document metadata (cchc.core.docmeta): pure, no database."""

import datetime as dt

from cchc.core.docmeta import agency_case, is_plan_head, read_docmeta

LETTER = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 1718/QĐ-UBND
Khánh Hòa, ngày 21 tháng 7 năm 2023

QUYẾT ĐỊNH
VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
"""

PLAN = [
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
    "Số: 55/KH-UBND",
    "Đồng Nai, ngày 5 tháng 3 năm 2024",
    "**KẾ HOẠCH**\n**Cải cách hành chính tỉnh Đồng Nai giai đoạn 2021 - 2025**",
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;",
]


def test_letterhead_reading():
    meta = read_docmeta(LETTER, "qd.txt")
    assert meta.number == "1718/QĐ-UBND"
    assert meta.kind == "decision"
    assert meta.title == "VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert meta.issued_on == dt.date(2023, 7, 21)  # the dateline, not the law quoted in "Căn cứ"


def test_plan_reading_over_paragraphs():
    head = read_docmeta(paragraphs=PLAN).plan
    assert (head.kind, head.number, head.issue_date) == ("Kế hoạch", "55/KH-UBND", "2024-03-05")
    assert head.title == "Cải cách hành chính tỉnh Đồng Nai giai đoạn 2021 - 2025"
    assert head.period == "2021-2025"
    assert head.province == "Đồng Nai"


def test_kind_from_the_number_and_title_from_the_file_name():
    meta = read_docmeta("Số: 12/KH-SNV\nNội dung không có dòng loại văn bản.", "ke_hoach_chuyen_doi_so.txt")
    assert meta.kind == "plan"
    assert meta.title == "ke hoach chuyen doi so"
    assert read_docmeta("Số: 12/KH-SNV\nNội dung.", "0a8563e9477f3593.txt").title == "Số: 12/KH-SNV"


def test_official_fields_prefer_the_plan_reading_then_the_letterhead_then_the_cited_decision():
    meta = read_docmeta(LETTER, paragraphs=LETTER.split("\n\n"))
    assert meta.official_number == "1718/QĐ-UBND" and meta.official_date == "2023-07-21"
    annex = ("PHỤ LỤC\nDANH MỤC THỦ TỤC HÀNH CHÍNH\n(Kèm theo Quyết định số 2496/QĐ-BVHTTDL ngày 26 tháng 8 "
             "năm 2024 của Bộ trưởng)")
    meta = read_docmeta(annex)
    assert meta.number == "" and meta.official_number == "2496/QĐ-BVHTTDL"
    assert meta.official_date == "2024-08-26"
    assert read_docmeta("Không có số hiệu.").official_number is None


def test_blank_and_impossible_dates_give_none():
    assert read_docmeta("Hà Nội, ngày  tháng  năm 2021\nQUYẾT ĐỊNH\nVỀ VIỆC X").issued_on is None
    assert read_docmeta("Hà Nội, ngày 31 tháng 2 năm 2021\nQUYẾT ĐỊNH\nVỀ VIỆC X").issued_on is None


def test_agency_case_and_plan_head():
    assert agency_case("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH ĐỒNG NAI") == "Sở Khoa học và công nghệ tỉnh Đồng Nai"
    assert agency_case("UBND TỈNH LÀO CAI") == "UBND tỉnh Lào Cai"
    assert is_plan_head("**KẾ HOẠCH**") and is_plan_head("ĐỀ ÁN") and not is_plan_head("KẾ HOẠCH SỐ 5")
