"""Measures of the CCHC index owned by exams: share of the unit's CCHC staff tested in the year, pass rate.

Staff are the unit's CCHC assignments (capacity) in force during the year; tested = has a submitted attempt in a
campaign that opened in the year."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_noop

from cchc.assessment.measures import PERCENT, MeasureValue, measure, pct

_DONE = ("submitted", "auto_submitted")


@measure("exams.staff_tested_pct", gettext_noop("Tỷ lệ cán bộ làm công tác CCHC đã kiểm tra kiến thức trong năm"), PERCENT)
def staff_tested(units, year):
    from cchc.capacity.models import StaffAssignment
    from cchc.exams.models import Attempt

    staff = defaultdict(dict)  # unit -> {user_id or -assignment: assignment id}
    for pk, unit_id, user_id in (
            StaffAssignment.objects.filter(unit__in=[u.pk for u in units], start_date__lte=date(year, 12, 31))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))
            .values_list("pk", "unit_id", "staff__user_id")):
        staff[unit_id][user_id if user_id else -pk] = pk
    users = {uid for d in staff.values() for uid in d if uid > 0}
    tested = set(Attempt.objects.filter(user__in=users, status__in=_DONE, campaign__opens_at__year=year)
                 .values_list("user_id", flat=True).distinct()) if users else set()
    out = {}
    for unit_id, members in staff.items():
        rows = [aid for uid, aid in members.items() if uid in tested]
        out[unit_id] = MeasureValue(pct(len(rows), len(members)),
                                    f"{len(rows)}/{len(members)} cán bộ làm công tác CCHC đã kiểm tra",
                                    rows, "capacity.StaffAssignment")
    return out


@measure("exams.pass_rate", gettext_noop("Tỷ lệ bài kiểm tra đạt yêu cầu trong năm"), PERCENT)
def pass_rate(units, year):
    from cchc.exams.models import Attempt

    groups = defaultdict(lambda: [0, 0, []])
    for pk, unit_id, passed in (Attempt.objects.filter(unit__in=[u.pk for u in units], status__in=_DONE,
                                                      campaign__opens_at__year=year, passed__isnull=False)
                                .values_list("pk", "unit_id", "passed")):
        g = groups[unit_id]
        g[1] += 1
        if passed:
            g[0] += 1
            g[2].append(pk)
    return {uid: MeasureValue(pct(ok, total), f"{ok}/{total} bài kiểm tra đạt", rows, "exams.Attempt")
            for uid, (ok, total, rows) in groups.items()}
