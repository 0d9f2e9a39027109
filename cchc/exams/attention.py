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

    now = now or timezone.now()
    out = []
    for r in selectors.campaign_rows(user, now):
        c = r["campaign"]
        if r["finished"] or not c.is_open(now):
            continue
        if r["open"] is not None:
            out.append({"key": f"exam_{c.pk}", "url": reverse("exams:take", args=[r["open"].pk]),
                        "label": _("Bài kiểm tra đang làm dở: %(t)s") % {"t": c.title}, "count": None,
                        "level": "warning"})
            continue
        until = format_date_short(timezone.localtime(c.closes_at))
        out.append({"key": f"exam_{c.pk}", "url": reverse("exams:index"), "count": None,
                    "label": _("Kỳ kiểm tra kiến thức đang mở, bạn chưa làm bài: %(t)s (đến %(d)s)") % {
                        "t": c.title, "d": until},
                    "level": "warning" if c.closes_at - now <= timedelta(days=CLOSING_DAYS) else "info"})
    return out
