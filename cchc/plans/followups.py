"""Follow-up work from other apps (inspection findings, lost index points, meeting conclusions) as tasks of a plan,
so that it is assigned, reported on, reviewed, flagged when late and counted on the dashboard like any plan task.

The plans app owns these rows: other apps call ``followup_plan_get`` and ``followup_task_save`` and keep the task's
id; they never write Plan/Task/Assignment/Schedule/Occurrence themselves."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from cchc.core import audit
from cchc.core.vndates import format_date_short
from cchc.org.models import OrgUnit
from cchc.org.selectors import home_province, unit_is_home
from cchc.plans.models import Assignment, Plan, Task
from cchc.plans.services import PlanError, occurrences_sync, schedule_replace


def followup_plan_get(*, title: str, year: int, issuer: str = "Sở Nội vụ", document_number: str = "",
                      issued_on: date | None = None, user=None, plan: Plan | None = None) -> Plan:
    """The plan holding the follow-up tasks (created on first use; its title and number kept up to date)."""
    with audit.actor(user):
        if plan is None:
            plan = Plan.objects.create(title=title[:1000], kind=Plan.Kind.PLAN, issuer=issuer, period=str(year),
                                       province=home_province(), document_number=document_number[:100],
                                       issue_date=issued_on or timezone.localdate(), created_by=user)
        elif plan.title != title[:1000] or plan.document_number != document_number[:100]:
            plan.title, plan.document_number = title[:1000], document_number[:100]
            plan.save(update_fields=["title", "document_number", "updated_at"])
    return plan


def followup_task_save(*, plan: Plan, key: str, unit: OrgUnit, title: str, due: date, area: str, number: str = "",
                       section_title: str = "", products: list[str] | None = None, user=None,
                       task: Task | None = None) -> Task:
    """Create or update the task ``key`` of ``plan``, led by ``unit``, due once on ``due``: its occurrence is what the
    unit reports on. A changed due date moves the occurrence when nothing was reported on it yet."""
    if not unit_is_home(unit):
        raise PlanError(code="foreign_unit", message="Đơn vị không thuộc tỉnh của hệ thống, không giao nhiệm vụ được.")
    if not unit.is_active_on(due):
        raise PlanError(code="ended_unit",
                        message=f"Đơn vị «{unit.name}» không còn hoạt động vào ngày {format_date_short(due)}.")
    deadline = format_date_short(due)
    with transaction.atomic(), audit.actor(user):
        task = task or Task.objects.filter(plan=plan, key=key).first() or Task(plan=plan, key=key)
        moved = task.pk is not None and task.deadline != deadline
        task.title, task.number, task.area = title, number[:20], area
        task.section_title = section_title[:1000]
        task.deadline, task.lead_text, task.products = deadline, [unit.name], products or task.products or []
        task.order = task.order or (plan.tasks.count() + 1)
        task.is_active = True
        task.save()
        lead = task.assignments.filter(role=Assignment.Role.LEAD).first()
        if lead is None or lead.unit_id != unit.pk:
            task.assignments.filter(role=Assignment.Role.LEAD).delete()
            Assignment.objects.create(task=task, role=Assignment.Role.LEAD, agency_text=unit.name[:500], unit=unit)
        if moved or not task.schedules.exists():
            schedule_replace(task, {"kind": "once", "due": due.isoformat(), "text": deadline})
        occurrences_sync(task)
    return task


def followup_task_state(task: Task | None) -> str:
    """Where a follow-up task stands for its lead unit: "done" (accepted), "reported", "late", "open" or "none"."""
    if task is None:
        return "none"
    return followup_states([task.pk]).get(task.pk, ("none", None))[0]


def followup_states(task_ids) -> dict[int, tuple[str, int]]:
    """{task_id: (state, occurrence id)} for many follow-up tasks in one query; the state as in
    ``followup_task_state``; the occurrence is the page where the unit reports and the office reviews."""
    from cchc.plans import occurrences as occ
    from cchc.plans.models import Occurrence

    today = timezone.localdate()
    out: dict[int, tuple[str, int]] = {}
    rows = (Occurrence.objects.filter(task_id__in=[t for t in task_ids if t]).order_by("task_id", "due_date")
            .values("pk", "task_id", "accepted", "status", "first_submitted_on", "due_date"))
    for r in rows:
        if r["task_id"] in out:
            continue
        if r["accepted"] and r["status"] in occ.DONE_STATUSES:
            code = "done"
        elif r["first_submitted_on"]:
            code = "reported"
        elif r["due_date"] < today:
            code = "late"
        else:
            code = "open"
        out[r["task_id"]] = (code, r["pk"])
    return out
