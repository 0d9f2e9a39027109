"""Staff registry, reorganisation history, Excel import/export, training completion, evaluations, needs, coverage."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from cchc.capacity import selectors, services
from cchc.capacity.models import (
    CchcRole,
    Course,
    NeedsSurvey,
    Session,
    StaffAssignment,
    StaffMember,
    Trainer,
)
from tests.helpers import xlsx

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _staff(name, unit, role=CchcRole.PART_TIME, user=None, start=date(2024, 1, 1)):
    s = StaffMember.objects.create(full_name=name, user=user)
    services.staff_assign(s, unit, role, start=start, position="Chuyên viên")
    return s


def test_reassignment_keeps_history_and_follows_unit_mergers(org_tree):
    from cchc.org.models import OrgUnit, Succession, UnitKind

    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    s = _staff("Trần Văn Tư", stp)
    services.staff_assign(s, syt, CchcRole.FOCAL_POINT, start=date(2024, 6, 1), reason="Điều động")
    hist = list(s.assignments.order_by("start_date"))
    assert [(a.unit_id, a.end_date) for a in hist] == [(stp.pk, date(2024, 5, 31)), (syt.pk, None)]
    with pytest.raises(services.CapacityError):
        services.staff_assign(s, stp, CchcRole.LEADER, start=date(2024, 1, 1))
    merged = OrgUnit.objects.create(code="T42.syt-new", name="Sở Y tế mới", kind=UnitKind.DEPARTMENT,
                                    parent=org_tree["T42"], valid_from=date(2025, 7, 1))
    Succession.objects.create(predecessor=syt, successor=merged, kind="merge", date=date(2025, 7, 1))
    assert services.assignments_follow_successions() == 1
    assert services.assignments_follow_successions() == 0  # idempotent
    cur = s.current_assignment()
    assert cur.unit == merged and cur.role == CchcRole.FOCAL_POINT and cur.start_date == date(2025, 7, 1)
    prev = s.assignments.get(unit=syt)
    assert prev.end_date == date(2025, 6, 30) and "Sắp xếp" in s.assignments.get(unit=merged).reason


def _sheet(rows):
    return xlsx([services.STAFF_HEADERS, *rows], title="Cán bộ CCHC")


def test_staff_excel_import_export_round_trip_and_errors(org_tree, users):
    par, focal = users["par_office"], users["focal_point"]
    good = _sheet([["Lê Thị Hoa", "T42.stp", "", "Chuyên viên", "Chuyên trách", "0912", "hoa@x.vn",
                    date(2024, 2, 1), None, "viewer"],
                   ["Phan Văn Khánh", "", "Sở Y tế tỉnh Hà Tĩnh", "Phó Giám đốc", "lãnh đạo phụ trách", "", "",
                    date(2024, 3, 1), None, ""]])
    report = services.staff_import_xlsx(good, user=par)
    assert report.ok and report.created == 2
    hoa = StaffMember.objects.get(full_name="Lê Thị Hoa")
    assert hoa.user == users["viewer"] and hoa.current_assignment().role == CchcRole.FULL_TIME
    exported = services.staff_export_xlsx(selectors.assignments_current(par).order_by("staff__full_name"))
    again = services.staff_import_xlsx(exported, user=par)
    assert again.ok and again.created == 0 and again.updated == 2
    assert StaffAssignment.objects.count() == 2
    before = StaffMember.objects.count()
    bad = _sheet([["Người Một", "T42.stp", "", "", "kiêm nhiệm", "", "", date(2024, 1, 1), None, ""],
                  ["Người Hai", "KHONG-CO", "", "", "kiêm nhiệm", "", "", None, None, ""],
                  ["Người Ba", "T42.stp", "", "", "thủ quỹ", "", "", None, None, ""],
                  ["Người Bốn", "T42.stp", "", "", "đầu mối", "", "", date(2024, 5, 1), date(2024, 1, 1), ""]])
    report = services.staff_import_xlsx(bad, user=par)
    assert [(e.row, e.column) for e in report.errors] == [(3, "B"), (4, "E"), (5, "I")]
    assert StaffMember.objects.count() == before  # nothing written
    other_unit = _sheet([["Người Năm", "T42.syt", "", "", "kiêm nhiệm", "", "", None, None, ""]])
    denied = services.staff_import_xlsx(other_unit, user=focal)  # focal point of Sở Tư pháp
    assert not denied.ok and "quyền" in denied.errors[0].message


def test_completion_evaluations_needs_and_coverage(org_tree, users):
    from cchc.exams.models import Attempt, Campaign

    stp = org_tree["T42.stp"]
    a = _staff("Học viên A", stp, user=users["viewer"])
    b = _staff("Học viên B", stp)
    c = _staff("Học viên C", org_tree["T42.syt"], user=users["focal_b"])
    course = Course.objects.create(title="Tập huấn", organiser=org_tree["T42.snv"], start_date=TODAY,
                                   end_date=TODAY, completion_share=80)
    t = Trainer.objects.create(name="GV 1")
    sessions = [Session.objects.create(course=course, date=TODAY, topic=f"Buổi {i}", trainer=t) for i in range(5)]
    for s in (a, b, c):
        services.course_enrol(users["par_office"], course, s)
    for i, s in enumerate(sessions):
        services.attendance_record(users["par_office"], s, {a.pk, b.pk} if i < 4 else {a.pk})  # A 5/5, B 4/5 = 80 %, C 0/5
    done = {e.staff_id: e.completed for e in course.enrolments.all()}
    assert done == {a.pk: True, b.pk: True, c.pk: False}
    services.attendance_record(users["par_office"], sessions[0], {a.pk})  # B drops to 3/5
    assert not course.enrolments.get(staff=b).completed
    services.evaluation_submit(users["viewer"], course, staff=a, trainer=t, scores={
        "content": 5, "method": 4, "trainer_score": 5, "usefulness": 4})
    with pytest.raises(services.CapacityError):
        services.evaluation_submit(users["focal_b"], course, staff=c, trainer=t, scores={
            "content": 6, "method": 4, "trainer_score": 4, "usefulness": 5})
    services.evaluation_submit(users["focal_b"], course, staff=c, trainer=t, scores={
        "content": 3, "method": 4, "trainer_score": 4, "usefulness": 5})
    per_course, per_trainer = selectors.evaluation_summary(course)
    assert per_course[0]["n"] == 2 and per_course[0]["content"] == 4.0 and per_trainer[0]["usefulness"] == 4.5
    survey = NeedsSurvey.objects.create(title="Nhu cầu", year=TODAY.year + 1)
    services.needs_save(survey, stp, user=users["focal_point"], areas=["procedures", "digital"], format="online",
                        period="Q2", learners=4)
    services.needs_save(survey, org_tree["T42.syt"], user=users["focal_b"], areas=["procedures"],
                        format="in_person", period="Q2", learners=2)
    with pytest.raises(PermissionDenied):
        services.needs_save(survey, org_tree["T42.syt"], user=users["focal_point"], areas=["digital"],
                            format="online", period="Q1", learners=1)
    summary = selectors.needs_summary(survey)
    assert summary["units"] == 2 and summary["learners"] == 6
    assert summary["by_area"][0] == ("procedures", [2, 6]) and dict(summary["by_period"]) == {"Q2": 2}
    # coverage: A trained + tested + passed + has an account; B trained only in the past... no account
    now = __import__("django.utils.timezone", fromlist=["x"]).now()
    camp = Campaign.objects.create(title="K", opens_at=now - timedelta(days=1), closes_at=now, is_published=True)
    Attempt.objects.create(campaign=camp, user=users["viewer"], unit=stp, started_at=now, deadline=now,
                           submitted_at=now, status="submitted", percent=80, passed=True)
    Attempt.objects.create(campaign=camp, user=users["focal_b"], unit=org_tree["T42.syt"], started_at=now,
                           deadline=now, submitted_at=now, status="submitted", percent=20, passed=False)
    rows, total = selectors.coverage_by_unit(users["par_office"], year=TODAY.year)
    by = {r.unit_name: r for r in rows}
    r = by[stp.name]
    assert (r.staff, r.trained, r.tested, r.passed, r.materials) == (2, 1, 1, 1, 1)
    assert r.trained_pct == 50.0
    assert (total.staff, total.tested, total.passed) == (3, 2, 1)
    leader_rows, _ = selectors.coverage_by_unit(users["unit_leader"], year=TODAY.year)
    assert [x.unit_name for x in leader_rows] == [stp.name]


def test_pages_and_permissions(client, org_tree, users):
    from cchc.capacity.demo import load

    s = _staff("Nguyễn Văn Mẫu", org_tree["T42.stp"], user=users["viewer"])
    _staff("Người Sở Y tế", org_tree["T42.syt"])
    load()
    client.force_login(users["unit_leader"])
    html = client.get(reverse("capacity:index")).content.decode()
    assert org_tree["T42.stp"].name in html and org_tree["T42.syt"].name not in html
    assert client.get(reverse("capacity:staff_detail", args=[s.pk])).status_code == 200
    other = StaffMember.objects.get(full_name="Người Sở Y tế")
    assert client.get(reverse("capacity:staff_detail", args=[other.pk])).status_code == 404
    xlsx = client.get(reverse("capacity:staff_list") + "?format=xlsx&on=15/03/2024")
    assert xlsx["Content-Disposition"].endswith('can-bo-cchc-2024-03-15.xlsx"')
    names = [r[0] for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=2, values_only=True)]
    assert "Nguyễn Văn Mẫu" in names and "Người Sở Y tế" not in names
    for name in ("course_list", "needs", "staff_new", "staff_import", "course_new"):
        assert client.get(reverse(f"capacity:{name}")).status_code == 200, name
    client.force_login(users["par_office"])
    course = Course.objects.first()
    page = client.get(reverse("capacity:course_detail", args=[course.pk])).content.decode()
    assert "Buổi học và điểm danh" in page and "evaluations" in page
    needs = client.get(reverse("capacity:needs")).content.decode()
    assert "Tổng hợp" in needs
    client.force_login(users["viewer"])
    assert client.get(reverse("capacity:index")).status_code == 403


def test_coverage_targets_follow_the_year_and_the_confirmed_plan(org_tree, users, settings):
    """Targets in force are the nearest milestone ahead: 85 % until 2025, 95 % until 2030 (seed 000, II.2.a);
    a confirmed plan's own targets replace the defaults."""
    settings.CCHC_PROVINCE = "Gia Lai"  # seed 000 is Bình Định's plan (Gia Lai since 1/7/2025): only its own
    # installation turns it into a plan
    from cchc.plans.importing import parse_file
    from tests.plans.conftest import DATA, confirm_draft

    assert selectors.milestone_for([(2025, 85.0, "a"), (2030, 95.0, "b")], 2024) == (85.0, "a")
    assert selectors.milestone_for([(2025, 85.0, "a"), (2030, 95.0, "b")], 2026) == (95.0, "b")
    assert selectors.milestone_for([(2025, 85.0, "a"), (2030, 95.0, "b")], 2031) == (95.0, "b")
    assert selectors.plan_targets(2025)["trained"][0] == 85.0
    assert selectors.plan_targets(2027)["trained"][0] == 95.0
    assert selectors.plan_targets(2027)["materials"][0] == 100.0

    draft = parse_file(DATA / "seeds" / "000_eff13a45f61dc13a.txt").to_dict()
    for t in draft["targets"]:
        if t["year"] == 2030:
            t["value"] = 97.0  # the plan, not the default, must be what counts
    confirm_draft(users["par_office"], draft)
    assert selectors.plan_targets(2024)["trained"][0] == 85.0
    trained_2028 = selectors.plan_targets(2028)["trained"]
    assert trained_2028[0] == 97.0 and "Đề án" in trained_2028[1]


