"""Reads for the plans app. Every selector takes the acting user and applies the unit scope of
``cchc.org.access``; dashboard figures are aggregated in the database with a fixed number of queries
whatever the size of the data (tested with a query-count assertion at two sizes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.periods import Period, parse_period_input
from cchc.core.shortcuts import first_or_404
from cchc.core.vndates import format_date_short
from cchc.org import access
from cchc.org.models import Membership, OrgUnit, Role
from cchc.plans import occurrences as occ
from cchc.plans.models import (
    Area,
    Assignment,
    DeadlineChange,
    Measurement,
    Occurrence,
    Plan,
    PlanImport,
    ProgressReport,
    Target,
    Task,
)


@dataclass
class Filters:
    plan: int | None = None
    period: str = ""
    unit: str = ""
    area: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> Filters:
        f = cls()
        try:
            f.plan = int(params.get("plan")) if params.get("plan") else None
            if f.plan is not None and not 1 <= f.plan < 2**63:
                raise ValueError(f.plan)
        except ValueError:
            f.plan = None
            f.errors.append(_("Mã kế hoạch không hợp lệ."))
        f.period = (params.get("period") or "").strip()
        if f.period:  # the code, or the period as people type it ("Quý I/2024")
            period = parse_period_input(f.period)
            if period is None:
                f.errors.append(_("Kỳ “%(value)s” không hợp lệ (ví dụ: 2024, 2024S1, 2024Q1, 202401, Quý I/2024).")
                                % {"value": f.period[:40]})
            f.period = period.code if period is not None else ""
        f.unit = (params.get("unit") or "").strip()
        f.area = params.get("area") or ""
        if f.area and f.area not in Area.values:
            f.errors.append(_("Lĩnh vực không hợp lệ."))
            f.area = ""
        return f

    def as_query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in (("plan", self.plan or ""), ("period", self.period),
                                             ("unit", self.unit), ("area", self.area)) if v})


def plans_visible(user):
    """Plans the user may open: all plans of the home province for province-wide roles, otherwise plans with work
    for their units."""
    qs = Plan.objects.all()
    if access.sees_all(user):
        from cchc.org.selectors import home_q

        return qs.filter(home_q("province"))
    units = access.scope_units(user, OrgUnit.objects.all(), field="")
    return qs.filter(pk__in=Occurrence.objects.filter(unit__in=units).values("plan_id"))


def plan_list(user):
    return (plans_visible(user).select_related("province")
            .annotate(task_count=Count("tasks", filter=Q(tasks__is_active=True), distinct=True))
            .order_by("-created_at"))


def plan_get(user, pk: int) -> Plan:
    plan = first_or_404(plans_visible(user).select_related("province"), _("Không tìm thấy kế hoạch."), pk=pk)
    return plan


def plan_tasks(plan: Plan):
    """The plan's tasks in order; each carries ``reporting`` (see :func:`task_reporters`) for the national mark."""
    tasks = list(plan.tasks.filter(is_active=True).prefetch_related("assignments__unit", "assignments__group",
                                                                    "schedules").order_by("order"))
    for t in tasks:
        t.reporting = task_reporters(list(t.assignments.all()))[0]
    return tasks


# who reports on a task (docs/decisions.md, "National bodies")
REPORT_LEADS = "leads"  # the province's own leads (units or groups), as always
REPORT_PARTNERS = "partners"  # led by national bodies only: the province's units named as partners report
REPORT_FOLLOW = "follow"  # led by national bodies only, no unit of the province named: followed, nobody reports
REPORT_NOBODY = "nobody"  # no lead resolved to a unit or group (the review screen leaves it to the office)


def _national_assignment(a: Assignment) -> bool:
    from cchc.org.selectors import NATIONAL_GROUP, unit_is_national

    return (a.unit_id is not None and unit_is_national(a.unit)) or (a.group_id is not None
                                                               and a.group.code == NATIONAL_GROUP)


def task_reporters(assignments: list[Assignment]) -> tuple[str, list[Assignment]]:
    """Who reports on a task: (mode, the assignments whose units get reporting lines).

    A national body (a ministry, the Government Office …) is never one: no user of the installation works for it.
    The task's leads of the province report, as always; a task whose resolved leads are all national bodies is
    reported on by the province's units named one by one as partners (a collective such as "các địa phương" adds
    nobody: it would put a line on every department and commune); with none, it is kept for information only."""
    leads = [a for a in assignments if a.role == Assignment.Role.LEAD and (a.unit_id or a.group_id)]
    national = [a for a in leads if _national_assignment(a)]
    home = [a for a in leads if a not in national]
    if home:
        return REPORT_LEADS, home
    if not national:
        return REPORT_NOBODY, []
    partners = [a for a in assignments if a.role == Assignment.Role.PARTNER and a.unit_id is not None
                and not _national_assignment(a)]
    return (REPORT_PARTNERS, partners) if partners else (REPORT_FOLLOW, [])


