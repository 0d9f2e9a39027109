"""The report review flow seen by the unit: returned reports visible with their comment, the leader-approval step
(province setting), the office's queue, audited transitions, the unit's work page and home-page badges."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.core import review
from cchc.core.reviewable import transitions_of
from cchc.plans import selectors, services
from cchc.plans.models import Occurrence, ProgressReport
from tests.conftest import PASSWORD
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _occ(plan, number="1", section="I", unit="T42.stp"):
    return Occurrence.objects.filter(plan=plan, task__number=number, task__section=section,
                                     unit__code=unit).order_by("due_date").first()


def _submit(o, user, result="Đã rà soát 10 thủ tục"):
    return services.progress_report_save(occurrence=o, user=user, submit=True,
                                         data={"status": "in_progress", "percent": 40, "result": result})


@pytest.fixture
def leader_on(settings):
    settings.CCHC_LEADER_APPROVAL = True
    return settings


@pytest.fixture
def leader_off(settings):
    settings.CCHC_LEADER_APPROVAL = False
    return settings


# ---------------------------------------------------------------- pure state machine

def test_state_machine_leader_step():
    s = review.next_state(review.DRAFT, review.SUBMIT, leader_step=True)
    assert s == review.LEADER_REVIEW
    assert review.next_state(s, review.APPROVE, can_lead=True) == review.SUBMITTED
    assert review.next_state(s, review.RETURN, can_lead=True, comment="Thiếu số liệu") == review.RETURNED
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(s, review.APPROVE, can_lead=False)
    assert exc.value.code == "forbidden" and "lãnh đạo" in exc.value.message
    with pytest.raises(review.TransitionError) as exc:  # the office does not review before the leader approved
        review.next_state(s, review.ACCEPT, can_lead=False, can_review=True)
    assert exc.value.code == "invalid_transition"
    with pytest.raises(review.TransitionError) as exc:  # the leader cannot accept on behalf of the office
        review.next_state(review.SUBMITTED, review.ACCEPT, can_lead=True, can_review=False)
    assert exc.value.code == "forbidden"
    with pytest.raises(review.TransitionError) as exc:
        review.next_state(s, review.RETURN, can_lead=True, comment=" ")
    assert exc.value.code == "comment_required"
    # resubmission after a return goes through the leader again
    assert review.next_state(review.RETURNED, review.SUBMIT, leader_step=True) == review.LEADER_REVIEW
    f = review.flags(review.LEADER_REVIEW, can_edit=True, can_review=True, can_lead=False)
    assert not (f["may_approve"] or f["may_accept"] or f["may_return"] or f["may_edit"])
    f = review.flags(review.LEADER_REVIEW, can_edit=True, can_review=False, can_lead=True)
    assert f["may_approve"] and f["may_return"] and not f["may_accept"]


# ---------------------------------------------------------------- returned reports are visible to the unit

def test_returned_report_shows_state_and_comment_to_the_unit(users, small_plan, leader_off):
    fp, office = users["focal_point"], users["par_office"]
    o = _occ(small_plan)
    r = _submit(o, fp)
    services.progress_report_transition(report=r, user=office, action=review.RETURN,
                                        comment="Thiếu văn bản kết quả kèm theo")
    c = client_for(fp)
    page = c.get("/plans/my/?show=returned").content.decode()
    assert "Bị trả lại" in page and "Thiếu văn bản kết quả kèm theo" in page and "Sửa và gửi lại" in page
    assert f'data-occurrence="{o.pk}"' in page
    # the full list shows it as returned, not "Chưa thực hiện (0%)"
    row = c.get("/plans/my/").content.decode().split(f'data-occurrence="{o.pk}"')[1].split("</tr>")[0]
    assert "Bị trả lại" in row and "Chưa thực hiện" not in row
    detail = c.get(f"/plans/occurrences/{o.pk}/").content.decode()
    assert 'id="return-comment"' in detail and "Thiếu văn bản kết quả kèm theo" in detail
    home = c.get("/").content.decode()
    assert 'id="att-returned"' in home and "Thiếu văn bản kết quả kèm theo" in home
    # the focal point edits and resends: a new version of the same report
    v = r.version
    resp = c.post(f"/plans/occurrences/{o.pk}/", {
        "report": r.pk, "version": r.version, "action": "submit", "status": "in_progress", "percent": 60,
        "result": "Đã bổ sung văn bản 15/BC-STP"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.review_state == review.SUBMITTED and r.version > v and r.percent == 60
    assert 'id="att-returned"' not in c.get("/").content.decode()


# ---------------------------------------------------------------- leader approval

def test_leader_approves_before_the_office_sees_it(users, small_plan, leader_on):
    fp, leader, office = users["focal_point"], users["unit_leader"], users["par_office"]
    o = _occ(small_plan)
    r = _submit(o, fp)
    assert r.review_state == review.LEADER_REVIEW
    o.refresh_from_db()
    assert o.first_submitted_on is None and o.status == "not_started"  # not yet reported to the office
    assert r not in selectors.review_queue(office)
    assert "Chờ lãnh đạo duyệt" in client_for(fp).get("/plans/my/").content.decode()
    # the leader sees it on the unit's work page and the home page, and approves it (no 403)
    lc = client_for(leader)
    assert client_for(leader).get("/plans/review/").status_code == 302
    page = lc.get("/plans/my/?show=approval").content.decode()
    assert f'data-report="{r.pk}"' in page
    assert 'id="att-approval"' in lc.get("/").content.decode()
    resp = lc.post(f"/plans/reports/{r.pk}/action/", {"action": "approve", "version": r.version,
                                                       "next": "approval"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.review_state == review.SUBMITTED and r.approved_by == leader
    o.refresh_from_db()
    assert o.first_submitted_on == timezone.localdate() and o.percent == 40
    assert r in selectors.review_queue(office)
    services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
    r.refresh_from_db()
    assert r.review_state == review.ACCEPTED
    # every transition audited: who, from → to, comment
    steps = [(t["from"], t["to"], t["by_name"]) for t in transitions_of(r)]
    assert steps == [("draft", "leader_review", "focal_point"), ("leader_review", "submitted", "unit_leader"),
                     ("submitted", "accepted", "par_office")]
    assert all(t["actor"] is not None for t in transitions_of(r))
    page = client_for(fp).get(f"/plans/occurrences/{o.pk}/").content.decode()
    assert "Nhật ký duyệt (3)" in page and "Chờ lãnh đạo duyệt → Đã gửi" in page


def test_leader_returns_to_focal_point(users, small_plan, leader_on):
    fp, leader = users["focal_point"], users["unit_leader"]
    o = _occ(small_plan)
    r = _submit(o, fp)
    lc = client_for(leader)
    lc.post(f"/plans/reports/{r.pk}/action/", {"action": "return", "version": r.version, "comment": ""})
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW  # a return needs a reason
    lc.post(f"/plans/reports/{r.pk}/action/", {"action": "return", "version": r.version,
                                               "comment": "Ghi rõ số văn bản"})
    r.refresh_from_db()
    assert r.review_state == review.RETURNED and r.review_comment == "Ghi rõ số văn bản"
    assert transitions_of(r)[-1]["comment"] == "Ghi rõ số văn bản"
    assert "Ghi rõ số văn bản" in client_for(fp).get("/plans/my/?show=returned").content.decode()


def test_office_sees_all_submitted_when_setting_off(users, small_plan, leader_off):
    r = _submit(_occ(small_plan), users["focal_point"])
    assert r.review_state == review.SUBMITTED
    assert r in selectors.review_queue(users["par_office"])


def test_leader_step_skipped_for_leaders_and_units_without_leader(users, small_plan, leader_on):
    # the leader's own submission goes straight to the office
    r = _submit(_occ(small_plan), users["unit_leader"])
    assert r.review_state == review.SUBMITTED
    # Sở Y tế has no leader account: nobody could approve, so the report goes to the office
    r = _submit(_occ(small_plan, "2", unit="T42.syt"), users["focal_b"])
    assert r.review_state == review.SUBMITTED


def test_only_the_units_leader_may_approve(users, small_plan, leader_on):
    from cchc.org.models import Membership, OrgUnit, Role

    fp = users["focal_point"]
    r = _submit(_occ(small_plan), fp)
    # the focal point cannot approve their own report
    assert client_for(fp).post(f"/plans/reports/{r.pk}/action/",
                               {"action": "approve", "version": r.version}).status_code == 403
    # the office cannot skip the leader
    with pytest.raises(review.TransitionError):
        services.progress_report_transition(report=r, user=users["par_office"], action=review.ACCEPT)
    # a leader of another unit does not see it at all
    other = users["focal_b"].__class__.objects.create_user(username="leader_syt", password=PASSWORD)
    Membership.objects.create(user=other, role=Role.UNIT_LEADER, unit=OrgUnit.objects.get(code="T42.syt"))
    oc = client_for(other)
    assert oc.post(f"/plans/reports/{r.pk}/action/", {"action": "approve", "version": r.version}).status_code == 404
    assert f'data-report="{r.pk}"' not in oc.get("/plans/my/?show=approval").content.decode()
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW
    assert ProgressReport.objects.filter(review_state=review.SUBMITTED).count() == 0


# ---------------------------------------------------------------- counts on the home page and the work page

def test_work_counts_and_filters(users, small_plan, leader_on):
    from datetime import date

    fp, leader = users["focal_point"], users["unit_leader"]
    today = date(2024, 6, 20)  # task 1 (Quý II/2024) and the Q2 report are due 30/06 → within 14 days
    counts = selectors.unit_work_counts(fp, today=today)
    soon = list(selectors.unit_work(fp, today=today, show="soon"))
    assert counts["soon"] == len(soon) == 2 and counts["returned"] == 0
    assert all(0 <= (o.due_date - today).days <= 14 for o in soon)
    assert counts["late"] == len(selectors.unit_work(fp, today=today, show="late")) == 1  # the Q1 report
    later = date(2024, 7, 20)
    late = list(selectors.unit_work(fp, today=later, show="late"))
    assert selectors.unit_work_counts(fp, today=later)["late"] == len(late) >= 1
    assert all(o.due_date < later for o in late)
    r = _submit(_occ(small_plan), fp)
    assert selectors.unit_work_counts(leader, today=today)["approval"] == 1
    assert selectors.unit_work_counts(fp, today=today)["approval"] == 0
    services.progress_report_transition(report=r, user=leader, action=review.RETURN, comment="Sửa lại")
    assert selectors.unit_work_counts(fp, today=today)["returned"] == 1
    # another unit's focal point sees none of it
    assert selectors.unit_work_counts(users["focal_b"], today=today)["returned"] == 0


def test_the_approval_list_names_the_single_activity(users, small_plan, leader_on):
    """Tasks split per activity share their number and title: the leader's list names the activity, as the unit's
    work list does, so two reports waiting for approval can be told apart."""
    o = _occ(small_plan)
    o.task.activities = ["3.1. Rà soát và lập danh mục nội dung giao quy định chi tiết"]
    o.task.save(update_fields=["activities"])
    r = _submit(o, users["focal_point"])
    page = client_for(users["unit_leader"]).get("/plans/my/?show=approval").content.decode()
    card = page.split(f'data-report="{r.pk}"')[1].split("</tr>")[0]
    assert "3.1. Rà soát và lập danh mục nội dung giao quy định chi tiết" in card


def test_a_division_without_a_leader_goes_to_its_departments_leader(users, small_plan, leader_on):
    """A division (phòng) of Sở Tư pháp with a focal point and no leader account: its report waits for Sở Tư pháp's
    leader, who is told and approves it; once the division has a leader of its own, it goes to that leader only.
    The province's own leaders never approve an agency's reports."""
    from cchc.notifications.models import Notification
    from cchc.org import access
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind

    stp = OrgUnit.objects.get(code="T42.stp")
    division = OrgUnit.objects.create(code="T42.stp.vp", name="Văn phòng Sở Tư pháp", kind=UnitKind.DIVISION,
                                      parent=stp, province=stp.province, valid_from=stp.valid_from)
    User = users["focal_point"].__class__
    fp = User.objects.create_user(username="focal_div", password=PASSWORD)
    Membership.objects.create(user=fp, role=Role.FOCAL_POINT, unit=division)
    o = _occ(small_plan)
    o.pk, o.unit = None, division
    o.save()
    assert access.unit_approver_ids(division) == {users["unit_leader"].pk}
    r = _submit(o, fp)
    assert r.review_state == review.LEADER_REVIEW
    assert Notification.objects.filter(user=users["unit_leader"], url__contains="show=approval").exists()
    services.progress_report_transition(report=r, user=users["unit_leader"], action=review.APPROVE)
    r.refresh_from_db()
    assert r.review_state == review.SUBMITTED and r.approved_by == users["unit_leader"]

    own = User.objects.create_user(username="leader_div", password=PASSWORD)
    Membership.objects.create(user=own, role=Role.UNIT_LEADER, unit=division)
    assert access.unit_approver_ids(division) == {own.pk}

    # a department with no leader: a leader account of the province (UBND tỉnh) does not approve its reports
    top = User.objects.create_user(username="leader_tinh", password=PASSWORD)
    Membership.objects.create(user=top, role=Role.UNIT_LEADER, unit=stp.province)
    assert access.unit_approver_ids(OrgUnit.objects.get(code="T42.syt")) == set()
    r = _submit(_occ(small_plan, "2", unit="T42.syt"), users["focal_b"])
    assert r.review_state == review.SUBMITTED


def test_the_provinces_leader_reads_the_agencies_work_but_does_not_approve_it(users, small_plan, leader_on):
    """UBND tỉnh's leader follows every agency (their reports, their staff's test attempts) from the dashboards; each
    agency's own leader approves its submissions, so nothing waits for the province's leader."""
    from cchc.exams.models import Attempt, Campaign
    from cchc.exams.selectors import attempts_visible
    from cchc.org import access
    from cchc.org.models import Membership, OrgUnit, Role

    stp = OrgUnit.objects.get(code="T42.stp")
    top = users["focal_point"].__class__.objects.create_user(username="leader_tinh", password=PASSWORD)
    Membership.objects.create(user=top, role=Role.UNIT_LEADER, unit=stp.province)
    r = _submit(_occ(small_plan), users["focal_point"])
    assert r.review_state == review.LEADER_REVIEW  # waits for Sở Tư pháp's leader
    assert not access.can_lead_unit(top, stp) and access.can_view_unit(top, stp)
    assert not access.scope_led_units(top, ProgressReport.objects.all()).exists()
    assert selectors.unit_work_counts(top, today=timezone.localdate())["approval"] == 0
    assert "chờ tôi duyệt" not in client_for(top).get("/").content.decode()
    with pytest.raises((PermissionDenied, review.TransitionError)):
        services.progress_report_transition(report=r, user=top, action=review.APPROVE)
    assert access.can_lead_unit(users["unit_leader"], stp)  # the agency's own leader does
    # reading stays province-wide: a test attempt of Sở Tư pháp's staff is in the province leader's results
    now = timezone.now()
    c = Campaign.objects.create(title="Kỳ thử", opens_at=now, closes_at=now + timezone.timedelta(days=1),
                                is_published=True, blueprint=[])
    a = Attempt.objects.create(campaign=c, user=users["focal_point"], unit=stp, started_at=now, deadline=now)
    assert list(attempts_visible(top, c)) == [a] and list(attempts_visible(users["unit_leader"], c)) == [a]
    assert not attempts_visible(users["focal_b"], c).exists()


def test_office_accepts_the_ticked_reports_at_once_all_or_none(users, small_plan, leader_off):
    from auditlog.models import LogEntry

    office = users["par_office"]
    a = _submit(_occ(small_plan), users["focal_point"])
    b = _submit(_occ(small_plan, "2", unit="T42.syt"), users["focal_b"])
    c = client_for(office)
    page = c.get("/plans/review/").content.decode()
    assert f'value="{a.pk}:{a.version}" form="bulk"' in page and 'id="accept-picked"' in page
    # a report changed since the page was read refuses the batch, names it, and nothing is accepted
    stale = f"{b.pk}:{b.version - 1}"
    r = c.post("/plans/reports/decide/", {"pick": [f"{a.pk}:{a.version}", stale]}, follow=True)
    assert "Sở Y tế tỉnh Hà Tĩnh — nhiệm vụ" in r.content.decode() and "Chưa báo cáo nào được chấp nhận" in r.content.decode()
    assert set(ProgressReport.objects.filter(pk__in=[a.pk, b.pk]).values_list("review_state", flat=True)) == {
        review.SUBMITTED}
    before = LogEntry.objects.count()
    r = c.post("/plans/reports/decide/", {"pick": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version}", f"{a.pk}:{a.version}"],
                                         "comment": "Đạt yêu cầu"}, follow=True)  # a row sent twice counts once
    assert "Đã chấp nhận 2 báo cáo." in r.content.decode()
    for rep in (a, b):
        rep.refresh_from_db()
        assert rep.review_state == review.ACCEPTED and rep.reviewed_by == office
    assert LogEntry.objects.count() >= before + 2  # each acceptance audited with its actor
    # a unit cannot use it, neither through the page nor the service
    again = _submit(_occ(small_plan, "2", unit="T42.stp"), users["focal_point"])
    assert client_for(users["focal_point"]).post("/plans/reports/decide/", {"pick": f"{again.pk}:{again.version}"}) \
        .status_code == 403
    with pytest.raises(PermissionDenied):
        services.progress_reports_decide(user=users["unit_leader"], picks=[(again.pk, again.version)],
                                         action=review.ACCEPT)
    again.refresh_from_db()
    assert again.review_state == review.SUBMITTED


def test_leader_approves_the_ticked_reports_at_once_and_only_their_units(users, small_plan, leader_on):
    fp, leader = users["focal_point"], users["unit_leader"]
    a = _submit(_occ(small_plan), fp)
    b = _submit(_occ(small_plan, "2", unit="T42.stp"), fp)
    assert {a.review_state, b.review_state} == {review.LEADER_REVIEW}
    c = client_for(leader)
    page = c.get("/plans/my/?show=approval").content.decode()
    assert f'value="{a.pk}:{a.version}" form="bulk"' in page and 'id="approve-picked"' in page
    # a stale pick refuses the leader's batch in the leader's words (nothing is "accepted" here: it is approved)
    r = c.post("/plans/reports/decide/", {"action": "approve", "pick": [f"{a.pk}:{a.version}",
                                                                        f"{b.pk}:{b.version - 1}"]}, follow=True)
    assert "Chưa báo cáo nào được duyệt." in r.content.decode() and "được chấp nhận" not in r.content.decode()
    assert {ProgressReport.objects.get(pk=x.pk).review_state for x in (a, b)} == {review.LEADER_REVIEW}
    r = c.post("/plans/reports/decide/", {"action": "approve", "pick": [f"{a.pk}:{a.version}", f"{b.pk}:{b.version}"]},
               follow=True)
    assert "Đã duyệt 2 báo cáo, chuyển Phòng CCHC." in r.content.decode()
    for rep in (a, b):
        rep.refresh_from_db()
        assert rep.review_state == review.SUBMITTED and rep.approved_by == leader
    # another unit's leader may not approve them, nor may a leader accept on behalf of the office
    other = _submit(_occ(small_plan, "2", unit="T42.syt"), users["focal_b"])
    with pytest.raises(PermissionDenied):
        services.progress_reports_decide(user=leader, picks=[(other.pk, other.version)], action=review.APPROVE)
    assert c.post("/plans/reports/decide/", {"action": "accept", "pick": f"{a.pk}:{a.version + 1}"}).status_code == 403
    a.refresh_from_db()
    assert a.review_state == review.SUBMITTED
