"""Issue 8: an installation serves one province (setting CCHC_PROVINCE) and no work falls due before its plan.

- another province's plan (the Khánh Hòa seed in the Hà Tĩnh installation) cannot be confirmed into tasks: the
  review screen says why and offers to keep it as a reference document;
- another province's work already in the database shows nowhere in the home province's dashboard, late list or
  "Việc của đơn vị tôi", and pickers list only the home province's units valid on the date;
- decision 1718/QĐ-UBND of 21/07/2023 (Khánh Hòa): no occurrence falls due before the issue date + the lead time,
  every occurrence goes to a unit valid on its due date (the merged province after 1/7/2025).
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from cchc.org.models import OrgUnit
from cchc.plans import occurrences as occ
from cchc.plans import services
from cchc.plans.models import Assignment, Occurrence, Plan, PlanImport, Task
from tests.helpers import client_for
from tests.plans.conftest import DATA, confirm_draft, small_draft

pytestmark = pytest.mark.django_db
KH_SEED = DATA / "seeds" / "003_b1926edb0b823183.txt"
ISSUED_1718 = date(2023, 7, 21)


def _import(user, path=KH_SEED) -> PlanImport:
    """Upload and parse through the real services (jobs run inline in tests)."""
    imp = services.plan_import_start(user=user, filename=path.name, data=path.read_bytes())
    imp.refresh_from_db()
    assert imp.status == PlanImport.Status.REVIEW, imp.error
    return imp


def _options(html: str, name: str) -> list[str]:
    """Options of the select ``name``; "target" is the agency picker, whose options the review screen keeps once
    in a <template> shared by every row's select."""
    if name == "target":
        m = re.search(r'<template id="picker-options">(.*?)</template>', html, re.S)
    else:
        m = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert m, name
    return re.findall(r"<option[^>]*>([^<]*)</option>", m.group(1))


# ---------------------------------------------------------------------------- another province's plan

def test_other_province_plan_cannot_be_confirmed_into_tasks(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    c = client_for(users["par_office"])
    imp = _import(users["par_office"])
    assert imp.draft["province"] == "Khánh Hòa"
    html = c.get(f"/plans/imports/{imp.pk}/").content.decode()
    assert 'id="province-problem"' in html and "không thể xác nhận thành nhiệm vụ" in html
    assert re.search(r'id="confirm-btn" disabled', html)
    # no Khánh Hòa unit offered for mapping on the review screen
    assert "Khánh Hòa" not in "".join(_options(html, "target"))
    # the service refuses even when the button is forced
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "confirm"}, follow=True)
    assert "Khánh Hòa" in resp.content.decode() and "không thể xác nhận thành nhiệm vụ" in resp.content.decode()
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_confirm(imp=PlanImport.objects.get(pk=imp.pk), user=users["par_office"])
    assert exc.value.code == "other_province"
    assert not Plan.objects.exists() and not Task.objects.exists() and not Occurrence.objects.exists()
    # an issuer naming another province is refused too, whatever the province field says
    imp.refresh_from_db()
    draft = dict(imp.draft, province="Hà Tĩnh")
    PlanImport.objects.filter(pk=imp.pk).update(draft=draft)
    imp.refresh_from_db()
    assert "Khánh Hòa" in services.plan_import_province_problem(imp)


def test_merged_province_plan_message_names_both(users, settings):
    """A plan of Bình Định (merged into Gia Lai on 1/7/2025), issued by its Sở Nội vụ, in the Hà Tĩnh installation;
    the Gia Lai installation takes it (Bình Định is one of its predecessors)."""
    from cchc.plans import drafts
    from tests.plans.conftest import gold

    d = gold("001_f426869957115c02")
    imp = PlanImport.objects.create(filename="t.txt", status=PlanImport.Status.REVIEW, draft=d,
                                    rows=drafts.rows_from_draft(d), agency_map={}, created_by=users["par_office"])
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    msg = services.plan_import_province_problem(imp)
    assert msg.startswith("Kế hoạch này của Bình Định (nay là tỉnh Gia Lai), không thuộc tỉnh Hà Tĩnh")
    settings.CCHC_PROVINCE = "Gia Lai"
    assert services.plan_import_province_problem(imp) == ""
    settings.CCHC_PROVINCE = "Bình Định"
    assert services.plan_import_province_problem(imp) == ""


def test_other_province_plan_kept_as_reference_document(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    from cchc.knowledge.models import Document

    c = client_for(users["par_office"])
    imp = _import(users["par_office"])
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "reference"}, follow=True)
    assert resp.status_code == 200 and "tài liệu tham khảo" in resp.content.decode()
    doc = Document.objects.get()
    assert doc.number == "1718/QĐ-UBND" and "Khánh Hòa" in doc.issuer
    assert doc.issued_on == ISSUED_1718
    imp.refresh_from_db()
    assert imp.status == PlanImport.Status.CANCELLED
    assert not Plan.objects.exists() and not Occurrence.objects.exists()


