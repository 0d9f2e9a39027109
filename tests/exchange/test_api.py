"""Issue 13 part 4: the exchange API — scopes, rate limit, incremental pulls, idempotent pushes, unit scoping."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.core.models import ApiToken
from tests.dossiers.test_engine import write_csv
from tests.dossiers.test_site import ROWS

pytestmark = pytest.mark.django_db


def _target(plan):
    return plan.targets.order_by("order").first()


def test_me_names_the_client_and_its_scopes(make_client, api_for):
    _client, secret = make_client(scopes=["tasks:read"], unit="T42.stp")
    resp = api_for(secret).get("me")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["code"] == "bao-cao-tinh" and body["scopes"] == ["tasks:read"] and body["unit_code"] == "T42.stp"


# ------------------------------------------------------------------ authentication, scopes, rate limit

def test_a_missing_scope_is_a_403_in_vietnamese(make_client, api_for, small_plan):
    _client, secret = make_client(scopes=["tasks:read"])
    api = api_for(secret)
    assert api.get("tasks").status_code == 200
    resp = api.get("targets")
    assert resp.status_code == 403
    assert resp.json()["code"] == "scope_missing" and "“targets:read”" in resp.json()["message"]
    resp = api.post("measurements", {"target_id": _target(small_plan).pk, "unit_code": "T42.stp", "period": "2024",
                                     "value": 90}, key="k1")
    assert resp.status_code == 403 and "measurements:write" in resp.json()["message"]
    for path in ("indicators?from=2025-01&to=2025-03", "index-results", "reports"):
        assert api.http.get(f"/api/v1/exchange/{path}", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 403


def test_scopes_are_read_on_every_request(make_client, api_for, users):
    from cchc.exchange import services

    client, secret = make_client(scopes=["tasks:read"])
    api = api_for(secret)
    assert api.get("tasks").status_code == 200
    services.client_save(user=users["par_office"], client=client, code=client.code, name=client.name,
                         scopes=["targets:read"])
    assert api.get("tasks").status_code == 403 and api.get("targets").status_code == 200


def test_a_users_token_and_a_session_are_refused_and_a_client_token_stays_in_its_api(make_client, api_for, users,
                                                                                     client):
    _t, user_key = ApiToken.issue(users["par_office"], scope="write")
    resp = api_for(user_key).get("tasks")
    assert resp.status_code == 403 and resp.json()["code"] == "not_client"
    client.force_login(users["par_office"])
    assert client.get("/api/v1/exchange/tasks").status_code == 401
    _c, secret = make_client()
    resp = api_for(secret).http.get("/api/plans/plans", HTTP_AUTHORIZATION=f"Token {secret}")
    assert resp.status_code == 403 and "hệ thống kết nối" in resp.json()["detail"]
    assert api_for("cchc_not-a-token").get("me").status_code == 401


def test_a_stopped_client_or_a_revoked_token_gets_401(make_client, api_for, users):
    from cchc.exchange import services

    client, secret = make_client()
    api = api_for(secret)
    assert api.get("me").status_code == 200
    services.client_save(user=users["par_office"], client=client, code=client.code, name=client.name,
                         scopes=client.scopes, is_active=False)
    assert api.get("me").status_code == 401
    services.client_save(user=users["par_office"], client=client, code=client.code, name=client.name,
                         scopes=client.scopes, is_active=True)
    assert api.get("me").status_code == 200
    services.token_revoke(user=users["par_office"], token=services.tokens_of(client).get())
    assert api.get("me").status_code == 401


def test_the_rate_limit_answers_429_with_retry_after_per_token(make_client, api_for, users):
    from cchc.exchange import services

    client, secret = make_client(rate=3)
    api = api_for(secret)
    assert [api.get("me").status_code for _ in range(3)] == [200, 200, 200]
    resp = api.get("me")
    assert resp.status_code == 429 and resp.json()["code"] == "rate_limited"
    assert 1 <= int(resp["Retry-After"]) <= 60 and resp.json()["retry_after"] == int(resp["Retry-After"])
    assert "3 yêu cầu" in resp.json()["message"]
    _t2, other = services.token_issue(user=users["par_office"], client=client)  # another token: its own count
    assert api_for(other).get("me").status_code == 200


def test_the_window_resets_after_a_minute():
    from cchc.exchange import ratelimit

    t0 = 1_800_000_000.0  # a window boundary (divisible by 60)
    assert [ratelimit.hit(7, 2, now=t0 + s) for s in (0, 10)] == [None, None]
    assert ratelimit.hit(7, 2, now=t0 + 50) == 10
    assert ratelimit.hit(7, 2, now=t0 + 60) is None


# ------------------------------------------------------------------ task status: scope, paging, updated_since

def test_task_status_is_scoped_to_the_clients_unit(make_client, api_for, small_plan):
    from cchc.plans.models import Occurrence

    _c, province = make_client("tinh")
    _c2, stp = make_client("stp", unit="T42.stp")
    all_codes = {i["unit_code"] for i in api_for(province).walk("tasks")}
    assert {"T42.stp", "T42.syt"} <= all_codes
    stp_items = api_for(stp).walk("tasks")
    assert {i["unit_code"] for i in stp_items} == {"T42.stp"}
    assert len(stp_items) == Occurrence.objects.filter(unit__code="T42.stp").count()
    assert api_for(stp).get("tasks", unit="T42.syt").status_code == 404  # another unit: not found
    assert api_for(province).get("tasks", unit="T42.syt").status_code == 200
    item = stp_items[0]
    assert item["status"] == "not_started" and item["status_label"] == "Chưa thực hiện"
    assert item["plan_number"] == "99/KH-UBND" and item["timing"] in ("late", "at_risk", "on_track")


def test_pages_walk_every_row_once_in_a_stable_order(make_client, api_for, small_plan):
    from cchc.plans.models import Occurrence

    _c, secret = make_client()
    api = api_for(secret)
    whole = api.get("tasks", limit=1000).json()
    assert whole["next_cursor"] is None
    paged = api.walk("tasks", limit=3)
    assert [i["id"] for i in paged] == [i["id"] for i in whole["items"]]
    assert len(paged) == Occurrence.objects.count() > 6
    keys = [(i["updated_at"], i["id"]) for i in paged]
    assert keys == sorted(keys)
    resp = api.get("tasks", cursor="not-a-cursor")
    assert resp.status_code == 400 and "cursor" in resp.json()["message"]
    from cchc.exchange.paging import encode

    for forged in (["0359-09-05T18:51:55+22:01", 1], ["0001-01-01T00:00:00+14:00", 1], ["2026-01-01T00:00:00", 1],
                   ["2026-01-01T00:00:00+00:00", 2**70], ["2026-01-01T00:00:00+00:00", "1"], [1, 2]):
        assert api.get("tasks", cursor=encode(forged)).status_code in (200, 400), forged
    assert api.get("tasks", cursor=encode(["0359-09-05T18:51:55+22:01", 1])).status_code == 200


def test_updated_since_returns_what_changed(make_client, api_for, users, small_plan):
    from cchc.plans import services as plan_services
    from cchc.plans.models import Occurrence

    _c, secret = make_client()
    api = api_for(secret)
    long_ago = timezone.now() - timedelta(days=30)
    Occurrence.objects.update(updated_at=long_ago)
    cutoff = timezone.now() - timedelta(seconds=1)
    assert api.walk("tasks", updated_since=cutoff.isoformat()) == []
    o = Occurrence.objects.filter(unit__code="T42.stp").order_by("due_date").first()
    plan_services.progress_report_save(occurrence=o, user=users["focal_point"], submit=True,
                                       data={"status": "in_progress", "percent": 40, "result": "Đang làm"})
    changed = api.walk("tasks", updated_since=cutoff.isoformat())
    assert [(i["id"], i["status"], i["percent"]) for i in changed] == [(o.pk, "in_progress", 40)]
    # a naive time is Vietnam's; the mark itself is included (≥)
    local = timezone.localtime(Occurrence.objects.get(pk=o.pk).updated_at).replace(tzinfo=None)
    assert [i["id"] for i in api.walk("tasks", updated_since=local.isoformat())] == [o.pk]
    assert api.get("tasks", updated_since="hôm qua").status_code == 422


# ------------------------------------------------------------------ targets and measurements

def _push(api, plan, key="key-1", **over):
    body = {"target_id": _target(plan).pk, "unit_code": "T42.stp", "period": "2024", "value": 87.5,
            "note": "Số liệu hệ thống báo cáo"} | over
    return api.post("measurements", body, key=key)


def test_an_idempotent_push_is_stored_once(make_client, api_for, small_plan):
    from auditlog.models import LogEntry

    from cchc.plans.models import Measurement

    client, secret = make_client()
    api = api_for(secret)
    first = _push(api, small_plan)
    assert first.status_code == 200, first.content
    assert "Idempotency-Replayed" not in first
    again = _push(api, small_plan)
    assert again.status_code == 200 and again["Idempotency-Replayed"] == "true"
    assert again.json() == first.json()
    m = Measurement.objects.get()
    assert (m.value, m.version, m.period, m.entered_by_id) == (87.5, 1, "2024", client.user_id)
    entry = LogEntry.objects.get_for_object(m).get()
    assert entry.actor_id == client.user_id
    other = _push(api, small_plan, value=12)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert Measurement.objects.get().value == 87.5
    # a new key writes again: the same measurement (target, unit, period), next version
    third = _push(api, small_plan, key="key-2", value=91, period="2024")
    assert third.status_code == 200 and third.json()["version"] == 2 and Measurement.objects.count() == 1


def test_a_push_needs_its_key_and_valid_data(make_client, api_for, small_plan):
    from cchc.plans.models import Measurement

    _c, secret = make_client()
    api = api_for(secret)
    assert _push(api, small_plan, key=None).status_code == 422
    resp = _push(api, small_plan, key="k-bad-period", period="2024X9")
    assert resp.status_code == 400 and "Mã kỳ không hợp lệ" in resp.json()["message"]
    assert _push(api, small_plan, key="k-no-target", target_id=10**9).status_code == 404
    assert _push(api, small_plan, key="k-no-unit", unit_code="KHONG-CO").status_code == 404
    assert not Measurement.objects.exists()
    # a refused push is not remembered: corrected, the same key goes through
    assert _push(api, small_plan, key="k-bad-period", period="2024Q2").status_code == 200
    assert Measurement.objects.get().period == "2024Q2"


def test_an_expired_key_is_forgotten(make_client, api_for, small_plan, settings):
    from cchc.exchange.models import IdempotencyKey
    from cchc.exchange.services import idempotency_purge

    settings.CCHC_EXCHANGE_IDEMPOTENCY_DAYS = 7
    _c, secret = make_client()
    api = api_for(secret)
    assert _push(api, small_plan).json()["version"] == 1
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=8))
    resp = _push(api, small_plan, value=50)  # same key, other body, but the old key expired: a new push
    assert resp.status_code == 200 and resp.json()["version"] == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=8))
    assert idempotency_purge() == 1 and not IdempotencyKey.objects.exists()


def test_pushes_stay_within_the_clients_unit(make_client, api_for, small_plan):
    from cchc.plans.models import Measurement

    _c, stp = make_client("stp", unit="T42.stp")
    api = api_for(stp)
    assert _push(api, small_plan, key="a", unit_code="T42.syt").status_code == 404
    assert _push(api, small_plan, key="b", unit_code="T42.stp").status_code == 200
    _c2, reader = make_client("doc", scopes=["targets:read"], unit="T42.syt")
    assert _push(api_for(reader), small_plan, key="c", unit_code="T42.syt").status_code == 403
    assert list(Measurement.objects.values_list("unit__code", flat=True)) == ["T42.stp"]
    # and reads too: the Sở Y tế reader does not see the Sở Tư pháp figure
    assert api_for(reader).walk("measurements") == []
    assert [i["unit_code"] for i in api.walk("measurements")] == ["T42.stp"]


def test_targets_and_measurements_pull_incrementally(make_client, api_for, small_plan):
    from cchc.plans.models import Target

    _c, secret = make_client()
    api = api_for(secret)
    targets = api.walk("targets")
    assert {t["indicator"] for t in targets} == set(Target.objects.values_list("indicator", flat=True))
    assert api.walk("targets", plan_id=small_plan.pk + 1000) == []
    Target.objects.update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert api.walk("targets", updated_since=since) == []
    _push(api, small_plan)
    pulled = api.walk("measurements", updated_since=since)
    assert len(pulled) == 1 and pulled[0]["value"] == 87.5 and pulled[0]["target_id"] == _target(small_plan).pk


# ------------------------------------------------------------------ indicators, index results, report status

@pytest.fixture
def dossiers(tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    call_command("dossiers", "import", str(write_csv(tmp_path / "march.csv", ROWS)), stdout=io.StringIO())
    return settings.CCHC_DOSSIERS_DIR


def test_indicators_are_the_cli_figures_scoped_and_incremental(make_client, api_for, dossiers):
    import json

    out = io.StringIO()
    call_command("dossiers", "indicators", "--from", "2025-03", "--to", "2025-03", "--format", "json", stdout=out)
    cli = {u["unit_id"]: u for u in json.loads(out.getvalue())["units"]}
    _c, province = make_client("tinh")
    body = api_for(province).get("indicators", **{"from": "2025-03", "to": "2025-03"}).json()
    got = {u["unit_id"]: u for u in body["items"]}
    assert set(got) == set(cli) == {"T42.stp", "T42.syt", "MOTCUA-99"}
    assert got["T42.stp"]["total"] == cli["T42.stp"]["total"]
    assert {i["id"]: i["points"] for i in got["T42.stp"]["indicators"]} == \
        {i["id"]: i["points"] for i in cli["T42.stp"]["indicators"]}
    assert body["data_updated_at"] is not None and (body["from_month"], body["to_month"]) == ("2025-03", "2025-03")
    _c2, stp = make_client("stp", unit="T42.stp")
    assert [u["unit_id"] for u in api_for(stp).walk("indicators", **{"from": "2025-03", "to": "2025-03"})] == \
        ["T42.stp"]
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert api_for(province).walk("indicators", updated_since=later, **{"from": "2025-03", "to": "2025-03"}) == []
    paged = api_for(province).walk("indicators", limit=1, **{"from": "2025-03", "to": "2025-03"})
    assert [u["unit_id"] for u in paged] == sorted(cli)
    assert api_for(province).get("indicators", **{"from": "2025-13", "to": "2025-03"}).status_code == 400


def _published_round(year, unit_rows, *, published=True):
    from cchc.assessment.models import Framework, Round

    fw = Framework.objects.create(year=year, unit_kind="so", title=f"Bộ tiêu chí {year}")
    return Round.objects.create(framework=fw, deadline=timezone.now(), decision=f"Quyết định {year}",
                                published_at=timezone.now() if published else None,
                                published_results=unit_rows if published else [])


def test_index_results_are_the_published_ones_scoped(make_client, api_for, org_tree):
    stp, syt = org_tree["T42.stp"], org_tree["T42.syt"]
    rows = [{"rank": 1, "unit_id": syt.pk, "unit": syt.name, "points": "90.000", "maximum": "100.000",
             "index": "90.000", "class": "Tốt", "previous_rank": None, "rank_change": None},
            {"rank": 2, "unit_id": stp.pk, "unit": stp.name, "points": "80.000", "maximum": "100.000",
             "index": "80.000", "class": "Khá", "previous_rank": None, "rank_change": None}]
    _published_round(2025, rows)
    _published_round(2026, [], published=False)
    _c, province = make_client("tinh", scopes=["index:read"])
    items = api_for(province).walk("index-results")
    assert [(i["year"], i["rank"], i["unit_code"], i["band"]) for i in items] == \
        [(2025, 1, "T42.syt", "Tốt"), (2025, 2, "T42.stp", "Khá")]
    _c2, bound = make_client("stp", scopes=["index:read"], unit="T42.stp")
    assert [i["unit_code"] for i in api_for(bound).walk("index-results")] == ["T42.stp"]
    later = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert api_for(province).walk("index-results", updated_since=later) == []
    assert [i["unit_code"] for i in api_for(province).walk("index-results", limit=1)] == ["T42.syt", "T42.stp"]


@pytest.fixture
def report_hook(monkeypatch):
    """Registers a report-status provider for one test (as the reports app will, in its hooks.py)."""
    from cchc.core import hooks
    from cchc.exchange.selectors import REPORT_STATUS_HOOK

    rows: list[dict] = []
    monkeypatch.setitem(hooks._hooks, REPORT_STATUS_HOOK, [])
    calls = []

    def provider(*, unit_ids, updated_since):
        calls.append((unit_ids, updated_since))
        return [dict(r) for r in rows]

    hooks.register(REPORT_STATUS_HOOK, provider)
    return rows, calls


def test_report_status_is_empty_without_a_provider(make_client, api_for, monkeypatch):
    from cchc.core import hooks
    from cchc.exchange.selectors import REPORT_STATUS_HOOK

    monkeypatch.setitem(hooks._hooks, REPORT_STATUS_HOOK, [])
    _c, secret = make_client()
    resp = api_for(secret).get("reports")
    assert resp.status_code == 200 and resp.json()["items"] == [] and resp.json()["next_cursor"] is None


def test_report_status_comes_from_the_hook_scoped_and_paged(make_client, api_for, org_tree, report_hook):
    rows, calls = report_hook
    now = timezone.now()
    for n, code in enumerate(["T42.stp", "T42.syt", "T42.stp"]):
        rows.append({"id": f"reports:{n + 1}", "kind": "quarterly", "title": f"Báo cáo CCHC quý {n + 1}",
                     "unit_id": org_tree[code].pk, "period": f"2026Q{n + 1}", "status": "submitted",
                     "status_label": "Đã gửi", "due_date": None, "submitted_at": now,
                     "updated_at": now - timedelta(hours=3 - n)})
    _c, province = make_client("tinh", scopes=["reports:read"])
    items = api_for(province).walk("reports", limit=2)
    assert [i["id"] for i in items] == ["reports:1", "reports:2", "reports:3"]
    assert calls[0][0] is not None and org_tree["T42.syt"].pk in calls[0][0]
    _c2, stp = make_client("stp", scopes=["reports:read"], unit="T42.stp")
    got = api_for(stp).walk("reports")
    assert [(i["id"], i["unit_code"]) for i in got] == [("reports:1", "T42.stp"), ("reports:3", "T42.stp")]
    since = (now - timedelta(hours=1, minutes=30)).isoformat()
    assert [i["id"] for i in api_for(province).walk("reports", updated_since=since)] == ["reports:3"]


def test_year_zero_and_far_dates_are_refused_not_crashed(make_client, api_for):
    _c, secret = make_client()
    api = api_for(secret)
    for value in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01"):
        resp = api.get("tasks", updated_since=value)
        assert resp.status_code == 400 and "updated_since" in resp.json()["message"], value
    # offsets PostgreSQL does not take (beyond ±15:59) are read and converted, not passed through
    for value in ("0359-09-05T18:51:55+22:01", "2026-01-01T00:00:00-23:59", "0001-01-02"):
        assert api.get("index-results", updated_since=value).status_code == 200, value
        assert api.get("tasks", updated_since=value).status_code == 200, value


def test_a_page_costs_the_same_queries_whatever_its_size(make_client, api_for, small_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _c, secret = make_client()
    api = api_for(secret)
    api.get("me")  # token bookkeeping (last_used_at) out of the way
    counts = {}
    for limit in (2, 20):
        with CaptureQueriesContext(connection) as ctx:
            resp = api.get("tasks", limit=limit)
        assert resp.status_code == 200 and len(resp.json()["items"]) == limit
        counts[limit] = len(ctx.captured_queries)
    assert counts[2] == counts[20], counts


def test_old_tombstones_are_purged_and_recent_ones_kept(small_plan, settings, org_tree):
    from cchc.exchange.models import Deletion
    from cchc.plans.models import Measurement

    settings.CCHC_EXCHANGE_TOMBSTONE_DAYS = 30
    target = small_plan.targets.first()
    for period in ("2021", "2022"):
        Measurement.objects.create(target=target, unit=org_tree["T42.stp"], period=period, value=1).delete()
    assert Deletion.objects.filter(kind="measurement").count() == 2
    old = Deletion.objects.order_by("pk").first()
    Deletion.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("exchange", "purge-deleted", stdout=out)
    assert "Đã xóa 1 bản ghi" in out.getvalue() and "30 ngày" in out.getvalue()
    assert list(Deletion.objects.values_list("kind", flat=True)) == ["measurement"]
    assert not Deletion.objects.filter(pk=old.pk).exists()
