"""Reads of the inspections app, scoped through org.access: the office and appraisers see the province's
inspections; a team member sees the inspections of their team; a unit sees the inspections of itself and the units
below it (read-only)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.areas import LABELS as AREA_LABELS
from cchc.core.shortcuts import first_or_404
from cchc.inspections import checklist
from cchc.inspections.models import Finding, Inspection, InspectionPlan
from cchc.org import access
from cchc.org.models import UnitKind
from cchc.org.selectors import home_units
from cchc.plans import followups

INSPECTED_KINDS = (UnitKind.DEPARTMENT, UnitKind.COMMUNE)


def inspections_visible(user) -> QuerySet:
    qs = Inspection.objects.select_related("plan", "unit")
    if not user or not user.is_authenticated:
        return qs.none()
    scoped = access.scope_units(user, qs)
    if access.sees_all(user):
        return scoped
    return (qs.filter(Q(pk__in=scoped.values("pk")) | Q(team__user=user))).distinct()


def inspection_or_404(user, pk: int) -> Inspection:
    ins = first_or_404(inspections_visible(user), pk=pk)
    return ins


def plans_visible(user) -> QuerySet:
    if access.sees_all(user):
        return InspectionPlan.objects.all()
    return InspectionPlan.objects.filter(pk__in=inspections_visible(user).values("plan_id")).distinct()


def plan_or_404(user, pk: int) -> InspectionPlan:
    plan = first_or_404(plans_visible(user), pk=pk)
    return plan


def followup_plan_visible(user, plan: InspectionPlan) -> bool:
    """Whether the user may open the plan of follow-up tasks of ``plan`` (the plans app's own visibility rule): a
    unit that has no follow-up task there must not be sent to a page that answers 404."""
    if not plan.followup_plan_id:
        return False
    from cchc.plans.selectors import plans_visible as plans_app_visible

    return plans_app_visible(user).filter(pk=plan.followup_plan_id).exists()


def plan_coverage(plan: InspectionPlan):
    """Units of the home province active in the plan's year by kind (sở; xã/phường/đặc khu) against the inspected
    ones, with the plan's target share."""
    on = date(plan.year, 7, 1) if plan.year >= 2025 else date(plan.year, 1, 1)
    units = home_units(on).filter(kind__in=INSPECTED_KINDS)
    totals = {k.value: (k.label, 0) for k in INSPECTED_KINDS}
    for kind in units.values_list("kind", flat=True):
        label, n = totals[kind]
        totals[kind] = (label, n + 1)
    inspected = Counter(plan.inspections.values_list("unit__kind", flat=True))
    rows, total = checklist.coverage_rows({k: (str(lbl), n) for k, (lbl, n) in totals.items()}, inspected)
    needed = checklist.units_needed(total.total, plan.target_share)
    return {"rows": rows, "total": total, "needed": needed, "missing": max(0, needed - total.inspected)}


def finding_rows(findings) -> list[dict]:
    """Findings with the state of their follow-up task (one query for all)."""
    findings = list(findings)
    states = followups.followup_states([f.task_id for f in findings])
    return [{"finding": f, "state": states.get(f.task_id, ("none", None))[0],
             "occurrence": states.get(f.task_id, ("none", None))[1]} for f in findings]


STATE_LABELS = {"done": gettext_lazy("Đã khắc phục"), "reported": gettext_lazy("Đơn vị đã báo cáo, chờ xem xét"),
                "late": gettext_lazy("Quá hạn khắc phục"), "open": gettext_lazy("Đang khắc phục"), "none": "—"}


def year_summary(user, year: int) -> dict:
    """Units inspected, findings by area and their state (fixed / open / late) for ``year``."""
    inspections = inspections_visible(user).filter(plan__year=year)
    findings = Finding.objects.filter(inspection__in=inspections.values("pk")).only("pk", "area", "task_id")
    rows = finding_rows(findings)
    by_area: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_area[r["finding"].area][r["state"]] += 1
        by_area[r["finding"].area]["total"] += 1
    areas = [{"area": AREA_LABELS.get(a, _("Khác")), "total": c["total"], "done": c["done"],
              "late": c["late"], "open": c["open"] + c["reported"] + c["none"]}
             for a, c in sorted(by_area.items(), key=lambda kv: -kv[1]["total"])]
    return {"year": year, "inspections": inspections.count(),
            "concluded": inspections.filter(status=Inspection.Status.CONCLUDED).count(),
            "findings": len(rows), "done": sum(a["done"] for a in areas), "late": sum(a["late"] for a in areas),
            "areas": areas}
