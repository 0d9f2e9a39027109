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


def overview(user, now: datetime | None = None) -> list[dict]:
    """The home page's headline figure of the knowledge tests: the newest campaign already open, who of the units the
    user may see took it and passed (as the campaign's page shows it to the same roles)."""
    from cchc.core.vntext import format_number
    from cchc.exams import selectors
    from cchc.exams.models import Campaign

    now = now or timezone.now()
    if not selectors.user_can_see_results(user):
        return []
    campaign = Campaign.objects.filter(is_published=True, opens_at__lte=now).order_by("-opens_at", "-pk").first()
    if campaign is None:
        return []
    _rows, total = selectors.unit_summary(user, campaign)
    if not total.eligible and not total.participants:
        return []
    note = (_("đạt %(passed)s/%(n)s người · điểm bình quân %(avg)s%%") % {
        "passed": format_number(total.passed), "n": format_number(total.participants),
        "avg": format_number(total.average, 1)} if total.participants else _("chưa ai làm bài"))
    return [{"key": "exams", "title": campaign.title, "url": reverse("exams:campaign_detail", args=[campaign.pk]),
             "value": _("%(done)s/%(n)s người đã làm bài") % {"done": format_number(total.participants),
                                                               "n": format_number(total.eligible)},
             "note": note}]
