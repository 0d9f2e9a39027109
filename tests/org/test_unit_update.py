"""A unit's registry entry is changed by one service (issue 9): the CCHC office only, the model's rules of validity,
audited with the office's user as actor; the edit page goes through it."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.org import services
from cchc.org.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_unit_update_is_the_offices_checked_and_audited(org_tree, users):
    stp = org_tree["T42.stp"]
    old_name = stp.name
    for user in (users["focal_b"], users["unit_leader"]):  # another unit's, and the unit's own leader
        with pytest.raises(PermissionDenied):
            services.unit_update(user, stp, name="Sở Tư pháp mới", short_name="STP")
    with pytest.raises(ValidationError) as refused:
        services.unit_update(
            users["par_office"], stp, name=old_name, valid_from=date(2025, 7, 1), valid_to=date(2025, 1, 1)
        )
    assert refused.value.message_dict["valid_to"] == ["Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."]
    assert stp.valid_to is None  # the object is left as it was
    with pytest.raises(ValidationError) as refused:
        services.unit_update(users["par_office"], stp, name="   ")
    assert refused.value.message_dict["name"] == ["Cần nhập tên đơn vị."]
    stp.refresh_from_db()
    assert (
        stp.name == old_name and not LogEntry.objects.get_for_object(stp).filter(actor__isnull=False).exists()
    )

    services.unit_update(
        users["par_office"],
        stp,
        name="Sở  Tư pháp tỉnh Hà Tĩnh (mới)",
        short_name="STP",
        valid_from=stp.valid_from,
        valid_to=stp.valid_to,
    )
    stp = OrgUnit.objects.get(pk=stp.pk)
    assert stp.name == "Sở Tư pháp tỉnh Hà Tĩnh (mới)" and stp.short_name == "STP"
    entry = LogEntry.objects.get_for_object(stp).filter(actor=users["par_office"]).get()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["name"] == [old_name, "Sở Tư pháp tỉnh Hà Tĩnh (mới)"]


def test_unit_edit_page_shows_the_services_refusal_by_field(client, org_tree, users):
    stp = org_tree["T42.stp"]
    client.force_login(users["par_office"])
    url = reverse("org:unit_edit", args=[stp.code])
    assert f'value="{stp.name}"' in client.get(url).content.decode()
    resp = client.post(url, {"name": stp.name, "valid_from": "2025-07-01", "valid_to": "2025-01-01"})
    assert resp.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in resp.context["form"].errors["valid_to"]
    resp = client.post(url, {"name": "Sở Tư pháp (sửa)", "short_name": ""})
    assert resp.status_code == 302
    stp.refresh_from_db()
    assert stp.name == "Sở Tư pháp (sửa)"
    assert LogEntry.objects.get_for_object(stp).filter(actor=users["par_office"]).count() == 1


def test_units_import_is_the_offices_and_audited(org_tree, users, tmp_path):
    """The province's list of units is imported by the CCHC office only; the refusal writes nothing; the units the
    import writes name the importer; the command acts as the account given (or the office's)."""
    from django.core.management import CommandError, call_command

    from cchc.core.errors import CodedError
    from tests.helpers import xlsx

    header = [label for _key, label in services.UNIT_COLUMNS]
    data = xlsx([header, ["T42.snv.moi", "Phòng Mới", "PM", "division", "T42.snv", None, None, ""]])
    for who in ("viewer", "focal_point", "unit_leader", "appraiser"):
        with pytest.raises(CodedError) as refused:
            services.units_import_xlsx(data, user=users[who], filename="don-vi.xlsx")
        assert refused.value.code == "forbidden" and refused.value.status == 403
        assert refused.value.message == "Chỉ Phòng CCHC (Sở Nội vụ) được nhập danh sách đơn vị từ Excel."
    assert not OrgUnit.objects.filter(code="T42.snv.moi").exists()

    report = services.units_import_xlsx(data, user=users["par_office"], filename="don-vi.xlsx")
    assert report.ok and report.created == 1
    entry = LogEntry.objects.get_for_object(OrgUnit.objects.get(code="T42.snv.moi")).get()
    assert entry.actor == users["par_office"] and entry.action == LogEntry.Action.CREATE

    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx([header, ["T42.snv.hai", "Phòng Hai", "", "division", "T42.snv", None, None, ""]]))
    with pytest.raises(CommandError, match="Chỉ Phòng CCHC"):
        call_command("org", "import", str(path), "--user", "viewer")
    assert not OrgUnit.objects.filter(code="T42.snv.hai").exists()
    call_command("org", "import", str(path), "--user", "admin")
    entry = LogEntry.objects.get_for_object(OrgUnit.objects.get(code="T42.snv.hai")).get()
    assert entry.actor == users["admin"]


def test_units_import_changes_only_the_home_provinces_units(org_tree, users):
    """Another province's units are stored for the resolver: a file does not rename one or put a unit under it."""
    from tests.helpers import xlsx

    header = [label for _key, label in services.UNIT_COLUMNS]
    away = OrgUnit.objects.filter(province__code="T56", kind="department").order_by("code").first()
    data = xlsx(
        [
            header,
            [away.code, "Tên khác", "", "department", away.province.code, away.valid_from, away.valid_to, ""],
            ["T42.snv.ok", "Phòng Hợp lệ", "", "division", "T42.snv", None, None, ""],
            [
                "T56.moi",
                "Phòng dưới đơn vị tỉnh khác",
                "",
                "division",
                away.code,
                away.valid_from,
                away.valid_to,
                "",
            ],
        ]
    )
    for who in ("par_office", "admin"):
        report = services.units_import_xlsx(data, user=users[who], filename="don-vi.xlsx")
        assert [(e.row, e.column) for e in report.errors] == [
            (2, "A (Mã đơn vị)"),
            (4, "E (Mã đơn vị cấp trên)"),
        ]
        assert report.errors[0].message == (
            f"“{away.code}” ({away.name}) không thuộc danh sách đơn vị của tỉnh: không sửa hoặc đặt đơn vị dưới "
            "đơn vị này từ tệp được"
        )
    away.refresh_from_db()
    assert away.name != "Tên khác"
    assert not OrgUnit.objects.filter(code__in=["T42.snv.ok", "T56.moi"]).exists()
