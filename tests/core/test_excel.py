"""Excel helpers (cchc.core.excel): real .xlsx files written and read back with openpyxl."""

import datetime as dt
import io
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cchc.core.excel import RowError, Sheet, cell_error, read_xlsx, write_xlsx

UNIT_COLUMNS = {
    "code": ["Mã đơn vị", "Mã"],
    "name": ["Tên đơn vị"],
    "founded": ["Ngày thành lập"],
    "staff": ["Số biên chế"],
}


def _xlsx(rows, title="Đơn vị", extra_sheets=()):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    for name, srows in extra_sheets:
        s = wb.create_sheet(name)
        for r in srows:
            s.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- write

def test_write_xlsx_formatting_and_types():
    data = write_xlsx([
        ("Đơn vị", ["Mã đơn vị", "Tên đơn vị", "Ngày thành lập", "Số biên chế", "Tỷ lệ", "Cập nhật"], [
            ["SNV", "Sở Nội vụ", dt.date(2008, 4, 1), 45, Decimal("85.5"), dt.datetime(2024, 1, 2, 8, 30)],
            ["=1+1", unicodedata.normalize("NFD", "Sở Tư pháp"), None, Decimal("30"), 0.5,
             dt.datetime(2024, 1, 2, 1, 30, tzinfo=dt.UTC)],
        ]),
        ("Ghi chú", ["Nội dung"], [["x" * 200]]),
    ])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Đơn vị", "Ghi chú"]
    ws = wb["Đơn vị"]
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Tên đơn vị", "Ngày thành lập", "Số biên chế", "Tỷ lệ",
                                        "Cập nhật"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F3"
    assert ws["C2"].is_date and ws["C2"].value == dt.datetime(2008, 4, 1)
    assert ws["C2"].number_format == "DD/MM/YYYY"
    assert ws["D2"].data_type == "n" and ws["D2"].value == 45
    assert ws["E2"].value == 85.5 and ws["D3"].value == 30
    assert ws["A3"].data_type == "s" and ws["A3"].value == "=1+1"  # not a formula
    assert ws["B3"].value == "Sở Tư pháp" and unicodedata.is_normalized("NFC", ws["B3"].value)
    assert ws["F3"].value == dt.datetime(2024, 1, 2, 8, 30)  # UTC -> Việt Nam time
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    assert wb["Ghi chú"].column_dimensions["A"].width == 60


