"""Courses and their sessions are written by services (issue 9): the organiser's editors only, the dates checked,
audited with the user as actor; the pages go through them."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cchc.capacity import services
from cchc.capacity.models import Course, Session

pytestmark = pytest.mark.django_db


def _course_data(unit, **over):
    return {
        "title": "Tập huấn  cải cách thủ tục hành chính",
        "organiser": unit,
        "start_date": date(2025, 3, 3),
        "end_date": date(2025, 3, 4),
        "format": "in_person",
        "areas": ["procedures"],
        **over,
    }


def test_course_create_checks_the_unit_the_dates_and_leaves_an_audit_entry(org_tree, users):
    stp = org_tree["T42.stp"]
    with pytest.raises(PermissionDenied):  # Sở Y tế's focal point, for Sở Tư pháp
        services.course_create(users["focal_b"], **_course_data(stp))
    with pytest.raises(services.CapacityError) as refused:
        services.course_create(users["focal_point"], **_course_data(stp, end_date=date(2025, 3, 1)))
    assert refused.value.message == "Ngày kết thúc phải sau ngày bắt đầu."
    assert refused.value.extra["field"] == "end_date"
    assert not Course.objects.exists()

    course = services.course_create(users["focal_point"], **_course_data(stp))
    assert course.title == "Tập huấn cải cách thủ tục hành chính" and course.organiser == stp
    entry = LogEntry.objects.get_for_object(course).get()
    assert entry.actor == users["focal_point"] and entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["title"][1] == course.title


def test_session_add_is_the_organisers_within_the_course_dates(org_tree, users):
    course = Course.objects.create(
        title="Lớp Sở Tư pháp",
        organiser=org_tree["T42.stp"],
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 4),
    )
    with pytest.raises(PermissionDenied):
        services.session_add(users["focal_b"], course, on=date(2025, 3, 3), topic="Buổi 1")
    with pytest.raises(services.CapacityError) as refused:
        services.session_add(users["focal_point"], course, on=date(2025, 3, 9), topic="Buổi 1")
    assert (
        refused.value.message == "Ngày của buổi học phải trong thời gian của lớp (03/03/2025 – 04/03/2025)."
    )
    with pytest.raises(services.CapacityError, match="Cần nhập chuyên đề"):
        services.session_add(users["focal_point"], course, on=date(2025, 3, 3), topic="   ")
    assert not Session.objects.exists()

    session = services.session_add(
        users["focal_point"], course, on=date(2025, 3, 4), topic="Buổi 1", place="Hội trường"
    )
    entry = LogEntry.objects.get_for_object(session).get()
    assert entry.actor == users["focal_point"] and entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["topic"][1] == "Buổi 1"


def test_course_pages_show_the_services_refusals(client, org_tree, users):
    client.force_login(users["focal_point"])
    stp = org_tree["T42.stp"]
    data = {
        "title": "Lớp thử",
        "format": "in_person",
        "organiser": stp.pk,
        "start_date": "2025-03-03",
        "end_date": "2025-03-01",
        "description": "",
        "completion_share": 80,
    }
    resp = client.post(reverse("capacity:course_new"), data)
    assert resp.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu." in resp.content.decode()
    assert not Course.objects.exists()
    resp = client.post(reverse("capacity:course_new"), {**data, "end_date": "2025-03-04"})
    course = Course.objects.get()
    assert (
        resp.status_code == 302
        and LogEntry.objects.get_for_object(course).get().actor == users["focal_point"]
    )

    url = reverse("capacity:course_detail", args=[course.pk])
    resp = client.post(url, {"action": "session", "s-date": "2025-04-01", "s-topic": "Buổi 1"})
    assert resp.status_code == 200 and "phải trong thời gian của lớp" in resp.content.decode()
    assert (
        client.post(url, {"action": "session", "s-date": "2025-03-03", "s-topic": "Buổi 1"}).status_code
        == 302
    )
    assert LogEntry.objects.get_for_object(course.sessions.get()).get().actor == users["focal_point"]


def _learner(name, unit, user=None):
    from cchc.capacity.models import CchcRole, StaffMember

    staff = StaffMember.objects.create(full_name=name, user=user)
    services.staff_assign(staff, unit, CchcRole.PART_TIME, start=date(2024, 1, 2))
    return staff


def _stp_course(org_tree):
    return Course.objects.create(
        title="Lớp Sở Tư pháp",
        organiser=org_tree["T42.stp"],
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 4),
        completion_share=100,
    )


def test_course_enrol_is_the_organisers_for_staff_they_manage(org_tree, users):
    from cchc.capacity.models import Enrolment

    course = _stp_course(org_tree)
    lan = _learner("Nguyễn Thị Lan", org_tree["T42.stp"])
    hoa = _learner("Lê Thị Hòa", org_tree["T42.syt"])
    for who in ("focal_b", "viewer"):  # another unit's focal point; a viewer of the organiser
        with pytest.raises(services.CapacityError) as refused:
            services.course_enrol(users[who], course, lan)
        assert refused.value.code == "forbidden" and refused.value.status == 403
        assert refused.value.message == (
            "Chỉ đơn vị tổ chức lớp «Lớp Sở Tư pháp» (hoặc Phòng CCHC) được ghi danh và điểm danh học viên."
        )
    with pytest.raises(services.CapacityError) as refused:  # Sở Y tế's staff, by Sở Tư pháp's focal point
        services.course_enrol(users["focal_point"], course, hoa)
    assert refused.value.message == "Không ghi danh được «Lê Thị Hòa»: cán bộ không thuộc đơn vị bạn quản lý."
    assert not Enrolment.objects.exists()

    enrolment = services.course_enrol(users["focal_point"], course, lan)
    entry = LogEntry.objects.get_for_object(enrolment).get()
    assert entry.actor == users["focal_point"] and entry.action == LogEntry.Action.CREATE
    assert services.course_enrol(users["par_office"], course, hoa).staff == hoa  # the office: every unit


def test_attendance_record_is_the_organisers_and_audited(org_tree, users):
    from cchc.capacity.models import Attendance, Enrolment

    course = _stp_course(org_tree)
    lan = _learner("Nguyễn Thị Lan", org_tree["T42.stp"])
    enrolment = Enrolment.objects.create(course=course, staff=lan)
    session = Session.objects.create(course=course, date=date(2025, 3, 3), topic="Buổi 1")
    for who in ("focal_b", "viewer"):
        with pytest.raises(services.CapacityError, match="được ghi danh và điểm danh") as refused:
            services.attendance_record(users[who], session, {lan.pk})
        assert refused.value.code == "forbidden"
    assert not Attendance.objects.exists()
    enrolment.refresh_from_db()
    assert not enrolment.completed

    services.attendance_record(users["focal_point"], session, {lan.pk})
    mark = Attendance.objects.get()
    assert mark.present
    assert LogEntry.objects.get_for_object(mark).get().actor == users["focal_point"]
    enrolment.refresh_from_db()
    assert enrolment.completed  # the only session attended: the completion is written under the same actor
    assert LogEntry.objects.get_for_object(enrolment).latest("pk").actor == users["focal_point"]


def test_evaluation_submit_is_the_learners_own(org_tree, users):
    from cchc.capacity.models import Enrolment, Evaluation, Trainer

    course = _stp_course(org_tree)
    lan = _learner("Nguyễn Thị Lan", org_tree["T42.stp"], user=users["focal_point"])
    Enrolment.objects.create(course=course, staff=lan)
    teacher = Trainer.objects.create(name="TS. Giảng Viên")
    stranger = Trainer.objects.create(name="ThS. Không Dạy")
    Session.objects.create(course=course, date=date(2025, 3, 3), topic="Buổi 1", trainer=teacher)
    scores = {"content": 5, "method": 4, "trainer_score": 5, "usefulness": 4}
    for who in ("viewer", "focal_b", "par_office"):  # not Lan: not even the office writes a learner's form
        with pytest.raises(services.CapacityError) as refused:
            services.evaluation_submit(users[who], course, staff=lan, trainer=teacher, scores=scores)
        assert refused.value.code == "forbidden"
        assert refused.value.message == "Chỉ học viên của lớp «Lớp Sở Tư pháp» mới đánh giá được lớp học."
    other = _stp_course(org_tree)  # Lan is not enrolled in this one
    with pytest.raises(services.CapacityError, match="Chỉ học viên"):
        services.evaluation_submit(users["focal_point"], other, staff=lan, trainer=None, scores=scores)
    with pytest.raises(services.CapacityError) as refused:
        services.evaluation_submit(users["focal_point"], course, staff=lan, trainer=stranger, scores=scores)
    assert refused.value.message == "Giảng viên «ThS. Không Dạy» không dạy buổi nào của lớp này."
    assert refused.value.extra["field"] == "trainer"
    assert not Evaluation.objects.exists()

    ev = services.evaluation_submit(
        users["focal_point"], course, staff=lan, trainer=teacher, scores=scores, comment="  Hữu ích "
    )
    assert ev.comment == "Hữu ích" and ev.content == 5
    entry = LogEntry.objects.get_for_object(ev).get()
    assert entry.actor == users["focal_point"] and entry.action == LogEntry.Action.CREATE


def test_course_page_enrols_and_calls_the_roll_through_the_services(client, org_tree, users):
    from cchc.capacity.models import Attendance, Enrolment

    course = _stp_course(org_tree)
    lan = _learner("Nguyễn Thị Lan", org_tree["T42.stp"])
    hoa = _learner("Lê Thị Hòa", org_tree["T42.syt"])
    session = Session.objects.create(course=course, date=date(2025, 3, 3), topic="Buổi 1")
    client.force_login(users["focal_point"])
    url = reverse("capacity:course_detail", args=[course.pk])
    resp = client.post(url, {"action": "enrol", "staff": [hoa.pk]}, follow=True)  # not a staff of Sở Tư pháp
    assert "Không ghi danh được «Lê Thị Hòa»" in resp.content.decode()
    assert not Enrolment.objects.exists()
    resp = client.post(url, {"action": "enrol", "staff": [lan.pk]}, follow=True)
    assert "Đã ghi danh 1 học viên." in resp.content.decode()
    assert LogEntry.objects.get_for_object(Enrolment.objects.get()).get().actor == users["focal_point"]
    client.post(url, {"action": "attendance", "session": session.pk, "present": [lan.pk]})
    assert (
        LogEntry.objects.get_for_object(Attendance.objects.get(present=True)).get().actor
        == users["focal_point"]
    )
