"""Moving a task's due date: the unit asks with a reason, the office agrees (maybe to an earlier date) or refuses with
its reason, or moves it itself; the plan's date is kept; late, on time and done late follow the moved date; scoped,
audited, the unit told; the pages of the unit and of the office."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.notifications.models import Notification
from cchc.plans import selectors, services
from cchc.plans.models import DeadlineChange, Occurrence
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _occ(plan, unit="T42.stp"):
    """Sở Tư pháp's line of task I.1 (due in quý II/2024: long past today)."""
    return Occurrence.objects.get(plan=plan, task__number="1", task__section="I", unit__code=unit)


def _late_ids(user):
    return {o.pk for o in selectors.occurrences_late(selectors.occurrences_scoped(user), timezone.localdate())}


def test_unit_asks_office_agrees_to_an_earlier_date_plan_date_kept_late_flag_follows(users, small_plan):
    o = _occ(small_plan)
    plan_date, today = o.due_date, timezone.localdate()
    assert o.pk in _late_ids(users["par_office"])
    asked = today + timedelta(days=60)
    change = services.deadline_change_request(user=users["focal_point"], occurrence=o, to_date=asked,
                                              reason="Chờ hướng dẫn của Bộ Tư pháp")
    assert change.state == DeadlineChange.State.REQUESTED and change.from_date == plan_date
    o.refresh_from_db()
    assert o.due_date == plan_date  # nothing moves before the office agrees
    with pytest.raises(services.PlanError) as e:  # one request at a time
        services.deadline_change_request(user=users["unit_leader"], occurrence=o, to_date=asked, reason="Lần hai")
    assert e.value.code == "pending"

    granted = today + timedelta(days=30)
    services.deadline_change_decide(user=users["par_office"], change=change, approve=True, to_date=granted,
                                    comment="Đồng ý 30 ngày")
    o.refresh_from_db()
    change.refresh_from_db()
    assert (o.due_date, o.original_due_date) == (granted, plan_date)
    assert change.state == DeadlineChange.State.APPROVED and change.to_date == granted
    assert change.decided_by == users["par_office"] and change.comment == "Đồng ý 30 ngày"
    assert o.pk not in _late_ids(users["par_office"])  # no longer late: the moved date has not passed
    told = Notification.objects.filter(user=users["focal_point"], kind="plans.deadline").get()
    assert told.title.startswith(f"Hạn mới {granted:%d/%m/%Y}") and "Đồng ý 30 ngày" in told.body
    entries = LogEntry.objects.get_for_object(change)
    assert {e.actor for e in entries} == {users["focal_point"], users["par_office"]}
    assert LogEntry.objects.get_for_object(o).filter(actor=users["par_office"]).exists()  # the due date's change


def test_report_sent_between_the_plan_date_and_the_moved_date_is_on_time_and_done_not_late(users, small_plan):
    o = _occ(small_plan)
    today = timezone.localdate()
    services.deadline_change_set(user=users["par_office"], occurrence=o, to_date=today + timedelta(days=10),
                                 reason="Công văn 123/UBND-NC ngày 01/12/2026 điều chỉnh thời hạn")
    services.progress_report_save(occurrence=o, user=users["focal_point"], submit=True, data={
        "status": "done", "percent": 100, "result": "Đã ban hành Quyết định 45/QĐ-STP", "completed_on": str(today)})
    o.refresh_from_db()
    assert o.on_time and o.status == "done"  # against the plan's date it would be late and "done late"
    # the office moves it back before the completion: done late, and the first report no longer on time
    services.deadline_change_set(user=users["par_office"], occurrence=o, to_date=today - timedelta(days=1),
                                 reason="Rút lại gia hạn")
    o.refresh_from_db()
    assert (o.status, o.on_time) == ("done_late", False)
    assert o.original_due_date is not None and o.original_due_date < today - timedelta(days=1)
    assert o.deadline_changes.count() == 2


def test_refusal_needs_a_reason_keeps_the_date_and_tells_the_unit(users, small_plan):
    o = _occ(small_plan)
    change = services.deadline_change_request(user=users["focal_point"], occurrence=o,
                                              to_date=timezone.localdate() + timedelta(days=20), reason="Thiếu người")
    with pytest.raises(services.PlanError) as e:
        services.deadline_change_decide(user=users["par_office"], change=change, approve=False, comment="  ")
    assert e.value.code == "reason_required" and "lý do không đồng ý" in e.value.message
    services.deadline_change_decide(user=users["par_office"], change=change, approve=False,
                                    comment="Nhiệm vụ trọng tâm, không gia hạn")
    o.refresh_from_db()
    assert o.original_due_date is None and o.pk in _late_ids(users["par_office"])
    body = Notification.objects.get(user=users["unit_leader"], kind="plans.deadline").body
    assert "Nhiệm vụ trọng tâm" in body
    with pytest.raises(services.PlanError) as e:  # answered once
        services.deadline_change_decide(user=users["par_office"], change=change, approve=True)
    assert e.value.code == "decided"
    # a new request may follow the refusal
    services.deadline_change_request(user=users["focal_point"], occurrence=o,
                                     to_date=timezone.localdate() + timedelta(days=5), reason="Bổ sung lý do")


