"""Occurrences: the reporting lines of a task (schedule period × lead unit) and the figures copied onto them from
the reports. Pure period arithmetic lives in :mod:`cchc.plans.occurrences`."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from cchc.core import review
from cchc.org.models import OrgUnit
from cchc.org.selectors import home_province_ids, successors_on, unit_is_home, unit_is_national
from cchc.plans import occurrences as occ
from cchc.plans.models import Assignment, Occurrence, Plan, Schedule, Task


def _expand_assignment(a: Assignment, plan: Plan, on: date, cache: dict) -> list[OrgUnit]:
    key = (a.unit_id, a.group_id, on)
    if key in cache:
        return cache[key]
    if a.group_id:
        # the plan's province as it stands on the due date (a province merged on 1/7/2025 → the new province)
        provinces = successors_on(plan.province, on) if plan.province is not None else []
        units = list(a.group.expand(province=provinces[0] if provinces else plan.province, on=on))
    elif a.unit_id:
        units = successors_on(a.unit, on) if not a.unit.is_active_on(on) else [a.unit]
    else:
        units = []
    # never a unit of another province, nor a national body (no user reports for it), nor one not valid on the date
    if "_home" not in cache:
        cache["_home"] = home_province_ids()
    units = [u for u in units if u.is_active_on(on) and unit_is_home(u, cache["_home"]) and not unit_is_national(u)]
    cache[key] = units
    return units


def occurrences_sync(task: Task) -> int:
    """Create the missing occurrences of a task: every schedule period × every lead unit active on the due date.

    Assignments to groups expand to their member units on that date ("UBND cấp xã" → each commune). A task led by
    national bodies only is reported on by the province's units named as partners, or by nobody
    (``plans.selectors.task_reporters``). Extra occurrences without reports are removed; those with reports are
    kept. Returns the number created.
    """
    from cchc.plans.selectors import task_reporters

    plan = task.plan
    years = plan.years()
    _mode, leads = task_reporters(list(task.assignments.select_related("unit", "group")))
    cache: dict = {}
    wanted: dict[tuple[int, int, str], tuple[date, Assignment]] = {}
    for sched in task.schedules.all():
        for period, due in occ.expand_schedule(sched.spec, years=years, issued=plan.issue_date,
                                               lead_days=lead_days()):
            for a in leads:
                for u in _expand_assignment(a, plan, due, cache):
                    wanted.setdefault((sched.pk, u.pk, period), (due, a))
    have = {(o.schedule_id, o.unit_id, o.period): o for o in task.occurrences.all()}
    stale = [o.pk for k, o in have.items() if k not in wanted]
    if stale:
        Occurrence.objects.filter(pk__in=stale, reports__isnull=True).delete()
    new = [Occurrence(task=task, schedule_id=s, plan=plan, unit_id=u, period=p, due_date=due, assignment=a,
                      area=task.area)
           for (s, u, p), (due, a) in wanted.items() if (s, u, p) not in have]
    # a revision recreates the task's assignments: the lines kept point to the current ones (their role is read)
    relink = []
    for k, o in have.items():
        if k in wanted and o.assignment_id != wanted[k][1].pk:
            o.assignment_id = wanted[k][1].pk
            relink.append(o)
    if relink:
        Occurrence.objects.bulk_update(relink, ["assignment"], batch_size=1000)
    Occurrence.objects.bulk_create(new, batch_size=1000)
    if have:
        Occurrence.objects.filter(task=task).exclude(area=task.area).update(area=task.area, updated_at=timezone.now())
    return len(new)


def occurrence_refresh(o: Occurrence, *, submitted_now: bool = False) -> Occurrence:
    """Copy the latest submitted/accepted report's figures onto the occurrence (what dashboards read)."""
    latest = (o.reports.filter(review_state__in=[review.SUBMITTED, review.ACCEPTED])
              .order_by("-submitted_at", "-pk").first())
    if latest is None:
        o.status, o.percent, o.completed_on, o.accepted = occ.NOT_STARTED, 0, None, False
    else:
        # done / done late against the occurrence's due date as it stands (it may have been moved since the report)
        o.status = occ.normalise_status(latest.status, due=o.due_date, completed_on=latest.completed_on)
        o.percent, o.completed_on = latest.percent, latest.completed_on
        o.accepted = latest.review_state == review.ACCEPTED
    if submitted_now and o.first_submitted_on is None:
        o.first_submitted_on = timezone.localdate()
        o.on_time = occ.on_time(o.first_submitted_on, o.due_date, timely_days())
    o.save(update_fields=["status", "percent", "completed_on", "accepted", "first_submitted_on", "on_time",
                          "updated_at"])
    return o


def lead_days() -> int:
    """Days between a plan's issue date and its first generated reporting period (setting CCHC_PLAN_LEAD_DAYS)."""
    return int(getattr(settings, "CCHC_PLAN_LEAD_DAYS", occ.LEAD_DAYS))


def timely_days() -> int:
    return int(getattr(settings, "CCHC_TIMELY_DAYS", 0))




def schedule_replace(task: Task, spec: dict) -> Schedule:
    """The task's schedule becomes ``spec`` (its deadline as parsed on import): old schedules lose their
    occurrences without reports and go when nothing is left on them."""
    for old in task.schedules.all():
        old.occurrences.filter(reports__isnull=True).delete()
        if not old.occurrences.exists():
            old.delete()
    return Schedule.objects.create(task=task, kind=spec.get("kind") or "unknown", text=(task.deadline or "")[:500],
                                   spec=spec)
