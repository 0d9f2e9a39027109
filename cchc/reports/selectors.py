"""Reads of the reports app, always scoped by role and unit (cchc.org.access)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.org import access
from cchc.org.models import OrgUnit, UnitKind
from cchc.org.selectors import home_province, home_units
from cchc.reports import catalog
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
        out += list(home_units(today).filter(kind__in=REPORTING_KINDS).order_by("kind", "name"))
        return out
    return [u for u in access.user_units(user) if access.can_edit_unit(user, u) and u.kind != UnitKind.PROVINCE]


def submission_status(user, year: int, period_kind: str) -> dict:
    """The office's view of a period: every sở, ngành and commune with its report's state; those with none or
    still in draft are "chưa báo cáo"."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới xem được tình hình báo cáo của các đơn vị."))
    _start, end = period_bounds(period_kind, year)
    units = list(home_units(end).filter(kind__in=REPORTING_KINDS).order_by("kind", "name"))
    reports = {r.unit_id: r for r in Report.objects.filter(year=year, period_kind=period_kind,
                                                              level=catalog.UNIT, unit__in=units)}
    rows, missing = [], 0
    for u in units:
        r = reports.get(u.pk)
        sent = r is not None and r.review_state in (review.SUBMITTED, review.ACCEPTED)
        missing += 0 if sent else 1
        rows.append({"unit": u, "report": r, "sent": sent,
                     "state": r.get_review_state_display() if r else _("Chưa lập báo cáo")})
    return {"rows": rows, "missing": missing, "total": len(units), "sent": len(units) - missing}
