"""The national bodies (the Government, 14 ministries and 3 ministerial-level agencies of Nghị quyết 176/2025/QH15,
and the ministries they replaced on 01/03/2025): loaded without a province, resolved from plans, never offered as a
unit of the installation, never edited by the province's users."""

from datetime import date

import pytest

from cchc.org.catalog import NATIONAL_BODIES
from cchc.org.loading import load_national_bodies
from cchc.org.models import OrgUnit, Succession, UnitGroup, UnitKind
from cchc.org.selectors import agency_resolve, home_units, unit_choices
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
AFTER = date(2025, 11, 27)  # Quyết định 2597/QĐ-TTg (real-docs ec00bd6f58be7864)
BEFORE = date(2024, 6, 1)


def _codes(res):
    return [u["code"] for u in res["units"]]


def test_national_bodies_are_loaded_once_without_a_province(org_tree):
    national = OrgUnit.objects.filter(code__startswith="TW.")
    assert (
        national.count() == len(NATIONAL_BODIES) == 1 + 17 + 5 + 7
    )  # Government, ministries, bodies under it, ended
    assert not national.exclude(kind=UnitKind.NATIONAL).exists()
    assert not national.filter(province__isnull=False).exists()
    gov = OrgUnit.objects.get(code="TW.cp")
    assert gov.parent_id is None and national.filter(parent=gov).count() == len(NATIONAL_BODIES) - 1
    assert load_national_bodies() == 0 and national.count() == len(NATIONAL_BODIES)  # idempotent
    # the 01/03/2025 mergers, as the provincial departments' are kept
    merged = {
        (s.predecessor.code, s.successor.code)
        for s in Succession.objects.filter(predecessor__code__startswith="TW.").select_related(
            "predecessor", "successor"
        )
    }
    assert ("TW.bkhdt", "TW.btc") in merged and ("TW.bnnptnt", "TW.bnnmt") in merged
    assert ("TW.btnmt", "TW.bnnmt") in merged and ("TW.ubdt", "TW.bdttg") in merged and len(merged) == 7
    assert OrgUnit.objects.get(code="TW.bnnptnt").valid_to == date(2025, 2, 28)
    assert OrgUnit.objects.get(code="TW.bnnmt").valid_from == date(2025, 3, 1)


@pytest.mark.parametrize(
    "text,code",
    [
        ("Bộ Nội vụ", "TW.bnv"),
        ("BNV", "TW.bnv"),
        ("Văn phòng Chính phủ", "TW.vpcp"),
        ("VPCP", "TW.vpcp"),
        ("Bộ Công an", "TW.bca"),
        ("Bộ NN&MT", "TW.bnnmt"),
        ("Bộ Nông nghiệp và Môi trường", "TW.bnnmt"),
        ("Thủ tướng Chính phủ", "TW.cp"),
        ("Ngân hàng Nhà nước Việt Nam", "TW.nhnn"),
        ("Bộ Dân tộc và Tôn giáo", "TW.bdttg"),
        ("Bộ Nội vụ chủ trì, phối hợp với các bộ", "TW.bnv"),
        # a ministry merged on 01/03/2025, named in an older text: its successor
        ("Bộ Kế hoạch và Đầu tư", "TW.btc"),
        ("Bộ Thông tin và Truyền thông", "TW.bkhcn"),
    ],
)
def test_national_bodies_resolve_after_the_reorganisation(org_tree, settings, text, code):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    res = agency_resolve(text, on=AFTER)
    assert (res["status"], _codes(res)) == ("unit", [code]), res
    assert "Trung ương" in res["note"]