def occurrences_scoped(user, *, for_edit: bool = False):
    return access.scope_units(user, Occurrence.objects.filter(task__is_active=True), "unit", for_edit=for_edit)


def occurrence_get(user, pk: int) -> Occurrence:
    return access.get_unit_scoped_or_404(
        user, Occurrence.objects.select_related("task", "plan", "unit", "schedule"), field="unit", pk=pk)


def report_get(user, pk: int) -> ProgressReport:
    return access.get_unit_scoped_or_404(
        user, ProgressReport.objects.select_related("occurrence__task", "occurrence__plan", "unit"),
        field="unit", pk=pk)


def occurrences_filter(qs, f: Filters):
    if f.plan:
        qs = qs.filter(plan_id=f.plan)
    if f.period:
        p = Period.parse(f.period)
        qs = qs.filter(due_date__gte=p.start, due_date__lte=p.end)
    if f.area:
        qs = qs.filter(area=f.area)
    if f.unit:  # the unit's lines and those of the units whose records passed to it (a department merged into it)
        from django.utils import timezone

        from cchc.org.selectors import handed_over_to

        unit = OrgUnit.objects.filter(code=f.unit).only("path").first()
        if unit is None:
            return qs.none()
        inherited = handed_over_to([unit.pk], timezone.localdate()).get(unit.pk, ())
        qs = qs.filter(access.under_paths_q([unit.path, *(h.path for h in inherited)], "unit"))
    return qs


def user_work(user, *, today: date, limit: int | None = 200):
    """Open occurrences of the user's units (editable ones), soonest due first (``limit=None``: all, for paging)."""
    qs = (occurrences_scoped(user, for_edit=True).filter(status__in=occ.OPEN_STATUSES)
          .select_related("task", "plan", "unit").order_by("due_date", "pk"))
    return qs if limit is None else qs[:limit]


OPEN_REPORT_STATES = (review.DRAFT, review.RETURNED)  # a report still being worked on by its unit


def report_starts(occurrence_ids) -> tuple[dict[int, ProgressReport], dict[int, ProgressReport]]:
    """(the report each line's next one starts from — its open one (draft, returned), else its last —, the open
    ones), in one query: "a follow-up report starts from the last one", as on the line's page."""
    last: dict[int, ProgressReport] = {}
    open_: dict[int, ProgressReport] = {}
    for r in ProgressReport.objects.filter(occurrence_id__in=list(occurrence_ids)).order_by("-pk"):
        last.setdefault(r.occurrence_id, r)
        if r.review_state in OPEN_REPORT_STATES:
            open_.setdefault(r.occurrence_id, r)
    return {**last, **open_}, open_


def report_history(occurrence: Occurrence):
    return occurrence.reports.select_related("submitted_by", "reviewed_by", "created_by") \
        .prefetch_related("evidence").order_by("-pk")


def deadline_changes_of(occurrence: Occurrence):
    """The moves of an occurrence's due date, asked for or made, newest first."""
    return occurrence.deadline_changes.select_related("requested_by", "decided_by").order_by("-requested_at", "-pk")


def occurrence_same_due_others(user, occurrence: Occurrence):
    """The other units' open lines of the occurrence's task with the same due date, in the user's scope: what the
    office moves at once when a province's decision extends a task for every unit."""
    return access.scope_units(user, Occurrence.objects.filter(
        task_id=occurrence.task_id, due_date=occurrence.due_date, status__in=occ.OPEN_STATUSES)
        .exclude(pk=occurrence.pk), "unit")


def deadline_requests(user, *, pending: bool = True):
    """Requests to move a due date in the user's scope (the office: every unit's), oldest first; ``pending`` keeps
    those waiting for the office."""
    qs = access.scope_units(user, DeadlineChange.objects.all(), "occurrence__unit")
    if pending:
        qs = qs.filter(state=DeadlineChange.State.REQUESTED)
    return qs.select_related("occurrence__task", "occurrence__plan", "occurrence__unit", "requested_by") \
        .order_by("requested_at", "pk")


