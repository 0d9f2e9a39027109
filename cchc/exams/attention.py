"""Home-page items of the exams app: for the user taking part, each open campaign they have not finished — an
attempt left in progress, or none yet (warning in its last CLOSING_DAYS days)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.vndates import format_date_short

CLOSING_DAYS = 3


def items(user, now: datetime | None = None) -> list[dict]:
    from cchc.exams import selectors
    from cchc.exams.models import Attempt, AttemptStatus

    now = now or timezone.now()
    campaigns = [c for c in selectors.campaigns_open_for(user, now) if c.is_open(now)]
    if not campaigns:
        return []
    attempts = [selectors.attempt_as_of(a, now) for a in Attempt.objects.filter(user=user, campaign__in=campaigns)]
    finished = {a.campaign_id for a in attempts if a.status != AttemptStatus.IN_PROGRESS}
    started = {a.campaign_id: a for a in attempts if a.status == AttemptStatus.IN_PROGRESS}
    out = []
    for c in campaigns:
        if c.pk in finished:
            continue
        until = format_date_short(timezone.localtime(c.closes_at))
        if c.pk in started:
            out.append({"key": f"exam_{c.pk}", "url": reverse("exams:take", args=[started[c.pk].pk]),
                        "label": _("Bài kiểm tra đang làm dở: %(t)s") % {"t": c.title}, "count": None,
                        "level": "warning"})
            continue
        out.append({"key": f"exam_{c.pk}", "url": reverse("exams:index"), "count": None,
                    "label": _("Kỳ kiểm tra kiến thức đang mở, bạn chưa làm bài: %(t)s (đến %(d)s)") % {
                        "t": c.title, "d": until},
                    "level": "warning" if c.closes_at - now <= timedelta(days=CLOSING_DAYS) else "info"})
    return out