def test_ministries_by_date_and_province_bodies_unchanged(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    assert _codes(agency_resolve("Bộ Nông nghiệp và Phát triển nông thôn", on=BEFORE)) == ["TW.bnnptnt"]
    res = agency_resolve("Bộ Nông nghiệp và Phát triển nông thôn", on=AFTER)
    assert _codes(res) == ["TW.bnnmt"] and "hợp nhất" in res["note"]
    early = agency_resolve("Bộ Nông nghiệp và Môi trường", on=BEFORE)  # did not exist yet
    assert early["status"] == "unresolved" and "chỉ có hiệu lực từ" in early["note"]
    # the province's own bodies keep resolving as before, and the committee is the province unit
    assert _codes(agency_resolve("Sở Nội vụ", on=AFTER)) == ["T42.snv"]
    assert _codes(agency_resolve("Thanh tra", on=AFTER)) == ["T42.ttt"]
    assert _codes(agency_resolve("UBND tỉnh", on=AFTER)) == ["T42"]
    # how a central plan addresses every province: for this installation, its own committee
    assert _codes(agency_resolve("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", on=AFTER)) == [
        "T42"
    ]
    # a ministry and a province unit in one cell
    both = agency_resolve("Bộ Tài chính, Sở Tài chính", on=AFTER)
    assert both["status"] == "unit" and _codes(both) == ["TW.btc", "T42.stc"]


def test_group_of_ministries_by_date(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    res = agency_resolve("Các Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", on=AFTER)
    assert (res["status"], res["group"]) == ("group", "ministries")
    compound = agency_resolve("Bộ Xây dựng và các bộ, ngành liên quan", on=AFTER)
    assert (compound["group"], _codes(compound)) == ("ministries", ["TW.bxd"])
    group = UnitGroup.objects.get(code="ministries")
    t42 = OrgUnit.objects.get(code="T42")
    after = list(group.expand(province=t42, on=AFTER))
    before = list(group.expand(province=t42, on=BEFORE))
    assert len(after) == 14 + 3 and len(before) == 18 + 4  # Nghị quyết 176/2025/QH15; 08/2021/QH15
    assert {u.code for u in after} >= {"TW.bnv", "TW.vpcp", "TW.bnnmt"} and "TW.bnnptnt" not in {
        u.code for u in after
    }
    assert all(u.kind == UnitKind.NATIONAL for u in after + before)
    # the province's groups do not take national bodies in
    departments = UnitGroup.objects.get(code="departments").expand(province=t42, on=AFTER)
    assert departments.exists() and not departments.filter(kind=UnitKind.NATIONAL).exists()


def test_pickers_offer_national_bodies_only_for_mapping_a_plan(org_tree, settings):
    from cchc.org.forms import home_unit_queryset

    settings.CCHC_PROVINCE = "Hà Tĩnh"
    assert not home_units(AFTER).filter(kind=UnitKind.NATIONAL).exists()
    assert not home_unit_queryset(on=AFTER).filter(kind=UnitKind.NATIONAL).exists()
    assert "Bộ Nội vụ" not in dict(unit_choices(AFTER)).values()
    mapping = dict(unit_choices(AFTER, national=True))
    assert mapping["TW.bnv"] == "Bộ Nội vụ" and mapping["T42.snv"] == "Sở Nội vụ tỉnh Hà Tĩnh"
    assert "TW.bnnptnt" not in mapping  # ended on 28/02/2025


def test_no_province_user_edits_a_national_body(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    bnv = OrgUnit.objects.get(code="TW.bnv")
    for name in ("unit_leader", "focal_point", "viewer"):  # a unit's staff: not even visible
        c = client_for(users[name])
        assert c.get("/org/units/TW.bnv/").status_code == 404, name
        assert c.post("/org/units/TW.bnv/edit/", {"name": "Bộ X"}).status_code == 404, name
    office = client_for(users["par_office"])
    assert office.get("/org/units/TW.bnv/").status_code == 200  # read: the plans name it
    assert office.get("/org/units/TW.bnv/edit/").status_code == 403
    assert office.post("/org/units/TW.bnv/edit/", {"name": "Bộ X"}).status_code == 403
    bnv.refresh_from_db()
    assert bnv.name == "Bộ Nội vụ"
    # the office still edits its own province's units
    assert office.get("/org/units/T42.snv/edit/").status_code == 200
    assert client_for(users["admin"]).get("/org/units/TW.bnv/edit/").status_code == 200


def test_excel_import_repeats_but_never_changes_a_national_body(org_tree, users):
    """The office's unit list exports the national bodies with the rest: the file comes back unchanged through the
    import, but a renamed ministry, a new "national" unit or a unit placed under a ministry is refused."""
    from io import BytesIO

    from openpyxl import load_workbook

    from cchc.org.services import units_export_xlsx, units_import_xlsx

    exported = units_export_xlsx(
        OrgUnit.objects.filter(code__in=["TW.cp", "TW.bnv", "T42.snv"]).order_by("path")
    )
    assert units_import_xlsx(exported, user=users["par_office"], filename="don-vi.xlsx").ok

    def edited(change) -> bytes:
        wb = load_workbook(BytesIO(exported))
        change(wb.active)
        out = BytesIO()
        wb.save(out)
        return out.getvalue()

    def rename(ws):
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "TW.bnv":
                row[1].value = "Bộ Nội vụ và Lao động"

    def add_national(ws):
        ws.append(
            [
                "TW.vpqh",
                "Văn phòng Quốc hội",
                "",
                "Cơ quan Trung ương (Chính phủ, bộ, ngành)",
                "",
                None,
                None,
                "",
            ]
        )

    def under_ministry(ws):
        ws.append(["T42.x", "Phòng thử", "", "Phòng, ban nội bộ", "TW.bnv", None, None, ""])

    for change, words in (
        (rename, "không sửa được"),
        (add_national, "không tạo được"),
        (under_ministry, "không đặt dưới cơ quan Trung ương"),
    ):
        report = units_import_xlsx(edited(change), user=users["par_office"], filename="don-vi.xlsx")
        assert not report.ok and any(words in str(e) for e in report.errors), [str(e) for e in report.errors]
    assert OrgUnit.objects.get(code="TW.bnv").name == "Bộ Nội vụ"
    assert not OrgUnit.objects.filter(code__in=["TW.vpqh", "T42.x"]).exists()
