"""Notifications sent by the exams app (kinds registered at start-up; one-line calls)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.vndates import format_date_short
from cchc.notifications import kinds
from cchc.notifications.services import users_notify
from cchc.org import access

OPENED = "exams.opened"
kinds.register(OPENED, gettext_lazy("Kỳ kiểm tra được mở"), app="exams")


def examinee_ids(campaign) -> set[int]:
    """Active users in the campaign's population: members of its units (and units below; every unit when
    none is chosen), with one of its roles when roles are set."""
    from cchc.org.models import Membership

    qs = Membership.objects.filter(user__is_active=True, unit__isnull=False)
    units = list(campaign.units.all())
    if units:
        qs = qs.filter(access.under_paths_q([u.path for u in units]))
    if campaign.roles:
        qs = qs.filter(role__in=list(campaign.roles))
    return set(qs.values_list("user_id", flat=True))


def campaign_opened(campaign) -> int:
    """A published campaign not yet closed: tell its examinees once (when and how long)."""
    if not campaign.is_published or campaign.closes_at <= timezone.now():
        return 0
    opens = timezone.localtime(campaign.opens_at)
    closes = timezone.localtime(campaign.closes_at)
    return len(users_notify(
        examinee_ids(campaign), OPENED, _("Kỳ kiểm tra: %(t)s") % {"t": campaign.title[:200]},
        body=_("Mở từ %(a)s %(ah)s đến %(b)s %(bh)s; thời gian làm bài %(m)d phút.") % {
            "a": format_date_short(opens.date()), "ah": opens.strftime("%H:%M"),
            "b": format_date_short(closes.date()), "bh": closes.strftime("%H:%M"),
            "m": campaign.duration_minutes},
        url=reverse("exams:index"), key=f"campaign:{campaign.pk}:opened"))
