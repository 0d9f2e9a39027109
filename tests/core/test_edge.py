"""Issue 8 items 14, 15 and 8: inputs validated at the edge (Vietnamese 400/422, never a 500), password change,
client address behind a trusted proxy, one log line per request."""

from __future__ import annotations

import logging
import math

import pytest
from django.test import Client, RequestFactory, override_settings

from cchc.core.clientip import client_ip
from cchc.core.params import BadParameter, int_param, period_param, year_param
from tests.conftest import PASSWORD
from tests.plans.conftest import small_plan  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def client(username="admin"):
    c = Client(raise_request_exception=False)
    c.login(username=username, password=PASSWORD)
    return c


def test_param_helpers():
    assert year_param("2025") == 2025 and year_param("", default=2024) == 2024
    for bad in ("0", "-1", "99999", "abc", "1e3", "2025.0"):
        with pytest.raises(BadParameter) as exc:
            year_param(bad)
        assert "năm" in exc.value.message
    with pytest.raises(BadParameter):
        int_param("9" * 40, name="x")
    assert period_param("2024Q3") == "2024Q3"
    assert period_param("Quý III/2024") == period_param("quy 3 nam 2024") == period_param("2024q3") == "2024Q3"
    assert period_param("6 tháng đầu năm 2024") == "2024S1"
    with pytest.raises(BadParameter) as exc:
        period_param("garbage")
    assert "Kỳ báo cáo" in exc.value.message


@pytest.mark.parametrize("year", ["0", "-1", "99999", "abc"])
def test_capacity_year_is_a_400(users, year):
    resp = client().get(f"/capacity/?year={year}")
    assert resp.status_code == 400 and "năm" in resp.content.decode()


def test_audit_user_filter_is_a_400(users):
    resp = client().get("/core/audit/?user=abc")
    assert resp.status_code == 400 and "user" in resp.content.decode()
    assert client().get(f"/core/audit/?user={users['admin'].pk}").status_code == 200


def test_capacity_session_must_be_an_id(users):
    from datetime import date

    from cchc.capacity.models import Course
    from cchc.org.models import OrgUnit

    course = Course.objects.create(title="Bồi dưỡng CCHC", organiser=OrgUnit.objects.get(code="T42.snv"),
                                   start_date=date(2025, 5, 1), end_date=date(2025, 5, 2))
    resp = client().post(f"/capacity/courses/{course.pk}/", {"action": "attendance", "session": "abc"})
    assert resp.status_code == 400 and "session" in resp.content.decode()


@pytest.mark.parametrize("q", ["limit=-1", "offset=-5", "limit=0", "limit=99999999999999999999999", "offset=abc"])
def test_api_lists_refuse_bad_paging_in_vietnamese(users, q):
    for url in ("/api/org/units", "/api/plans/plans"):
        resp = client().get(f"{url}?{q}")
        assert resp.status_code == 422, (url, q)
        assert resp.json()["message"].startswith("Yêu cầu không hợp lệ")
    assert client().get("/api/plans/my/occurrences?limit=-1").status_code == 422


def test_api_huge_id_is_a_422_not_an_overflow(users):
    assert client().get(f"/api/plans/plans/{2**70}/tasks").status_code == 422
    assert client().get("/api/plans/plans/999999/tasks").status_code == 404


def test_targets_period_version_and_non_finite_values(users, small_plan):  # noqa: F811
    from cchc.plans.models import Measurement

    c = client()
    p, t = small_plan.pk, small_plan.targets.first()
    assert c.get(f"/plans/{p}/targets/?period=garbage").status_code == 400
    for raw in ("nan", "NaN", "-inf", "inf", "1e999"):
        resp = c.post(f"/plans/{p}/targets/?unit=T42.stp&period=2024", {f"value-{t.pk}": raw})
        assert resp.status_code == 400, raw
    resp = c.post(f"/plans/{p}/targets/?unit=T42.stp&period=2024", {f"value-{t.pk}": "5", f"version-{t.pk}": "abc"})
    assert resp.status_code == 400
    assert not Measurement.objects.exists()
    resp = c.post(f"/plans/{p}/targets/?unit=T42.stp&period=2024", {f"value-{t.pk}": "1.234,5"})
    assert resp.status_code == 302
    m = Measurement.objects.get()
    assert math.isclose(m.value, 1234.5)


