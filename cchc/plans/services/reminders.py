"""Reminders: e-mails and notifications about work due soon or overdue (run daily)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.org.models import Membership, Role
from cchc.org.selectors import heirs_of
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans.models import Occurrence


def reminders_send(*, today: date | None = None, before: tuple[int, ...] | None = None,
                   after: tuple[int, ...] | None = None) -> dict:
    """E-mail each unit's focal points and leaders about open work due in ``before`` days or overdue by
    ``after`` days. Run daily (``cchc send_reminders``); an occurrence is reminded at most once a day."""
    today = today or timezone.localdate()
    before = before if before is not None else tuple(getattr(settings, "CCHC_REMIND_BEFORE_DAYS", (3,)))
    after = after if after is not None else tuple(getattr(settings, "CCHC_REMIND_AFTER_DAYS", (1, 7)))
    from datetime import timedelta

    dates = {today + timedelta(days=d) for d in before} | {today - timedelta(days=d) for d in after}
    qs = (Occurrence.objects.filter(due_date__in=dates, status__in=occ.OPEN_STATUSES, task__is_active=True)
          .filter(Q(reminded_on__isnull=True) | ~Q(reminded_on=today))
          .select_related("task", "plan", "unit").order_by("unit_id", "due_date"))
    by_unit: dict[int, list[Occurrence]] = defaultdict(list)
    for o in qs:
        by_unit[o.unit_id].append(o)
    if not by_unit:
        return {"emails": 0, "occurrences": 0}
    # a unit that has ended (merged into another) is reminded through the unit(s) carrying on its records
    reach = {unit_id: {unit_id} | {h.pk for h in heirs_of(items[0].unit, today)} for unit_id, items in by_unit.items()}
    people = plan_notifications.unit_people(set().union(*reach.values()))
    emails: dict[int, set[str]] = defaultdict(set)
    for m in Membership.objects.filter(unit_id__in=set().union(*reach.values()),
                                       role__in=[Role.FOCAL_POINT, Role.UNIT_LEADER],
                                       user__is_active=True).select_related("user"):
        if m.user.email:
            emails[m.unit_id].add(m.user.email)
    recipients = {unit_id: set().union(*(emails.get(u, set()) for u in units)) for unit_id, units in reach.items()}
    recipient_ids = {unit_id: set().union(*(people.get(u, set()) for u in units)) for unit_id, units in reach.items()}
    sent = 0
    for unit_id, items in by_unit.items():
        to = sorted(recipients.get(unit_id, ()))
        if not to:
            continue
        lines = []
        for o in items:
            days = (o.due_date - today).days
            when = _("còn %(days)s ngày") % {"days": days} if days >= 0 else \
                _("đã quá hạn %(days)s ngày") % {"days": -days}
            lines.append(_("- %(number)s %(title)s (kỳ %(period)s, hạn %(due)s, %(when)s)\n  Kế hoạch: %(plan)s")
                         % {"number": o.task.number, "title": o.task.title[:150], "period": o.period,
                            "due": f"{o.due_date:%d/%m/%Y}", "when": when, "plan": o.plan.title[:150]})
        unit = items[0].unit
        send_mail(subject=_("[CCHC] %(count)s nhiệm vụ cần báo cáo — %(unit)s") % {"count": len(items),
                                                                                   "unit": unit.name},
                  message=_("Kính gửi đầu mối CCHC,\n\nCác nhiệm vụ sau sắp đến hạn hoặc đã quá hạn báo cáo:\n\n"
                            "%(tasks)s\n\nVui lòng cập nhật tiến độ trên hệ thống.\n") % {"tasks": "\n".join(lines)},
                  from_email=None, recipient_list=to)
        sent += 1
    for unit_id, items in by_unit.items():
        plan_notifications.reminder(items, recipient_ids.get(unit_id, ()), today=today)
    Occurrence.objects.filter(pk__in=[o.pk for items in by_unit.values() for o in items]).update(reminded_on=today)
    return {"emails": sent, "occurrences": sum(len(v) for v in by_unit.values())}
