"""Automatic measures for the CCHC index: figures computed from the platform's own data for units and a year.

The app that owns the data registers its measures in its own ``assessment_measures.py`` (auto-discovered by
``AssessmentConfig.ready``), so assessment never hard-codes another app's tables::

    from cchc.assessment.measures import PERCENT, MeasureValue, measure

    @measure("plans.tasks_done_pct", "Tỷ lệ nhiệm vụ được giao đã hoàn thành", PERCENT)
    def tasks_done(units, year):  # every unit at once: a fixed number of queries, whatever the number of units
        ...
        return {unit_id: MeasureValue(value=Decimal("85.7"), formula="12/14 nhiệm vụ hoàn thành",
                                      rows=[...], row_model="plans.Occurrence")}

A criterion binds to a measure by its key (``Criterion.measure``); its rule turns the value into points
(percent → bands/linear, timeliness → tiers, count → count). A unit absent from the answer has no data (the
prefill leaves the criterion for the unit to score).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from cchc.core.translation import gettext as _

PERCENT, TIMELINESS, COUNT, BOOLEAN = "percent", "timeliness", "count", "boolean"


@dataclass
class MeasureValue:
    value: object  # Decimal percentage / count, "on_time"|"late"|"none", or bool
    formula: str  # Vietnamese, e.g. "12/14 nhiệm vụ hoàn thành"
    rows: list[int] = field(default_factory=list)  # ids of the underlying rows
    row_model: str = ""  # "plans.Occurrence"

    def as_json(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value.quantize(Decimal("0.001")).normalize())
        return {"value": value, "formula": self.formula, "rows": list(self.rows), "row_model": self.row_model}


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    kind: str
    func: Callable[[list, int], dict[int, MeasureValue]]


REGISTRY: dict[str, Measure] = {}


def measure(key: str, label: str, kind: str):
    """Decorator registering ``func(units, year) -> {unit_id: MeasureValue}`` under ``key`` (idempotent)."""

    def deco(func):
        REGISTRY[key] = Measure(key, label, kind, func)
        return func

    return deco


def get(key: str) -> Measure | None:
    return REGISTRY.get(key)


def label(key: str) -> str:
    """The Vietnamese label users see for a measure key, in the active language (the registry is the one place the
    labels live; an unknown or retired key reads as a generic "số liệu tự động", never as the internal key)."""
    m = REGISTRY.get((key or "").strip())
    return _(m.label) if m is not None else _("số liệu tự động")


def choices() -> list[tuple[str, str]]:
    return sorted(((m.key, m.label) for m in REGISTRY.values()), key=lambda t: t[0])


def compute(key: str, units: Iterable, year: int) -> dict[int, MeasureValue]:
    m = REGISTRY.get(key)
    if m is None:
        return {}
    units = list(units)
    return m.func(units, year) if units else {}


def pct(num: int, den: int) -> Decimal | None:
    return (Decimal(num) * 100 / Decimal(den)) if den else None
