"""Home-page items of the reports app: for the office, units that have not sent their report for a period whose
province report is being compiled (not issued yet), apart from those whose report waits for their leader's approval
(reports.selectors.submission_stage), and unit reports waiting for review; for a unit, its reports
returned by the office, the report of the period being reported on not sent yet (from 15 days before the period's
last day), and, for its leader, reports waiting for approval."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.org import access
from cchc.reports import catalog
from cchc.reports.periods import period_name

# a unit is reminded of the period's report from this many days before the period's last day
DUE_NOTICE_DAYS = 15


def items(user, today: date | None = None) -> list[dict]:
    from cchc.reports import selectors
    from cchc.reports.models import Report

    out = []
    visible = selectors.reports_visible(user)
    if access.edits_all(user):
        waiting = visible.filter(level=catalog.UNIT, review_state=review.SUBMITTED).count()
        if waiting:
            out.append({"key": "reports_review", "label": _("Báo cáo CCHC định kỳ của đơn vị chờ xem xét"),
                        "url": reverse("reports:index"), "count": waiting, "level": "info"})
        for year, kind in _office_periods(visible, today or timezone.localdate()):
            status = selectors.submission_status(user, year, kind)
            url = f"{reverse('reports:status')}?year={year}&period={kind}"
            label = period_name(kind, year)
            if status["missing"]:
                out.append({"key": f"reports_missing_{year}_{kind}",
                            "label": _("Đơn vị chưa gửi báo cáo CCHC %(p)s") % {"p": label},
                            "url": url, "count": status["missing"], "level": "warning"})
            if status["with_leader"]:  # sent by the focal point, not received yet: not "chưa gửi"
                out.append({"key": f"reports_with_leader_{year}_{kind}",
                            "label": _("Báo cáo CCHC %(p)s của đơn vị chờ lãnh đạo đơn vị duyệt (Sở Nội vụ chưa "
                                       "nhận)") % {"p": label},
                            "url": url, "count": status["with_leader"], "level": "info"})
        return out
    returned = access.scope_units(user, Report.objects.filter(review_state=review.RETURNED), for_edit=True)
    n = returned.count()
    if n:
        out.append({"key": "reports_returned", "label": _("Báo cáo CCHC định kỳ bị trả lại, cần sửa và gửi lại"),
                    "url": reverse("reports:index") + f"?year={returned.first().year}", "count": n,
                    "level": "danger"})
    return out + _due(user, today or timezone.localdate())


def _office_periods(visible, today: date) -> list[tuple[int, str]]:
    """The periods whose unit reports the office is waiting for: those of the province reports being compiled (the
    two latest) and the period being reported on from DUE_NOTICE_DAYS before its last day, whether or not the
    office has started the province report (its report is not issued yet)."""
    from cchc.reports.models import period_bounds, period_rule

    provinces = visible.filter(level=catalog.PROVINCE)
    out = list(provinces.filter(frozen_at__isnull=True).order_by("-year").values_list("year", "period_kind")[:2])
    kind, year = catalog.due_period(today, period_rule())
    if (period_bounds(kind, year)[1] - today <= timedelta(days=DUE_NOTICE_DAYS) and (year, kind) not in out
            and not provinces.filter(year=year, period_kind=kind, frozen_at__isnull=False).exists()):
        out.insert(0, (year, kind))
    return out


def _due(user, today: date) -> list[dict]:
    """The unit's report of the period being reported on, not written or not sent yet; reports waiting for the
    leader's approval."""
    from cchc.reports import selectors
    from cchc.reports.models import Report, period_bounds, period_rule

    units = [u for u in selectors.units_creatable(user) if u.kind in selectors.REPORTING_KINDS]
    if not units:
        return []
    out = []
    kind, year = catalog.due_period(today, period_rule())
    index = reverse("reports:index") + f"?year={year}"
    if period_bounds(kind, year)[1] - today <= timedelta(days=DUE_NOTICE_DAYS):
        moved = set(Report.objects.filter(unit__in=units, year=year, period_kind=kind, level=catalog.UNIT).exclude(
            review_state=review.DRAFT).values_list("unit_id", flat=True))  # sent, with the leader, or returned
        pending = [u for u in units if u.pk not in moved]
        if pending:
            out.append({"key": "reports_due", "url": index, "count": len(pending) if len(pending) > 1 else None,
                        "label": _("Báo cáo CCHC %(p)s của đơn vị chưa gửi") % {
                            "p": period_name(kind, year)}, "level": "warning"})
    if access.has_role(user, access.UNIT_LEADER):
        waiting = access.scope_units(user, Report.objects.filter(review_state=review.LEADER_REVIEW),
                                     for_edit=True).count()
        if waiting:
            out.append({"key": "reports_approval", "label": _("Báo cáo CCHC định kỳ chờ lãnh đạo duyệt"),
                        "url": reverse("reports:index"), "count": waiting, "level": "info"})
    return out
