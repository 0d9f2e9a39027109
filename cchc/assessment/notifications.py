"""Notifications of the CCHC index: a round opened, the deadline near, a self-assessment returned.

Called from ``assessment.services`` (and ``cchc index remind``); everything goes through
``cchc.notifications.services.notify`` with a key, so repeating a call tells nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import review
from cchc.core.vndates import format_date_short
from cchc.notifications import kinds
from cchc.notifications.services import notify
from cchc.plans.notifications import unit_people

OPENED = "index.opened"
DUE_SOON = "index.due_soon"
RETURNED = "index.returned"

kinds.register(OPENED, gettext_lazy("Mở đợt tự đánh giá chỉ số CCHC"), app="assessment")
kinds.register(DUE_SOON, gettext_lazy("Sắp hết hạn gửi tự đánh giá chỉ số CCHC"), app="assessment")
kinds.register(RETURNED, gettext_lazy("Báo cáo tự đánh giá chỉ số CCHC bị trả lại"), app="assessment")


def round_opened(rnd) -> int:
    sas = list(rnd.assessments.all())
    people = unit_people([sa.unit_id for sa in sas])
    deadline = format_date_short(timezone.localtime(rnd.deadline))
    sent = 0
    for sa in sas:
        users = people.get(sa.unit_id)
        if users:
            sent += len(notify(users, OPENED, _("Tự đánh giá chỉ số CCHC năm %(y)s: hạn gửi %(d)s") % {
                "y": rnd.framework.year, "d": deadline}, url=reverse("assessment:assessment_detail", args=[sa.pk]),
                key=f"index:{sa.pk}:opened"))
    return sent


def remind(rnd, *, days: int = 7, now=None) -> int:
    """Units whose self-assessment is still a draft or returned when the deadline is at most ``days`` away."""
    now = now or timezone.now()
    if rnd.closed or rnd.deadline < now or (rnd.deadline - now).days > days:
        return 0
    sas = list(rnd.assessments.filter(review_state__in=review.EDITABLE_STATES))
    people = unit_people([sa.unit_id for sa in sas])
    deadline = format_date_short(timezone.localtime(rnd.deadline))
    sent = 0
    for sa in sas:
        users = people.get(sa.unit_id)
        if users:
            sent += len(notify(users, DUE_SOON, _("Sắp hết hạn gửi tự đánh giá chỉ số CCHC (%(d)s)") % {"d": deadline},
                               url=reverse("assessment:assessment_detail", args=[sa.pk]),
                               key=f"index:{sa.pk}:due:{rnd.deadline.date().isoformat()}"))
    return sent


def returned(sa, comment: str) -> int:
    people = unit_people([sa.unit_id])
    return len(notify(people.get(sa.unit_id, set()), RETURNED,
                      _("Báo cáo tự đánh giá chỉ số CCHC bị trả lại"), body=comment,
                      url=reverse("assessment:assessment_detail", args=[sa.pk]),
                      key=f"index:{sa.pk}:returned:v{sa.version}"))
