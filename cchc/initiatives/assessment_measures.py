"""Measures of the CCHC index owned by initiatives: the unit's reform initiatives recognised in the year, and the
recognised initiatives (its own or others') it replicated — what the index's "sáng kiến, mô hình mới" criteria and
the emulation plan count."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_noop

from cchc.assessment.measures import COUNT, MeasureValue, measure


@measure("initiatives.recognised_count", gettext_noop("Số sáng kiến, mô hình CCHC của đơn vị được công nhận trong năm"), COUNT)
def recognised(units, year):
    from cchc.initiatives.models import Initiative

    rows = defaultdict(list)
    for pk, unit_id in (Initiative.objects.filter(unit__in=[u.pk for u in units], year=year,
                                                  status=Initiative.Status.RECOGNISED).values_list("pk", "unit_id")):
        rows[unit_id].append(pk)
    return {uid: MeasureValue(len(ids), f"{len(ids)} sáng kiến được công nhận", ids, "initiatives.Initiative")
            for uid, ids in rows.items()}


@measure("initiatives.replicated_count", gettext_noop("Số sáng kiến, mô hình đã được công nhận mà đơn vị áp dụng trong năm"), COUNT)
def replicated(units, year):
    from cchc.initiatives.models import Initiative, Replication

    rows = defaultdict(list)
    for pk, unit_id in (Replication.objects.filter(unit__in=[u.pk for u in units], started_on__year=year,
                                                   initiative__status=Initiative.Status.RECOGNISED)
                        .values_list("pk", "unit_id")):
        rows[unit_id].append(pk)
    return {uid: MeasureValue(len(ids), f"áp dụng {len(ids)} sáng kiến đã được công nhận", ids,
                              "initiatives.Replication") for uid, ids in rows.items()}