@pytest.mark.parametrize("to_date, reason, code", [
    (None, "Lý do", "date_required"),
    ("due", "Lý do", "not_later"),
    ("far", "Lý do", "too_far"),
    ("yesterday", "Lý do", "past"),
    ("31/02/2027", "Lý do", "bad_date"),  # typed text is read as a date or refused by name  # after the plan's date but already gone: it would be late at once
    ("later", "   ", "reason_required"),
])
def test_request_is_checked_with_a_vietnamese_message(users, small_plan, to_date, reason, code):
    o = _occ(small_plan)
    day = {"due": o.due_date, "far": date(2062, 1, 1), "later": timezone.localdate() + timedelta(days=9),
           "yesterday": timezone.localdate() - timedelta(days=1), "31/02/2027": "31/02/2027",
           None: None}[to_date]
    with pytest.raises(services.PlanError) as e:
        services.deadline_change_request(user=users["focal_point"], occurrence=o, to_date=day, reason=reason)
    assert e.value.code == code and e.value.message
    assert not DeadlineChange.objects.exists()


def test_only_the_unit_asks_and_only_the_office_decides(users, small_plan):
    o = _occ(small_plan)
    later = timezone.localdate() + timedelta(days=9)
    for name in ("focal_b", "viewer", "commune_focal"):  # another unit, a viewer of the unit, a commune
        with pytest.raises(PermissionDenied):
            services.deadline_change_request(user=users[name], occurrence=o, to_date=later, reason="Xin gia hạn")
    with pytest.raises(services.PlanError) as e:
        services.deadline_change_request(user=users["par_office"], occurrence=o, to_date=later, reason="x")
    assert e.value.code == "office_sets"
    change = services.deadline_change_request(user=users["focal_point"], occurrence=o, to_date=later, reason="Thiếu")
    for name in ("focal_point", "unit_leader", "focal_b", "appraiser"):
        with pytest.raises(PermissionDenied):
            services.deadline_change_decide(user=users[name], change=change, approve=True)
        with pytest.raises(PermissionDenied):
            services.deadline_change_set(user=users[name], occurrence=o, to_date=later, reason="Tự gia hạn")
    o.refresh_from_db()
    assert o.original_due_date is None and DeadlineChange.objects.get().state == DeadlineChange.State.REQUESTED
    # a finished line needs no more time
    o.status = "done"
    o.save()
    with pytest.raises(services.PlanError) as e:
        services.deadline_change_request(user=users["unit_leader"], occurrence=o, to_date=later, reason="Thêm")
    assert e.value.code == "closed"


def test_office_move_answers_a_waiting_request(users, small_plan):
    o = _occ(small_plan)
    today = timezone.localdate()
    change = services.deadline_change_request(user=users["focal_point"], occurrence=o,
                                              to_date=today + timedelta(days=40), reason="Chờ kinh phí")
    services.deadline_change_set(user=users["par_office"], occurrence=o, to_date=today + timedelta(days=15),
                                 reason="Theo Thông báo kết luận 12/TB-UBND")
    change.refresh_from_db()
    assert change.state == DeadlineChange.State.APPROVED and change.to_date == today + timedelta(days=15)
    assert DeadlineChange.objects.count() == 1 and not selectors.deadline_requests(users["par_office"]).exists()


def test_pages_unit_form_keeps_what_was_typed_office_queue_decides_other_unit_sees_nothing(users, small_plan):
    o = _occ(small_plan)
    url = f"/plans/occurrences/{o.pk}/"
    unit = client_for(users["focal_point"])
    page = unit.get(url).content.decode()
    assert 'id="deadline-form"' in page and "Gửi đề nghị gia hạn tới Phòng CCHC" in page
    resp = unit.post(url, {"form": "deadline", "to_date": str(o.due_date), "reason": "Chờ ý kiến của Bộ Tư pháp"})
    page = resp.content.decode()
    assert resp.status_code == 400 and "Hạn đề nghị phải sau hạn hiện tại" in page
    assert "Chờ ý kiến của Bộ Tư pháp" in page  # the reason typed is still there
    later = timezone.localdate() + timedelta(days=21)
    resp = unit.post(url, {"form": "deadline", "to_date": later.strftime("%d/%m/%Y"), "reason": "Chờ ý kiến"})
    assert resp.status_code == 302 and resp["Location"].endswith("#deadline")
    change = DeadlineChange.objects.get()
    assert change.to_date == later and not o.reports.exists()  # the report form was not touched

    office = client_for(users["par_office"])
    home = office.get("/").content.decode()
    assert "Đề nghị gia hạn nhiệm vụ chờ xem xét" in home
    queue = office.get("/plans/deadlines/").content.decode()
    assert "Chờ ý kiến" in queue and f"/plans/deadlines/{change.pk}/decide/" in queue
    other = client_for(users["focal_b"])
    assert "Chờ ý kiến" not in other.get("/plans/deadlines/").content.decode()
    assert other.post(f"/plans/deadlines/{change.pk}/decide/", {"action": "approve"}).status_code == 403
    assert unit.post(f"/plans/deadlines/{change.pk}/decide/", {"action": "approve"}).status_code == 403
    resp = office.post(f"/plans/deadlines/{change.pk}/decide/", {"action": "refuse", "comment": "", "next": "queue"})
    assert resp.status_code == 302
    change.refresh_from_db()
    assert change.state == DeadlineChange.State.REQUESTED  # refused without a reason: not decided
    office.post(f"/plans/deadlines/{change.pk}/decide/", {"action": "approve", "to_date": str(later), "next": "queue"})
    o.refresh_from_db()
    assert o.due_date == later
    page = unit.get(url).content.decode()
    assert "Đã điều chỉnh; hạn theo kế hoạch" in page and "Đã đồng ý" in page
    mine = unit.get("/plans/my/").content.decode()
    assert "đã gia hạn (theo kế hoạch" in mine
    api = unit.get(f"/api/plans/occurrences/{o.pk}").json()
    assert (api["due_date"], api["original_due_date"]) == (str(later), str(o.original_due_date))