def review_queue(user, *, unit: str = ""):
    """Reports waiting for the office, in the user's scope (every row; the view pages them); ``unit`` is a unit code."""
    qs = access.scope_units(user, ProgressReport.objects.filter(review_state=review.SUBMITTED), "unit")
    if unit:
        qs = qs.filter(unit__code=unit)
    return qs.select_related("occurrence__task", "occurrence__plan", "unit").order_by("submitted_at")


def review_queue_units(user) -> list[tuple[str, str]]:
    """(code, name) of the units with reports waiting, for the queue's unit filter."""
    qs = access.scope_units(user, ProgressReport.objects.filter(review_state=review.SUBMITTED), "unit")
    return list(qs.order_by("unit__name_key").values_list("unit__code", "unit__name").distinct())


def imports_pending(user):
    if not access.edits_all(user):
        return PlanImport.objects.none()
    return PlanImport.objects.filter(status__in=[PlanImport.Status.PARSING, PlanImport.Status.REVIEW]) \
        .order_by("-created_at")


# ---------------------------------------------------------------------------- dashboard

def _rate_annotations(today: date) -> dict:
    due = Q(due_date__lte=today)
    return {
        "expected": Count("id", filter=due),
        "reported": Count("id", filter=due & Q(first_submitted_on__isnull=False)),
        "on_time_n": Count("id", filter=due & Q(on_time=True)),
        "done": Count("id", filter=due & Q(status__in=occ.DONE_STATUSES)),
        "late": Count("id", filter=due & Q(status__in=occ.OPEN_STATUSES) & Q(due_date__lt=today)),
        "total": Count("id"),
    }


def _with_rates(row: dict) -> dict:
    r = occ.Rates(expected=row["expected"], reported=row["reported"], reported_on_time=row["on_time_n"],
                  done=row["done"], late=row["late"])
    row.update(completeness=r.completeness, timeliness=r.timeliness, completion=r.completion)
    return row


def rates_by_unit(qs, today: date, *, limit: int | None = None) -> list[dict]:
    rows = (qs.values("unit_id", unit_code=F("unit__code"), unit_name=F("unit__name"))
            .annotate(**_rate_annotations(today)).order_by("unit__path"))
    rows = [_with_rates(r) for r in rows]
    rows.sort(key=lambda r: (r["completion"] if r["completion"] is not None else 101, r["unit_name"]))
    return rows[:limit] if limit else rows


def rates_by_area(qs, today: date) -> list[dict]:
    labels = dict(Area.choices)
    rows = [_with_rates(r) for r in qs.values("area").annotate(**_rate_annotations(today)).order_by("area")]
    for r in rows:
        r["area_label"] = str(labels.get(r["area"], r["area"]))
    return rows


def rates_total(qs, today: date) -> dict:
    return _with_rates(dict(qs.aggregate(**_rate_annotations(today))))


def occurrences_trend(qs, today: date) -> list[dict]:
    """Figures per quarter of the due date (only quarters already started)."""
    rows = (qs.filter(due_date__lte=today).annotate(y=ExtractYear("due_date"), q=ExtractQuarter("due_date"))
            .values("y", "q").annotate(**_rate_annotations(today)).order_by("y", "q"))
    out = []
    for r in rows:
        r = _with_rates(r)
        r["period"] = f"{r['y']}Q{r['q']}"
        r["label"] = Period.parse(r["period"]).label
        out.append(r)
    return out


def occurrences_late(qs, today: date):
    """Open occurrences past their due date (unordered; list pages sort and page it)."""
    return qs.filter(due_date__lt=today, status__in=occ.OPEN_STATUSES).select_related("task", "unit", "plan")


def occurrences_late_list(qs, today: date, *, limit: int = 100) -> tuple[list[Occurrence], int]:
    """Open occurrences past their due date, oldest first, with the unit's focal points (the owners)."""
    late = occurrences_late(qs, today)
    total = late.count()
    items = occurrences_with_owners(list(late.order_by("due_date", "pk")[:limit]), today)
    return items, total


