
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cchc.org import services
from cchc.org.models import OrgUnit, Succession, UnitKind
from tests.helpers import xlsx

HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên", "Hiệu lực từ",
          "Hiệu lực đến", "Tên gọi khác (cách nhau bởi ;)"]


@pytest.mark.django_db
def test_excel_import_with_errors_writes_nothing(org_tree, users):
    before = OrgUnit.objects.count()
    data = xlsx([
        HEADER,
        ["T42.snv.cchc", "Phòng Cải cách hành chính", "Phòng CCHC", "division", "T42.snv", None, None, "PCCHC; P.CCHC"],
        ["", "Thiếu mã", "", "division", "T42.snv", None, None, ""],
        ["X1", "Đơn vị sai loại", "", "không-có", "T42", None, None, ""],
        ["X2", "Ngày sai", "", "division", "T42", "32/13/2024", None, ""],
        ["X3", "Cấp trên không có", "", "division", "KHONG.CO", None, None, ""],
    ])
    report = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx")
    assert not report.ok
    msgs = report.messages()
    assert any(m.startswith("Dòng 3, cột A") and "thiếu mã" in m for m in msgs)
    assert any(m.startswith("Dòng 4, cột D") and "loại đơn vị" in m for m in msgs)
    assert any(m.startswith("Dòng 5, cột F") and "ngày" in m for m in msgs)
    assert any(m.startswith("Dòng 6, cột E") and "KHONG.CO" in m for m in msgs)
    assert OrgUnit.objects.count() == before


@pytest.mark.django_db
def test_excel_round_trip_and_aliases(org_tree, users):
    data = xlsx([
        HEADER,
        ["T42.snv.cchc", "Phòng Cải cách hành chính", "Phòng CCHC", "Phòng, ban nội bộ", "T42.snv", None, None,
         "PCCHC; Phòng CCHC-VTLT"],
    ])
    report = services.units_import_xlsx(data, user=users["par_office"])
    assert report.ok and report.created == 1
    unit = OrgUnit.objects.get(code="T42.snv.cchc")
    assert unit.parent.code == "T42.snv" and unit.kind == UnitKind.DIVISION
    assert unit.path.startswith(OrgUnit.objects.get(code="T42.snv").path)
    from cchc.org.selectors import agency_resolve

    assert agency_resolve("Phòng CCHC-VTLT", province="Hà Tĩnh")["units"][0]["code"] == "T42.snv.cchc"
    exported = services.units_export_xlsx(OrgUnit.objects.filter(code__startswith="T42.snv"))
    report2 = services.units_import_xlsx(exported, user=users["par_office"])
    assert report2.ok and report2.created == 0 and report2.updated >= 2


@pytest.mark.django_db
def test_unit_export_dates_read_dd_mm_yyyy(org_tree):
    """The validity dates were shown 2025-03-01 (openpyxl's default) and every column had a fixed width."""
    from datetime import date
    from io import BytesIO

    from openpyxl import load_workbook

    OrgUnit.objects.filter(code="T42.snv").update(valid_from=date(2025, 7, 1))
    ws = load_workbook(BytesIO(services.units_export_xlsx(OrgUnit.objects.filter(code="T42.snv")))).active
    cell = ws.cell(2, 6)
    assert ws.cell(1, 6).value == "Hiệu lực từ" and cell.value.date() == date(2025, 7, 1)
    assert cell.number_format == "DD/MM/YYYY" and ws.freeze_panes == "A2"


