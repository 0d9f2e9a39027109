"""The exchange API's batch push of measurements (all or nothing, per-item errors, idempotent) and the tombstones
of deleted task rows, targets and measurements (GET /deleted, scoped, paged, incremental)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _targets(plan):
    return list(plan.targets.order_by("order"))


def _item(target, unit="T42.stp", period="2024", value=80, **over):
    return {"target_id": target.pk, "unit_code": unit, "period": period, "value": value, "note": ""} | over


def _batch(api, items, key="batch-1"):
    return api.post("measurements/batch", {"items": items}, key=key)


# ------------------------------------------------------------------ batch push

def test_a_batch_is_written_whole_and_replayed_by_its_key(make_client, api_for, small_plan):
    from auditlog.models import LogEntry

    from cchc.plans.models import Measurement

    client, secret = make_client()
    api = api_for(secret)
    t = _targets(small_plan)[0]
    items = [_item(t, period="2024Q1", value=10), _item(t, period="2024Q2", value=12.5),
             _item(t, unit="T42.syt", period="2024Q1", value=7)]
    first = _batch(api, items)
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["count"] == 3 and [(i["unit_code"], i["period"], i["value"]) for i in body["items"]] == [
        ("T42.stp", "2024Q1", 10), ("T42.stp", "2024Q2", 12.5), ("T42.syt", "2024Q1", 7)]
    assert Measurement.objects.count() == 3
    assert all(LogEntry.objects.get_for_object(m).get().actor_id == client.user_id
               for m in Measurement.objects.all())  # each write audited with the client's account
    again = _batch(api, items)
    assert again.status_code == 200 and again["Idempotency-Replayed"] == "true" and again.json() == body
    assert Measurement.objects.count() == 3 and {m.version for m in Measurement.objects.all()} == {1}
    other = _batch(api, items[:2])
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"


def test_one_bad_item_refuses_the_whole_batch_with_every_error(make_client, api_for, small_plan):
    from cchc.exchange.models import IdempotencyKey
    from cchc.plans.models import Measurement

    _c, secret = make_client()
    api = api_for(secret)
    t = _targets(small_plan)[0]
    items = [_item(t, period="2024Q1"),                       # fine
             _item(t, period="2024X9"),                       # bad period
             _item(t, unit="KHONG-CO"),                       # unknown unit
             {**_item(t), "target_id": 10**9},                # unknown target
             _item(t, period="2024Q1", value=5),              # same target/unit/period as item 0
             _item(t, period="2024Q3", value=1e16)]           # a number the plans service refuses
    resp = _batch(api, items)
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "invalid_items" and "5/6" in body["message"]
    got = [(e["index"], e["field"]) for e in body["errors"]]
    assert got == [(1, "period"), (2, "unit_code"), (3, "target_id"), (4, "period"), (5, "value")]
    assert all(e["message"] and e["message"][0].isupper() for e in body["errors"])
    assert "Mã kỳ không hợp lệ" in body["errors"][0]["message"] and "số thứ tự 0" not in body["message"]
    assert "thứ 0" in body["errors"][3]["message"]
    assert not Measurement.objects.exists()  # item 0 was rolled back with the rest
    assert not IdempotencyKey.objects.exists()  # a refused batch is not remembered
    fixed = _batch(api, [items[0], _item(t, period="2024Q3", value=10.5)])  # corrected, same key
    assert fixed.status_code == 200 and fixed.json()["count"] == 2


def test_batch_limits_shape_errors_and_scope(make_client, api_for, small_plan):
    from cchc.plans.models import Measurement

    t = _targets(small_plan)[0]
    _c, secret = make_client()
    api = api_for(secret)
    assert _batch(api, []).status_code == 422
    too_many = [_item(t, period=f"{2000 + i // 12}{i % 12 + 1:02d}") for i in range(501)]
    resp = _batch(api, too_many)
    assert resp.status_code == 422 and "500" in resp.json()["message"]
    resp = _batch(api, [_item(t), {"unit_code": "T42.stp", "period": "2024", "value": 1}])
    assert resp.status_code == 422 and ["body", "payload", "items", 1, "target_id"] in [
        d["loc"] for d in resp.json()["detail"]]
    assert _batch(api, [_item(t)], key=None).status_code == 422
    # a client bound to Sở Tư pháp cannot write for Sở Y tế: the item is named, nothing is written
    _c2, bound = make_client(code="he-thong-stp", unit="T42.stp")
    resp = _batch(api_for(bound), [_item(t, period="2025"), _item(t, unit="T42.syt")], key="b")
    assert resp.status_code == 400 and [(e["index"], e["field"]) for e in resp.json()["errors"]] == [
        (1, "unit_code")]
    _c3, reader = make_client(code="chi-doc", scopes=["targets:read"])
    assert _batch(api_for(reader), [_item(t)], key="c").status_code == 403
    assert not Measurement.objects.exists()


# ------------------------------------------------------------------ deletions

def test_deletions_are_reported_scoped_paged_and_incremental(make_client, api_for, small_plan, users):
    from django.utils import timezone

    from cchc.plans.models import Measurement, Occurrence

    t1, t2 = _targets(small_plan)[:2]
    m_stp = Measurement.objects.create(target=t1, unit_id=_unit("T42.stp"), period="2024", value=1)
    m_syt = Measurement.objects.create(target=t1, unit_id=_unit("T42.syt"), period="2024", value=2)
    occ_stp = Occurrence.objects.filter(unit__code="T42.stp").first()
    occ_syt = Occurrence.objects.filter(unit__code="T42.syt").first()
    assert occ_stp and occ_syt
    _c, province = make_client()
    api = api_for(province)
    assert api.walk("deleted") == []
    mark = timezone.now()
    ids = {"m_stp": m_stp.pk, "m_syt": m_syt.pk, "o_stp": occ_stp.pk, "o_syt": occ_syt.pk, "t2": t2.pk}
    m_stp.delete()
    Measurement.objects.filter(pk=m_syt.pk).delete()  # a queryset delete is seen too
    occ_stp.delete()
    occ_syt.delete()
    t2.delete()  # a target (cascades to its measurements, none here)

    got = api.walk("deleted", limit=2)
    # pages in (deleted_at, id) order: the order of the deletions (sorted by id here, in case the clock stepped back)
    stamps = [timezone.datetime.fromisoformat(i["deleted_at"]) for i in got]
    assert stamps == sorted(stamps), got
    got.sort(key=lambda i: i["deleted_at"])
    assert sorted((i["kind"], i["id"]) for i in got) == sorted([
        ("measurement", ids["m_stp"]), ("measurement", ids["m_syt"]), ("task", ids["o_stp"]), ("task", ids["o_syt"]),
        ("target", ids["t2"])]), got
    got.sort(key=lambda i: ["measurement", "task", "target"].index(i["kind"]) * 10**9 + i["id"])
    assert got[0]["unit_code"] == "T42.stp" and got[0]["detail"] == {"target_id": t1.pk, "period": "2024"}
    assert got[2]["detail"]["plan_id"] == small_plan.pk and got[4]["unit_code"] is None
    assert [i["kind"] for i in api.walk("deleted", kind="measurement")] == ["measurement", "measurement"]
    mid = got[3]["deleted_at"]
    later = api.walk("deleted", updated_since=mid)
    assert sorted((i["kind"], i["id"]) for i in later) == sorted(
        (i["kind"], i["id"]) for i in got if timezone.datetime.fromisoformat(i["deleted_at"])
        >= timezone.datetime.fromisoformat(mid)), (later, got)
    assert ("task", ids["o_syt"]) in [(i["kind"], i["id"]) for i in later] and len(later) < len(got)
    assert api.walk("deleted", updated_since=(timezone.now() + timezone.timedelta(seconds=5)).isoformat()) == []
    assert mark - timezone.timedelta(seconds=5) <= min(stamps)

    # a client bound to Sở Tư pháp sees its unit's rows and the targets, not Sở Y tế's
    _b, bound = make_client(code="he-thong-stp", unit="T42.stp")
    assert sorted((i["kind"], i["id"]) for i in api_for(bound).walk("deleted")) == [
        ("measurement", ids["m_stp"]), ("target", ids["t2"]), ("task", ids["o_stp"])]
    # scopes: tasks only → task rows; asking for measurements → 403
    _r, tasks_only = make_client(code="chi-nhiem-vu", scopes=["tasks:read"])
    reader = api_for(tasks_only)
    assert {i["kind"] for i in reader.walk("deleted")} == {"task"}
    resp = reader.get("deleted", kind="measurement")
    assert resp.status_code == 403 and resp.json()["code"] == "scope_missing"
    _n, none = make_client(code="chi-chi-so", scopes=["index:read"])
    assert api_for(none).get("deleted").status_code == 403
    assert api.get("deleted", kind="plan").status_code == 422


def test_deleting_a_plan_leaves_a_tombstone_per_row(make_client, api_for, small_plan):
    from cchc.exchange.models import Deletion
    from cchc.plans.models import Measurement, Occurrence

    Measurement.objects.create(target=_targets(small_plan)[0], unit_id=_unit("T42.stp"), period="2024", value=1)
    n_occ, n_targets = Occurrence.objects.filter(plan=small_plan).count(), small_plan.targets.count()
    small_plan.delete()
    kinds = list(Deletion.objects.values_list("kind", flat=True))
    assert kinds.count("task") == n_occ and kinds.count("target") == n_targets and kinds.count("measurement") == 1


def _unit(code):
    from cchc.org.models import OrgUnit

    return OrgUnit.objects.get(code=code).pk


def test_a_write_refused_late_rolls_back_the_items_already_written(make_client, api_for, small_plan, monkeypatch):
    """Items that pass the checks are written one by one; if the plans service then refuses one (here made to
    refuse the value 13), the ones already written are rolled back with their audit rows."""
    from auditlog.models import LogEntry
    from django.core.exceptions import ValidationError

    from cchc.plans.models import Measurement
    from cchc.plans.services import measurements as ms

    real = ms.measurement_save

    def refusing(**kw):
        if kw["value"] == 13:
            raise ValidationError({"value": "Giá trị bị dịch vụ từ chối."})
        return real(**kw)

    monkeypatch.setattr(ms, "measurement_save", refusing)
    t = _targets(small_plan)[0]
    _c, secret = make_client()
    audit_before = LogEntry.objects.count()
    resp = _batch(api_for(secret), [_item(t, period="2024Q1", value=1), _item(t, period="2024Q2", value=13),
                                    _item(t, period="2024Q3", value=3)])
    assert resp.status_code == 400
    assert resp.json()["errors"] == [{"index": 1, "field": "value", "message": "Giá trị bị dịch vụ từ chối."}]
    assert not Measurement.objects.exists() and LogEntry.objects.count() == audit_before