def test_staff_list_on_a_past_date_shows_who_held_the_post(client, org_tree, users):
    unit = org_tree["T42.stp"]
    old = StaffMember.objects.create(full_name="Nguyễn Văn Cũ")
    services.staff_assign(old, unit, "focal_point", start=date(2023, 1, 1), position="Chuyên viên")
    new = StaffMember.objects.create(full_name="Trần Thị Mới")
    services.staff_assign(new, unit, "focal_point", start=date(2024, 6, 1), position="Chuyên viên")
    old.assignments.update(end_date=date(2024, 5, 31))
    client.force_login(users["par_office"])
    url = reverse("capacity:staff_list")
    now = client.get(url).content.decode()
    assert "Trần Thị Mới" in now and "Nguyễn Văn Cũ" not in now
    past = client.get(url, {"on": "15/03/2024"}).content.decode()
    assert "Nguyễn Văn Cũ" in past and "Trần Thị Mới" not in past
    bad = client.get(url, {"on": "31/02/2024"}, follow=True).content.decode()
    assert "không hợp lệ" in bad and "Trần Thị Mới" in bad


def test_coverage_exports_to_xlsx_within_the_users_scope(client, org_tree, users):
    for name, unit in (("Lê Văn Tư Pháp", org_tree["T42.stp"]), ("Phạm Thị Y Tế", org_tree["T42.syt"])):
        staff = StaffMember.objects.create(full_name=name)
        services.staff_assign(staff, unit, "focal_point", start=date(2024, 1, 2))
    client.force_login(users["par_office"])
    resp = client.get(reverse("capacity:index"), {"year": 2024, "format": "xlsx"})
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('bao-phu-cchc-2024.xlsx"')
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert len(set(rows[0])) == len(rows[0]) and "Tỷ lệ đạt (%)" in rows[0]  # not four columns headed "%"
    names = [r[0] for r in rows[1:] if r and r[0]]
    assert org_tree["T42.stp"].name in names and org_tree["T42.syt"].name in names
    assert rows[-1][3] == 85.0  # the 2024 target in force: 85 % by 2025
    client.force_login(users["focal_point"])
    data = client.get(reverse("capacity:index"), {"year": 2024, "format": "xlsx"}).content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    names = [r[0] for r in rows[1:] if r and r[0]]
    assert org_tree["T42.stp"].name in names and org_tree["T42.syt"].name not in names