def test_write_xlsx_sheet_to_fill_in_caption_notes_checks_and_hidden_columns():
    """A template to fill in: a caption row above the header (which the reader still finds), a note on a header,
    a drop-down, a whole-number range and a date check on the data cells, shaded, hidden and fixed-width columns."""
    data = write_xlsx([Sheet("Mẫu", ["Mã đơn vị", "Tên đơn vị", "Số biên chế", "Ngày thành lập", "Dấu"],
                             [["T42.stp", "Sở Tư pháp", None, None, "x1"], ["T42.syt", "Sở Y tế", 40, None, "x2"]],
                             caption="Sở Nội vụ — lập ngày 04/12/2026", notes={0: "Giữ nguyên cột này."},
                             checks={1: ("list", ["Sở Tư pháp", "Sở Y tế"]), 2: ("whole", 0, 100), 3: ("date",)},
                             fill=frozenset({2, 3}), hidden=frozenset({4}), widths={1: 40}, wrap=True)])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "Sở Nội vụ — lập ngày 04/12/2026" and ws["A1"].font.bold
    assert ws["A2"].value == "Mã đơn vị" and ws["A2"].comment.text == "Giữ nguyên cột này."
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E4"
    checks = {dv.type: (dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    assert checks == {"list": ('"Sở Tư pháp,Sở Y tế"', "B3:B4"), "whole": ("0", "C3:C4"), "date": ("1", "D3:D4")}
    assert ws["C3"].fill.fgColor.rgb.endswith("FFF2CC") and not ws["B3"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.column_dimensions["E"].hidden and ws.column_dimensions["B"].width == 40
    assert ws["B3"].alignment.wrap_text
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS)
    assert errors == [] and [(r["_row"], r["code"], r["staff"]) for r in rows] == [(3, "T42.stp", None),
                                                                                   (4, "T42.syt", 40)]


def test_write_xlsx_sheet_titles_are_made_valid_and_unique():
    data = write_xlsx([("Báo cáo: quý I/2024 [bản nháp] rất dài quá mức", ["A"], []),
                       ("báo cáo- quý I-2024 -bản nháp- rất dài quá mức", ["A"], [])])
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert len(names) == 2 and len(set(n.lower() for n in names)) == 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_write_strips_illegal_control_characters():
    data = write_xlsx([("S", ["Ghi chú"], [["a\x00b\x07c"]])])
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "abc"


# --------------------------------------------------------------------------- round trip

def test_round_trip_write_then_read():
    rows = [
        ["SNV", "Sở Nội vụ", dt.date(2008, 4, 1), 45],
        ["STP", "Sở Tư pháp", dt.date(1990, 12, 31), 30],
        ["VP", "Văn phòng UBND tỉnh", None, 52],
    ]
    data = write_xlsx([("Đơn vị", ["Mã đơn vị", "Tên đơn vị", "Ngày thành lập", "Số biên chế"], rows)])
    got, errors = read_xlsx(data, columns=UNIT_COLUMNS, required={"code", "name"})
    assert errors == []
    assert [(r["_row"], r["code"], r["name"], r["founded"], r["staff"]) for r in got] == [
        (2, "SNV", "Sở Nội vụ", dt.date(2008, 4, 1), 45),
        (3, "STP", "Sở Tư pháp", dt.date(1990, 12, 31), 30),
        (4, "VP", "Văn phòng UBND tỉnh", None, 52),
    ]


# --------------------------------------------------------------------------- read

def test_headers_match_without_diacritics_case_or_required_mark():
    data = _xlsx([
        ["DANH SÁCH ĐƠN VỊ"],  # title row above the header
        [],
        ["STT", "MA DON VI (*)", "ten  don vi*", "Ghi chú", "so bien che"],
        [1, " SNV ", unicodedata.normalize("NFD", "Sở Nội vụ"), "bỏ qua", 45],
    ])
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS, required={"code"})
    assert errors == []
    assert rows == [{"_row": 4, "code": "SNV", "name": "Sở Nội vụ", "founded": None, "staff": 45}]
    assert unicodedata.is_normalized("NFC", rows[0]["name"])


def test_required_value_missing_message_names_row_column_and_header():
    data = _xlsx([
        ["Tên đơn vị", "Ghi chú", "Mã đơn vị"],
        ["Sở Nội vụ", "", "SNV"],
        ["Sở Tư pháp", "", None],
        [None, None, None],  # empty row: skipped, but row numbers keep counting
        ["", "x", "  "],
    ])
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS, required={"code", "name"})
    assert [r["_row"] for r in rows] == [2, 3, 5]
    assert [(e.sheet, e.row, e.column, e.code) for e in errors] == [
        ("Đơn vị", 3, "C", "required"), ("Đơn vị", 5, "A", "required"), ("Đơn vị", 5, "C", "required"),
    ]
    assert errors[0].message == "Dòng 3, cột C (Mã đơn vị): thiếu giá trị bắt buộc"
    assert str(errors[0]) == "Trang tính “Đơn vị” – Dòng 3, cột C (Mã đơn vị): thiếu giá trị bắt buộc"


def test_missing_required_column_stops_the_read():
    data = _xlsx([["Tên đơn vị", "Số biên chế"], ["Sở Nội vụ", 3]])
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS, required={"code"})
    assert rows == []
    assert len(errors) == 1 and errors[0].code == "missing_column"
    assert "thiếu cột bắt buộc “Mã đơn vị”" in errors[0].message and errors[0].row == 1


