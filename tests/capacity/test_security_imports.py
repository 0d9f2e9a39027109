"""Issue 8, item 9: every importer applies the same unit scope as the forms, row by row.

Reproduction: a commune focal point imports the staff sheet with a row whose "Mã đơn vị" is their commune and
whose "Tài khoản" is the Sở Tư pháp focal point's account — the Sở Tư pháp record was rewritten and moved.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.capacity import services
from cchc.capacity.models import CchcRole, StaffAssignment, StaffMember
from cchc.org.models import Membership
from tests.helpers import xlsx

pytestmark = pytest.mark.django_db


def _sheet(rows, headers=None):
    return xlsx([headers or services.STAFF_HEADERS, *rows], title="Cán bộ CCHC")


def _staff(name, unit, user=None, role=CchcRole.FOCAL_POINT):
    s = StaffMember.objects.create(full_name=name, user=user, phone="0912 000 111")
    services.staff_assign(s, unit, role, start=date(2024, 1, 1), position="Chuyên viên")
    return s


def _commune(users):
    return Membership.objects.get(user=users["commune_focal"]).unit


def _snapshot():
    return sorted(StaffMember.objects.values_list("pk", "full_name", "user_id", "phone", "email")), \
        sorted(StaffAssignment.objects.values_list("pk", "staff_id", "unit_id", "role", "start_date", "end_date"))


def test_commune_focal_point_cannot_take_over_another_units_record_through_the_account(org_tree, users):
    stp = org_tree["T42.stp"]
    record = _staff("Lê Văn Cường", stp, user=users["focal_point"])
    before = _snapshot()
    commune = _commune(users)
    data = _sheet([["Lê Văn Cường", commune.code, "", "Công chức", "Đầu mối", "0999", "x@xa.vn", date(2025, 1, 2),
                    None, "focal_point"]])
    report = services.staff_import_xlsx(data, user=users["commune_focal"])
    assert not report.ok
    [err] = report.errors
    assert err.row == 2 and err.column == "J"
    assert err.message.startswith("Dòng 2, cột J (Tài khoản):") and "đơn vị bạn quản lý" in err.message
    assert _snapshot() == before  # the Sở Tư pháp record is neither rewritten nor moved
    record.refresh_from_db()
    assert record.current_assignment().unit == stp and record.phone == "0912 000 111"


def test_unknown_and_out_of_scope_accounts_get_the_same_message(org_tree, users):
    commune = _commune(users)
    rows = [["A", commune.code, "", "", "Đầu mối", "", "", None, None, "focal_b"],
            ["B", commune.code, "", "", "Đầu mối", "", "", None, None, "khong-ton-tai"]]
    report = services.staff_import_xlsx(_sheet(rows), user=users["commune_focal"])
    messages = [e.message.replace("focal_b", "X").replace("khong-ton-tai", "X").replace("Dòng 3", "Dòng 2")
                for e in report.errors]
    assert len(messages) == 2 and messages[0] == messages[1]


def test_a_record_found_by_name_in_another_unit_is_not_moved(org_tree, users):
    """Without an account, a row only updates a record currently assigned to the row's unit."""
    stp = org_tree["T42.stp"]
    record = _staff("Nguyễn Thị Lan", stp)
    commune = _commune(users)
    report = services.staff_import_xlsx(
        _sheet([["Nguyễn Thị Lan", commune.code, "", "", "Kiêm nhiệm", "", "", date(2025, 1, 2), None, ""]]),
        user=users["commune_focal"])
    assert report.ok and report.created == 1 and report.updated == 0
    assert record.current_assignment().unit == stp
    assert StaffMember.objects.filter(full_name="Nguyễn Thị Lan").count() == 2


def test_record_of_a_staff_member_moved_elsewhere_is_refused_by_the_old_unit(org_tree, users):
    """Sở Tư pháp's focal point cannot pull back (through the account) someone now working in Sở Y tế."""
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    moved = _staff("Trần Minh", stp, user=users["viewer"])
    services.staff_assign(moved, syt, CchcRole.PART_TIME, start=date(2025, 2, 1))
    before = _snapshot()
    report = services.staff_import_xlsx(
        _sheet([["Trần Minh", "T42.stp", "", "", "Chuyên trách", "", "", date(2025, 3, 1), None, "viewer"]]),
        user=users["focal_point"])
    assert [(e.row, e.column) for e in report.errors] == [(2, "J")]
    assert "thuộc đơn vị khác" in report.errors[0].message
    assert _snapshot() == before


