"""Collective agencies as the lead of a task: who gets a reporting line.

"các địa phương" in a province's plan are its local governments (communes; districts before 1/7/2025), never its
departments; in a plan of the centre they are the provinces, i.e. the province's committee. "Các sở, ban, ngành,
địa phương" are the departments and the local governments. A vague collective ("các cơ quan, đơn vị liên quan")
beside a named lead adds nobody; alone, the reviewer chooses (confirmed as it is, nobody gets a line)."""

from datetime import date

import pytest

from cchc.org.models import UnitKind
from cchc.org.selectors import agency_resolve
from cchc.plans import services
from cchc.plans.models import Occurrence
from tests.helpers import client_for
from tests.plans.conftest import confirm_draft, small_draft
from tests.plans.test_national_lead import central_draft

pytestmark = pytest.mark.django_db
BEFORE, AFTER = date(2024, 1, 15), date(2025, 8, 1)


def _kinds(plan, number, section="II"):
    qs = Occurrence.objects.filter(plan=plan, task__number=number, task__section=section)
    return set(qs.values_list("unit__kind", flat=True))


@pytest.mark.parametrize(
    "text",
    [
        "các địa phương",
        "Các địa phương",
        "UBND các địa phương",
        "Ủy ban nhân dân các địa phương",
        "các địa phương có liên quan",
        "Các địa phương có đảo",
    ],
)
def test_localities_of_a_province_plan_are_its_local_governments(org_tree, text):
    res = agency_resolve(text, province="Hà Tĩnh", on=AFTER)
    assert res["status"] == "group" and res["group"] == "districts_communes", res
    assert (
        "Cấp huyện" not in res["note"]
    )  # "địa phương" does not name the districts; after 1/7/2025 communes only


def test_departments_and_localities_are_both(org_tree):
    for text in (
        "các sở, ban, ngành, địa phương",
        "Các sở, ngành, địa phương",
        "các sở, ban, ngành và địa phương",
    ):
        res = agency_resolve(text, province="Hà Tĩnh", on=BEFORE)
        assert res["status"] == "group" and res["group"] == "all_agencies", (text, res)
    assert agency_resolve("các sở, ban, ngành", province="Hà Tĩnh", on=BEFORE)["group"] == "departments"
    # the district level named outright keeps its note
    assert "Cấp huyện" in agency_resolve("UBND cấp huyện, cấp xã", province="Hà Tĩnh", on=AFTER)["note"]


def test_province_plan_led_by_localities_reaches_no_department(users):
    plan, _imp = confirm_draft(users["par_office"], small_draft(lead_b="các địa phương"))
    assert _kinds(plan, "1") == {UnitKind.DISTRICT, UnitKind.COMMUNE}  # 2024: districts and communes
    plan2, _imp = confirm_draft(
        users["par_office"],
        dict(
            small_draft(lead_b="các sở, ban, ngành, địa phương"),
            document_number="98/KH-UBND",
            title="Kế hoạch khác",
        ),
    )
    assert _kinds(plan2, "1") == {UnitKind.DEPARTMENT, UnitKind.DISTRICT, UnitKind.COMMUNE}


