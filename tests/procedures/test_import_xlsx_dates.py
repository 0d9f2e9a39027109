"""The catalogue sheet's "Ngày ban hành": a cell that is a date is read (an Excel date, 12/03/2024, 12-3-2024,
"ngày 12 tháng 3 năm 2024"); a cell with other text around a date is refused where it is, with its value — it used
to be read as the date inside it ("ban hành ngày 12/3/2024 kèm theo" → 12/03/2024) and saved."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.procedures import services
from cchc.procedures.models import Procedure, ProcedureDecision
from tests.helpers import xlsx

pytestmark = pytest.mark.django_db

# the date in another column than the export's (E there): the message names the file's own column
HEAD = ["Tình trạng", "Mã TTHC", "Tên thủ tục hành chính", "Ngày ban hành", "Văn bản công bố"]


def _rows(value):
    return [HEAD, ["Công bố mới", "1.000123", "Đăng ký khai sinh", dt.date(2024, 3, 12), "123/QĐ-UBND"],
            ["Công bố mới", "1.000124", "Cấp bản sao", value, "123/QĐ-UBND"]]


@pytest.mark.parametrize("value", [dt.date(2024, 3, 12), dt.datetime(2024, 3, 12, 0, 0), "12/03/2024", "12/3/2024",
                                   "12-3-2024", "12.03.2024", "2024-03-12", "ngày 12 tháng 3 năm 2024",
                                   "Ngày 12 tháng 03 năm 2024", "ngay 12 thang 3 nam 2024", " 12/03/2024 "])
def test_a_cell_that_is_a_date_is_read(users, value):
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(_rows(value)),
                                                     filename="danh-muc.xlsx")
    assert not errors and counts["added"] == 2
    assert set(ProcedureDecision.objects.values_list("number", "issued_on")) == {("123/QĐ-UBND", dt.date(2024, 3, 12))}


@pytest.mark.parametrize("value", ["ban hành ngày 12/3/2024 kèm theo", "Trước 12/03/2024", "12/03/2024 (bổ sung)",
                                   "QĐ 123 ngày 12 tháng 3 năm 2024", "31/02/2024", "tháng 3/2024", "45363"])
def test_a_date_inside_other_text_is_refused_with_file_row_column_and_value(users, value):
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(_rows(value)),
                                                     filename="danh-muc.xlsx")
    assert counts == {} and [str(e) for e in errors] == [
        f"Trang tính “Danh mục TTHC” – Dòng 3, cột D (Ngày ban hành): “{value}” không phải là một ngày: ô chỉ ghi "
        "ngày ban hành, ví dụ 12/03/2024 hoặc ngày 12 tháng 3 năm 2024 (tệp danh-muc.xlsx)"]
    assert not Procedure.objects.exists() and not ProcedureDecision.objects.exists()


def test_an_empty_date_is_no_date(users):
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(_rows(None)))
    assert not errors and counts["added"] == 2
    assert set(ProcedureDecision.objects.values_list("issued_on", flat=True)) == {dt.date(2024, 3, 12), None}