def test_duplicate_columns_are_reported():
    data = _xlsx([["Mã", "Mã đơn vị", "Tên đơn vị"], ["A", "B", "C"]])
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS)
    assert rows == [] and errors[0].code == "duplicate_column" and errors[0].column == "B"
    assert "cột A và cột B" in errors[0].message


def test_no_header_found():
    rows, errors = read_xlsx(_xlsx([["x", "y"], [1, 2]]), columns=UNIT_COLUMNS)
    assert rows == [] and errors[0].code == "missing_column" and "tiêu đề" in errors[0].message


def test_sheet_selection_by_name_diacritic_insensitive():
    data = _xlsx([["khác"]], title="Hướng dẫn",
                 extra_sheets=[("Đơn vị", [["Mã đơn vị", "Tên đơn vị"], ["SNV", "Sở Nội vụ"]])])
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS, sheet="don vi")
    assert errors == [] and rows[0]["code"] == "SNV"
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS, sheet="Chỉ tiêu")
    assert rows == [] and errors[0].code == "missing_sheet" and "“Hướng dẫn”" in errors[0].message


@pytest.mark.parametrize(("data", "code", "words"), [
    (b"", "empty", "rỗng"),
    (b"this is not an excel file", "invalid_file", "không phải là tệp Excel"),
    (b"PK\x03\x04garbage-zip", "invalid_file", "không phải là tệp Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "invalid_file", ".xls"),
])
def test_corrupt_input_gives_one_error_and_never_raises(data, code, words):
    rows, errors = read_xlsx(data, columns=UNIT_COLUMNS)
    assert rows == [] and len(errors) == 1
    assert errors[0].code == code and words in errors[0].message and errors[0].row == 0


def test_docx_zip_is_not_an_xlsx():
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    rows, errors = read_xlsx(buf.getvalue(), columns=UNIT_COLUMNS)
    assert rows == [] and len(errors) == 1 and errors[0].code == "invalid_file"


def test_truncated_xlsx():
    data = write_xlsx([("S", ["Mã đơn vị"], [["A"]] * 50)])
    rows, errors = read_xlsx(data[: len(data) // 2], columns=UNIT_COLUMNS)
    assert rows == [] and len(errors) == 1 and errors[0].code == "invalid_file"


def test_cell_error_helper():
    e = cell_error("Chỉ tiêu", 7, "D", "Hạn hoàn thành", "ngày không hợp lệ “31/02/2024”", "invalid_date")
    assert isinstance(e, RowError)
    assert e.message == "Dòng 7, cột D (Hạn hoàn thành): ngày không hợp lệ “31/02/2024”"


def test_header_problems_names_columns_and_ignores_a_spare_empty_column():
    from cchc.core.excel import header_problems

    problems, ignored = header_problems(["Mã", "Tên", None, "Mã (*)", " ", "Ngày"], {4}, filename="a.xlsx")
    assert ignored == [2]
    assert problems[0].startswith("Tệp a.xlsx: dòng 1 có tiêu đề trùng nhau “Mã”; “Mã (*)” ở các cột A, D")
    assert problems[1].startswith("Tệp a.xlsx: cột E có dữ liệu nhưng ô tiêu đề (dòng 1) để trống")
    assert header_problems(["Mã", "Tên"]) == ([], [])


def test_write_xlsx_groups_thousands_of_large_whole_numbers_but_not_years():
    """Fees (200000 đồng) and dossier counts (20000) were shown ungrouped; a column of years must not read 2.024."""
    data = write_xlsx([("S", ["Năm", "Mức phí (đồng)", "Tỷ lệ (%)"],
                        [[2024, 200000, 90.81], [2025, 2000, 12.5]])])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["B2"].number_format == "#,##0" and ws["B3"].number_format == "#,##0"  # the whole column alike
    assert ws["B2"].value == 200000 and ws["B2"].data_type == "n"
    assert ws["A2"].number_format == "General" and ws["C2"].number_format == "General"