def test_office_moves_the_date_of_every_units_line_at_once(users, small_plan):
    """A province's decision extends task II.1 (every commune leads it) for all: one move from one commune's line
    moves every open line with the same due date, each audited and its unit told; a line already done keeps its
    date; the page offers it with the number of other lines, and the focal point's page does not."""
    lines = Occurrence.objects.filter(plan=small_plan, task__section="II", task__number="1").order_by("pk")
    first, done = lines[0], lines[1]
    plan_date = first.due_date
    assert lines.count() > 10 and all(o.due_date == plan_date for o in lines)
    Occurrence.objects.filter(pk=done.pk).update(status="done", completed_on=plan_date)
    others = selectors.occurrence_same_due_others(users["par_office"], first).count()
    assert others == lines.count() - 2
    page = client_for(users["par_office"]).get(f"/plans/occurrences/{first.pk}/").content.decode()
    assert 'name="every_unit"' in page and f"Áp dụng cho cả {others} đơn vị khác" in page
    new = timezone.localdate() + timedelta(days=20)
    resp = client_for(users["par_office"]).post(f"/plans/occurrences/{first.pk}/", {
        "form": "deadline", "to_date": new.strftime("%d/%m/%Y"), "every_unit": "1",
        "reason": "Quyết định 12/QĐ-UBND ngày 01/12/2026 gia hạn nhiệm vụ số hóa hồ sơ"})
    assert resp.status_code == 302
    moved = lines.exclude(pk=done.pk)
    assert set(moved.values_list("due_date", flat=True)) == {new}
    assert set(moved.values_list("original_due_date", flat=True)) == {plan_date}
    done.refresh_from_db()
    assert (done.due_date, done.original_due_date, done.status) == (plan_date, None, "done")
    assert DeadlineChange.objects.filter(occurrence__in=moved, state="approved").count() == moved.count()
    assert all(LogEntry.objects.get_for_object(o).filter(actor=users["par_office"]).exists() for o in moved[:3])
    # without the box only the one line moves
    services.deadline_change_set(user=users["par_office"], occurrence=first, to_date=new + timedelta(days=5),
                                 reason="Riêng xã này")
    assert lines.filter(due_date=new + timedelta(days=5)).count() == 1
    # a unit's focal point is offered no such box and cannot move any date
    own = _occ(small_plan)
    page = client_for(users["focal_point"]).get(f"/plans/occurrences/{own.pk}/").content.decode()
    assert 'name="to_date"' in page and 'name="every_unit"' not in page
    with pytest.raises(PermissionDenied):
        services.deadline_change_set(user=users["focal_point"], occurrence=own, to_date=new, reason="x",
                                     every_unit=True)


def test_the_office_queue_costs_the_same_queries_with_more_requests(users, small_plan):
    """The office's queue of requests and the unit's list read in a fixed number of queries (no query a row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lines = list(Occurrence.objects.filter(plan=small_plan, task__section="II", task__number="1").order_by("pk"))
    later = timezone.localdate() + timedelta(days=30)

    def add(rows):
        DeadlineChange.objects.bulk_create([
            DeadlineChange(occurrence=o, from_date=o.due_date, to_date=later, reason=f"Lý do {o.pk}",
                           requested_by=users["commune_focal"]) for o in rows])

    def count(client):
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get("/plans/deadlines/")
        assert resp.status_code == 200
        return len(ctx.captured_queries), resp.content.decode()

    office = client_for(users["par_office"])
    add(lines[:3])
    few, html = count(office)
    assert html.count("Lý do ") >= 3
    add(lines[3:15])
    many, html = count(office)
    assert html.count("Lý do ") >= 15 and many == few
