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