def test_report_version_abc_is_a_400(users, small_plan):  # noqa: F811
    from cchc.plans.models import Occurrence

    o = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp").first()
    resp = client("focal_point").post(f"/plans/occurrences/{o.pk}/",
                                      {"status": "in_progress", "percent": "5", "version": "abc"})
    assert resp.status_code == 400


def test_nul_bytes_are_refused_everywhere(users):
    c = client()
    assert c.get("/kb/?q=a%00b").status_code == 400
    resp = c.post("/org/resolve/", {"text": "Sở\x00Tư pháp"})
    assert resp.status_code == 400 and "NUL" in resp.content.decode()
    resp = c.post("/api/org/resolve", '{"text": "S\\u1edf\\u0000"}', content_type="application/json")
    assert resp.status_code == 400 and "NUL" in resp.json()["detail"]
    resp = c.post("/api/plans/occurrences/1/reports", '{"percent": NaN}', content_type="application/json")
    assert resp.status_code == 400 and "NaN" in resp.json()["detail"]


# ------------------------------------------------------------------ password change


def test_every_user_can_change_password_but_not_to_the_same_one(users):
    c = client("viewer")
    assert 'href="/password/"' in c.get("/").content.decode()
    resp = c.post("/password/", {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD})
    assert resp.status_code == 200 and "khác mật khẩu hiện tại" in resp.content.decode()
    new = "Matkhau@2025#moi"
    resp = c.post("/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert resp.status_code == 302 and resp["Location"].endswith("/password/done/")
    users["viewer"].refresh_from_db()
    assert users["viewer"].check_password(new)
    assert c.get("/").status_code == 200  # the session survives the change


# ------------------------------------------------------------------ client address


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_client_address_only_from_trusted_proxies():
    rf = RequestFactory()
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")) == "203.0.113.7"
    # a chain through a second trusted proxy: the right-most untrusted hop is the client
    r = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7, 10.9.9.9")
    assert client_ip(r) == "203.0.113.7"
    # a client talking to the app directly cannot choose its address
    assert client_ip(rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "198.51.100.9"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="garbage")) == "127.0.0.1"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"], AXES_FAILURE_LIMIT=3)
def test_lockout_is_keyed_on_the_real_client_behind_the_proxy(users):
    from axes.models import AccessAttempt

    def attempt(ip):
        return Client().post("/login/", {"username": "viewer", "password": "sai-mat-khau"},
                             REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ip)

    for _ in range(3):
        attempt("203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert attempt("203.0.113.7").status_code in (403, 429)
    # another person behind the same nginx is not locked out
    ok = Client().post("/login/", {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert ok.status_code == 302


# ------------------------------------------------------------------ request log


def test_one_log_line_per_request_and_no_traceback_for_403(users, caplog):
    c = client("viewer")
    with caplog.at_level(logging.INFO):
        resp = c.get("/core/audit/")
    assert resp.status_code == 403
    lines = [r for r in caplog.records if r.name in ("cchc.request", "django.request")]
    assert len(lines) == 1 and lines[0].name == "cchc.request" and lines[0].exc_info is None
    assert lines[0].getMessage().startswith("GET /core/audit/ 403 ")
    assert lines[0].getMessage().split()[3].endswith("ms")


def test_dashboard_filters_with_junk_never_fail(users):
    c = client()
    for q in ("plan=99999999999999999999999", "plan=-3", "plan=abc", "period=garbage", "area=x", "today=2025-99-99",
              "unit=%27%22<x>", "plan=1&period=2024Q9"):
        for url in ("/plans/dashboard/", "/plans/late/", "/plans/my/", "/org/", "/kb/", "/exams/"):
            resp = c.get(f"{url}?{q}")
            assert resp.status_code < 500, (url, q)
