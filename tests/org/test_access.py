"""Permission matrix: what each role can read and change (web and API)."""

import pytest
from django.test import Client

from cchc.org import access
from cchc.org.models import OrgUnit
from tests.conftest import PASSWORD
from tests.helpers import client_for


@pytest.mark.django_db
@pytest.mark.parametrize("role,view_stp,view_syt,edit_stp,edit_syt", [
    ("admin", True, True, True, True),
    ("par_office", True, True, True, True),
    ("appraiser", True, True, False, False),
    ("unit_leader", True, False, True, False),
    ("focal_point", True, False, True, False),
    ("viewer", True, False, False, False),
    ("focal_b", False, True, False, True),
])
def test_permission_matrix_functions(users, role, view_stp, view_syt, edit_stp, edit_syt):
    user = users[role]
    stp, syt = OrgUnit.objects.get(code="T42.stp"), OrgUnit.objects.get(code="T42.syt")
    assert access.can_view_unit(user, stp) is view_stp
    assert access.can_view_unit(user, syt) is view_syt
    assert access.can_edit_unit(user, stp) is edit_stp
    assert access.can_edit_unit(user, syt) is edit_syt
    visible = access.scope_units(user, OrgUnit.objects.all(), field="")
    assert visible.filter(code="T42.stp").exists() is view_stp
    assert visible.filter(code="T42.syt").exists() is view_syt


@pytest.mark.django_db
def test_focal_point_sees_descendants_only(users):
    from cchc.org.models import Succession, UnitKind

    commune_user = users["commune_focal"]
    ids = access.visible_unit_ids(commune_user)
    commune = commune_user.memberships.get().unit
    merged = set(Succession.objects.filter(successor=commune).values_list("predecessor_id", flat=True))
    assert merged and ids == {commune.pk} | merged  # its unit and the old communes merged into it on 1/7/2025
    office = access.visible_unit_ids(users["par_office"])  # the home province (Hà Tĩnh), not another one
    assert OrgUnit.objects.get(code="T42.stp").pk in office
    other = set(OrgUnit.objects.filter(province__code="T56").values_list("pk", flat=True))
    assert other and not (office & other)
    assert not access.scope_units(commune_user, OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT), field="").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role,stp_status,syt_status,edit_stp_status", [
    ("par_office", 200, 200, 200),
    ("focal_point", 200, 404, 403),
    ("viewer", 200, 404, 403),
    ("focal_b", 404, 200, 404),
])
def test_web_unit_pages_are_scoped(users, role, stp_status, syt_status, edit_stp_status):
    c = client_for(users[role])
    assert c.get("/org/units/T42.stp/").status_code == stp_status
    assert c.get("/org/units/T42.syt/").status_code == syt_status
    assert c.get("/org/units/T42.stp/edit/").status_code == edit_stp_status


@pytest.mark.django_db
def test_focal_point_cannot_edit_other_unit_by_post(users):
    c = client_for(users["focal_point"])
    resp = c.post("/org/units/T42.syt/edit/", {"name": "Đã bị sửa"})
    assert resp.status_code == 404
    assert OrgUnit.objects.get(code="T42.syt").name == "Sở Y tế tỉnh Hà Tĩnh"
    # its own unit's registry entry (official name, validity) is the CCHC office's
    resp = c.post("/org/units/T42.stp/edit/", {"name": "Sở Tư pháp tỉnh Hà Tĩnh (sửa)"})
    assert resp.status_code == 403
    assert OrgUnit.objects.get(code="T42.stp").name == "Sở Tư pháp tỉnh Hà Tĩnh"


@pytest.mark.django_db
@pytest.mark.parametrize("role,registry", [
    ("admin", True), ("par_office", True), ("appraiser", False), ("unit_leader", False), ("focal_point", False),
    ("viewer", False), ("focal_b", False), ("commune_focal", False),
])
def test_only_the_office_edits_the_unit_registry(users, role, registry):
    """Official name, code, validity and parent are the provincial registry: a unit's focal point or leader still
    edits the unit's data (can_edit_unit) but neither sees the "Sửa" button nor opens or posts the edit page."""
    from datetime import date

    user = users[role]
    stp = OrgUnit.objects.get(code="T42.stp")
    assert access.can_edit_unit_registry(user, stp) is registry
    c = client_for(user)
    page = c.get("/org/units/T42.stp/")
    if page.status_code == 200:
        assert ('href="/org/units/T42.stp/edit/"' in page.content.decode()) is registry
    resp = c.post("/org/units/T42.stp/edit/", {"name": "Sở Tư pháp (đổi tên)", "valid_from": "2020-01-01",
                                                "valid_to": "2020-12-31"})
    assert resp.status_code == (302 if registry else 403 if page.status_code == 200 else 404)
    stp.refresh_from_db()
    if not registry:
        assert stp.name == "Sở Tư pháp tỉnh Hà Tĩnh" and stp.valid_to != date(2020, 12, 31)


@pytest.mark.django_db
def test_commune_focal_point_cannot_open_its_own_unit_edit_page(users):
    user = users["commune_focal"]
    own = access.user_units(user)[0]
    assert access.can_edit_unit(user, own)  # still edits the commune's data
    c = client_for(user)
    assert c.get(f"/org/units/{own.code}/").status_code == 200
    assert c.get(f"/org/units/{own.code}/edit/").status_code == 403


@pytest.mark.django_db
def test_api_scoped_and_requires_auth(users):
    anon = Client()
    assert anon.get("/api/org/units/T42.stp").status_code == 401
    assert anon.get("/api/docs").status_code == 200  # docs are public, data is not
    assert anon.get("/api/openapi.json").status_code == 200
    c = client_for(users["focal_point"])
    assert c.get("/api/org/units/T42.stp").json()["code"] == "T42.stp"
    assert c.get("/api/org/units/T42.syt").status_code == 404
    codes = {u["code"] for u in c.get("/api/org/units?limit=1000").json()}
    assert "T42.stp" in codes and "T42.syt" not in codes


@pytest.mark.django_db
def test_api_token_auth(users):
    from cchc.core.models import ApiToken

    _token, key = ApiToken.issue(users["focal_b"])
    c = Client()
    resp = c.get("/api/org/units/T42.syt", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 200
    assert c.get("/api/org/units/T42.stp", HTTP_AUTHORIZATION=f"Token {key}").status_code == 404
    assert c.get("/api/org/units/T42.syt", HTTP_AUTHORIZATION="Token wrong").status_code == 401


@pytest.mark.django_db
def test_api_resolve(users):
    c = client_for(users["viewer"])
    resp = c.post("/api/org/resolve", {"text": "Sở TTTT", "province": "Hà Tĩnh", "on": "2024-01-15"},
                  content_type="application/json")
    assert resp.status_code == 200
    assert resp.json()["units"][0]["code"] == "T42.stttt"


@pytest.mark.django_db
def test_audit_pages_only_for_office(users):
    assert client_for(users["focal_point"]).get("/core/audit/").status_code == 403
    assert client_for(users["par_office"]).get("/core/audit/").status_code == 200


@pytest.mark.django_db
def test_login_throttling(users):
    c = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        c.post("/login/", {"username": "viewer", "password": "sai-mat-khau"}, REMOTE_ADDR="10.0.0.9")
    resp = c.post("/login/", {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert resp.status_code == 429 or "Tài khoản tạm khóa" in resp.content.decode()
    assert "_auth_user_id" not in c.session


def test_password_validation_rejects_weak():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("matkhau123")
    validate_password("Matkhau@2024!Manh")
