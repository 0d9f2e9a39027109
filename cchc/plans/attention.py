"""Home-page items of the plans app: the unit's returned, late and due-soon work and reports awaiting the
user's approval (each a badge linking to the filtered "Việc của đơn vị tôi" list); for the office, reports,
requests to move a due date and imports to review."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.org import access


def items(user) -> list[dict]:
    from cchc.plans.models import PlanImport, ProgressReport
    from cchc.plans.selectors import SOON_DAYS, deadline_requests, unit_work, unit_work_counts

    today = timezone.localdate()
    out = []
    url = reverse("plans:my_work")
    if access.user_units(user) and access.has_role(user, *access.EDIT_OWN_ROLES) and not access.edits_all(user):
        c = unit_work_counts(user, today=today)
        if c["approval"]:
            out.append({"key": "approval", "label": _("Báo cáo tiến độ nhiệm vụ chờ tôi duyệt"), "url": f"{url}?show=approval",
                        "count": c["approval"], "level": "info"})
        if c["returned"]:
            details = [{"text": f"{o.task.number} {o.task.title[:100]}".strip(), "note": o.report_comment or "",
                        "url": reverse("plans:occurrence_detail", args=[o.pk])}
                       for o in unit_work(user, today=today, show="returned", limit=3)]
            out.append({"key": "returned", "label": _("Báo cáo bị trả lại, cần sửa và gửi lại"),
                        "url": f"{url}?show=returned", "count": c["returned"], "level": "danger",
                        "details": details})
        if c["late"]:
            out.append({"key": "late", "label": _("Nhiệm vụ của đơn vị đã quá hạn báo cáo"),
                        "url": f"{url}?show=late", "count": c["late"], "level": "danger"})
        if c["soon"]:
            out.append({"key": "soon", "label": _("Nhiệm vụ đến hạn trong %(n)d ngày") % {"n": SOON_DAYS},
                        "url": f"{url}?show=soon", "count": c["soon"], "level": "warning"})
    if access.edits_all(user):
        waiting = access.scope_units(user, ProgressReport.objects.filter(review_state=review.SUBMITTED),
                                     "unit").count()
        if waiting:
            out.append({"key": "review", "label": _("Báo cáo tiến độ chờ xem xét"),
                        "url": reverse("plans:review_queue"), "count": waiting, "level": "info"})
        asked = deadline_requests(user).count()
        if asked:
            out.append({"key": "deadline_requests", "label": _("Đề nghị gia hạn nhiệm vụ chờ xem xét"),
                        "url": reverse("plans:deadline_requests"), "count": asked, "level": "info"})
        imports = PlanImport.objects.filter(status=PlanImport.Status.REVIEW).count()
        if imports:
            out.append({"key": "imports", "label": _("Kế hoạch tải lên chờ rà soát, xác nhận"),
                        "url": reverse("plans:index"), "count": imports, "level": "info"})
    return out


def overview(user) -> list[dict]:
    """The home page's headline figure of the plans: the task lines the user may see that are due by today, how many
    are done and how many are late — the same figures as the top line of the plan dashboard it links to."""
    from cchc.core.vntext import format_number
    from cchc.plans.selectors import occurrences_scoped, rates_total

    t = rates_total(occurrences_scoped(user), timezone.localdate())
    if not t["expected"]:
        return []
    return [{"key": "plans", "title": _("Nhiệm vụ kế hoạch CCHC đã đến hạn"),
             "value": _("%(pct)s%% hoàn thành") % {"pct": format_number(t["completion"], 1)},
             "note": _("%(done)s/%(due)s lượt hoàn thành · quá hạn %(late)s") % {
                 "done": format_number(t["done"]), "due": format_number(t["expected"]),
                 "late": format_number(t["late"])},
             "url": reverse("plans:dashboard")}]
