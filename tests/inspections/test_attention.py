"""Home-page items of the inspections app ("Việc cần chú ý"): the unit's coming inspection (issued plans only), its
findings past due or due soon until the fix is reported, and inspections over without a conclusion for the office
and the team; never shown to another unit's users."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.core.vndates import format_date_short
from cchc.inspections import services
from cchc.inspections.attention import items
from cchc.inspections.models import Finding
from cchc.plans import services as plan_services
from cchc.plans.models import Occurrence
from tests.conftest import unit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _keys(user):
    return [i["key"] for i in items(user)]


def _plan(users, year, issued=True):
    plan = services.plan_create(user=users["par_office"], year=year, target_share=35)
    if issued:
        services.plan_issue(user=users["par_office"], plan=plan, document_number="12/KH-SNV",
                            issued_on=date(year, 1, 10))
    return plan


def _inspect(users, plan, code="T42.stp", month=None, **dates):
    month = month or (dates["starts_on"].month if dates.get("starts_on") else timezone.localdate().month)
    return services.inspection_add(user=users["par_office"], plan=plan, unit=unit(code), month=month,
                                   chief=users["appraiser"], **dates)


def test_coming_inspection_for_the_units_own_users_of_issued_plans(users):
    today = timezone.localdate()
    draft = _plan(users, today.year, issued=False)
    _inspect(users, draft)
    assert items(users["focal_point"]) == []  # a draft plan announces nothing
    services.plan_issue(user=users["par_office"], plan=draft, document_number="12/KH-SNV", issued_on=today)
    [coming] = items(users["focal_point"])
    assert coming["label"] == (f"Đoàn kiểm tra CCHC sẽ làm việc với đơn vị trong tháng "
                               f"{today.month}/{today.year}")
    assert coming["level"] == "info" and items(users["unit_leader"]) == [coming]
    for name in ("focal_b", "commune_focal", "viewer", "par_office"):
        assert items(users[name]) == [], name
    assert coming["label"] in client_for(users["focal_point"]).get("/").content.decode()
    assert client_for(users["focal_point"]).get(coming["url"]).status_code == 200


def test_coming_inspection_with_dates_within_30_days_only(users):
    today = timezone.localdate()
    soon, later = today + timedelta(days=20), today + timedelta(days=75)
    ins = _inspect(users, _plan(users, soon.year), starts_on=soon, ends_on=soon + timedelta(days=1))
    [coming] = items(users["focal_point"])
    assert coming["label"].endswith(f"từ {format_date_short(soon)} đến {format_date_short(soon + timedelta(days=1))}")
    assert coming["url"] == reverse("inspections:inspection_detail", args=[ins.pk])
    plan = _plan(users, later.year) if later.year != soon.year else ins.plan
    _inspect(users, plan, code="T42.syt", starts_on=later, ends_on=later)
    assert items(users["focal_b"]) == []  # 75 days ahead: not yet


def test_the_team_sees_where_it_goes(users):
    """The chief and the members of a team see the coming inspection they take part in (issued plans, same window
    as the unit); others of the office do not."""
    today = timezone.localdate()
    soon = today + timedelta(days=10)
    plan = _plan(users, soon.year, issued=False)
    ins = services.inspection_add(user=users["par_office"], plan=plan, unit=unit("T42.stp"), month=soon.month,
                                  starts_on=soon, ends_on=soon, chief=users["appraiser"], members=[users["focal_b"]])
    assert _keys(users["appraiser"]) == []  # a draft plan announces nothing
    services.plan_issue(user=users["par_office"], plan=plan, document_number="12/KH-SNV", issued_on=today)
    [item] = items(users["appraiser"])
    assert item["key"] == f"inspection_team_{ins.pk}" and item["level"] == "info"
    assert item["label"] == f"Đoàn kiểm tra của bạn làm việc tại {unit('T42.stp').name} ngày {format_date_short(soon)}"
    assert f"inspection_team_{ins.pk}" in _keys(users["focal_b"])
    assert _keys(users["par_office"]) == [] and _keys(users["viewer"]) == []
    assert item["label"] in client_for(users["appraiser"]).get("/").content.decode()


def test_findings_late_and_due_soon_until_reported(users):
    today = timezone.localdate()
    ins = _inspect(users, _plan(users, today.year))
    chief = users["appraiser"]

    def finding(text, due):
        return services.finding_add(user=chief, inspection=ins, text=text, area="direction", due_date=due)

    late = finding("Chưa ban hành kế hoạch tự kiểm tra", today)
    Finding.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=3))
    Occurrence.objects.filter(task_id=late.task_id).update(due_date=today - timedelta(days=3))
    finding("Chưa niêm yết TTHC", today + timedelta(days=7))
    finding("Chưa số hóa hồ sơ", today + timedelta(days=60))  # not due soon: not counted
    by_key = {i["key"]: i for i in items(users["focal_point"])}
    assert by_key["findings_late"]["count"] == 1 and by_key["findings_late"]["level"] == "danger"
    assert by_key["findings_soon"]["count"] == 1 and by_key["findings_soon"]["level"] == "warning"
    assert "Chưa ban hành kế hoạch tự kiểm tra" in by_key["findings_late"]["details"][0]["text"]
    occ = Occurrence.objects.get(task_id=late.task_id)
    assert by_key["findings_late"]["details"][0]["url"] == reverse("plans:occurrence_detail", args=[occ.pk])
    for name in ("focal_b", "commune_focal", "par_office"):
        assert not any(k.startswith("findings") for k in _keys(users[name])), name
    page = client_for(users["focal_point"]).get("/").content.decode()
    assert "Tồn tại qua kiểm tra CCHC đã quá hạn khắc phục" in page
    # the unit reports the fix: nothing is asked of it any more
    plan_services.progress_report_save(
        occurrence=occ, user=users["focal_point"], submit=True,
        data={"status": "done", "percent": 100, "result": "Đã ban hành", "completed_on": today})
    assert "findings_late" not in _keys(users["focal_point"])
    assert "findings_soon" in _keys(users["focal_point"])


def test_inspection_over_without_conclusion_for_office_and_team(users):
    today = timezone.localdate()
    past = today - timedelta(days=3)
    ins = _inspect(users, _plan(users, past.year), starts_on=past, ends_on=past)
    assert _keys(users["par_office"]) == _keys(users["appraiser"]) == ["inspections_unconcluded"]
    assert items(users["par_office"])[0]["url"] == reverse("inspections:inspection_detail", args=[ins.pk])
    for name in ("focal_b", "commune_focal"):
        assert items(users[name]) == [], name
    services.checklist_save(user=users["appraiser"], inspection=ins,
                            results={i.pk: ("ok", "") for i in ins.checklist.all()})
    services.inspection_conclude(user=users["appraiser"], inspection=ins, summary="Đơn vị thực hiện tốt.")
    assert items(users["par_office"]) == items(users["appraiser"]) == []


def test_an_inspection_over_early_in_the_month_is_not_coming_any_more(users):
    """Seen on 4 December: an inspection held on 1 December was still announced to its team as coming, because it is
    in the current month (the rule for an inspection with no dates)."""
    year = timezone.localdate().year
    _inspect(users, _plan(users, year), starts_on=date(year, 12, 1), ends_on=date(year, 12, 1))
    on_the_4th = date(year, 12, 4)
    assert [i["key"] for i in items(users["appraiser"], on_the_4th)] == ["inspections_unconcluded"]
    assert [i["key"] for i in items(users["appraiser"], date(year, 12, 1))][0].startswith("inspection_team_")


def test_months_of_a_draft_plan_are_not_overdue_until_results_are_recorded(users):
    past = timezone.localdate() - timedelta(days=40)
    ins = _inspect(users, _plan(users, past.year, issued=False), month=past.month)
    assert items(users["par_office"]) == []
    services.checklist_save(user=users["appraiser"], inspection=ins,
                            results={ins.checklist.first().pk: ("ok", "")})  # held: status "done"
    assert _keys(users["par_office"]) == ["inspections_unconcluded"]
