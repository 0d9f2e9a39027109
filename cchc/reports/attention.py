"""Home-page items of the reports app: for the office, units that have not sent their report for a period whose
province report is being compiled (not issued yet) and unit reports waiting for review; for a unit, its reports
returned by the office."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.org import access
from cchc.reports import catalog


def items(user) -> list[dict]:
    from cchc.reports import selectors
    from cchc.reports.models import Report

    out = []
    visible = selectors.reports_visible(user)
    if access.edits_all(user):
        waiting = visible.filter(level=catalog.UNIT, review_state=review.SUBMITTED).count()
        if waiting:
            out.append({"key": "reports_review", "label": _("Báo cáo CCHC định kỳ của đơn vị chờ xem xét"),
                        "url": reverse("reports:index"), "count": waiting, "level": "info"})
        for prov in visible.filter(level=catalog.PROVINCE, frozen_at__isnull=True).order_by("-year")[:2]:
            status = selectors.submission_status(user, prov.year, prov.period_kind)
            if status["missing"]:
                out.append({"key": f"reports_missing_{prov.pk}",
                            "label": _("Đơn vị chưa gửi báo cáo CCHC %(p)s") % {"p": prov.period_label},
                            "url": f"{reverse('reports:status')}?year={prov.year}&period={prov.period_kind}",
                            "count": status["missing"], "level": "warning"})
        return out
    returned = access.scope_units(user, Report.objects.filter(review_state=review.RETURNED), for_edit=True)
    n = returned.count()
    if n:
        out.append({"key": "reports_returned", "label": _("Báo cáo CCHC định kỳ bị trả lại, cần sửa và gửi lại"),
                    "url": reverse("reports:index") + f"?year={returned.first().year}", "count": n,
                    "level": "danger"})
    return out
