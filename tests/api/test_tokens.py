"""Issue 8 item 12: token auth writes through a CSRF-enforcing client; tokens hashed, scoped, expiring."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cchc.core.models import ApiToken
from cchc.core.models_token import hash_key
from tests.conftest import PASSWORD
from tests.plans.conftest import small_plan  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _stp_occurrence(plan):
    from cchc.plans.models import Occurrence

    return Occurrence.objects.filter(plan=plan, unit__code="T42.stp").order_by("due_date").first()


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_write_token_posts_without_csrf_and_is_the_audit_actor(users, small_plan):  # noqa: F811
    from auditlog.models import LogEntry

    from cchc.plans.models import ProgressReport

    _t, key = ApiToken.issue(users["focal_point"], scope="write", days=30)
    o = _stp_occurrence(small_plan)
    resp = csrf_client().post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 20},
                              content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 200, resp.content
    report = ProgressReport.objects.get(pk=resp.json()["id"])
    entry = LogEntry.objects.get_for_object(report).first()
    assert entry is not None and entry.actor_id == users["focal_point"].pk


def test_read_token_cannot_write(users, small_plan):  # noqa: F811
    _t, key = ApiToken.issue(users["focal_point"], scope="read")
    o = _stp_occurrence(small_plan)
    c = csrf_client()
    assert c.get("/api/plans/my/occurrences", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    resp = c.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 20},
                  content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert resp.status_code == 403 and "chỉ có quyền đọc" in resp.json()["detail"]


def test_session_posts_still_need_csrf(users):
    c = csrf_client()
    c.login(username="focal_point", password=PASSWORD)
    resp = c.post("/api/org/resolve", {"text": "Sở Tư pháp", "province": "Hà Tĩnh"}, content_type="application/json")
    assert resp.status_code == 403  # a session without the CSRF token is refused
    c.get("/")  # sets the csrftoken cookie
    resp = c.post("/api/org/resolve", {"text": "Sở Tư pháp", "province": "Hà Tĩnh"}, content_type="application/json",
                  HTTP_X_CSRFTOKEN=c.cookies["csrftoken"].value)
    assert resp.status_code == 200


def test_token_is_stored_hashed_and_expires(users):
    token, key = ApiToken.issue(users["viewer"], days=1)
    assert not ApiToken.objects.filter(key_hash=key).exists() and token.key_hash == hash_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    c = Client()
    assert c.get("/api/org/units", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert c.get("/api/org/units", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    users["viewer"].is_active = False
    users["viewer"].save()
    token2, key2 = ApiToken.issue(users["viewer"])
    assert c.get("/api/org/units", HTTP_AUTHORIZATION=f"Token {key2}").status_code == 401


def test_cli_prints_the_secret_once(users):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "focal_point", "--scope", "write", "--days", "7", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=hash_key(key))
    assert token.scope == "write" and token.user == users["focal_point"]
    assert 6 <= (token.expires_at - timezone.now()).days <= 7
    assert "không hiển thị lại" in err.getvalue()
    out2 = io.StringIO()
    call_command("api_token", "viewer", stdout=out2, stderr=io.StringIO())
    assert ApiToken.objects.get(key_hash=hash_key(out2.getvalue().strip())).scope == "read"
