"""Reads of the reports app, always scoped by role and unit (cchc.org.access)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.org import access
from cchc.org.models import OrgUnit, UnitKind, unit_order
from cchc.org.selectors import home_province, home_units
from cchc.reports import catalog, documents
from cchc.reports.models import Report, period_bounds

REPORTING_KINDS = (UnitKind.DEPARTMENT, UnitKind.COMMUNE)


def reports_visible(user):
    return access.scope_units(user, Report.objects.select_related("unit"))


def report_or_404(user, pk: int) -> Report:
    return access.get_unit_scoped_or_404(user, Report.objects.select_related("unit"), pk=pk)


def units_creatable(user) -> list[OrgUnit]:
    """Units the user may open a report for: the province (office only) and the units they edit."""
    today = timezone.localdate()
    out = []
    if access.edits_all(user):
        prov = home_province(today)
        if prov is not None:
            out.append(prov)
        out += list(home_units(today).filter(kind__in=REPORTING_KINDS).order_by(*unit_order()))
        return out
    return [u for u in access.user_units(user) if access.can_edit_unit(user, u) and u.kind != UnitKind.PROVINCE]


# Where a unit's report of a period stands, seen from the office (one rule for the status page, the reminder and the
# home page): RECEIVED — sent to the office (review.RECEIVED_STATES); WITH_LEADER — sent by the focal point, waiting
# for the unit leader's approval: not received by the office yet, but not the focal point's to send again;
# NOT_SENT — none, a draft, or returned.
RECEIVED, WITH_LEADER, NOT_SENT = "received", "with_leader", "not_sent"


def submission_stage(report: Report | None) -> str:
    if report is not None and report.review_state in review.RECEIVED_STATES:
        return RECEIVED
    if report is not None and report.review_state == review.LEADER_REVIEW:
        return WITH_LEADER
    return NOT_SENT


def submission_status(user, year: int, period_kind: str) -> dict:
    """The office's view of a period: every sở, ngành and commune with its report's :func:`submission_stage`.
    ``sent``: received by the office; ``with_leader``: waiting for the unit leader's approval (not received yet);
    ``missing``: not sent (none, draft, returned); ``not_received`` = ``with_leader`` + ``missing``."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới xem được tình hình báo cáo của các đơn vị."))
    _start, end = period_bounds(period_kind, year)
    units = list(home_units(end).filter(kind__in=REPORTING_KINDS).order_by(*unit_order()))
    reports = {r.unit_id: r for r in Report.objects.filter(year=year, period_kind=period_kind,
                                                              level=catalog.UNIT, unit__in=units)}
    rows, counts = [], {RECEIVED: 0, WITH_LEADER: 0, NOT_SENT: 0}
    for u in units:
        r = reports.get(u.pk)
        stage = submission_stage(r)
        counts[stage] += 1
        rows.append({"unit": u, "report": r, "stage": stage, "sent": stage == RECEIVED,
                     "state": r.get_review_state_display() if r else _("Chưa lập báo cáo")})
    return {"rows": rows, "total": len(units), "sent": counts[RECEIVED], "with_leader": counts[WITH_LEADER],
            "missing": counts[NOT_SENT], "not_received": counts[WITH_LEADER] + counts[NOT_SENT]}


def report_completeness(report: Report) -> dict:
    """How much of the report is filled in: the outline sections without the unit's text and the annex rows
    without a value (from the platform, computed, or typed in by the unit). ``empty`` is True when nothing at
    all is there (no text in any section and no figure in any row): such a report is not sent
    (services.report_transition)."""
    data = report.data or {}
    narrative = (data.get("narrative") if report.frozen else None) or report.narrative or {}
    keys = [s.key for s in catalog.sections_for(report.level)]
    sections_empty = sum(1 for k in keys if not str(narrative.get(k) or "").strip())
    rows = [r for r in documents.annex_table(report) if not r["heading"]]
    rows_empty = sum(1 for r in rows if r["source"] == "")
    return {"sections_total": len(keys), "sections_empty": sections_empty,
            "rows_total": len(rows), "rows_empty": rows_empty,
            "empty": sections_empty == len(keys) and rows_empty == len(rows)}