def occurrences_with_owners(items: list[Occurrence], today: date) -> list[Occurrence]:
    """Attach the focal points who answer for each occurrence (``owners``: its unit's; for a unit that has ended
    since — merged or abolished in a reorganisation — those of the unit(s) that carry on its work today) and
    ``days_late``; an ended unit's line gets ``ended_on`` and ``carried_by`` too (two queries in all)."""
    from cchc.org.selectors import successors_of_ended

    ended = successors_of_ended({o.unit for o in items}, today)
    owners: dict[int, list[str]] = {}
    for m in (Membership.objects.filter(unit_id__in={o.unit_id for o in items} | {u.pk for us in ended.values()
                                                                                  for u in us},
                                        role=Role.FOCAL_POINT)
              .select_related("user").order_by("user__last_name", "user__first_name")):
        owners.setdefault(m.unit_id, []).append(m.user.get_full_name() or m.user.username)
    for o in items:
        o.owners = owners.get(o.unit_id) or [n for u in ended.get(o.unit_id, ()) for n in owners.get(u.pk, [])]
        o.days_late = (today - o.due_date).days
        o.unit_note = ""
        if o.unit_id in ended:
            o.ended_on, o.carried_by = o.unit.valid_to, ended[o.unit_id]
            o.unit_note = _("đã kết thúc hoạt động ngày %(d)s") % {"d": format_date_short(o.ended_on)}
            if o.carried_by:
                o.unit_note += "; " + _("nay là %(units)s") % {"units": ", ".join(u.name for u in o.carried_by)}
    return items


def inherited_notes(user, objs):
    """Set ``inherited_note`` on each of ``objs`` (occurrences, progress reports: anything with a ``unit``) that
    ``user`` reaches only because its unit's records passed to the user's unit — "Nhiệm vụ của Sở Giao thông vận tải
    (đã sáp nhập vào đơn vị ngày 01/03/2025)" (``org.access.inherited_from``; no query); the line stays the old
    unit's. Returns ``objs``."""
    from cchc.org.models import SuccessionKind

    texts = {SuccessionKind.RENAME: _("Nhiệm vụ của %(unit)s (tên trước đây của đơn vị, đổi tên ngày %(date)s)"),
             SuccessionKind.SPLIT: _("Nhiệm vụ của %(unit)s (đã chia tách ngày %(date)s, đơn vị tiếp nhận)")}
    for o in objs:
        h = access.inherited_from(user, o.unit)
        o.inherited_note = (texts.get(h.kind, _("Nhiệm vụ của %(unit)s (đã sáp nhập vào đơn vị ngày %(date)s)"))
                            % {"unit": h.name, "date": format_date_short(h.date)}) if h else ""
    return objs


def occurrences_at_risk_q(today: date, days: int = occ.AT_RISK_DAYS) -> Q:
    """:func:`cchc.plans.occurrences.timing`'s "at_risk" as a filter, from the same constants: open, due from
    today to ``days`` ahead, not started or less than ``AT_RISK_PERCENT`` done."""
    from datetime import timedelta

    return Q(due_date__gte=today, due_date__lte=today + timedelta(days=days)) & (
        Q(status=occ.NOT_STARTED) | Q(status__in=occ.OPEN_STATUSES, percent__lt=occ.AT_RISK_PERCENT))


def occurrences_at_risk_count(qs, today: date, days: int = occ.AT_RISK_DAYS) -> int:
    return qs.filter(occurrences_at_risk_q(today, days)).count()


LEVEL_KINDS = {"tỉnh": ("province",), "sở": ("department",), "huyện": ("district",), "xã": ("commune",)}


def targets_summary(user, f: Filters) -> dict:
    """Targets attained / missed: per target and per level, from the latest measurement of each unit."""
    targets = Target.objects.select_related("plan").filter(plan__in=plans_visible(user))
    if f.plan:
        targets = targets.filter(plan_id=f.plan)
    targets = list(targets.order_by("plan_id", "order")[:500])
    ms = access.scope_units(user, Measurement.objects.filter(target__in=[t.pk for t in targets]), "unit")
    if f.unit:
        unit = OrgUnit.objects.filter(code=f.unit).only("path").first()
        ms = ms.filter(unit__path__startswith=unit.path) if unit else ms.none()
    if f.period:
        ms = ms.filter(period=f.period)
    latest: dict[tuple[int, int], tuple[str, float]] = {}
    for tid, uid, period, value in ms.values_list("target_id", "unit_id", "period", "value"):
        key = (tid, uid)
        if key not in latest or period > latest[key][0]:
            latest[key] = (period, value)
    per_target = {t.pk: {"target": t, "attained": 0, "missed": 0, "units": 0} for t in targets}
    for (tid, _uid), (_period, value) in latest.items():
        t = per_target[tid]["target"]
        ok = occ.attained(value, t.value, t.comparator, t.value_max)
        per_target[tid]["units"] += 1
        per_target[tid]["attained" if ok else "missed"] += 1
    by_level: dict[str, dict] = {}
    for row in per_target.values():
        lvl = row["target"].get_level_display() if row["target"].level else "Chung"
        agg = by_level.setdefault(lvl, {"level": lvl, "targets": 0, "attained": 0, "missed": 0, "no_data": 0})
        agg["targets"] += 1
        if not row["units"]:
            agg["no_data"] += 1
        elif row["missed"] == 0:
            agg["attained"] += 1
        else:
            agg["missed"] += 1
    return {"targets": list(per_target.values()), "by_level": list(by_level.values())}


