"""The one reader of official-document metadata (cchc.core.docmeta): pure, no database."""

import datetime as dt

import pytest

from cchc.core.docmeta import DOC_TYPES, KINDS, agency_case, doc_kind, is_plan_head, read_docmeta

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
    assert meta.kind == "decision" and meta.library_kind == "decision"
    assert meta.title == "VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert meta.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert meta.issued_on == dt.date(2023, 7, 21)  # the dateline, not the law quoted in "Căn cứ"


def test_plan_reading_over_paragraphs():
    head = read_docmeta(paragraphs=PLAN).plan
    assert (head.kind, head.document_number, head.issue_date) == ("Kế hoạch", "55/KH-UBND", "2024-03-05")
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
    assert agency_case("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH ĐỒNG NAI") == "Sở Khoa học và Công nghệ tỉnh Đồng Nai"
    assert agency_case("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH") == "Bộ Văn hóa, Thể thao và Du lịch"
    assert agency_case("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Sở Lao động - Thương binh và Xã hội"
    assert agency_case("UBND TỈNH LÀO CAI") == "UBND tỉnh Lào Cai"
    assert is_plan_head("**KẾ HOẠCH**") and is_plan_head("ĐỀ ÁN") and not is_plan_head("KẾ HOẠCH SỐ 5")


REPORT = """UBND TỈNH AN LẠC
SỞ NỘI VỤ
Số: 228/BC-SNV
An Lạc, ngày 10 tháng 12 năm 2025

BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính năm 2025
Thực hiện Kế hoạch số 55/KH-UBND ngày 5 tháng 3 năm 2025 của UBND tỉnh, Sở Nội vụ báo cáo như sau:
"""

NOTICE = """**ỦY BAN NHÂN DÂN**
**TỈNH AN LẠC**
Số: 12/TB-UBND
An Lạc, ngày 3 tháng 4 năm 2025

**THÔNG BÁO**
**KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH TẠI HỘI NGHỊ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2025**
Ngày 28 tháng 3 năm 2025, Chủ tịch UBND tỉnh chủ trì Hội nghị …
"""

LETTER_VV = """ỦY BAN NHÂN DÂN
TỈNH AN LẠC
Số: 1234/UBND-VP
V/v triển khai Chỉ số hài lòng năm 2025
An Lạc, ngày 2 tháng 6 năm 2025
Kính gửi: Các sở, ban, ngành tỉnh.
"""


@pytest.mark.parametrize(("text", "kind", "number", "library_kind"), [
    (REPORT, "report", "228/BC-SNV", "report"),
    (NOTICE, "notice", "12/TB-UBND", "other"),  # not a kind of the library: its title is still read
    ("\n".join(PLAN), "plan", "55/KH-UBND", "plan"),
    (LETTER, "decision", "1718/QĐ-UBND", "decision"),
    (LETTER_VV, "official_letter", "1234/UBND-VP", "other"),
    ("Tài liệu tham khảo về cải cách hành chính.\nNội dung không có tiêu đề văn bản.", None, "", "other"),
])
def test_document_kind_and_number(text, kind, number, library_kind):
    meta = read_docmeta(text, "x.txt")
    assert (meta.kind, meta.number, meta.library_kind) == (kind, number, library_kind)


def test_notice_and_report_titles_and_official_fields():
    notice = read_docmeta(NOTICE)
    assert notice.title == "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH TẠI HỘI NGHỊ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2025"
    assert notice.issuer == "Ủy ban nhân dân tỉnh An Lạc" and notice.issued_on == dt.date(2025, 4, 3)
    report = read_docmeta(paragraphs=REPORT.split("\n\n"))
    assert report.kind == "report" and report.official_number == "228/BC-SNV"
    assert report.official_date == "2025-12-10" and report.plan.kind is None  # a report is no plan


def test_the_first_type_line_is_the_kind_then_the_number_then_a_subject_line():
    # a web copy that lost its type line: the number's abbreviation; a site footer "THÔNG BÁO" far below the
    # decision's own type line is not the document's kind
    assert read_docmeta("Số: 45/TTr-SNV\nNội dung.").kind == "submission"
    assert read_docmeta("Số: 45-KL/TW\nNội dung.").kind == "conclusion"
    footer = LETTER + "Điều 1. …\n" * 5 + "THÔNG BÁO\nvề Lưu trữ, Sử dụng Thông tin Khách hàng\n"
    assert read_docmeta(footer).kind == "decision"
    # the type line wins over a number that names another type, and over a "V/v" line
    assert read_docmeta("Số: 7/UBND-VP\nV/v góp ý\nTỜ TRÌNH\nVề việc ban hành quy chế").kind == "submission"


@pytest.mark.parametrize(("number", "kind"), [
    ("228/BC-SNV", "report"), ("12/TB-UBND", "notice"), ("12-TB/TU", "notice"), ("1718/QĐ-UBND", "decision"),
    ("1718/QD-UBND", "decision"),  # typed without "Đ"
    ("05/2020/NĐ-CP", "decree"), ("12/2021/TT-BNV", "circular"), ("394/TTr-SNV", "submission"),
    ("55/KH-UBND", "plan"), ("3/ĐA-UBND", "scheme"), ("3/DA-UBND", "project"), ("12/CTr-UBND", "programme"),
    ("05/CT-UBND", "directive"), ("18/NQ-HĐND", "resolution"), ("9/HD-SNV", "guide"), ("9/HĐ-SNV", "contract"),
    ("2/GM-UBND", "invitation"), ("123/UBND-VP", None), ("123/TTg-KGVX", None), ("", None),
])
def test_doc_kind_reads_the_number_abbreviation(number, kind):
    assert doc_kind(number) == kind


def test_one_table():
    # the library's kinds are the table's rows marked "kind" (plus "other"), the abbreviations are unique
    assert set(KINDS) == {c for c, t in DOC_TYPES.items() if t.library == "kind"} | {"other"}
    symbols = [t.symbol for t in DOC_TYPES.values() if t.symbol]
    assert len(symbols) == len(set(symbols))


def test_a_pdf_texts_two_column_letterhead_and_a_number_with_a_handwritten_gap():
    # pdftotext -layout of a signed report: the motto beside the letterhead, "Số: 36 /BC-…" with the space left for
    # the number written by hand (session 21: the number was lost and the issuer ran into the motto)
    text = (
        " UBND TỈNH LÂM ĐỒNG  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        " HỘI ĐỒNG THẨM ĐỊNH       Độc lập - Tự do - Hạnh phúc\n\n"
        "      Số: 36 /BC-HĐTĐ                        Lâm Đồng, ngày 02 tháng 02 năm 2026\n\n"
        "                               BÁO CÁO\n     Kết quả thẩm định Chỉ số cải cách hành chính năm 2025\n"
    )
    meta = read_docmeta(text, "bc.txt")
    # the issuer is the body on the second line (the first is the one governing it, Nghị định 30/2020)
    assert (meta.number, meta.kind, meta.issuer) == ("36/BC-HĐTĐ", "report", "Hội đồng thẩm định")
    assert meta.issued_on == dt.date(2026, 2, 2)
    signed = ("ỦY BAN NHÂN DÂN       CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐỒNG          Độc lập - Tự do - Hạnh phúc\n"
              "Số: 329/BC-UBND\n\nBÁO CÁO\nKết quả cải cách hành chính năm 2025\n")
    assert read_docmeta(signed, "x.txt").issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    department = ("UBND TỈNH LÂM ĐỒNG     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ          Độc lập - Tự do - Hạnh phúc\n"
                  "Số: 228/BC-SNV\n\nBÁO CÁO\nKết quả các chỉ số năm 2025\n")
    assert read_docmeta(department, "x.txt").issuer == "Sở Nội vụ"


def test_web_copy_cells_wrapped_inside_the_issuer_and_the_date():
    """A portal web copy wraps the letterhead's narrow cells: the name and the date go on on the next line."""
    text = ("|\n**THỦ TƯỚNG CHÍNH\nPHỦ**\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
            "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 2597/QĐ-TTg\n|\n*Hà Nội, ngày 27\n"
            "tháng 11 năm 2025 *\n|\n\n\n**QUYẾT ĐỊNH**\n\nPHÊ\nDUYỆT ĐỀ ÁN CHUYỂN ĐỔI SỐ TRONG HOẠT ĐỘNG XÂY DỰNG\n\n"
            "**THỦ TƯỚNG CHÍNH PHỦ**\n\n*Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 2 năm 2025;*\n")
    meta = read_docmeta(text)
    assert meta.issuer == "Thủ tướng Chính phủ" and meta.issued_on == dt.date(2025, 11, 27)
    assert meta.title_read and meta.title.startswith("PHÊ DUYỆT ĐỀ ÁN")
    # the line after an issuer that is another body is not glued to it; the motto never is
    two = read_docmeta("UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BC-SNV\n")
    assert two.issuer == "Sở Nội vụ"
    assert read_docmeta("SỞ TƯ PHÁP\nCỘNG HÒA\nSố: 1/KH-STP\n").issuer == "Sở Tư pháp"
    wrapped = "|\n**BỘ NÔNG NGHIỆP\nVÀ **\nMÔI TRƯỜNG\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
    assert read_docmeta(wrapped).issuer == "Bộ Nông nghiệp và Môi trường"
    council = "|\n**HỘI ĐỒNG NHÂN\nDÂN**\nTHÀNH PHỐ HÀ NỘI\n-------\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n"
    assert read_docmeta(council).issuer == "Hội đồng nhân dân thành phố Hà Nội"
