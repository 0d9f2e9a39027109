"""Home-page items of the plans app: work due or late for the user's units, reports and imports to review."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cchc.core import review
from cchc.org import access
from cchc.plans import occurrences as occ


def items(user) -> list[dict]:
    from cchc.plans.models import PlanImport, ProgressReport
    from cchc.plans.selectors import occurrences_scoped

    today = timezone.localdate()
    out = []
    if access.user_units(user) and access.has_role(user, *access.EDIT_OWN_ROLES):
        mine = occurrences_scoped(user, for_edit=True).filter(status__in=occ.OPEN_STATUSES)
        if not access.edits_all(user):
            late = mine.filter(due_date__lt=today).count()
            soon = mine.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7)).count()
            url = reverse("plans:my_work")
            if late:
                out.append({"label": "Nhiệm vụ của đơn vị đã quá hạn báo cáo", "url": url, "count": late,
                            "level": "danger"})
            if soon:
                out.append({"label": "Nhiệm vụ đến hạn trong 7 ngày", "url": url, "count": soon, "level": "warning"})
    if access.edits_all(user):
        waiting = access.scope_units(user, ProgressReport.objects.filter(review_state=review.SUBMITTED),
                                     "unit").count()
        if waiting:
            out.append({"label": "Báo cáo tiến độ chờ xem xét", "url": reverse("plans:review_queue"),
                        "count": waiting, "level": "info"})
        imports = PlanImport.objects.filter(status=PlanImport.Status.REVIEW).count()
        if imports:
            out.append({"label": "Kế hoạch tải lên chờ rà soát, xác nhận", "url": reverse("plans:index"),
                        "count": imports, "level": "info"})
    return out