def plans_dashboard(user, f: Filters, *, today: date, unit_limit: int = 100, late_limit: int = 50) -> dict:
    qs = occurrences_filter(occurrences_scoped(user), f)
    late, late_total = occurrences_late_list(qs, today, limit=late_limit)
    units = rates_by_unit(qs, today)
    return {
        "total": rates_total(qs, today),
        "by_unit": units[:unit_limit],
        "unit_count": len(units),
        "by_area": rates_by_area(qs, today),
        "trend": occurrences_trend(qs, today),
        "late": late,
        "late_total": late_total,
        "at_risk": occurrences_at_risk_count(qs, today),
        "targets": targets_summary(user, f),
    }


def task_count(plan: Plan) -> int:
    return Task.objects.filter(plan=plan, is_active=True).count()


# ---------------------------------------------------------------------------- the unit's work ("Việc của đơn vị")

WORK_FILTERS = ("returned", "late", "soon", "approval")
SOON_DAYS = 14


def occurrences_with_report_state(qs):
    """Annotate occurrences with their latest report's review state, comment and pk (one subquery each)."""
    from django.db.models import OuterRef, Subquery

    latest = ProgressReport.objects.filter(occurrence=OuterRef("pk")).order_by("-pk")
    return qs.annotate(report_state=Subquery(latest.values("review_state")[:1]),
                       report_comment=Subquery(latest.values("review_comment")[:1]),
                       report_id=Subquery(latest.values("pk")[:1]))


def _work_q(show: str, today: date) -> Q:
    from datetime import timedelta

    open_ = Q(status__in=occ.OPEN_STATUSES)
    if show == "returned":
        return Q(report_state=review.RETURNED)
    if show == "late":
        return open_ & Q(due_date__lt=today)
    if show == "soon":
        return open_ & Q(due_date__gte=today, due_date__lte=today + timedelta(days=SOON_DAYS))
    return open_ | Q(report_state=review.RETURNED)


def unit_work(user, *, today: date, show: str = "", plan: int | None = None, limit: int | None = 200):
    """The user's units' work: open occurrences and those whose latest report was returned (whatever the
    figures say), filtered by ``show`` (returned / late / soon = due within 14 days); soonest due first."""
    qs = occurrences_with_report_state(occurrences_scoped(user, for_edit=True))
    if plan:
        qs = qs.filter(plan_id=plan)
    qs = qs.filter(_work_q(show if show in WORK_FILTERS else "", today))
    qs = qs.select_related("task", "plan", "unit").order_by("due_date", "pk")
    return qs if limit is None else qs[:limit]


def occurrences_reportable(user, *, today: date, show: str = "", plan: int | None = None):
    """The lines of :func:`unit_work` (the same tab and plan) the user can report on now: those without a report
    waiting for the leader or the office — the rows of the progress-report Excel template."""
    pending = ProgressReport.objects.filter(review_state__in=review.PENDING_STATES).values("occurrence_id")
    return unit_work(user, today=today, show="" if show == "approval" else show, plan=plan, limit=None) \
        .exclude(pk__in=pending)


def leader_queue(user):
    """Reports waiting for this user's approval as unit leader (their units and those below); the view pages them."""
    qs = access.scope_led_units(user, ProgressReport.objects.filter(review_state=review.LEADER_REVIEW), "unit")
    return qs.select_related("occurrence__task", "occurrence__plan", "unit", "submitted_by") \
        .order_by("submitted_at", "pk")


def unit_work_counts(user, *, today: date) -> dict[str, int]:
    """Badge counts of the unit's work page and home page: returned, late, soon (14 days), approval."""
    qs = occurrences_with_report_state(occurrences_scoped(user, for_edit=True))
    counts = qs.aggregate(**{name: Count("id", filter=_work_q(name, today)) for name in ("returned", "late", "soon")})
    counts["approval"] = access.scope_led_units(
        user, ProgressReport.objects.filter(review_state=review.LEADER_REVIEW), "unit").count()
    return {k: int(v or 0) for k, v in counts.items()}
