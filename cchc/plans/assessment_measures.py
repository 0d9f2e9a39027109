"""Measures of the CCHC index owned by plans: tasks done, progress reports on time, targets attained.

Counted on occurrences (one line per reporting period per lead unit) due in the year, as the plans dashboard
counts completeness and timeliness; an occurrence marked not applicable is left out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext_noop

from cchc.assessment.measures import PERCENT, MeasureValue, measure, pct
from cchc.plans import occurrences as occ


def _due_in_year(units, year):
    from cchc.plans.models import Occurrence, Status

    return (Occurrence.objects.filter(unit__in=[u.pk for u in units], due_date__gte=date(year, 1, 1),
                                      due_date__lte=date(year, 12, 31))
            .exclude(status=Status.NOT_APPLICABLE)
            .values_list("pk", "unit_id", "status", "on_time", "first_submitted_on"))


def _tally(rows) -> dict[int, list]:
    """unit id → [rows that count, rows, pks of the rows that count], from ``(unit_id, counts, pk)`` rows."""
    groups = defaultdict(lambda: [0, 0, []])
    for unit_id, counts, pk in rows:
        g = groups[unit_id]
        g[1] += 1
        if counts:
            g[0] += 1
            g[2].append(pk)
    return groups


@measure("plans.tasks_done_pct", gettext_noop("Tỷ lệ nhiệm vụ được giao đã hoàn thành (kỳ đến hạn trong năm)"), PERCENT)
def tasks_done(units, year):
    groups = _tally((unit_id, status in occ.DONE_STATUSES, pk)
                    for pk, unit_id, status, _on_time, _first in _due_in_year(units, year))
    return {uid: MeasureValue(pct(done, total), f"{done}/{total} nhiệm vụ đến hạn trong năm đã hoàn thành",
                              rows, "plans.Occurrence")
            for uid, (done, total, rows) in groups.items()}


@measure("plans.reports_on_time_pct", gettext_noop("Tỷ lệ báo cáo tiến độ gửi đúng hạn"), PERCENT)
def reports_on_time(units, year):
    groups = _tally((unit_id, first is not None and on_time, pk)
                    for pk, unit_id, _status, on_time, first in _due_in_year(units, year))
    return {uid: MeasureValue(pct(ok, total), f"{ok}/{total} báo cáo gửi đúng hạn", rows, "plans.Occurrence")
            for uid, (ok, total, rows) in groups.items()}


@measure("plans.targets_attained_pct", gettext_noop("Tỷ lệ chỉ tiêu đạt được (số đo trong năm)"), PERCENT)
def targets_attained(units, year):
    from cchc.plans.models import Measurement

    latest = {}
    for m in (Measurement.objects.filter(unit__in=[u.pk for u in units], period__startswith=str(year))
              .select_related("target").order_by("period", "pk")):
        latest[(m.unit_id, m.target_id)] = m  # the year's last measurement of each target counts
    groups = _tally((unit_id, occ.attained(m.value, m.target.value, m.target.comparator, m.target.value_max), m.pk)
                    for (unit_id, _tid), m in latest.items())
    return {uid: MeasureValue(pct(ok, total), f"{ok}/{total} chỉ tiêu đạt", rows, "plans.Measurement")
            for uid, (ok, total, rows) in groups.items()}
