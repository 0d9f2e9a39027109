"""Measures of the CCHC index owned by knowledge: the unit's yearly CCHC plan issued on time, documents published.

The yearly plan is a document of kind "Kế hoạch" owned by the unit whose title names cải cách hành chính (CCHC),
issued from 1 October of the year before. Its due date is the setting ``CCHC_INDEX_PLAN_DUE`` ("MM-DD" of the
assessed year, default "01-31"): an editable default — provinces set their own date in the yearly guidance."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_noop

from cchc.assessment.measures import COUNT, TIMELINESS, MeasureValue, measure
from cchc.core.vndates import format_date_short
from cchc.core.vntext import fold


def plan_due(year: int) -> date:
    month, day = (int(x) for x in str(getattr(settings, "CCHC_INDEX_PLAN_DUE", "01-31")).split("-"))
    return date(year, month, day)


@measure("knowledge.plan_issued", gettext_noop("Ban hành kế hoạch CCHC năm của đơn vị (đúng hạn / trễ hạn / không ban hành)"),
         TIMELINESS)
def plan_issued(units, year):
    from cchc.knowledge.models import Document, DocumentKind

    due = plan_due(year)
    first: dict[int, tuple[date, int, str]] = {}
    for pk, unit_id, issued, title in (
            Document.objects.filter(unit__in=[u.pk for u in units], kind=DocumentKind.PLAN,
                                    issued_on__gte=date(year - 1, 10, 1), issued_on__lte=date(year, 12, 31))
            .values_list("pk", "unit_id", "issued_on", "title")):
        folded = fold(title)
        if "cai cach hanh chinh" not in folded and "cchc" not in folded:
            continue
        if unit_id not in first or issued < first[unit_id][0]:
            first[unit_id] = (issued, pk, title)
    out = {}
    for u in units:
        if u.pk in first:
            issued, pk, title = first[u.pk]
            state = "on_time" if issued <= due else "late"
            word = "đúng hạn" if state == "on_time" else "trễ hạn"
            out[u.pk] = MeasureValue(state, f"Ban hành ngày {format_date_short(issued)} ({word}, hạn "
                                            f"{format_date_short(due)}): {title[:120]}", [pk], "knowledge.Document")
        else:
            out[u.pk] = MeasureValue("none", f"Chưa có kế hoạch CCHC năm {year} trong thư viện tài liệu",
                                     [], "knowledge.Document")
    return out


@measure("knowledge.documents_published", gettext_noop("Số tài liệu CCHC đơn vị đã đăng trong năm"), COUNT)
def documents_published(units, year):
    from cchc.knowledge.models import Document

    rows = defaultdict(list)
    for pk, unit_id in (Document.objects.filter(unit__in=[u.pk for u in units], created_at__year=year)
                        .values_list("pk", "unit_id")):
        rows[unit_id].append(pk)
    return {uid: MeasureValue(len(ids), f"{len(ids)} tài liệu đã đăng", ids, "knowledge.Document")
            for uid, ids in rows.items()}
