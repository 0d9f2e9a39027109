"""A unit that took over a merged unit carries on its records (the 2025 reorganisation, decisions.md session 27):
Sở Giao thông vận tải merged into Sở Xây dựng on 1 March 2025 (the real Hà Tĩnh units of the test tree). The
successor's focal point sees and reports on the old department's open lines (and its division's, and those of a unit
renamed into it earlier), its leader approves them; a third unit sees neither; a unit that only transferred
functions to it and lives on stays its own. The lines stay the old unit's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc.core import review
from cchc.org import access
from cchc.org.models import Membership, OrgUnit, Role, Succession, SuccessionKind, UnitKind
from cchc.plans.models import Occurrence, ProgressReport
from tests.helpers import PASSWORD, client_for

pytestmark = pytest.mark.django_db

MERGED_NOTE = "Nhiệm vụ của Sở Giao thông vận tải tỉnh Hà Tĩnh (đã sáp nhập vào đơn vị ngày 01/03/2025)"


def _person(username, role, unit):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username,
                                                email=f"{username}@example.vn")
    Membership.objects.create(user=user, role=role, unit=unit)
    return user


def _line(template: Occurrence, unit: OrgUnit) -> Occurrence:
    """A copy of ``template`` (a line of the small plan) assigned to ``unit``."""
    return Occurrence.objects.create(task=template.task, schedule=template.schedule, plan=template.plan, unit=unit,
                                     period=template.period, due_date=template.due_date)


@pytest.fixture
def merged(users, small_plan, settings):
    settings.CCHC_LEADER_APPROVAL = True
    gtvt, sxd, sct = (OrgUnit.objects.get(code=c) for c in ("T42.sgtvt", "T42.sxd", "T42.sct"))
    assert gtvt.valid_to == date(2025, 2, 28) and Succession.objects.filter(
        predecessor=gtvt, successor=sxd, kind=SuccessionKind.MERGE, date=date(2025, 3, 1)).exists()
    division = OrgUnit.objects.create(code="T42.sgtvt.pvt", name="Phòng Quản lý vận tải", kind=UnitKind.DIVISION,
                                      parent=gtvt, valid_to=gtvt.valid_to)
    older = OrgUnit.objects.create(code="T42.sgtvt.cu", name="Sở Giao thông công chính tỉnh Hà Tĩnh",
                                   kind=UnitKind.DEPARTMENT, parent=gtvt.parent, valid_to=date(2008, 6, 30))
    Succession.objects.create(predecessor=older, successor=gtvt, kind=SuccessionKind.RENAME, date=date(2008, 7, 1))
    # Sở Công Thương handed some functions to Sở Xây dựng and lives on: its records stay its own
    Succession.objects.create(predecessor=sct, successor=sxd, kind=SuccessionKind.TRANSFER, date=date(2025, 3, 1))
    template = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp").order_by("due_date", "pk").first()
    lines = {name: _line(template, unit) for name, unit in
             (("gtvt", gtvt), ("division", division), ("older", older), ("sct", sct), ("sxd", sxd))}
    lines["stp"] = template
    return {"units": {"gtvt": gtvt, "sxd": sxd, "sct": sct, "division": division}, "lines": lines,
            "fp": _person("daumoi.sxd", Role.FOCAL_POINT, sxd), "leader": _person("lanhdao.sxd", Role.UNIT_LEADER, sxd),
            "viewer": _person("xem.sxd", Role.VIEWER, sxd), "third": users["focal_point"]}


def test_successor_focal_point_sees_and_reports_on_the_merged_departments_line_its_leader_approves(merged):
    fp, leader, o = merged["fp"], merged["leader"], merged["lines"]["gtvt"]
    c = client_for(fp)
    page = c.get("/plans/my/").content.decode()
    assert f'data-occurrence="{o.pk}"' in page and MERGED_NOTE in page
    detail = c.get(f"/plans/occurrences/{o.pk}/")
    assert detail.status_code == 200 and MERGED_NOTE in detail.content.decode()
    assert "Gửi lãnh đạo đơn vị duyệt" in detail.content.decode()  # the leader step: Sở Xây dựng's leader
    r = c.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": "60", "result": "Đã làm",
                                                "action": "submit"})
    assert r.status_code == 302
    report = ProgressReport.objects.get(occurrence=o)
    assert report.review_state == review.LEADER_REVIEW and report.unit_id == merged["units"]["gtvt"].pk
    o.refresh_from_db()
    assert o.unit_id == merged["units"]["gtvt"].pk  # history is not rewritten: the line stays the old department's
    assert access.unit_approver_ids(o.unit) == {leader.pk}  # the old department has no leader: the successor's
    lc = client_for(leader)
    queue = lc.get("/plans/my/?show=approval").content.decode()
    assert f'data-report="{report.pk}"' in queue and MERGED_NOTE in queue
    r = lc.post(f"/plans/reports/{report.pk}/action/", {"action": "approve", "version": report.version,
                                                         "next": "approval"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.review_state == review.SUBMITTED and report.approved_by_id == leader.pk


def test_a_third_unit_sees_neither_the_successors_nor_the_merged_units_lines(merged):
    lines = merged["lines"]
    third = client_for(merged["third"])
    for name in ("gtvt", "sxd", "division"):
        assert third.get(f"/plans/occurrences/{lines[name].pk}/").status_code == 404
        assert third.post(f"/plans/occurrences/{lines[name].pk}/", {"status": "done", "percent": "100",
                                                                     "action": "submit"}).status_code == 404
    page = third.get("/plans/my/").content.decode()
    assert not any(f'data-occurrence="{lines[n].pk}"' in page for n in ("gtvt", "sxd", "division"))
    # while the successor's people reach them, and read-only memberships read only
    fp, viewer = merged["fp"], merged["viewer"]
    assert access.can_edit_unit(fp, merged["units"]["gtvt"]) and not access.can_edit_unit(merged["third"],
                                                                                           merged["units"]["gtvt"])
    assert access.can_view_unit(viewer, merged["units"]["gtvt"]) and not access.can_edit_unit(viewer,
                                                                                              merged["units"]["gtvt"])
    # the merged department's people do not reach its successor (records pass one way)
    old_fp = _person("daumoi.gtvt", Role.FOCAL_POINT, merged["units"]["gtvt"])
    assert not access.can_view_unit(old_fp, merged["units"]["sxd"])


def test_a_unit_that_only_transferred_functions_and_lives_on_is_not_inherited(merged):
    fp, lines = merged["fp"], merged["lines"]
    c = client_for(fp)
    assert c.get(f"/plans/occurrences/{lines['sct'].pk}/").status_code == 404
    assert c.get(f"/plans/occurrences/{lines['gtvt'].pk}/").status_code == 200
    page = c.get("/plans/my/").content.decode()
    assert f'data-occurrence="{lines["sct"].pk}"' not in page and f'data-occurrence="{lines["gtvt"].pk}"' in page
    assert not access.can_view_unit(fp, merged["units"]["sct"])


def test_the_merged_departments_subtree_and_its_own_predecessors_are_inherited(merged):
    fp, lines = merged["fp"], merged["lines"]
    c = client_for(fp)
    page = c.get("/plans/my/").content.decode()
    for name in ("division", "older", "sxd"):
        assert f'data-occurrence="{lines[name].pk}"' in page
    division = c.get(f"/plans/occurrences/{lines['division'].pk}/").content.decode()
    assert "Phòng Quản lý vận tải" in division and MERGED_NOTE in division
    older = c.get(f"/plans/occurrences/{lines['older'].pk}/").content.decode()
    assert ("Nhiệm vụ của Sở Giao thông công chính tỉnh Hà Tĩnh (tên trước đây của đơn vị, đổi tên ngày "
            "01/07/2008)") in older
    own = c.get(f"/plans/occurrences/{lines['sxd'].pk}/").content.decode()
    assert 'id="inherited"' not in own  # its own line carries no note
    assert access.can_edit_unit(fp, merged["units"]["division"])
    assert access.can_lead_unit(merged["leader"], merged["units"]["division"])
    assert access.unit_approver_ids(merged["units"]["division"]) == {merged["leader"].pk}


def test_the_inherited_units_are_computed_once_per_request_in_one_query(merged):
    c = client_for(merged["fp"])
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/plans/my/").status_code == 200
    assert sum("WITH RECURSIVE" in q["sql"] for q in ctx.captured_queries) == 1
    # a user whose unit took over none asks nothing more
    with CaptureQueriesContext(connection) as ctx:
        assert client_for(merged["third"]).get("/plans/my/").status_code == 200
    assert not any("WITH RECURSIVE" in q["sql"] for q in ctx.captured_queries)


def test_overdue_reminders_of_a_merged_units_line_go_to_the_successors_people(merged):
    from cchc.notifications.models import Notification
    from cchc.plans.services.reminders import reminders_send

    today = timezone.localdate()
    o = merged["lines"]["gtvt"]
    Occurrence.objects.filter(pk=o.pk).update(due_date=today - timedelta(days=1))
    mail.outbox.clear()
    reminders_send(today=today)
    to = {a for m in mail.outbox for a in m.to}
    assert {"daumoi.sxd@example.vn", "lanhdao.sxd@example.vn"} <= to and "xem.sxd@example.vn" not in to
    assert Notification.objects.filter(user=merged["fp"], url__endswith=f"/occurrences/{o.pk}/").exists()


def test_the_office_filtering_on_the_successor_sees_the_merged_departments_lines_too(merged, users):
    """Dashboard and late list filtered on Sở Xây dựng: its own lines and Sở GTVT's (and its division's); filtered on
    Sở GTVT: only the old department's."""
    c = client_for(users["par_office"])
    lines = merged["lines"]
    late = c.get("/plans/late/?unit=T42.sxd&today=2026-12-01").content.decode()
    for name in ("sxd", "gtvt", "division", "older"):
        assert f'data-occurrence="{lines[name].pk}"' in late, name
    for name in ("sct", "stp"):
        assert f'data-occurrence="{lines[name].pk}"' not in late, name
    old = c.get("/plans/late/?unit=T42.sgtvt&today=2026-12-01").content.decode()
    assert f'data-occurrence="{lines["gtvt"].pk}"' in old and f'data-occurrence="{lines["sxd"].pk}"' not in old
    dash = c.get("/plans/dashboard/?unit=T42.sxd").content.decode()
    assert "Sở Giao thông vận tải tỉnh Hà Tĩnh" in dash
