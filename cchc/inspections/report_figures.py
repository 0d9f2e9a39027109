"""The inspections app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
units inspected in the period (sở, ngành / UBND cấp xã) and the problems found and fixed (Biểu mẫu 1, mục 3)."""

from __future__ import annotations

from datetime import date


def _when(ins) -> date:
    return ins.ends_on or ins.concluded_on or date(ins.plan.year, ins.month, 1)


def report_figures(units, start, end):
    from cchc.inspections.models import Finding, Inspection
    from cchc.org.models import UnitKind
    from cchc.plans import occurrences as occ
    from cchc.plans.models import Occurrence

    ids = [u.pk for u in units]
    done = [i for i in Inspection.objects.filter(unit__in=ids, plan__year__in={start.year, end.year})
            .exclude(status=Inspection.Status.PLANNED).select_related("unit", "plan")
            if start <= _when(i) <= end]
    if not done:
        return {}
    depts = {i.unit_id for i in done if i.unit.kind == UnitKind.DEPARTMENT}
    communes = {i.unit_id for i in done if i.unit.kind == UnitKind.COMMUNE}
    findings = list(Finding.objects.filter(inspection__in=[i.pk for i in done]).values_list("pk", "task_id"))
    task_ids = [t for _f, t in findings if t]
    open_tasks = set(Occurrence.objects.filter(task__in=task_ids).exclude(status__in=occ.DONE_STATUSES)
                     .values_list("task_id", flat=True))
    fixed = sum(1 for _f, t in findings if t and t not in open_tasks)
    plans = sorted({i.plan.document_number or i.plan.title for i in done})
    rows = {"1:3.1": {"value": len(depts), "note": ""}, "1:3.2": {"value": len(communes), "note": ""},
            "1:3.3.1": {"value": len(findings), "note": ""},
            "1:3.3.2": {"value": fixed, "note": "Nhiệm vụ khắc phục đã hoàn thành"}}
    text = (f"Đã kiểm tra công tác CCHC tại {len({i.unit_id for i in done})} cơ quan, đơn vị (gồm {len(depts)} sở, "
            f"ngành và {len(communes)} UBND cấp xã) theo {', '.join(plans)}. Qua kiểm tra phát hiện "
            f"{len(findings)} vấn đề tồn tại, hạn chế; đến nay đã khắc phục xong {fixed} vấn đề.")
    return {"rows": rows, "facts": {"I.3": [text]}}
