"""Campaigns are written by one service (issue 9): the CCHC office only, the rules checked there (times, pass mark,
blueprint), audited with the office's user as actor — units taking it included; the page goes through it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cchc.exams import services
from cchc.exams.models import Campaign

pytestmark = pytest.mark.django_db


def _fields(**over):
    now = timezone.now()
    return {
        "title": "Kiểm tra kiến thức CCHC quý II",
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=2),
        "duration_minutes": 30,
        "pass_percent": 60,
        "blueprint": [{"topic": "procedures", "difficulty": "", "count": 2}],
        **over,
    }


def test_campaign_save_is_the_offices_checked_and_audited(bank, org_tree, users):
    for user in (users["focal_point"], users["unit_leader"]):
        with pytest.raises(PermissionDenied):
            services.campaign_save(user, units=[org_tree["T42.stp"]], **_fields())
    now = timezone.now()
    with pytest.raises(services.ExamError) as refused:
        services.campaign_save(users["par_office"], units=[org_tree["T42"]], **_fields(closes_at=now))
    assert refused.value.message == "Thời điểm đóng phải sau thời điểm mở."
    assert refused.value.code == "invalid" and refused.value.extra["field"] == "closes_at"
    with pytest.raises(services.ExamError, match="Điểm đạt phải trong khoảng 0–100%."):
        services.campaign_save(users["par_office"], **_fields(pass_percent=120))
    with pytest.raises(services.ExamError, match="không có chủ đề «khong-co»"):
        services.campaign_save(users["par_office"], **_fields(blueprint=[{"topic": "khong-co", "count": 1}]))
    assert not Campaign.objects.exists()

    c = services.campaign_save(
        users["par_office"], units=[org_tree["T42"]], roles=["focal_point"], **_fields()
    )
    assert c.created_by == users["par_office"] and c.roles == ["focal_point"]
    assert list(c.units.all()) == [org_tree["T42"]]
    entries = LogEntry.objects.get_for_object(c)
    assert {e.actor for e in entries} == {users["par_office"]}
    assert (
        entries.get(action=LogEntry.Action.CREATE).changes_dict["title"][1]
        == "Kiểm tra kiến thức CCHC quý II"
    )
    assert any("units" in e.changes_dict for e in entries)  # who takes it is part of the trail

    services.campaign_save(users["admin"], campaign=c, pass_percent=70)  # a field not given keeps its value
    c.refresh_from_db()
    assert (
        c.pass_percent == 70
        and c.title == "Kiểm tra kiến thức CCHC quý II"
        and c.created_by == users["par_office"]
    )
    old, new = (
        LogEntry.objects.get_for_object(c).filter(actor=users["admin"]).get().changes_dict["pass_percent"]
    )
    assert (float(old), float(new)) == (60, 70)


def test_campaign_page_shows_the_services_refusal_on_its_field(client, bank, org_tree, users):
    client.force_login(users["par_office"])
    data = {
        "title": "Đợt 3",
        "units": [org_tree["T42"].pk],
        "opens_at": "2030-01-01T11:00",
        "closes_at": "2030-01-01T08:00",
        "duration_minutes": 30,
        "pass_percent": 60,
        "attempts_allowed": 1,
        "results_policy": "after_close",
        "stagger_seconds": 0,
        "blueprint_text": "procedures; ; 2",
    }
    resp = client.post(reverse("exams:campaign_new"), data)
    assert resp.status_code == 200
    assert resp.context["form"].errors["closes_at"] == ["Thời điểm đóng phải sau thời điểm mở."]
    assert not Campaign.objects.exists()
    resp = client.post(reverse("exams:campaign_new"), {**data, "closes_at": "2030-01-01T12:00"})
    assert resp.status_code == 302
    c = Campaign.objects.get()
    assert LogEntry.objects.get_for_object(c).get(action=LogEntry.Action.CREATE).actor == users["par_office"]
