"""The shared readers on bad input: Excel file problems name the file, the upload limit applies to every Excel
reader, and Windows-1258 text (Excel's "CSV", Notepad's "ANSI" on a Vietnamese Windows) is read as Vietnamese —
not mistaken for TCVN3."""

from __future__ import annotations

import pytest

from cchc.core import intake, legacy_encoding
from cchc.core.excel import ExcelError, read_xlsx, sheet_rows
from tests.helpers import windows_1258, xlsx

COLUMNS = {"code": ["Mã đơn vị"], "name": ["Tên đơn vị"]}
TEXT = "Cơ quan nào chủ trì công tác cải cách hành chính? Đáp án: Sở Nội vụ tỉnh Hà Tĩnh."


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                                  xlsx([["1", "2"], ["3", "4"]])],
                         ids=["empty", "pdf", "password-protected", "no header row"])
def test_a_file_problem_names_the_file(data):
    rows, errors = read_xlsx(data, columns=COLUMNS, required={"code"}, filename="don-vi.xlsx")
    assert rows == [] and len(errors) == 1 and "don-vi.xlsx" in str(errors[0])


def test_the_header_message_lists_the_headers_not_the_field_names():
    _rows, errors = read_xlsx(xlsx([["x", "y"]]), columns=COLUMNS, required={"code", "name"}, filename="a.xlsx")
    assert "“Mã đơn vị”, “Tên đơn vị”" in errors[0].message and "code:" not in errors[0].message


def test_every_excel_reader_applies_the_upload_limit(settings):
    settings.CCHC_MAX_UPLOAD_MB = 0.001  # 1 KB
    data = xlsx([["Mã đơn vị"], *[[f"T42.{i}"] for i in range(200)]])
    _rows, errors = read_xlsx(data, columns=COLUMNS, filename="don-vi.xlsx")
    assert errors[0].code == "too_large" and "don-vi.xlsx quá lớn" in errors[0].message
    with pytest.raises(ExcelError, match="chitieu.xlsx quá lớn"):
        sheet_rows(data, "chitieu.xlsx")


def test_windows_1258_text_is_read_as_vietnamese_with_a_warning():
    data = windows_1258(TEXT)
    assert intake._decode_text(data, "a.txt") == (TEXT, "cp1258")  # noqa: SLF001
    doc = intake.read_document(data * 3, "cau-hoi.txt")
    assert TEXT in doc.text and any("Windows-1258" in w for w in doc.warnings)
    assert legacy_encoding.decode_bytes(data) == TEXT


def test_tcvn3_is_still_tcvn3():
    data = legacy_encoding.from_unicode(TEXT, "tcvn3").encode("latin-1")
    text, enc = intake._decode_text(data, "a.txt")  # noqa: SLF001
    assert enc == "tcvn3" and "chủ trì công tác cải cách" in text
    assert legacy_encoding.windows_1258(data) is None


def test_column_letters_come_from_the_sheet_read_even_when_another_is_active():
    from io import BytesIO

    from openpyxl import Workbook

    from cchc.core.excel import column_letters

    wb = Workbook()
    wb.active.append(["Ghi chú", "Tên đơn vị", "Mã đơn vị"])
    notes = wb.create_sheet("Hướng dẫn")
    notes.append(["Mã đơn vị", "Tên đơn vị"])
    wb.active = 1  # the file was saved with its second sheet shown
    buf = BytesIO()
    wb.save(buf)
    assert column_letters(buf.getvalue(), COLUMNS) == {"name": "B", "code": "C"}
