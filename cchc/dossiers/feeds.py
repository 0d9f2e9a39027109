"""The 766 figures feeding the rest of the platform: measurements of the plan targets linked to an indicator
(through the plans measurement service, so access, versions and audit are the plans' own), and the per-year
figures behind the assessment measures (cchc/dossiers/assessment_measures.py)."""

from __future__ import annotations

import datetime as dt
import threading

from cchc.core.periods import Period
from cchc.dossiers import engine
from cchc.dossiers.models import TargetLink


def period_range(period: Period) -> tuple[dt.date, dt.date]:
    """A reporting period as the engine's [start, end)."""
    return period.start, period.end + dt.timedelta(days=1)


def figures(start: dt.date, end: dt.date, *, as_of: dt.datetime | None = None) -> dict[str, dict]:
    """{org unit code: {indicator id: indicator dict}} for the units of the files that match an org unit."""
    from cchc.dossiers.selectors import data_dir, units_attach

    result = units_attach(engine.indicators(data_dir(), start, end, as_of=as_of))
    return {u["org_unit"]["code"]: {i["id"]: i for i in u["indicators"]} | {"_total": u}
            for u in result["units"] if u["org_unit"]}


def measure_period(*, user, period: str, links=None) -> dict:
    """Write the measurements of the linked targets for ``period`` (a code: 202503, 2025Q1, 2025S1, 2025) for every
    unit the dossiers have figures for. A value that did not change is not written again. Returns
    {"period", "saved", "unchanged", "skipped": [Vietnamese lines]}."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from cchc.org.models import OrgUnit
    from cchc.plans.models import Measurement
    from cchc.plans.services.measurements import measurement_save

    p = Period.parse(period)
    links = list(links if links is not None else TargetLink.objects.select_related("target"))
    out = {"period": p.code, "saved": 0, "unchanged": 0, "skipped": []}
    if not links:
        return out
    by_code = figures(*period_range(p))
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(by_code))}
    current = {(m.target_id, m.unit_id): m.value for m in Measurement.objects.filter(
        target__in=[ln.target_id for ln in links], period=p.code)}
    for link in links:
        for code, items in sorted(by_code.items()):
            item = items.get(link.indicator)
            if item is None or item["ratio"] is None:
                continue
            unit = units[code]
            if current.get((link.target_id, unit.pk)) == float(item["ratio"]):
                out["unchanged"] += 1
                continue
            note = (f"Tự động từ dữ liệu hồ sơ TTHC (chỉ số 766 {link.indicator}: "
                    f"{item['numerator']}/{item['denominator']}).")
            try:
                measurement_save(target=link.target, unit=unit, period=p.code, value=item["ratio"], user=user,
                                 note=note)
                out["saved"] += 1
            except (PermissionDenied, ValidationError) as exc:
                out["skipped"].append(f"{link.target.indicator} – {unit.name}: {exc}")
    return out


def after_import(months: list[str], *, user) -> list[dict]:
    """After an accepted import: the periods of each link's kind that hold an imported month are measured again."""
    links = list(TargetLink.objects.select_related("target"))
    if not links or user is None:
        return []
    todo: dict[str, list[TargetLink]] = {}
    for link in links:
        for ym in months:
            y, m = (int(x) for x in ym.split("-"))
            code = Period.for_date(link.period_kind, dt.date(y, m, 1)).code
            todo.setdefault(code, [])
            if link not in todo[code]:
                todo[code].append(link)
    return [measure_period(user=user, period=code, links=ls) for code, ls in sorted(todo.items())]


# ---------------------------------------------------------------- assessment: one computation per year and data

_cache: dict[tuple, dict] = {}
_lock = threading.Lock()


def _signature() -> tuple:
    from cchc.dossiers.selectors import data_dir

    return tuple((b["id"], b["rows"]) for b in engine.load_manifest(data_dir())["batches"])


def year_figures(year: int) -> dict[str, dict]:
    """``figures`` for January–December of ``year`` (to today for the current year), computed once per state of
    the data (the manifest's batches), so the measures of one prefill share one scan."""
    key = (year, _signature())
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = figures(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        return _cache[key]
