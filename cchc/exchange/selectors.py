"""Reads of the exchange API, each scoped to what the client system may see (cchc.org.access with the rights
bound by :func:`cchc.exchange.auth.bind`). Selectors never write."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from cchc.core.hooks import get_hooks
from cchc.exchange.paging import utc_iso
from cchc.org import access
from cchc.org.models import OrgUnit

REPORT_STATUS_HOOK = "exchange_report_status"


def user_is_client(user) -> bool:
    from cchc.exchange.models import ClientSystem

    return bool(user and getattr(user, "pk", None)) and ClientSystem.objects.filter(user_id=user.pk).exists()


def unit_by_code(user, code: str | None) -> OrgUnit | None:
    """The unit ``code`` when the client may see it; 404 otherwise (another unit's existence does not leak)."""
    if not code:
        return None
    return access.get_unit_scoped_or_404(user, OrgUnit.objects.all(), field="", code=code)


def _narrowed(qs, **lookups):
    """``qs`` filtered by each lookup that is given a value (None, 0 or "" leave it out); the API's optional
    query filters (``updated_since``, ``unit``, ``period``, ``year``…), all on single-valued fields."""
    return qs.filter(**{lookup: value for lookup, value in lookups.items() if value})


def unit_ids_visible(user) -> set[int] | None:
    return access.visible_unit_ids(user)


def occurrences_list(user, *, updated_since: datetime | None = None, unit: OrgUnit | None = None,
                period: str | None = None, plan_id: int | None = None, year: int | None = None):
    from cchc.plans.models import Occurrence

    qs = access.scope_units(user, Occurrence.objects.select_related("plan", "task", "unit"))
    return _narrowed(qs, updated_at__gte=updated_since, unit__path__startswith=unit and unit.path, period=period,
                     plan_id=plan_id, due_date__year=year)


def targets_list(user, *, updated_since: datetime | None = None, plan_id: int | None = None, year: int | None = None):
    """Targets of the province's plans (a plan is province-wide: every client system reads them)."""
    from cchc.org.selectors import home_province_ids
    from cchc.plans.models import Target

    qs = Target.objects.select_related("plan")
    ids = home_province_ids()
    if ids is not None:
        qs = qs.filter(plan__province_id__in=ids)
    return _narrowed(qs, updated_at__gte=updated_since, plan_id=plan_id, year=year)


def measurements_list(user, *, updated_since: datetime | None = None, target_id: int | None = None,
                 unit: OrgUnit | None = None, period: str | None = None):
    from cchc.plans.models import Measurement

    qs = access.scope_units(user, Measurement.objects.select_related("unit", "target"))
    return _narrowed(qs, updated_at__gte=updated_since, target_id=target_id,
                     unit__path__startswith=unit and unit.path, period=period)


def target_for_push(target_id: int):
    """A target of one of the province's plans, or None."""
    return targets_list(None).filter(pk=target_id).first()


def indicators_list(user, start: date, end: date, *, updated_since: datetime | None = None,
               unit: OrgUnit | None = None) -> dict:
    """The 766 figures per unit, as `cchc dossiers indicators` computes them (DuckDB over the imported files),
    for the units the client sees (raw unit ids of the files that name no org unit: province-wide clients only).
    ``updated_since``: nothing when no file was imported since (the figures change only by imports);
    ``data_updated_at`` is the time of the last import."""
    from cchc.dossiers import engine
    from cchc.dossiers.selectors import data_dir, units_attach

    last = dossiers_imported_at()
    if updated_since is not None and (last is None or last < updated_since):
        return {"units": [], "assumptions": [], "data_updated_at": last}
    result = units_attach(engine.indicators(data_dir(), start, end, unit=unit.code if unit else None))
    if not access.sees_all(user) or unit is not None:
        visible = unit_ids_visible(user)
        result["units"] = [u for u in result["units"] if u["org_unit"] and (visible is None or
                                                                              u["org_unit"]["id"] in visible)]
    result["data_updated_at"] = last
    return result


def dossiers_imported_at() -> datetime | None:
    """When the dossier files last changed (the manifest's newest batch, local time of the server)."""
    from cchc.dossiers import engine
    from cchc.dossiers.selectors import data_dir

    stamps = [b.get("imported_at") for b in engine.load_manifest(data_dir()).get("batches", [])]
    times = []
    for s in stamps:
        try:
            t = datetime.fromisoformat(s)
        except (TypeError, ValueError):
            continue
        times.append(timezone.make_aware(t) if timezone.is_naive(t) else t)
    return max(times, default=None)


def index_results(user, *, updated_since: datetime | None = None, year: int | None = None,
                  kind: str | None = None) -> list[dict]:
    """Published results only (the frozen snapshot of each published round), one row per unit, for the units
    the client sees. ``updated_at`` is the publication time."""
    from cchc.assessment.selectors import rounds_published

    rounds = _narrowed(rounds_published(), framework__year=year, framework__unit_kind=kind,
                       published_at__gte=updated_since)
    visible = unit_ids_visible(user)
    rows = []
    codes = {}
    for rnd in rounds:
        for r in rnd.published_results or []:
            if visible is not None and r.get("unit_id") not in visible:
                continue
            codes[r.get("unit_id")] = None
            rows.append({"round_id": rnd.pk, "year": rnd.framework.year, "kind": rnd.framework.unit_kind,
                         "decision": rnd.decision, "published_at": rnd.published_at, "updated_at": rnd.published_at,
                         "rank": r.get("rank"), "unit_id": r.get("unit_id"), "unit_name": r.get("unit", ""),
                         "points": r.get("points"), "maximum": r.get("maximum"), "index": r.get("index"),
                         "band": r.get("class", ""), "previous_rank": r.get("previous_rank"),
                         "rank_change": r.get("rank_change")})
    for u in OrgUnit.objects.filter(pk__in=[k for k in codes if k]).only("id", "code"):
        codes[u.pk] = u.code
    for r in rows:
        r["unit_code"] = codes.get(r["unit_id"])
    return rows


def index_key(r: dict) -> list:
    rank = r["rank"] if isinstance(r["rank"], int) else 10**9
    return [utc_iso(r["published_at"]), r["round_id"], rank, r["unit_id"] or 0]


def report_statuses(user, *, updated_since: datetime | None = None) -> list[dict]:
    """Report status rows from the apps that register the ``exchange_report_status`` hook:
    ``fn(*, unit_ids: set[int] | None, updated_since: datetime | None) -> list[dict]`` with keys ``id`` (str,
    unique across apps, e.g. "reports:42"), ``kind``, ``title``, ``unit_id`` (int or None), ``period``,
    ``status``, ``status_label``, ``due_date`` (date or None), ``submitted_at`` (datetime or None),
    ``updated_at`` (aware datetime). ``unit_ids`` None = every unit of the province. No app registered → []."""
    unit_ids = unit_ids_visible(user)
    rows = []
    for fn in get_hooks(REPORT_STATUS_HOOK):
        rows.extend(fn(unit_ids=unit_ids, updated_since=updated_since))
    rows = [r for r in rows if unit_ids is None or r.get("unit_id") is None or r["unit_id"] in unit_ids]
    if updated_since is not None:
        rows = [r for r in rows if r["updated_at"] >= updated_since]
    codes = dict(OrgUnit.objects.filter(pk__in={r.get("unit_id") for r in rows if r.get("unit_id")})
                 .values_list("pk", "code"))
    for r in rows:
        r["unit_code"] = codes.get(r.get("unit_id"))
    return rows


def report_key(r: dict) -> list:
    return [utc_iso(r["updated_at"]), str(r["id"])]


DELETION_SCOPES = {"task": "tasks:read", "target": "targets:read", "measurement": "targets:read"}


def deletions_list(user, kinds: list[str], *, updated_since: datetime | None = None):
    """Tombstones of the given kinds the client may see: a task row or measurement of a unit in its scope (rows
    whose unit no longer exists: province-wide clients only); every target (plans are province-wide)."""
    from django.db.models import Q

    from cchc.exchange.models import Deletion

    qs = Deletion.objects.filter(kind__in=kinds).select_related("unit")
    if updated_since is not None:
        qs = qs.filter(deleted_at__gte=updated_since)
    scoped = access.scope_units(user, Deletion.objects.exclude(unit=None)).values("pk")
    visible = Q(kind="target") | Q(pk__in=scoped)
    if access.sees_all(user):
        visible |= Q(unit=None)
    return qs.filter(visible)