def test_central_plan_localities_are_the_province_committee(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    draft = central_draft()
    draft["tables"][0]["tasks"][0]["lead"] = [
        "Bộ Xây dựng",
        "các địa phương",
    ]  # as ec00bd6f58be7864 prints it
    assert services.draft_is_central(draft)
    plan, imp = confirm_draft(users["par_office"], draft)
    assert imp.agency_map["các địa phương"]["units"] == ["T42"]
    assert list(
        Occurrence.objects.filter(plan=plan, task__number="1").values_list("unit__code", flat=True).distinct()
    ) == ["T42"]
    res = agency_resolve("Các bộ, ngành, địa phương", province="Hà Tĩnh", on=AFTER, central=True)
    assert [u["code"] for u in res["units"]] == ["T42"]


def test_which_plan_is_the_centres():
    assert services.draft_is_central({"issuer": "Thủ tướng Chính phủ"})
    assert services.draft_is_central({"issuer": None, "document_number": "2530/QĐ-TTg"})
    assert services.draft_is_central({"document_number": "15/NQ-CP"})
    assert not services.draft_is_central({"issuer": "UBND tỉnh Hà Tĩnh", "province": "Hà Tĩnh"})
    assert not services.draft_is_central({"issuer": "Ủy ban nhân dân tỉnh Nghệ An"})
    assert not services.draft_is_central({"document_number": "980/KH-UBND"})


def _vague_draft():
    d = small_draft()
    tasks = d["tables"][0]["tasks"]
    tasks[0]["lead"] = ["Sở Tư pháp", "Các cơ quan, đơn vị có liên quan"]  # seed 003 task 4 had 3038 lines
    tasks[1]["lead"], tasks[1]["partners"] = ["Sở Y tế"], ["các cơ quan liên quan"]
    tasks[2]["lead"] = ["Các đơn vị liên quan"]
    return d


def test_vague_lead_beside_a_named_unit_adds_nobody(users):
    plan, _imp = confirm_draft(users["par_office"], _vague_draft())
    codes = set(
        Occurrence.objects.filter(plan=plan, task__number="1", task__section="I").values_list(
            "unit__code", flat=True
        )
    )
    assert codes == {"T42.stp"}
    # alone it gives nobody a line (the reviewer was asked), never every unit of the province
    assert not Occurrence.objects.filter(plan=plan, task__section="II").exists()
    task = plan.tasks.get(section="II")
    assert [(a.agency_text, a.unit, a.group) for a in task.assignments.all()] == [
        ("Các đơn vị liên quan", None, None)
    ]  # kept as read


def test_review_screen_asks_for_a_vague_lone_lead(users):
    office = users["par_office"]
    imp = services.plan_import_create(user=office, draft=_vague_draft(), filename="vague.txt")
    assert services.leads_vague(imp.rows, imp.agency_map) == {"Các đơn vị liên quan"}
    html = client_for(office).get(f"/plans/imports/{imp.pk}/").content.decode()
    assert "Cơ quan chủ trì không cụ thể" in html
    assert 'tr class="unresolved" data-agency="Các đơn vị liên quan"' in html
    # as a partner, or beside a named lead, nothing is asked
    assert 'data-agency="các cơ quan liên quan"' in html
    assert 'tr class="unresolved" data-agency="các cơ quan liên quan"' not in html
    assert 'tr class="unresolved" data-agency="Các cơ quan, đơn vị có liên quan"' not in html
    # the reviewer decides: the group they pick is what the task gets
    from cchc.org.models import UnitGroup

    imp = services.plan_import_map_agency(
        imp=imp, user=office, text="Các đơn vị liên quan", group=UnitGroup.objects.get(code="departments")
    )
    assert services.leads_vague(imp.rows, imp.agency_map) == set()
    plan = services.plan_import_confirm(imp=imp, user=office)
    assert _kinds(plan, "1") == {UnitKind.DEPARTMENT}


def test_an_agency_spelled_otherwise_in_another_row_keeps_its_mapping(users):
    """The map holds one spelling per agency ("các sở, ban, ngành" named first); a row writing "Các Sở, ban, ngành"
    (as seed 002 and the demo plan do 23 times) is the same agency, not an unresolved one without a line."""
    office = users["par_office"]
    d = small_draft()
    tasks = d["tables"][0]["tasks"]
    tasks[0]["partners"] = ["các sở, ban, ngành"]
    tasks[2]["lead"] = ["Các Sở, ban, ngành"]
    tasks[1]["lead"], tasks[1]["partners"] = ["Cơ quan XYZ"], ["cơ quan xyz"]
    imp = services.plan_import_create(user=office, draft=d, filename="spelling.txt")
    assert "Các Sở, ban, ngành" not in imp.agency_map and "các sở, ban, ngành" in imp.agency_map
    html = client_for(office).get(f"/plans/imports/{imp.pk}/").content.decode()
    assert "Các Sở, ban, ngành → Các sở, ban, ngành" in html  # the chip shows the group, not an empty label
    assert html.count('class="chip unresolved" data-agency="') == 2  # "Cơ quan XYZ" and "cơ quan xyz"
    plan = services.plan_import_confirm(imp=imp, user=office)
    assert _kinds(plan, "1") == {UnitKind.DEPARTMENT}
