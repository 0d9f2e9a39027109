"""The plans app's part of the periodic CCHC report (hook ``report_figures``, see cchc.reports.figures):
tasks of the year's plans done / late / not started with the reasons units gave, and targets attained."""

from __future__ import annotations

from collections import defaultdict

from cchc.plans import occurrences as occ

SECTION_OF_AREA = {"direction": "I.2", "institutions": "II.1", "procedures": "II.2", "organisation": "II.3",
                   "civil_service": "II.4", "public_finance": "II.5", "digital": "II.6",
                   "digital_government": "II.6"}  # the area's code before core.areas (legacy, still read)


def _pct(a, b):
    return round(a * 100 / b, 2) if b else None


def report_figures(units, start, end):
    from cchc.plans.models import Measurement, Occurrence, ProgressReport, Status

    ids = [u.pk for u in units]
    year = end.year  # the report's year: with the cut-off rule ``start`` is 15/12 of the year before
    year_start, year_end = end.replace(month=1, day=1), end.replace(month=12, day=31)
    occs = list(Occurrence.objects.filter(unit__in=ids, due_date__gte=year_start, due_date__lte=year_end)
                .exclude(status=Status.NOT_APPLICABLE)
                .select_related("task", "unit").order_by("due_date", "pk"))
    if not occs:
        return {}
    by_task = defaultdict(list)
    for o in occs:
        by_task[o.task_id].append(o)

    def done_by_end(o):
        return o.status in occ.DONE_STATUSES and (o.completed_on is None or o.completed_on <= end)

    done_tasks = [t for t, items in by_task.items() if all(done_by_end(o) for o in items)]
    # "due in the period": from the period's first day (15/12 of the year before or 1 January for the cumulative
    # kinds, so the year's start; 15/6 for a non-cumulative quý III under the cut-off rule) to its last day
    due = [o for o in occs if max(start, year_start) <= o.due_date <= end]
    done_on_time = [o for o in due if done_by_end(o) and o.status == occ.DONE]
    done_late = [o for o in due if done_by_end(o) and o.status == occ.DONE_LATE]
    overdue_in_period = [o for o in due if not done_by_end(o)]
    not_started = [o for o in overdue_in_period if o.status == occ.NOT_STARTED]
    # the list of overdue rows is a state at the last day: everything of the year due by then and not done
    overdue = [o for o in occs if o.due_date <= end and not done_by_end(o)]
    n_tasks = len(by_task)
    rows = {
        "1:2.1": {"value": n_tasks, "note": f"Theo kế hoạch CCHC năm {year} trên hệ thống"},
        "1:2.2": {"value": len(done_tasks), "note": f"Hoàn thành đến {end:%d/%m/%Y}"},
    }
    facts = {"I.2": [
        f"Kế hoạch CCHC năm {year} có {n_tasks} nhiệm vụ; đến ngày {end:%d/%m/%Y} đã hoàn thành "
        f"{len(done_tasks)}/{n_tasks} nhiệm vụ (đạt {_fmt(_pct(len(done_tasks), n_tasks))}% kế hoạch năm).",
        f"Trong {_n(len(due))} lượt nhiệm vụ đến hạn trong kỳ: {_n(len(done_on_time))} hoàn thành đúng hạn, "
        f"{_n(len(done_late))} hoàn thành chậm, {_n(len(overdue_in_period))} quá hạn chưa hoàn thành (trong đó "
        f"{_n(len(not_started))} "
        "chưa triển khai thực hiện).",
    ]}
    by_area = defaultdict(lambda: [0, 0, 0])
    for o in due:
        a = by_area[o.area]
        a[0] += 1
        if done_by_end(o):
            a[1] += 1
        else:
            a[2] += 1
    for area, (total, ok, late) in by_area.items():
        section = SECTION_OF_AREA.get(area)
        if section and section != "I.2":
            facts.setdefault(section, []).append(
                f"Nhiệm vụ thuộc lĩnh vực này đến hạn trong kỳ: {_n(total)} lượt; đã hoàn thành {_n(ok)}; chưa hoàn "
                f"thành {_n(late)}.")
    tables = {}
    if overdue:
        latest = {}
        for r in (ProgressReport.objects.filter(occurrence__in=[o.pk for o in overdue])
                  .exclude(review_state="draft").order_by("created_at", "pk")):
            latest[r.occurrence_id] = r
        lines = []
        for i, o in enumerate(overdue[:50], start=1):
            r = latest.get(o.pk)
            reason = (r.result or r.na_reason).strip() if r else ""
            lines.append([i, o.task.title[:300], o.unit.name, f"{o.due_date:%d/%m/%Y}", o.get_status_display(),
                          reason[:300] or "Đơn vị chưa báo cáo lý do"])
        if len(overdue) > len(lines):
            lines.append(["", f"… và {_n(len(overdue) - len(lines))} lượt nhiệm vụ quá hạn khác (xem trên hệ thống)",
                          "", "", "", ""])
        tables["I.2"] = [{"caption": "Nhiệm vụ quá hạn, chưa hoàn thành và lý do",
                          "headers": ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng", "Lý do"],
                          "rows": lines, "widths_mm": [10, 55, 30, 20, 20, 30]}]
    latest_m = {}
    for m in (Measurement.objects.filter(unit__in=ids, period__startswith=str(year))
              .select_related("target").order_by("period", "pk")):
        p = occ.Period.try_parse(m.period)
        if p is None or p.end <= end:
            latest_m[(m.unit_id, m.target_id)] = m
    if latest_m:
        ok = sum(1 for m in latest_m.values()
                 if occ.attained(m.value, m.target.value, m.target.comparator, m.target.value_max))
        facts["I.2"].append(f"Chỉ tiêu của kế hoạch: {ok}/{len(latest_m)} chỉ tiêu đã có số đo đạt yêu cầu "
                            f"({_fmt(_pct(ok, len(latest_m)))}%).")
    return {"rows": rows, "facts": facts, "tables": tables}


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def _fmt(v):
    if v is None:
        return "—"
    return (f"{v:.2f}".rstrip("0").rstrip(".")).replace(".", ",")
