"""The province's external index results: the real 2024 table of a province report, entered as .xlsx."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client

from cchc.assessment import external_rows
from cchc.assessment.models import ExternalResult
from tests.helpers import client_for as _client
from tests.helpers import xlsx as xlsx_bytes

HEADER = ["Chỉ số", "Năm", "Tỉnh", "Chỉ số thành phần", "Điểm", "Thứ hạng", "Trung bình cả nước", "Cao nhất",
          "Tỉnh cao nhất", "Nguồn"]
# As printed in the Lâm Đồng Department of Home Affairs report 228/BC-SNV (2025), table "I. Kết quả các chỉ số năm
# 2024" (score / maximum, rank / provinces), plus an invented 2023 line to make a trend.
ROWS = [
    ["PAR INDEX", 2024, "Lâm Đồng", "", "83,1/100", "62/63", "87,65", "92,56", "Hải Phòng", "228/BC-SNV"],
    ["SIPAS", 2024, "Lâm Đồng", "", "83,0%", "39/63", None, None, None, "228/BC-SNV"],
    ["PAPI", 2024, "Lâm Đồng", "", "41,02/80", "54/63", None, None, None, "228/BC-SNV"],
    ["PCI", 2024, "Lâm Đồng", "", "65,08/100", "54/63", None, None, None, "228/BC-SNV"],
    ["PAR INDEX", 2024, "Bình Thuận", "", "88,3/100", "34/63", None, None, None, "228/BC-SNV"],
    ["PAR INDEX", 2023, "Lâm Đồng", "", "84,5/100", "58/63", None, None, None, "ví dụ"],
]


def xlsx(rows, header=HEADER):
    # a title row above the header, as real sheets have
    return xlsx_bytes([["KẾT QUẢ CÁC CHỈ SỐ CỦA TỈNH"], header, *rows])


def test_cells_are_read_as_the_reports_print_them():
    assert external_rows.fraction("83,1/100") == (D("83.1"), D("100"), False)
    assert external_rows.fraction("83,0%") == (D("83.0"), None, True)
    assert external_rows.fraction("62/63")[:2] == (D("62"), D("63"))
    assert external_rows.index_code("Chỉ số cải cách hành chính") == "par"
    assert external_rows.index_code("Bộ chỉ số 766") == "766" and external_rows.index_code("GDP") is None
    row, problems = external_rows.read_row({"index": "PAPI", "year": 2024, "value": "90/80", "rank": "70/63"},
                                           default_province="Lâm Đồng")
    assert row is None and {f for f, _ in problems} == {"value", "rank"}


@pytest.mark.django_db
def test_office_imports_the_table_and_sees_trends_and_distances(users):
    c = _client(users["par_office"])
    resp = c.post("/index/external/", {"file": _upload(xlsx(ROWS))})
    assert resp.status_code == 302
    par = ExternalResult.objects.get(index="par", year=2024, province="Lâm Đồng")
    assert (par.value, par.max_value, par.rank, par.rank_of) == (D("83.1"), D("100"), 62, 63)
    assert ExternalResult.objects.get(index="sipas").percent
    page = c.get("/index/external/").content.decode()
    assert "PAR INDEX" in page and "PAPI" in page and "Hải Phòng" in page
    assert "-4,55" in page  # 83,1 − 87,65: below the national average
    assert "-1,4" in page  # 83,1 − 84,5: lower than the year before
    # importing the same table again replaces, never duplicates
    c.post("/index/external/", {"file": _upload(xlsx(ROWS))})
    assert ExternalResult.objects.count() == len(ROWS)
    exported = c.get("/index/external/?format=xlsx")
    assert exported.status_code == 200
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(exported.content)).active.title == "Kết quả chỉ số"  # was "Ket qua chi so"
    again = _client(users["par_office"]).post("/index/external/", {"file": _upload(exported.content, "x.xlsx")})
    assert again.status_code == 302 and ExternalResult.objects.count() == len(ROWS)  # the export imports back


@pytest.mark.django_db
def test_bad_rows_are_named_and_nothing_is_written(users):
    bad = ROWS[:2] + [["PAR INDEX", 2024, "Lâm Đồng", "", "lỗi", "62/63"], ["GDP", 2024, "", "", "5", ""],
                      ["PAR INDEX", 2024, "Lâm Đồng", "", "83,1/100", "62/63"]]
    resp = _client(users["par_office"]).post("/index/external/", {"file": _upload(xlsx(bad))})
    text = resp.content.decode()
    assert resp.status_code == 400 and ExternalResult.objects.count() == 0
    assert "Dòng 5, cột E (Điểm): điểm không phải là số" in text
    assert "Dòng 6, cột A (Chỉ số): không rõ chỉ số “GDP”" in text
    assert "Dòng 7 trùng với dòng 3" in text


@pytest.mark.django_db
def test_units_read_but_only_the_office_imports(users):
    call_command("index", "import-external", _file(xlsx(ROWS)), stdout=io.StringIO())
    assert ExternalResult.objects.count() == len(ROWS)
    focal = _client(users["focal_point"])
    assert focal.get("/index/external/").status_code == 200
    assert focal.post("/index/external/", {"file": _upload(xlsx(ROWS[:1]))}).status_code == 403
    assert Client().get("/index/external/").status_code == 302  # login first


def _upload(data, name="chi-so.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _file(data):
    import tempfile

    f = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    f.write(data)
    f.close()
    return f.name
