"""An inspection from plan to closed finding: plan and coverage, team, checklist, findings that become follow-up
tasks of the inspected unit (reported, reviewed, late like any plan task), conclusion and minutes; who may do what."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from docx import Document

from cchc.core import review
from cchc.inspections import selectors, services
from cchc.inspections.models import ChecklistItem, Finding, Inspection
from cchc.org.models import OrgUnit
from cchc.plans import services as plan_services
from cchc.plans.models import Occurrence, Task
from tests.helpers import client_for as _client

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def inspected(users):
    """A plan of this year with Sở Tư pháp inspected by the appraiser (chief) and the Sở Y tế focal point."""
    plan = services.plan_create(user=users["par_office"], year=YEAR, target_share=35)
    ins = services.inspection_add(user=users["par_office"], plan=plan, unit=OrgUnit.objects.get(code="T42.stp"),
                                  month=timezone.localdate().month, chief=users["appraiser"],
                                  members=[users["focal_b"]])
    return plan, ins


def test_plan_checklist_coverage_and_refusals(users, inspected):
    plan, ins = inspected
    assert ins.checklist.count() == len(plan.outline) > 15
    cov = selectors.plan_coverage(plan)
    assert cov["total"].inspected == 1 and cov["total"].total > 1
    assert cov["needed"] == -(-cov["total"].total * 35 // 100) and cov["missing"] == cov["needed"] - 1
    with pytest.raises(services.InspectionError) as e:
        services.inspection_add(user=users["par_office"], plan=plan, unit=ins.unit, month=3)
    assert e.value.code == "duplicate"
    other = OrgUnit.objects.filter(province__code="T56", kind="department").first()
    with pytest.raises(services.InspectionError) as e:
        services.inspection_add(user=users["par_office"], plan=plan, unit=other, month=3)
    assert e.value.code == "foreign_unit"
    for name in ("focal_point", "unit_leader", "appraiser"):
        with pytest.raises(services.InspectionError):
            services.plan_create(user=users[name], year=YEAR)
    with pytest.raises(services.InspectionError) as e:
        services.plan_create(user=users["par_office"], year=YEAR, outline_text="Không có tiêu đề")
    assert e.value.code == "bad_outline" and "Dòng 1" in e.value.message


def test_finding_becomes_a_followup_task_of_the_unit_and_closes_when_accepted(users, inspected):
    plan, ins = inspected
    chief = users["appraiser"]
    item = ins.checklist.filter(area="procedures").first()
    n = services.checklist_save(user=chief, inspection=ins, results={item.pk: ("ok", "Đã công khai")})
    assert n == 1 and Inspection.objects.get(pk=ins.pk).status == Inspection.Status.DONE
    due = timezone.localdate() + timedelta(days=30)
    f = services.finding_add(user=chief, inspection=ins, text="Chưa công khai TTHC tại bộ phận một cửa",
                             recommendation="Niêm yết đủ 100% TTHC", due_date=due, checklist_item=item)
    item.refresh_from_db()
    assert item.result == ChecklistItem.Result.ISSUE and f.area == "procedures"
    task = Task.objects.get(pk=f.task_id)
    occ = Occurrence.objects.get(task=task)
    assert occ.unit.code == "T42.stp" and occ.due_date == due and occ.area == "procedures"
    plan.refresh_from_db()
    assert plan.followup_plan_id == task.plan_id
    assert selectors.finding_rows([f])[0]["state"] == "open"
    # the unit reports the fix through the plans app, the office accepts: the finding is fixed
    report = plan_services.progress_report_save(
        occurrence=occ, user=users["focal_point"], submit=True,
        data={"status": "done", "percent": 100, "result": "Đã niêm yết", "completed_on": timezone.localdate()})
    assert selectors.finding_rows([f])[0]["state"] == "reported"
    plan_services.progress_report_transition(report=report, user=users["par_office"], action=review.ACCEPT)
    assert selectors.finding_rows([f])[0]["state"] == "done"
    s = selectors.year_summary(users["par_office"], YEAR)
    assert (s["inspections"], s["findings"], s["done"], s["late"]) == (1, 1, 1, 0)


def test_late_fix_shows_late_and_is_on_the_late_list(users, inspected):
    _plan, ins = inspected
    f = services.finding_add(user=users["appraiser"], inspection=ins, text="Chưa ban hành kế hoạch tự kiểm tra",
                             area="direction", due_date=timezone.localdate())
    Occurrence.objects.filter(task_id=f.task_id).update(due_date=timezone.localdate() - timedelta(days=3))
    assert selectors.finding_rows([f])[0]["state"] == "late"
    assert selectors.year_summary(users["par_office"], YEAR)["late"] == 1
    page = _client(users["par_office"]).get("/plans/late/").content.decode()
    assert "Chưa ban hành kế hoạch tự kiểm tra" in page


def test_conclusion_needs_every_item_and_freezes_the_checklist(users, inspected):
    _plan, ins = inspected
    chief = users["appraiser"]
    with pytest.raises(services.InspectionError) as e:
        services.inspection_conclude(user=chief, inspection=ins, summary="Tốt")
    assert e.value.code == "pending_items"
    services.checklist_save(user=chief, inspection=ins, results={i.pk: ("ok", "") for i in ins.checklist.all()})
    services.inspection_conclude(user=chief, inspection=ins, summary="Đơn vị thực hiện tốt.", conclusion_number="5/TB-ĐKT",
                                 concluded_on=date(YEAR, 1, 5))
    with pytest.raises(services.InspectionError) as e:
        services.checklist_save(user=chief, inspection=ins, results={ins.checklist.first().pk: ("issue", "")})
    assert e.value.code == "concluded"
    doc = Document(io.BytesIO(_client(chief).get(f"/inspections/{ins.pk}/minutes.docx").content))
    texts = [p.text for p in doc.paragraphs]
    assert "BIÊN BẢN" in texts and "Đơn vị thực hiện tốt." in texts
    assert any("Sở Tư pháp" in t for t in texts)
    # a BIÊN BẢN has its own number, not the conclusion notice's "5/TB-ĐKT"; both sides sign it
    assert doc.tables[0].cell(1, 0).paragraphs[-1].text.endswith("/BB-ĐKT")
    sign = doc.tables[-1]
    assert [p.text for p in sign.cell(0, 0).paragraphs if p.text] == ["ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA"]
    assert [p.text for p in sign.cell(0, 1).paragraphs if p.text][0] == "TRƯỞNG ĐOÀN"


def test_only_team_and_office_write_units_read_their_own_others_get_404(users, inspected):
    plan, ins = inspected
    item = ins.checklist.first()
    for name in ("focal_point", "unit_leader", "viewer", "commune_focal"):
        with pytest.raises(services.InspectionError):
            services.checklist_save(user=users[name], inspection=ins, results={item.pk: ("ok", "")})
        with pytest.raises(services.InspectionError):
            services.finding_add(user=users[name], inspection=ins, text="x", area="direction",
                                 due_date=timezone.localdate())
    # team member of another unit (focal_b of Sở Y tế) works on it
    assert services.checklist_save(user=users["focal_b"], inspection=ins, results={item.pk: ("na", "")}) == 1
    url = f"/inspections/{ins.pk}/"
    expect = {"par_office": 200, "appraiser": 200, "focal_b": 200, "focal_point": 200, "viewer": 200,
              "commune_focal": 404}
    for name, status in expect.items():
        assert _client(users[name]).get(url).status_code == status, name
    # the inspected unit reads but gets no form; a POST from it is refused with a message, nothing written
    c = _client(users["focal_point"])
    assert 'id="checklist-form"' not in c.get(url).content.decode()
    c.post(f"/inspections/{ins.pk}/findings/new/", {"text": "x", "area": "direction",
                                                    "due_date": timezone.localdate().strftime("%d/%m/%Y")})
    assert not Finding.objects.exists()
    assert _client(users["commune_focal"]).get(f"/inspections/plans/{plan.pk}/").status_code == 404
    assert _client(users["commune_focal"]).get(f"/inspections/{ins.pk}/minutes.docx").status_code == 404


def test_web_journey_plan_to_finding(users):
    office = _client(users["par_office"])
    r = office.post("/inspections/plans/new/", {"year": YEAR, "target_share": "35", "outline": ""})
    assert r.status_code == 302
    plan_url = r.headers["Location"]
    plan_pk = int(plan_url.rstrip("/").split("/")[-1])
    stp = OrgUnit.objects.get(code="T42.stp")
    r = office.post(f"/inspections/plans/{plan_pk}/inspections/new/", {
        "unit": stp.pk, "month": "3", "mode": "direct", "chief": users["appraiser"].pk,
        "members": [users["focal_b"].pk], "starts_on": f"10/03/{YEAR}", "ends_on": f"09/03/{YEAR}"})
    assert not Inspection.objects.exists()  # end before start: refused
    assert "sau ngày bắt đầu" in office.get(plan_url).content.decode()
    office.post(f"/inspections/plans/{plan_pk}/inspections/new/", {
        "unit": stp.pk, "month": "3", "mode": "direct", "chief": users["appraiser"].pk})
    ins = Inspection.objects.get()
    page = office.get(plan_url).content.decode()
    assert 'data-unit="T42.stp"' in page and 'id="cov-target"' in page
    doc = Document(io.BytesIO(office.get(f"/inspections/plans/{plan_pk}/docx/").content))
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra"]
    assert any(r.cells[1].text == "Sở Tư pháp" and r.cells[2].text == f"Tháng 3/{YEAR}" for r in annex.rows)
    assert annex.rows[1].cells[1].paragraphs[0].runs[0].font.bold  # the group line ("Sở, ban, ngành")
    # the annexes follow the signature, each from a new page, naming the plan they belong to
    texts = [p.text for p in doc.paragraphs]
    first, second = texts.index("Phụ lục I"), texts.index("Phụ lục II")
    assert doc.tables[1]._tbl is not annex._tbl and "GIÁM ĐỐC" in doc.tables[1].cell(0, 1).text
    assert doc.paragraphs[first].paragraph_format.page_break_before
    assert doc.paragraphs[second].paragraph_format.page_break_before
    assert texts[first + 2].startswith("(Kèm theo Kế hoạch số")
    chief = _client(users["appraiser"])
    due = (timezone.localdate() + timedelta(days=20)).strftime("%d/%m/%Y")
    chief.post(f"/inspections/{ins.pk}/findings/new/", {"text": "Chưa cập nhật trang thông tin CCHC",
                                                        "area": "direction", "severity": "minor", "due_date": due})
    f = Finding.objects.get()
    page = _client(users["focal_point"]).get(f"/inspections/{ins.pk}/").content.decode()
    assert "Chưa cập nhật trang thông tin CCHC" in page and "Báo cáo khắc phục" in page
    occ = Occurrence.objects.get(task_id=f.task_id)
    assert _client(users["focal_point"]).get(f"/plans/occurrences/{occ.pk}/").status_code == 200


def test_the_notice_to_the_inspected_unit_names_it_the_team_and_the_outline(users, inspected):
    _plan, ins = inspected
    resp = _client(users["focal_point"]).get(f"/inspections/{ins.pk}/notice.docx")  # the inspected unit reads it
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    texts = [p.text for p in doc.paragraphs]
    assert f"Kính gửi: {ins.unit.name}." in texts
    left = [p.text for p in doc.tables[0].cell(1, 0).paragraphs]  # ô 5b: under the number
    assert any(t.startswith("V/v kiểm tra công tác cải cách hành chính năm") for t in left)
    chief = users["appraiser"]
    assert any((chief.get_full_name() or chief.username) in t and "trưởng đoàn" in t for t in texts)
    assert "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA" in texts
    assert any(t.startswith("3. Đề nghị đơn vị chuẩn bị báo cáo") for t in texts)
    assert {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()} == {"Times New Roman"}
    assert _client(users["commune_focal"]).get(f"/inspections/{ins.pk}/notice.docx").status_code == 404


def test_followup_plan_is_linked_only_for_users_who_may_open_it(users, inspected):
    """A commune inspected in the same plan sees the inspection plan, but the follow-up tasks are Sở Tư pháp's:
    the plans app answers 404 to the commune, so its page shows the words without a link."""
    plan, ins = inspected
    commune = OrgUnit.objects.get(pk=users["commune_focal"].memberships.first().unit_id)
    services.inspection_add(user=users["par_office"], plan=plan, unit=commune, month=timezone.localdate().month,
                            chief=users["appraiser"])
    services.finding_add(user=users["appraiser"], inspection=ins, text="Chưa công khai TTHC", area="procedures",
                         due_date=timezone.localdate() + timedelta(days=30))
    plan.refresh_from_db()
    followup = f'href="/plans/{plan.followup_plan_id}/"'
    for name, linked in (("par_office", True), ("focal_point", True), ("commune_focal", False)):
        c = _client(users[name])
        html = c.get(f"/inspections/plans/{plan.pk}/").content.decode()
        assert "Nhiệm vụ khắc phục sau kiểm tra" in html, name
        assert (followup in html) is linked, name
        assert c.get(f"/plans/{plan.followup_plan_id}/").status_code == (200 if linked else 404), name


def test_the_unit_sees_the_working_days_when_set(users, inspected):
    """The inspected unit's list and the inspection page give the working days the office set (the home page
    announces them), the month otherwise."""
    from django.urls import reverse

    _plan, ins = inspected
    c = _client(users["focal_point"])
    month = f"Tháng {ins.month}/{YEAR}"
    assert month in c.get(reverse("inspections:index")).content.decode()
    assert month in c.get(reverse("inspections:inspection_detail", args=[ins.pk])).content.decode()
    start = date(YEAR, ins.month, 2)
    ins.starts_on, ins.ends_on = start, start + timedelta(days=1)
    ins.save()
    days = f"{start:%d/%m/%Y} – {start + timedelta(days=1):%d/%m/%Y}"
    for url in (reverse("inspections:index"), reverse("inspections:inspection_detail", args=[ins.pk])):
        page = c.get(url).content.decode()
        assert days in page and month not in page


def test_the_team_picker_lists_only_people_of_the_provinces_units(users, inspected):
    """The team picker listed the administrator's account (a membership without a unit): it lists active accounts
    with a unit of the province (org.selectors.people_of_home_units, as the appraisal council's picker), and the service refuses
    anyone else posted."""
    import re

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from cchc.org.models import Membership, Role

    plan, ins = inspected
    User = get_user_model()
    gone = User.objects.create_user("nghi.viec", first_name="Đã nghỉ việc", is_active=False)
    Membership.objects.create(user=gone, unit=OrgUnit.objects.get(code="T42.syt"), role=Role.FOCAL_POINT)
    away = User.objects.create_user("tinh.khac", first_name="Tỉnh khác")
    Membership.objects.create(user=away, unit=OrgUnit.objects.filter(province__code="T56", kind="department").first(),
                              role=Role.FOCAL_POINT)
    page = _client(users["par_office"]).get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    chief = page[page.index('name="chief"'):page.index("</select>", page.index('name="chief"'))]
    listed = {int(pk) for pk in re.findall(r'<option value="(\d+)"', chief)}
    province_people = {users[n].pk for n in ("par_office", "unit_leader", "focal_point", "focal_b", "commune_focal",
                                             "appraiser", "viewer")}
    assert listed == province_people  # not the admin, the inactive account, another province's
    members = page[page.index('name="members"'):page.index("</select>", page.index('name="members"'))]
    assert {int(pk) for pk in re.findall(r'<option value="(\d+)"', members)} == province_people
    council = _client(users["par_office"]).get(reverse("assessment:council", args=[_index_round(users).pk]))
    assert users["admin"] not in council.context["candidates"] and users["appraiser"] in council.context["candidates"]
    for outsider in (users["admin"], gone, away):
        with pytest.raises(services.InspectionError) as e:
            services.team_set(user=users["par_office"], inspection=ins, chief=users["appraiser"], members=[outsider])
        assert e.value.code == "not_a_member" and (outsider.get_full_name() or outsider.username) in e.value.message
    assert {m.user_id for m in ins.team.all()} == {users["appraiser"].pk, users["focal_b"].pk}  # unchanged
    other = OrgUnit.objects.get(code="T42.syt")
    with pytest.raises(services.InspectionError) as e:
        services.inspection_add(user=users["par_office"], plan=plan, unit=other, month=3, chief=users["admin"])
    assert e.value.code == "not_a_member" and not plan.inspections.filter(unit=other).exists()


def _index_round(users):
    from cchc.assessment import services as index_services

    fw = index_services.framework_load_file("demo_so.json", year=YEAR, user=users["par_office"])
    return index_services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=users["par_office"],
                                     units=[OrgUnit.objects.get(code="T42.stp")])