def test_one_refused_row_leaves_the_whole_file_unwritten(org_tree, users):
    commune = _commune(users)
    _staff("Lê Văn Cường", org_tree["T42.stp"], user=users["focal_point"])
    before = _snapshot()
    rows = [["Phạm Thị Dung", commune.code, "", "", "Đầu mối", "", "", date(2025, 1, 2), None, "commune_focal"],
            ["Lê Văn Cường", commune.code, "", "", "Đầu mối", "", "", date(2025, 1, 2), None, "focal_point"],
            ["Hồ Văn Sở", "T42.stp", "", "", "Đầu mối", "", "", date(2025, 1, 2), None, ""]]
    report = services.staff_import_xlsx(_sheet(rows), user=users["commune_focal"])
    assert [(e.row, e.column) for e in report.errors] == [(3, "J"), (4, "B")]
    assert "Dòng 4, cột B (Mã đơn vị)" in report.errors[1].message
    assert _snapshot() == before
    ok = services.staff_import_xlsx(_sheet(rows[:1]), user=users["commune_focal"])
    assert ok.ok and StaffMember.objects.get(full_name="Phạm Thị Dung").user == users["commune_focal"]


def test_column_letters_follow_the_file_not_the_template(org_tree, users):
    headers = ["Tài khoản", "Họ và tên", "Mã đơn vị", "Vai trò CCHC"]
    _staff("Lê Văn Cường", org_tree["T42.stp"], user=users["focal_point"])
    commune = _commune(users)
    report = services.staff_import_xlsx(_sheet([["focal_point", "Lê Văn Cường", commune.code, "Đầu mối"]],
                                               headers=headers), user=users["commune_focal"])
    assert [(e.row, e.column) for e in report.errors] == [(2, "A")]


def test_office_still_moves_staff_between_units(org_tree, users):
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    s = _staff("Lê Văn Cường", stp, user=users["focal_point"])
    report = services.staff_import_xlsx(
        _sheet([["Lê Văn Cường", "T42.syt", "", "", "Đầu mối", "", "", date(2025, 3, 1), None, "focal_point"]]),
        user=users["par_office"])
    assert report.ok and report.updated == 1
    assert s.current_assignment().unit == syt


def test_import_page_shows_the_refusal_and_writes_nothing(client, org_tree, users):
    _staff("Lê Văn Cường", org_tree["T42.stp"], user=users["focal_point"])
    before = _snapshot()
    commune = _commune(users)
    client.force_login(users["commune_focal"])
    data = _sheet([["Lê Văn Cường", commune.code, "", "", "Đầu mối", "", "", None, None, "focal_point"]])
    resp = client.post(reverse("capacity:staff_import"),
                       {"file": _upload(data)})
    assert resp.status_code == 200
    assert "Dòng 2, cột J (Tài khoản)" in resp.content.decode()
    assert _snapshot() == before


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("can-bo.xlsx", data,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ----------------------------------------------------------------------------------- the other importers

def test_other_importers_are_closed_to_unit_users(client, org_tree, users):
    """Org units and the question bank are province-wide: only the office imports them (every row is in its
    scope); measurements are checked per file unit in tests/plans; knowledge in tests/knowledge."""
    client.force_login(users["commune_focal"])
    assert client.get(reverse("org:unit_import")).status_code == 403
    assert client.get(reverse("exams:bank_import")).status_code == 403


def test_question_import_service_refuses_a_unit_user(org_tree, users):
    from django.core.exceptions import PermissionDenied

    from cchc.exams import services as exams
    from cchc.exams.qdata import ParseResult

    with pytest.raises(PermissionDenied):
        exams.questions_import(ParseResult(questions=[]), user=users["focal_point"])


def test_course_attendance_only_for_the_organisers_editors(client, org_tree, users):
    from cchc.capacity.models import Course, Session

    syt_course = Course.objects.create(title="Lớp Sở Y tế", organiser=org_tree["T42.syt"],
                                       start_date=date(2025, 1, 1), end_date=date(2025, 1, 2))
    learner = _staff("Học viên", org_tree["T42.syt"])
    services.course_enrol(users["focal_b"], syt_course, learner)
    session = Session.objects.create(course=syt_course, date=date(2025, 1, 1), topic="Buổi 1")
    client.force_login(users["focal_point"])  # Sở Tư pháp: may read published courses, not edit Sở Y tế's
    client.post(reverse("capacity:course_detail", args=[syt_course.pk]),
                {"action": "attendance", "session": session.pk, "present": [learner.pk]})
    assert not session.attendance.exists()