def test_staff_and_course_tables_scroll_inside_a_tablewrap(users, org_tree):
    """On a phone the wide tables scroll in their .tablewrap instead of widening the page (see test_browser)."""
    import re

    from tests.helpers import client_for

    stp = org_tree["T42.stp"]
    lan = StaffMember.objects.create(full_name="Nguyễn Thị Lan")
    services.staff_assign(lan, stp, CchcRole.FOCAL_POINT, start=date(2024, 1, 2), position="Chuyên viên")
    course = Course.objects.create(title="Tập huấn CCHC", organiser=stp, start_date=date(2024, 3, 1),
                                   end_date=date(2024, 3, 2))
    c = client_for(users["par_office"])
    for url in (f"/capacity/staff/{lan.pk}/", f"/capacity/courses/{course.pk}/"):
        html = c.get(url).content.decode()
        main = html[html.index("<h1>"):]
        assert "<table" in main, url
        outside = re.sub(r'<div class="tablewrap">.*?</table>\s*(?:<table.*?</table>\s*)?</div>', "", main, flags=re.S)
        assert "<table" not in outside, url


def test_new_staff_member_comes_with_their_assignment_or_not_at_all(org_tree, users):
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    staff = services.staff_create(users["focal_point"], full_name="Nguyễn Thị Mới", unit=stp,
                                  role=CchcRole.PART_TIME, start=date(2026, 1, 5), email="moi@example.vn")
    assert staff.current_assignment().unit == stp and staff.current_assignment().start_date == date(2026, 1, 5)
    before = StaffMember.objects.count()
    with pytest.raises(PermissionDenied):  # another unit's registry
        services.staff_create(users["focal_point"], full_name="Trần Văn Khác", unit=syt, role=CchcRole.PART_TIME,
                              start=date(2026, 1, 5))
    assert StaffMember.objects.count() == before


