"""The catalogue sheet: day counts and fees are whole numbers — "60.000" is sixty thousand, "2,5" or "1.234,5" is
refused (it was cut to 2 or 1234 and saved) — and the column letters of a message are the file's own."""

from __future__ import annotations

import pytest

from cchc.procedures import services
from cchc.procedures.models import Procedure
from tests.helpers import xlsx

pytestmark = pytest.mark.django_db

HEAD = ["Tình trạng", "Mã TTHC", "Tên thủ tục hành chính", "Số ngày giải quyết", "Mức phí (đồng)"]


@pytest.mark.parametrize("days", ["2,5", "1.234,5", "1,234.5", 2.5, "abc", "-3"])
def test_a_day_count_that_is_not_a_whole_number_is_refused_where_it_is(users, days):
    rows = [HEAD, ["Công bố mới", "1.000123", "Đăng ký khai sinh", 5, "60.000"],
            ["Công bố mới", "1.000124", "Cấp bản sao", days, None]]
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(rows), filename="dm.xlsx")
    assert counts == {} and [str(e) for e in errors] == [
        f"Trang tính “Danh mục TTHC” – Dòng 3, cột D (Số ngày giải quyết): “{days}” không phải là số nguyên không âm"]
    assert not Procedure.objects.exists()


def test_thousands_dots_are_read(users):
    rows = [HEAD, ["Công bố mới", "1.000123", "Đăng ký khai sinh", "5", "60.000"]]
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(rows))
    assert not errors and counts["added"] == 1
    p = Procedure.objects.get(code="1.000123")
    assert (p.time_days, p.fee_amount) == (5, 60000)


def test_a_text_longer_than_its_column_is_refused_where_it_is(users):
    rows = [[*HEAD, "Lĩnh vực"], ["Công bố mới", "1.000123", "Đăng ký khai sinh", 5, None, "Hộ tịch " * 30]]
    counts, errors = services.procedures_import_xlsx(user=users["par_office"], data=xlsx(rows))
    assert counts == {} and [(e.row, e.column, e.code) for e in errors] == [(2, "F", "too_long")]
    assert not Procedure.objects.exists()
