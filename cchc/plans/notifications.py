"""Notifications sent by the plans app: its kinds (registered at start-up) and who is told what.

Called from ``plans.services`` with one line each; everything goes through ``cchc.notifications.services.users_notify``.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import review
from cchc.core.periods import label_of
from cchc.core.vndates import format_date_short
from cchc.notifications import kinds
from cchc.notifications.services import users_notify
from cchc.org import access
from cchc.org.models import Membership, Role

ASSIGNED = kinds.register("plans.assigned", gettext_lazy("Được giao nhiệm vụ"), app="plans").code
DUE_SOON = kinds.register("plans.due_soon", gettext_lazy("Sắp đến hạn báo cáo"), app="plans").code
OVERDUE = kinds.register("plans.overdue", gettext_lazy("Quá hạn báo cáo"), app="plans").code
APPROVAL = kinds.register("plans.approval", gettext_lazy("Báo cáo chờ lãnh đạo duyệt"), app="plans").code
RETURNED = kinds.register("plans.returned", gettext_lazy("Báo cáo bị trả lại"), app="plans").code
ACCEPTED = kinds.register("plans.accepted", gettext_lazy("Báo cáo được chấp nhận"), app="plans").code
DEADLINE = kinds.register("plans.deadline", gettext_lazy("Hạn nhiệm vụ được điều chỉnh hoặc đề nghị gia hạn được trả "
                                                         "lời"), app="plans").code

UNIT_PEOPLE = (Role.FOCAL_POINT, Role.UNIT_LEADER)


def unit_people(unit_ids, roles=UNIT_PEOPLE) -> dict[int, set[int]]:
    """unit id → ids of its active users with one of ``roles`` (exact unit)."""
    out: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in Membership.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles),
                                                      user__is_active=True).values_list("unit_id", "user_id"):
        out[unit_id].add(user_id)
    return out


def assigned_title(lead: int, partner: int, plan_title: str) -> str:
    """What a unit is told it was given: tasks it leads (chủ trì), tasks it reports on as a partner (phối hợp: a
    task led by a national body, ``plans.selectors.task_reporters``), or both counts."""
    values = {"lead": lead, "partner": partner, "plan": plan_title[:200]}
    if lead and partner:
        return _("Đơn vị được giao %(lead)d nhiệm vụ chủ trì và %(partner)d nhiệm vụ phối hợp: %(plan)s") % values
    if partner:
        return _("Đơn vị được giao %(partner)d nhiệm vụ phối hợp: %(plan)s") % values
    return _("Đơn vị được giao %(lead)d nhiệm vụ chủ trì: %(plan)s") % values


def plan_assigned(plan) -> int:
    """Plan confirmed: tell the focal points and leaders of each unit with reporting lines how many tasks it leads
    and how many it reports on as a partner (the role of the assignment its lines come from)."""
    from django.db.models import Count

    from cchc.plans.models import Assignment

    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"lead": 0, "partner": 0})
    for r in (plan.occurrences.filter(task__is_active=True).values("unit_id", "assignment__role")
              .annotate(tasks=Count("task_id", distinct=True))):
        role = "partner" if r["assignment__role"] == Assignment.Role.PARTNER else "lead"
        counts[r["unit_id"]][role] += r["tasks"]
    people = unit_people(counts)
    url = reverse("plans:my_work") + f"?plan={plan.pk}"
    sent = 0
    for unit_id, n in counts.items():
        users = people.get(unit_id)
        if not users:
            continue
        sent += len(users_notify(
            users, ASSIGNED, assigned_title(n["lead"], n["partner"], plan.title),
            body=_("Số, ký hiệu: %(num)s. Xem danh sách nhiệm vụ và hạn báo cáo trên trang “Việc của đơn vị”.")
            % {"num": plan.document_number or "—"},
            url=url, key=f"plan:{plan.pk}:r{plan.revision}:assigned"))
    return sent


def reminder(occurrences, user_ids, *, today) -> int:
    """Due-soon / overdue reminders of one unit (the e-mail was sent by ``reminders_send``)."""
    sent = 0
    for o in occurrences:
        days = (o.due_date - today).days
        kind = DUE_SOON if days >= 0 else OVERDUE
        title = (_("Còn %(d)d ngày đến hạn báo cáo: %(t)s") % {"d": days, "t": o.task.title[:150]} if days >= 0
                 else _("Đã quá hạn %(d)d ngày: %(t)s") % {"d": -days, "t": o.task.title[:150]})
        sent += len(users_notify(user_ids, kind, title,
                           body=_("%(p)s, hạn %(due)s — %(plan)s") % {
                               "p": label_of(o.period), "due": format_date_short(o.due_date), "plan": o.plan.title[:150]},
                           url=reverse("plans:occurrence_detail", args=[o.pk]),
                           key=f"occ:{o.pk}:{kind}:{today.isoformat()}", emailed=True))
    return sent


def report_transition(report, *, source: str, target: str, user) -> int:
    """Tell the people concerned about a review transition of a progress report."""
    o = report.occurrence
    url = reverse("plans:occurrence_detail", args=[o.pk])
    task = o.task.title[:150]
    actor = getattr(user, "pk", None)
    if target == review.LEADER_REVIEW:
        leaders = access.unit_approver_ids(report.unit) - {actor}
        return len(users_notify(leaders, APPROVAL, _("Báo cáo chờ lãnh đạo duyệt: %(t)s") % {"t": task},
                          body=_("%(p)s, gửi bởi %(who)s.") % {
                              "p": label_of(o.period), "who": user.get_full_name() or user.username},
                          url=reverse("plans:my_work") + "?show=approval",
                          key=f"report:{report.pk}:v{report.version}:approval"))
    if target not in (review.RETURNED, review.ACCEPTED):
        return 0
    people = {report.submitted_by_id, report.created_by_id}
    people |= unit_people([report.unit_id], roles=(Role.FOCAL_POINT,)).get(report.unit_id, set())
    people = {p for p in people if p and p != actor}
    if target == review.RETURNED:
        who = _("Lãnh đạo đơn vị") if source == review.LEADER_REVIEW else _("Phòng CCHC")
        return len(users_notify(people, RETURNED, _("Báo cáo bị trả lại: %(t)s") % {"t": task},
                          body=_("%(who)s trả lại, ý kiến: %(c)s") % {"who": who, "c": report.review_comment},
                          url=url, key=f"report:{report.pk}:v{report.version}:returned"))
    return len(users_notify(people, ACCEPTED, _("Báo cáo được chấp nhận: %(t)s") % {"t": task},
                      body=_("Kỳ báo cáo: %(p)s.") % {"p": label_of(o.period)}, url=url,
                      key=f"report:{report.pk}:v{report.version}:accepted"))


def deadline_decided(change, *, user) -> int:
    """The office agreed to, refused or made a move of a due date: tell the unit's focal points and leaders and
    whoever asked."""
    from cchc.plans.models import DeadlineChange

    o = change.occurrence
    task = o.task.title[:150]
    people = unit_people([o.unit_id]).get(o.unit_id, set()) | {change.requested_by_id}
    people = {p for p in people if p and p != getattr(user, "pk", None)}
    if change.state == DeadlineChange.State.REFUSED:
        title = _("Không đồng ý gia hạn: %(t)s") % {"t": task}
        body = _("Hạn vẫn là %(d)s. Ý kiến của Phòng CCHC: %(c)s") % {
            "d": format_date_short(o.due_date), "c": change.comment}
    else:
        title = _("Hạn mới %(d)s: %(t)s") % {"d": format_date_short(change.to_date), "t": task}
        body = _("%(p)s: hạn %(old)s được điều chỉnh thành %(new)s. %(c)s") % {
            "p": label_of(o.period), "old": format_date_short(change.from_date),
            "new": format_date_short(change.to_date), "c": change.comment or change.reason}
    return len(users_notify(people, DEADLINE, title, body=body,
                            url=reverse("plans:occurrence_detail", args=[o.pk]),
                            key=f"deadline:{change.pk}:{change.state}"))