@pytest.mark.django_db
def test_cycle_and_self_succession_refused(org_tree):
    snv = OrgUnit.objects.get(code="T42.snv")
    prov = OrgUnit.objects.get(code="T42")
    prov.parent = snv
    with pytest.raises(ValidationError):
        prov.full_clean()
    with pytest.raises(ValidationError):
        services.succession_record(predecessor=snv, successor=snv, kind="rename", on=snv.valid_from or prov.valid_to
                                   or __import__("datetime").date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Succession.objects.create(predecessor=snv, successor=snv, kind="rename",
                                  date=__import__("datetime").date(2025, 1, 1))
    bad = OrgUnit(code="Z", name="Z", kind="division", valid_from=__import__("datetime").date(2025, 1, 2),
                  valid_to=__import__("datetime").date(2025, 1, 1))
    with pytest.raises(ValidationError):
        bad.full_clean()


@pytest.mark.django_db
def test_unknown_role_refused(users):
    from cchc.org.models import Membership

    m = Membership(user=users["viewer"], unit=None, role="sieu-quyen")
    with pytest.raises(ValidationError):
        m.full_clean()


@pytest.mark.django_db
def test_writes_are_audited_with_actor(users):
    from django.test import Client

    from tests.conftest import PASSWORD

    c = Client()
    c.login(username="par_office", password=PASSWORD)  # the unit registry is the CCHC office's
    c.post("/org/units/T42.stp/edit/", {"name": "Sở Tư pháp tỉnh Hà Tĩnh mới"})
    unit = OrgUnit.objects.get(code="T42.stp")
    entry = LogEntry.objects.get_for_object(unit).order_by("-timestamp").first()
    assert entry.actor == users["par_office"]
    assert entry.changes_dict["name"][1] == "Sở Tư pháp tỉnh Hà Tĩnh mới"


@pytest.mark.django_db
def test_load_is_idempotent(org_tree):
    from cchc.org.loading import load_admin_units

    before = (OrgUnit.objects.count(), Succession.objects.count())
    load_admin_units(provinces=["Hà Tĩnh"], communes=True)
    assert (OrgUnit.objects.count(), Succession.objects.count()) == before


# --- overlapping validity, children outside their parent, successions outside the units' periods -----------------

D = __import__("datetime").date


@pytest.mark.django_db
def test_loaded_tree_passes_the_validity_checks(org_tree):
    from cchc.org.selectors import validity_problems

    assert validity_problems() == []
    for code in ("T42.snv", "T42.skhdt", "H447", "T52.2025"):
        OrgUnit.objects.get(code=code).full_clean()


@pytest.mark.django_db
def test_child_outside_parent_validity_refused(org_tree):
    district = OrgUnit.objects.get(code="H447")  # ends 30/06/2025
    child = OrgUnit(code="H447.vp", name="Văn phòng HĐND và UBND huyện", kind="division", parent=district,
                    valid_from=D(2020, 1, 1), valid_to=D(2025, 12, 31))
    with pytest.raises(ValidationError) as exc:
        child.full_clean()
    assert "nằm ngoài thời gian hiệu lực của đơn vị cấp trên" in str(exc.value)
    child.valid_to = D(2025, 6, 30)
    child.full_clean()
    child.save()
    # shortening the parent below its child's period is refused too
    district.valid_to = D(2025, 3, 31)
    with pytest.raises(ValidationError) as exc:
        district.full_clean()
    assert "Đơn vị cấp dưới" in str(exc.value)


@pytest.mark.django_db
def test_overlapping_validity_of_the_same_body_refused(org_tree):
    old = OrgUnit.objects.get(code="T42.skhdt")  # Sở KH&ĐT, until 28/02/2025
    twin = OrgUnit(code="T42.skhdt2", name="Sở Kế hoạch và Đầu tư (mới)", kind="department",
                   parent=old.parent, province=old.province, standard_key="skhdt", valid_from=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "Trùng thời gian hiệu lực" in str(exc.value) and "T42.skhdt" in str(exc.value)
    twin.valid_from = D(2025, 3, 1)  # re-established after the old one ended: allowed
    twin.full_clean()
    # same kind and administrative code: the commune before and the one after 1/7/2025 may share a code only if
    # their periods do not overlap
    old_commune = OrgUnit.objects.filter(kind="commune", valid_to=D(2025, 6, 30), province__code="T42").first()
    clash = OrgUnit(code="XDUP", name="Xã trùng mã", kind="commune", parent=old_commune.parent,
                    admin_code=old_commune.admin_code, valid_from=D(2024, 1, 1), valid_to=D(2025, 6, 30))
    with pytest.raises(ValidationError) as exc:
        clash.full_clean()
    assert old_commune.code in str(exc.value)


@pytest.mark.django_db
def test_succession_outside_the_units_periods_refused(org_tree):
    skhdt, stc = OrgUnit.objects.get(code="T42.skhdt"), OrgUnit.objects.get(code="T42.stc")
    snnmt = OrgUnit.objects.get(code="T42.snnmt")  # from 01/03/2025
    with pytest.raises(ValidationError) as exc:  # two years after the predecessor ended
        services.succession_record(predecessor=skhdt, successor=stc, kind="merge", on=D(2027, 3, 1))
    assert "hết hiệu lực" in str(exc.value)
    with pytest.raises(ValidationError) as exc:  # the successor did not exist yet
        services.succession_record(predecessor=OrgUnit.objects.get(code="T42.stp"), successor=snnmt,
                                   kind="transfer", on=D(2024, 1, 1))
    assert "không có hiệu lực vào ngày sắp xếp" in str(exc.value)
    s = services.succession_record(predecessor=OrgUnit.objects.get(code="T42.stp"), successor=snnmt,
                                   kind="transfer", on=D(2025, 4, 1))
    assert s.pk


@pytest.mark.django_db
def test_excel_import_refuses_validity_errors_with_row_and_column(org_tree, users):
    before = (OrgUnit.objects.count(), list(OrgUnit.objects.filter(code="T42.stttt").values_list("valid_to")))
    data = xlsx([
        HEADER,
        # child of a district that ends 30/06/2025, valid after it
        ["H447.pccvc", "Phòng Nội vụ huyện", "", "division", "H447", "01/01/2020", "31/12/2025", ""],
        # re-opening Sở TT&TT without an end date overlaps nothing of its own key but breaks its 2025 succession
        ["T42.stttt", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", "", "department", "T42", None, None, ""],
        # a new unit under a unit that only starts in the file, before that start
        ["T42.new", "Ban mới", "", "department", "T42", "01/01/2026", None, ""],
        ["T42.new.p1", "Phòng 1", "", "division", "T42.new", "01/01/2025", None, ""],
        # the district shortened while its communes still run to 30/06/2025
        ["H447", "Ủy ban nhân dân huyện Kỳ Anh", "", "district", "T42", None, "31/12/2024", ""],
    ])
    report = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx")
    assert not report.ok
    msgs = report.messages()
    assert any(m.startswith("Dòng 2, cột G (Hiệu lực đến)") and "đơn vị cấp trên" in m for m in msgs), msgs
    assert any(m.startswith("Dòng 3, cột G") and "không có ngày hết hiệu lực" in m for m in msgs), msgs
    assert any(m.startswith("Dòng 5, cột F (Hiệu lực từ)") and "Ban mới" in m for m in msgs), msgs
    assert any(m.startswith("Dòng 6, cột G") and "đơn vị cấp dưới" in m for m in msgs), msgs
    assert (OrgUnit.objects.count(), list(OrgUnit.objects.filter(code="T42.stttt").values_list("valid_to"))) == before


@pytest.mark.django_db
def test_excel_import_overlapping_twin_refused_and_consistent_changes_accepted(org_tree, users):
    twin = OrgUnit(code="T42.skhdt2", name="Sở Kế hoạch và Đầu tư (mới)", kind="department", parent=org_tree["T42"],
                   province=org_tree["T42"], standard_key="skhdt", valid_from=D(2026, 1, 1))
    twin.full_clean()
    twin.save()
    bad = services.units_import_xlsx(user=users["par_office"], data=xlsx([
        HEADER, ["T42.skhdt2", "Sở Kế hoạch và Đầu tư (mới)", "", "department", "T42", "01/01/2025", None, ""]]))
    assert not bad.ok
    assert any(m.startswith("Dòng 2, cột F") and "T42.skhdt" in m for m in bad.messages()), bad.messages()
    # parent and child changed together in one file: checked on the final state, accepted
    good = services.units_import_xlsx(user=users["par_office"], data=xlsx([
        HEADER,
        ["T42.snv.p", "Phòng Tổ chức", "", "division", "T42.snv.x", "01/03/2025", "31/12/2025", ""],
        ["T42.snv.x", "Ban tạm", "", "division", "T42.snv", "01/01/2025", "31/12/2025", ""],
    ]))
    assert good.ok, good.messages()
    shrink = services.units_import_xlsx(user=users["par_office"], data=xlsx([
        HEADER,
        ["T42.snv.x", "Ban tạm", "", "division", "T42.snv", "01/01/2025", "30/06/2025", ""],
        ["T42.snv.p", "Phòng Tổ chức", "", "division", "T42.snv.x", "01/03/2025", "30/06/2025", ""],
    ]))
    assert shrink.ok, shrink.messages()
    assert OrgUnit.objects.get(code="T42.snv.p").valid_to == D(2025, 6, 30)


@pytest.mark.django_db
def test_moving_a_unit_reroots_its_whole_subtree_in_a_fixed_number_of_queries(org_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    province = OrgUnit.objects.get(code="T42")
    dept = OrgUnit.objects.create(code="MV.dept", name="Sở thử chuyển", kind="department", parent=province)
    child = OrgUnit.objects.create(code="MV.div", name="Phòng thử", kind="division", parent=dept)
    grandchildren = [OrgUnit.objects.create(code=f"MV.g{i}", name=f"Tổ thử {i}", kind="division", parent=child)
                     for i in range(5)]
    new_parent = OrgUnit.objects.get(code="T42.snv")
    child.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        child.parent = new_parent
        child.save()
    # parent lookups, save, path/depth, one re-root UPDATE: not one per descendant (6 descendants here)
    assert len(ctx.captured_queries) <= 5
    child.refresh_from_db()
    assert child.path == f"{new_parent.path}{child.pk}/" and child.depth == new_parent.depth + 1
    for g in grandchildren:
        g.refresh_from_db()
        assert g.path == f"{child.path}{g.pk}/"
        assert g.depth == child.depth + 1
    dept.refresh_from_db()
    assert dept.path == f"{province.path}{dept.pk}/"  # the old parent is untouched
    assert set(OrgUnit.objects.filter(path__startswith=child.path).values_list("code", flat=True)) == \
        {"MV.div", *(f"MV.g{i}" for i in range(5))}


def test_unit_lists_are_in_vietnamese_order_departments_before_communes(users):
    """The office's report status page listed the communes first (kind "commune" < "department") and put
    "Ủy ban nhân dân xã Đan Hải" after "… xã Yên Hòa" (byte order of the name): lists of units now go by kind as
    UnitKind lists them, then by name with Đ among the D's, on SQLite and PostgreSQL alike."""
    from cchc.reports import catalog, selectors

    rows = selectors.submission_status(users["par_office"], 2026, catalog.YEAR)["rows"]
    kinds = [r["unit"].kind for r in rows]
    assert kinds == sorted(kinds, key=[UnitKind.DEPARTMENT, UnitKind.COMMUNE].index) and kinds[0] == UnitKind.DEPARTMENT
    communes = [r["unit"].name.removeprefix("Ủy ban nhân dân ") for r in rows if r["unit"].kind == UnitKind.COMMUNE]
    xa = [n.removeprefix("xã ") for n in communes if n.startswith("xã ")]
    d_names = [i for i, n in enumerate(xa) if n[0] in "DĐ"]
    assert d_names and all(n[0] in "DĐ" for n in xa[d_names[0]:d_names[-1] + 1])  # the D's and Đ's together
    assert xa.index(next(n for n in xa if n.startswith("Đ"))) < xa.index(next(n for n in xa if n.startswith("Y")))
