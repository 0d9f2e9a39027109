"""Collect a report's figures from the apps that own the data, through the ``report_figures`` hook.

The report never reads another app's tables. Each owner app registers, in its own ``hooks.py``, a provider::

    hooks.register("report_figures", fn)
    def fn(units: list[OrgUnit], start: date, end: date) -> dict:
        return {"rows": {"1:2.1": {"value": 12, "note": "…"}},     # annex rows (catalog.ROWS keys)
                "facts": {"I.2": ["Đã hoàn thành 10/12 nhiệm vụ …"]},  # sentences for outline sections
                "tables": {"I.2": [{"caption", "headers", "rows"}]}}   # small tables for a section

``start`` and ``end`` are the first and last day counted, under the province's period rule
(``CCHC_REPORT_PERIOD_RULE``, :func:`cchc.reports.catalog.period_bounds`): with the legal cut-off ``start`` is
15 December of the year before for quý I, 6 tháng and năm, so a provider takes the report's year from ``end.year``.

A provider that fails is recorded in ``errors`` (the report says which source is missing) instead of breaking
the report.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone

from cchc.core import hooks

log = logging.getLogger(__name__)


def report_units(unit):
    """The unit and every unit under it (the province: all its sở, ngành and communes)."""
    from cchc.org.models import OrgUnit

    return list(OrgUnit.objects.filter(path__startswith=unit.path))


def collect(units: list, start: date, end: date) -> dict:
    rows: dict[str, dict] = {}
    facts: dict[str, list[str]] = {}
    tables: dict[str, list[dict]] = {}
    sources, errors = [], []
    for fn in hooks.get_hooks("report_figures"):
        name = getattr(fn, "__module__", "").replace("cchc.", "").split(".")[0]
        try:
            got = fn(units, start, end) or {}
        except Exception as exc:  # one app's failure must not take the report down
            log.exception("report_figures provider %s failed", name)
            errors.append({"source": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
            continue
        sources.append(name)
        for key, value in (got.get("rows") or {}).items():
            if value is not None and value.get("value") is not None:
                rows.setdefault(key, {**value, "source_app": name})
        for key, items in (got.get("facts") or {}).items():
            facts.setdefault(key, []).extend(str(i) for i in items if i)
        for key, items in (got.get("tables") or {}).items():
            tables.setdefault(key, []).extend(items)
    return {"from": start.isoformat(), "to": end.isoformat(), "units": len(units), "rows": rows, "facts": facts,
            "tables": tables, "sources": sorted(sources), "errors": errors,
            "generated_at": timezone.now().isoformat()}