def test_home_plan_cannot_be_mapped_to_another_province_or_an_ended_unit(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    from cchc.plans import drafts

    d = small_draft()
    rows = drafts.rows_from_draft(d)
    imp = PlanImport.objects.create(filename="t.txt", status=PlanImport.Status.REVIEW, draft=d, rows=rows,
                                    agency_map={"Sở Tư pháp": {"kind": "unresolved", "units": []}},
                                    created_by=users["par_office"])
    kh = OrgUnit.objects.filter(province__code="T56", standard_key="stp").first()
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_map_agency(imp=imp, user=users["par_office"], text="Sở Tư pháp", unit=kh)
    assert exc.value.code == "foreign_unit" and "tỉnh khác" in exc.value.message
    # a unit created after the plan's date (05/01/2024) cannot be given its work
    snnmt = OrgUnit.objects.get(code="T42.snnmt")  # from 01/03/2025
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_map_agency(imp=imp, user=users["par_office"], text="Sở Tư pháp", unit=snnmt)
    assert exc.value.code == "unit_not_valid" and "01/03/2025" in exc.value.message
    # a unit that ended before the plan's date: its successor gets the work, never the ended unit
    d2 = small_draft()
    d2["issue_date"] = "2025-08-01"
    imp2 = PlanImport.objects.create(filename="t2.txt", status=PlanImport.Status.REVIEW, draft=d2, rows=rows,
                                     agency_map={"Sở TT&TT": {"kind": "unresolved", "units": []}},
                                     created_by=users["par_office"])
    services.plan_import_map_agency(imp=imp2, user=users["par_office"], text="Sở TT&TT",
                                    unit=OrgUnit.objects.get(code="T42.stttt"), remember=False)
    imp2.refresh_from_db()
    assert imp2.agency_map["Sở TT&TT"]["units"] == ["T42.skhcn"]
    assert "đã kết thúc" in imp2.agency_map["Sở TT&TT"]["note"]
    # the review screen offers only Hà Tĩnh units valid on the plan's date
    html = client_for(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode()
    labels = _options(html, "target")
    assert any(label.startswith("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh") for label in labels)  # until 2025
    assert not any("Nông nghiệp và Môi trường" in label for label in labels)
    assert not any("Khánh Hòa" in label or "Gia Lai" in label or "Bình Định" in label for label in labels)


def test_other_province_work_in_the_database_never_shows_in_home_screens(users, settings):
    """The Khánh Hòa plan confirmed earlier (e.g. before this installation was set to Hà Tĩnh): its tasks stay in
    the database but Hà Tĩnh's dashboard, late list and "Việc của đơn vị tôi" show none of them."""
    settings.CCHC_PROVINCE = "Khánh Hòa"
    imp = _import(users["par_office"])
    kh_plan = services.plan_import_confirm(imp=imp, user=users["par_office"])
    assert Occurrence.objects.filter(plan=kh_plan).count() > 20
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    ht_plan, _imp = confirm_draft(users["par_office"], small_draft())
    today = date(2026, 12, 1)
    kh_units = set(Occurrence.objects.filter(plan=kh_plan).values_list("unit__name", flat=True))
    assert kh_units and all("Hà Tĩnh" not in n for n in kh_units)
    for name in ("par_office", "admin", "appraiser"):
        c = client_for(users[name])
        dash = c.get(f"/plans/dashboard/?today={today.isoformat()}").content.decode()
        late = c.get(f"/plans/late/?today={today.isoformat()}").content.decode()
        mine = c.get(f"/plans/my/?today={today.isoformat()}").content.decode()
        plans = c.get("/plans/").content.decode()
        for html in (dash, late, mine, plans):
            assert "Khánh Hòa" not in html and "Ninh Thuận" not in html, name
        assert "Sở Tư pháp tỉnh Hà Tĩnh" in dash and "Sở Tư pháp tỉnh Hà Tĩnh" in late
        # the unit picker: Hà Tĩnh's units valid today, nothing else
        from cchc.org.selectors import unit_choices

        options = _options(dash, "unit")
        assert len(options) == len(unit_choices(timezone.localdate())) + 1  # + "Tất cả"
        assert all("Hà Tĩnh" in o or o == "Tất cả" for o in options), options
        # another province's occurrence is "not found" here
        kh_occ = Occurrence.objects.filter(plan=kh_plan).first()
        assert c.get(f"/plans/occurrences/{kh_occ.pk}/").status_code == 404
        assert c.get(f"/plans/{kh_plan.pk}/").status_code == 404
    from cchc.plans import selectors

    office = type(users["par_office"]).objects.get(pk=users["par_office"].pk)
    total = selectors.plans_dashboard(office, selectors.Filters(), today=today)["total"]
    assert total["total"] == Occurrence.objects.filter(plan=ht_plan).count()
    assert not [o for o in selectors.user_work(office, today=today) if o.plan_id == kh_plan.pk]


# ---------------------------------------------------------------------------- nothing due before the plan

def test_1718_no_occurrence_before_issue_date(users, settings):
    settings.CCHC_PROVINCE = "Khánh Hòa"
    imp = _import(users["par_office"])
    plan = services.plan_import_confirm(imp=imp, user=users["par_office"])
    assert plan.issue_date == ISSUED_1718 and plan.period == "2023-2030"
    occs = list(Occurrence.objects.filter(plan=plan).select_related("unit", "unit__province"))
    assert occs
    earliest = min(o.due_date for o in occs)
    # "Thường xuyên" over 2023-2030: the first quarter due at least 30 days after 21/07/2023 is Q3/2023
    assert earliest == date(2023, 9, 30), earliest
    assert not [o for o in occs if o.due_date < ISSUED_1718 + timedelta(days=services.lead_days())]
    continuous = Occurrence.objects.filter(plan=plan, schedule__kind="continuous")
    assert continuous.exists() and not continuous.filter(period__in=["2023Q1", "2023Q2"]).exists()
    # every occurrence goes to a unit valid on its due date, of Khánh Hòa (the merged province after 1/7/2025)
    for o in occs:
        assert o.unit.is_active_on(o.due_date), (o.unit.name, o.due_date)
        assert "Khánh Hòa" in o.unit.province.name or "Ninh Thuận" in o.unit.province.name, o.unit.name
        if o.due_date >= date(2025, 7, 1):
            assert o.unit.province.valid_from == date(2025, 7, 1), (o.unit.name, o.due_date)
    # no work for an agency abolished on 01/03/2025 after that date
    assert not Occurrence.objects.filter(plan=plan, due_date__gte=date(2025, 3, 1),
                                         unit__valid_to__lt=date(2025, 3, 1)).exists()
    # the late list on the demo date never counts years of lateness from before the plan existed
    from cchc.plans import selectors

    items, _n = selectors.occurrences_late_list(Occurrence.objects.filter(plan=plan), date(2026, 12, 1), limit=100000)
    assert items and max(o.days_late for o in items) <= (date(2026, 12, 1) - date(2023, 9, 30)).days
    # groups ("Các cơ quan, đơn vị, địa phương") keep expanding after the merger, in the new province
    group_leads = Assignment.objects.filter(task__plan=plan, role=Assignment.Role.LEAD, group__isnull=False)
    assert group_leads.exists()
    assert Occurrence.objects.filter(plan=plan, assignment__in=group_leads, due_date__gte=date(2025, 7, 1)).exists()


def test_one_off_deadline_before_issue_is_flagged_not_overdue(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    # pure rule
    once = {"kind": "once", "due": "2023-03-31"}
    assert occ.expand_schedule(once, years=[2023], issued=ISSUED_1718) == []
    assert occ.deadlines_before_issue(once, issued=ISSUED_1718) == [date(2023, 3, 31)]
    assert occ.expand_schedule({"kind": "once", "due": "2023-07-25"}, years=[2023], issued=ISSUED_1718) == \
        [("2023", date(2023, 7, 25))]  # a date the plan chose after its issue date is kept
    assert occ.expand_schedule(once, years=[2023]) == [("2023", date(2023, 3, 31))]  # no issue date: unchanged
    # the review screen lists it for the reviewer; confirming creates no overdue line for it
    d = small_draft(deadline_a="Trước 31/12/2023")  # issued 05/01/2024
    assert services.deadline_before_issue("Trước 31/12/2023", d) == ["31/12/2023"]
    from cchc.plans import drafts

    rows = drafts.rows_from_draft(d)
    imp = PlanImport.objects.create(filename="t.txt", status=PlanImport.Status.REVIEW, draft=d, rows=rows,
                                    agency_map={}, created_by=users["par_office"])
    html = client_for(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode()
    assert 'id="before-issue"' in html and "31/12/2023" in html
    plan, _imp = confirm_draft(users["par_office"], d)
    task = plan.tasks.get(number="1", section="I")
    assert not task.occurrences.exists()
    assert not Occurrence.objects.filter(plan=plan, due_date__lt=date(2024, 1, 5)).exists()
    # quarterly reporting of the same plan starts with Q1/2024 (31/03/2024 is more than 30 days after issue)
    quarterly = plan.tasks.get(number="2", section="I").occurrences.order_by("due_date")
    assert quarterly.first().period == "2024Q1"
