"""The staff registry import on bad input: a date typed as text is read (15/03/2025), an impossible one is refused
naming its row, the file's own column letter and the value; file problems name the uploaded file."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.capacity import services
from cchc.capacity.models import StaffAssignment, StaffMember
from tests.helpers import client_for, xlsx

pytestmark = pytest.mark.django_db

HEAD = ["Họ và tên", "Vai trò CCHC", "Mã đơn vị", "Từ ngày"]


def test_a_date_typed_as_text_is_read(org_tree, users):
    report = services.staff_import_xlsx(xlsx([HEAD, ["Nguyễn Văn An", "đầu mối", "T42.stp", "15/03/2025"]]),
                                        user=users["par_office"])
    assert report.ok, report.messages()
    assert StaffMember.objects.get(full_name="Nguyễn Văn An").current_assignment().start_date == date(2025, 3, 15)


@pytest.mark.parametrize("value", ["31/02/2025", "Q5/2025"])
def test_an_impossible_date_after_a_good_row_is_named_and_nothing_is_saved(org_tree, users, value):
    rows = [HEAD, ["Nguyễn Văn An", "đầu mối", "T42.stp", "15/03/2025"], ["Trần Thị Bình", "đầu mối", "T42.stp", value]]
    report = services.staff_import_xlsx(xlsx(rows), user=users["par_office"], filename="can-bo.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(3, "D")] and value in report.errors[0].message
    assert not StaffMember.objects.exists() and not StaffAssignment.objects.exists()


def test_the_import_page_names_the_uploaded_file(client, org_tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = client_for(users["par_office"]).post("/capacity/staff/import/", {
        "file": SimpleUploadedFile("danh-sach-can-bo.xlsx", b"%PDF-1.4\n")})
    assert resp.status_code == 200 and "danh-sach-can-bo.xlsx" in resp.content.decode()


def test_a_course_material_must_parse_as_its_type():
    from cchc.capacity.services import CapacityError, material_file_check
    from tests.helpers import pdf_with_text

    with pytest.raises(CapacityError, match="bai-giang.pdf"):
        material_file_check(b"%PDF-1.4\n" + bytes(range(256)) * 4, "bai-giang.pdf")  # was stored as a PDF
    assert material_file_check(pdf_with_text("Bài giảng CCHC"), "bai-giang.pdf") == "pdf"


def test_a_text_longer_than_its_column_or_a_bad_email_is_refused_where_it_is(org_tree, users):
    head = [*HEAD, "Email"]
    rows = [head, ["Nguyễn Văn An", "đầu mối", "T42.stp", "", "an@sotp.gov.vn"],
            ["Trần " * 50, "đầu mối", "T42.stp", "", ""],  # 250 characters: saved (SQLite) or a 500 (PostgreSQL)
            ["Lê Thị Cúc", "đầu mối", "T42.stp", "", "không phải thư"]]
    report = services.staff_import_xlsx(xlsx(rows), user=users["par_office"])
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "A", "too_long"), (4, "E", "email")]
    assert not StaffMember.objects.exists()


@pytest.mark.parametrize("url, rows", [
    ("/capacity/staff/import/", [HEAD, ["Nguyễn Văn An", "đầu mối", "T42.khongco", ""]]),
    ("/org/import/", [["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"], ["T42.moi", "Phòng mới", "không rõ"]]),
])
def test_the_page_of_row_errors_names_the_uploaded_file(org_tree, users, url, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = client_for(users["par_office"]).post(url, {"file": SimpleUploadedFile("bang-thang-3.xlsx", xlsx(rows))})
    page = resp.content.decode()
    assert "Tệp “bang-thang-3.xlsx” có lỗi, chưa ghi dữ liệu" in page and "Dòng 2" in page