def test_course_evaluations_are_shown_only_for_courses_the_user_may_see(org_tree, users):
    """The course list's evaluation summary names courses and trainers: another unit's course stays out of it."""
    from tests.helpers import client_for

    learner = _staff("Học viên Sở Y tế", org_tree["T42.syt"], user=users["focal_b"])
    course = Course.objects.create(title="Tập huấn riêng của Sở Y tế", organiser=org_tree["T42.syt"],
                                   start_date=TODAY, end_date=TODAY)
    trainer = Trainer.objects.create(name="Giảng viên Y tế")
    Session.objects.create(course=course, date=TODAY, topic="Buổi 1", trainer=trainer)
    services.course_enrol(users["par_office"], course, learner)
    services.evaluation_submit(users["focal_b"], course, staff=learner, trainer=trainer, scores={
        "content": 5, "method": 4, "trainer_score": 5, "usefulness": 4})
    seen = {u: client_for(users[u]).get("/capacity/courses/").content.decode()
            for u in ("par_office", "focal_b", "focal_point", "unit_leader")}
    for u in ("par_office", "focal_b"):  # the office sees all; the organiser's unit its own
        assert "Tập huấn riêng của Sở Y tế" in seen[u] and "Giảng viên Y tế" in seen[u], u
    for u in ("focal_point", "unit_leader"):  # Sở Tư pháp neither organised nor attended it
        assert "Tập huấn riêng của Sở Y tế" not in seen[u] and "Giảng viên Y tế" not in seen[u], u
