"""One task added by hand to a confirmed plan (e.g. from a lost-points finding of the CCHC index)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.vntext import clean_spaces
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.org.selectors import unit_is_home
from cchc.plans import drafts
from cchc.plans.models import Area, Assignment, Plan, Task

from .common import PlanError
from .imports import deadline_schedule
from .occurrences import occurrences_sync, schedule_replace


def task_add(*, plan: Plan, user, title: str, lead: OrgUnit, deadline: str = "", area: str = "",
             note: str = "", key: str = "", section_title: str = "") -> Task:
    """The office adds one task to a confirmed plan: one lead unit, a deadline text parsed like the imported ones,
    its occurrences created. ``key`` makes it idempotent (the same key returns the existing task). Audited."""
    access.require_office(user)
    if not unit_is_home(lead):
        raise PlanError("foreign_unit", _("%(unit)s không thuộc tỉnh của hệ thống: không giao nhiệm vụ được.")
                        % {"unit": lead.name})
    key = (key or f"manual|{clean_spaces(title)[:300]}|{lead.pk}")[:400]
    existing = plan.tasks.filter(key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic(), audit.actor(user):
        order = (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
        task = Task.objects.create(plan=plan, key=key, order=order, title=clean_spaces(title)[:5000] or "—",
                                   section_title=section_title[:1000], lead_text=[lead.name],
                                   deadline=(deadline or "")[:500], note=note,
                                   area=area if area in Area.values else drafts.area_of(section_title, title))
        Assignment.objects.create(task=task, role=Assignment.Role.LEAD, agency_text=lead.name[:500], unit=lead)
        schedule_replace(task, deadline_schedule(task.deadline, plan.years()))
        occurrences_sync(task)
    return task
