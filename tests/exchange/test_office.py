"""The office's screen and `cchc exchange`: client systems added, changed, tokens issued once and revoked."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cchc.core.models import ApiToken
from cchc.core.models_token import hash_key
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _office(client, users, name="par_office"):
    client.login(username=name, password=PASSWORD)
    return client


def test_only_the_office_sees_the_screen(client, users):
    _office(client, users, "focal_point")
    assert client.get("/exchange/").status_code == 403
    client.logout()
    assert client.get("/exchange/").status_code == 302
    _office(client, users)
    resp = client.get("/exchange/")
    assert resp.status_code == 200 and "Thêm hệ thống kết nối" in resp.content.decode()


def test_the_office_adds_a_system_issues_a_token_once_and_revokes_it(client, users):
    from auditlog.models import LogEntry

    from cchc.exchange.models import ClientSystem

    _office(client, users)
    resp = client.post("/exchange/", {"code": "cong-quoc-gia", "name": "Cổng CCHC quốc gia", "contact": "Bộ Nội vụ",
                                      "scopes": ["index:read", "tasks:read"], "unit": "", "rate": "30"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    c = ClientSystem.objects.get(code="cong-quoc-gia")
    assert c.scopes == ["tasks:read", "index:read"] and c.rate_limit_per_minute == 30 and c.unit is None
    assert not c.user.has_usable_password() and not c.user.memberships.exists()
    assert LogEntry.objects.get_for_object(c).first().actor_id == users["par_office"].pk
    page = client.post(f"/exchange/{c.pk}/tokens/", {"days": "90", "label": "máy chủ cổng"}).content.decode()
    secret = page.split('<code id="secret">')[1].split("</code>")[0]
    token = ApiToken.objects.get(key_hash=hash_key(secret))
    assert token.user_id == c.user_id and token.scope == "read" and token.label == "máy chủ cổng"
    listing = client.get("/exchange/").content.decode()
    assert token.prefix in listing and secret not in listing  # the secret is shown once only
    assert client.get("/api/v1/exchange/me", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200
    client.post(f"/exchange/{c.pk}/tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/exchange/me", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401


def test_bad_input_is_said_in_vietnamese(client, users):
    from cchc.exchange.models import ClientSystem

    _office(client, users)
    resp = client.post("/exchange/", {"code": "x", "name": "Hệ thống X", "scopes": ["tasks:read"],
                                      "unit": "KHONG-CO", "rate": "60"})
    assert resp.status_code == 400 and "Không tìm thấy đơn vị có mã" in resp.content.decode()
    resp = client.post("/exchange/", {"code": "x", "name": "Hệ thống X", "scopes": ["tasks:read"], "rate": "0"})
    assert resp.status_code == 400 and "Số yêu cầu tối đa mỗi phút" in resp.content.decode()
    resp = client.post("/exchange/", {"code": "Có Dấu", "name": "Hệ thống Y", "scopes": ["tasks:read"]})
    assert resp.status_code == 400
    assert not ClientSystem.objects.exists()


def test_a_unit_leader_cannot_use_the_service(users):
    from django.core.exceptions import PermissionDenied

    from cchc.exchange import services

    with pytest.raises(PermissionDenied):
        services.client_save(user=users["unit_leader"], code="x", name="X", scopes=["tasks:read"])


def test_cli_adds_sets_issues_and_revokes(users):
    from cchc.exchange.models import ClientSystem

    out = io.StringIO()
    call_command("exchange", "add", "bao-cao", "--name", "Hệ thống báo cáo tỉnh", "--scope",
                 "tasks:read,measurements:write", "--unit", "T42.stp", "--rate", "120", stdout=out)
    c = ClientSystem.objects.get(code="bao-cao")
    assert c.unit.code == "T42.stp" and c.writes and c.rate_limit_per_minute == 120
    with pytest.raises(CommandError, match="Phạm vi không hợp lệ: tasks:write"):
        call_command("exchange", "set", "bao-cao", "--scope", "tasks:write", stdout=io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    call_command("exchange", "token", "bao-cao", "--days", "30", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=hash_key(secret))
    assert token.scope == "write" and "không hiển thị lại" in err.getvalue()
    out = io.StringIO()
    call_command("exchange", "clients", stdout=out)
    assert "bao-cao" in out.getvalue() and token.prefix in out.getvalue() and secret not in out.getvalue()
    call_command("exchange", "set", "bao-cao", "--inactive", stdout=io.StringIO())
    c.refresh_from_db()
    assert not c.is_active and not c.user.is_active
    call_command("exchange", "revoke", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert ApiToken.find(secret) is None and token.expires_at is not None
    with pytest.raises(CommandError, match="không có hệ thống|Không có hệ thống"):
        call_command("exchange", "token", "khong-co", stdout=io.StringIO())


def test_demo_adds_two_systems_once(users):
    from cchc.exchange.hooks import load_demo
    from cchc.exchange.models import ClientSystem

    load_demo()
    load_demo()
    systems = {c.code: c for c in ClientSystem.objects.select_related("unit")}
    assert set(systems) == {"bao-cao-tinh", "phan-mem-stp"}
    assert systems["bao-cao-tinh"].unit is None and systems["phan-mem-stp"].unit.code == "T42.stp"
    assert systems["phan-mem-stp"].writes and not systems["bao-cao-tinh"].writes
