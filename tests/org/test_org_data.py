import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from cchc.org import services
from cchc.org.models import OrgUnit, Succession, UnitKind


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên", "Hiệu lực từ",
          "Hiệu lực đến", "Tên gọi khác (cách nhau bởi ;)"]


@pytest.mark.django_db
def test_excel_import_with_errors_writes_nothing(org_tree):
    before = OrgUnit.objects.count()
    data = xlsx([
        HEADER,
        ["T42.snv.cchc", "Phòng Cải cách hành chính", "Phòng CCHC", "division", "T42.snv", None, None, "PCCHC; P.CCHC"],
        ["", "Thiếu mã", "", "division", "T42.snv", None, None, ""],
        ["X1", "Đơn vị sai loại", "", "không-có", "T42", None, None, ""],
        ["X2", "Ngày sai", "", "division", "T42", "32/13/2024", None, ""],
        ["X3", "Cấp trên không có", "", "division", "KHONG.CO", None, None, ""],
    ])
    report = services.units_import_xlsx(data, filename="don-vi.xlsx")
    assert not report.ok
    msgs = report.messages()
    assert any(m.startswith("Dòng 3, cột A") and "thiếu mã" in m for m in msgs)
    assert any(m.startswith("Dòng 4, cột D") and "loại đơn vị" in m for m in msgs)
    assert any(m.startswith("Dòng 5, cột F") and "ngày" in m for m in msgs)
    assert any(m.startswith("Dòng 6, cột E") and "KHONG.CO" in m for m in msgs)
    assert OrgUnit.objects.count() == before


@pytest.mark.django_db
def test_excel_round_trip_and_aliases(org_tree):
    data = xlsx([
        HEADER,
        ["T42.snv.cchc", "Phòng Cải cách hành chính", "Phòng CCHC", "Phòng, ban nội bộ", "T42.snv", None, None,
         "PCCHC; Phòng CCHC-VTLT"],
    ])
    report = services.units_import_xlsx(data)
    assert report.ok and report.created == 1
    unit = OrgUnit.objects.get(code="T42.snv.cchc")
    assert unit.parent.code == "T42.snv" and unit.kind == UnitKind.DIVISION
    assert unit.path.startswith(OrgUnit.objects.get(code="T42.snv").path)
    from cchc.org.selectors import resolve_agency

    assert resolve_agency("Phòng CCHC-VTLT", province="Hà Tĩnh")["units"][0]["code"] == "T42.snv.cchc"
    exported = services.units_export_xlsx(OrgUnit.objects.filter(code__startswith="T42.snv"))
    report2 = services.units_import_xlsx(exported)
    assert report2.ok and report2.created == 0 and report2.updated >= 2


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
    c.login(username="focal_point", password=PASSWORD)
    c.post("/org/units/T42.stp/edit/", {"name": "Sở Tư pháp tỉnh Hà Tĩnh mới"})
    unit = OrgUnit.objects.get(code="T42.stp")
    entry = LogEntry.objects.get_for_object(unit).order_by("-timestamp").first()
    assert entry.actor == users["focal_point"]
    assert entry.changes_dict["name"][1] == "Sở Tư pháp tỉnh Hà Tĩnh mới"


@pytest.mark.django_db
def test_load_is_idempotent(org_tree):
    from cchc.org.loading import load_admin_units

    before = (OrgUnit.objects.count(), Succession.objects.count())
    load_admin_units(provinces=["Hà Tĩnh"], communes=True)
    assert (OrgUnit.objects.count(), Succession.objects.count()) == before
