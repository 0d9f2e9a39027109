"""Notifications of the CCHC index: a round opened, its deadline moved or near, a self-assessment returned.

Called from ``assessment.services`` (and ``cchc index remind``); everything goes through
``cchc.notifications.services.users_notify`` with a key, so repeating a call tells nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import review
from cchc.core.vndates import format_date_short
from cchc.notifications import kinds
from cchc.notifications.services import users_notify
from cchc.plans.notifications import unit_people

OPENED = kinds.register("index.opened", gettext_lazy("Mở đợt tự đánh giá chỉ số CCHC"), app="assessment").code
DUE_SOON = kinds.register("index.due_soon", gettext_lazy("Sắp hết hạn gửi tự đánh giá chỉ số CCHC"),
                          app="assessment").code
DEADLINE = kinds.register("index.deadline", gettext_lazy("Hạn gửi tự đánh giá chỉ số CCHC thay đổi"),
                          app="assessment").code
RETURNED = kinds.register("index.returned", gettext_lazy("Báo cáo tự đánh giá chỉ số CCHC bị trả lại"),
                          app="assessment").code


def _tell_units(sas, kind: str, title: str, key) -> int:
    """Tell the focal points and leaders of each self-assessment's unit, linking to it; ``key(sa)`` is the
    notification's key (no one is told twice). Returns how many were told."""
    people = unit_people([sa.unit_id for sa in sas])
    sent = 0
    for sa in sas:
        users = people.get(sa.unit_id)
        if users:
            sent += len(users_notify(users, kind, title, url=reverse("assessment:assessment_detail", args=[sa.pk]),
                               key=key(sa)))
    return sent


def _deadline(rnd) -> str:
    return format_date_short(timezone.localtime(rnd.deadline))


def round_opened(rnd) -> int:
    title = _("Tự đánh giá chỉ số CCHC năm %(y)s: hạn gửi %(d)s") % {"y": rnd.framework.year, "d": _deadline(rnd)}
    return _tell_units(list(rnd.assessments.all()), OPENED, title, lambda sa: f"index:{sa.pk}:opened")


def deadline_moved(rnd) -> int:
    """The units still to send (draft or returned) learn the new deadline (once per deadline)."""
    sas = list(rnd.assessments.filter(review_state__in=review.EDITABLE_STATES))
    title = _("Tự đánh giá chỉ số CCHC năm %(y)s: hạn gửi mới %(d)s") % {"y": rnd.framework.year, "d": _deadline(rnd)}
    due = rnd.deadline.isoformat()
    return _tell_units(sas, DEADLINE, title, lambda sa: f"index:{sa.pk}:deadline:{due}")


def remind(rnd, *, days: int = 7, now=None) -> int:
    """Units whose self-assessment is still a draft or returned when the deadline is at most ``days`` away."""
    now = now or timezone.now()
    if rnd.closed or rnd.deadline < now or (rnd.deadline - now).days > days:
        return 0
    sas = list(rnd.assessments.filter(review_state__in=review.EDITABLE_STATES))
    title = _("Sắp hết hạn gửi tự đánh giá chỉ số CCHC (%(d)s)") % {"d": _deadline(rnd)}
    due = rnd.deadline.date().isoformat()
    return _tell_units(sas, DUE_SOON, title, lambda sa: f"index:{sa.pk}:due:{due}")


def returned(sa, comment: str) -> int:
    people = unit_people([sa.unit_id])
    return len(users_notify(people.get(sa.unit_id, set()), RETURNED,
                      _("Báo cáo tự đánh giá chỉ số CCHC bị trả lại"), body=comment,
                      url=reverse("assessment:assessment_detail", args=[sa.pk]),
                      key=f"index:{sa.pk}:returned:v{sa.version}"))
