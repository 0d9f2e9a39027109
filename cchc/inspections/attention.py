"""Home-page items of the inspections app (registered by ``inspections/hooks.py`` under the ``attention`` hook):
for a unit's focal point or leader, an inspection of the unit (plan issued) starting within 30 days or in the
current month, and the unit's findings not yet remedied — past their due date (danger) or due within 14 days
(warning); for a team member, the coming inspections they take part in (same window); for the office and the team,
inspections whose working days are over without a conclusion.

A finding is remedied when the office has accepted the progress report on its follow-up task
(``plans.followups.followup_states`` "done"); one the unit has reported on and that waits for the office
("reported") no longer needs the unit, so it is not counted either."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.vndates import format_date_short
from cchc.org import access

AHEAD_DAYS = 30  # an inspection is announced this many days before it starts
SOON_DAYS = 14  # a finding due within this many days
DETAILS = 3


def _coming(qs, today: date):
    """The inspections of ``qs`` (issued plan, not started) starting within AHEAD_DAYS, in the current month or under
    way today."""
    from cchc.inspections.models import Inspection, InspectionPlan

    qs = qs.filter(plan__status=InspectionPlan.Status.ISSUED, status=Inspection.Status.PLANNED,
                   plan__year__in=[today.year, today.year + 1]).select_related("plan", "unit")
    for ins in qs.order_by("plan__year", "month", "starts_on", "unit__path"):
        start, end = ins.working_days()
        this_month = (ins.plan.year, ins.month) == (today.year, today.month)
        if end < today:  # its working days are over (early in a month, "this month" alone said it was coming)
            continue
        if this_month or today <= start <= today + timedelta(days=AHEAD_DAYS) or start <= today <= end:
            yield ins


def _upcoming(user, today: date) -> list[dict]:
    from cchc.inspections.models import Inspection

    out = []
    for ins in _coming(access.scope_units(user, Inspection.objects.all(), for_edit=True), today):
        out.append({"key": f"inspection_{ins.pk}",
                    "label": _("Đoàn kiểm tra CCHC sẽ làm việc với đơn vị %(when)s") % {"when": ins.when_text()},
                    "url": reverse("inspections:inspection_detail", args=[ins.pk]), "count": None, "level": "info",
                    "details": [{"text": f"{ins.unit.name} — {ins.get_mode_display()}",
                                 "url": reverse("inspections:inspection_detail", args=[ins.pk])}]})
    return out


def _team_upcoming(user, today: date) -> list[dict]:
    """For a member of an inspection team (the appraiser, office staff): the unit they go to and when."""
    from cchc.inspections.models import Inspection

    out = []
    for ins in _coming(Inspection.objects.filter(team__user=user).distinct(), today):
        url = reverse("inspections:inspection_detail", args=[ins.pk])
        out.append({"key": f"inspection_team_{ins.pk}",
                    "label": _("Đoàn kiểm tra của bạn làm việc tại %(unit)s %(when)s")
                    % {"unit": ins.unit.name, "when": ins.when_text()},
                    "url": url, "count": None, "level": "info"})
    return out


def _findings(user, today: date) -> list[dict]:
    from cchc.inspections.models import Finding
    from cchc.plans.followups import followup_states

    rows = list(access.scope_units(user, Finding.objects.filter(due_date__lte=today + timedelta(days=SOON_DAYS)),
                                   "inspection__unit", for_edit=True)
                .select_related("inspection").order_by("due_date", "pk"))
    states = followup_states([f.task_id for f in rows])
    late, soon = [], []
    for f in rows:
        state, occurrence = states.get(f.task_id, ("none", None))
        if state in ("done", "reported"):
            continue
        url = (reverse("plans:occurrence_detail", args=[occurrence]) if occurrence
               else reverse("inspections:inspection_detail", args=[f.inspection_id]))
        detail = {"text": f"{format_date_short(f.due_date)} · {f.text[:100]}", "url": url}
        (late if f.due_date < today else soon).append((f, detail))
    out = []
    for key, found, label, level in (
            ("findings_late", late, _("Tồn tại qua kiểm tra CCHC đã quá hạn khắc phục"), "danger"),
            ("findings_soon", soon, _("Tồn tại qua kiểm tra CCHC đến hạn khắc phục trong %(n)d ngày")
             % {"n": SOON_DAYS}, "warning")):
        if not found:
            continue
        inspections = {f.inspection_id for f, _d in found}
        url = (reverse("inspections:inspection_detail", args=[inspections.pop()]) if len(inspections) == 1
               else reverse("inspections:index"))
        out.append({"key": key, "label": label, "url": url, "count": len(found), "level": level,
                    "details": [d for _f, d in found[:DETAILS]]})
    return out


def _unconcluded(user, today: date) -> list[dict]:
    """Inspections of the office's province (or the user's team) whose working days are over, not concluded: of an
    issued plan, or of a draft one when the team has started recording results (a draft's months are not dates)."""
    from cchc.inspections.models import Inspection, InspectionPlan
    from cchc.inspections.selectors import inspections_visible

    qs = inspections_visible(user).filter(
        Q(plan__status=InspectionPlan.Status.ISSUED, status=Inspection.Status.PLANNED)
        | Q(status=Inspection.Status.DONE), plan__year__lte=today.year)
    if not access.edits_all(user):
        qs = qs.filter(team__user=user)
    over = [ins for ins in qs.filter(Q(ends_on__lt=today) | Q(ends_on__isnull=True))
            if ins.working_days()[1] < today]
    if not over:
        return []
    url = (reverse("inspections:inspection_detail", args=[over[0].pk]) if len(over) == 1
           else reverse("inspections:index"))
    return [{"key": "inspections_unconcluded", "label": _("Cuộc kiểm tra CCHC đã xong đợt làm việc, chưa có kết luận"),
             "url": url, "count": len(over), "level": "warning"}]


def items(user, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    out = []
    if access.has_role(user, *access.EDIT_OWN_ROLES) and not access.edits_all(user):
        out += _upcoming(user, today)
        out += _findings(user, today)
    out += _team_upcoming(user, today)
    out += _unconcluded(user, today)
    return out
