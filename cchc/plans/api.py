"""REST API of the plans app: plans, tasks, my assignments (occurrences to report on), progress reports.
Everything is scoped through cchc.org.access; another unit's data answers 404."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema

from cchc.core.api_params import id_path, limit_query, offset_query
from cchc.core.errors import CodedError
from cchc.plans import selectors, services

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    issuer: str
    document_number: str
    period: str
    issue_date: date | None
    revision: int


class AssignmentOut(Schema):
    role: str
    agency_text: str
    unit_code: str | None = None
    group_code: str | None = None


class TaskOut(Schema):
    id: int
    section: str
    number: str
    title: str
    activities: list[str]
    deadline: str
    area: str
    assignments: list[AssignmentOut]


class OccurrenceOut(Schema):
    id: int
    plan_id: int
    task_id: int
    task_title: str
    unit_code: str
    period: str
    due_date: date
    original_due_date: date | None = None  # the plan's date when the due date was moved
    status: str
    percent: int
    accepted: bool
    timing: str


class ReportIn(Schema):
    status: str = "in_progress"
    percent: int = 0
    result: str = ""
    output_number: str = ""
    completed_on: date | None = None
    na_reason: str = ""
    submit: bool = False
    version: int | None = None


class ReportOut(Schema):
    id: int
    occurrence_id: int
    status: str
    percent: int
    result: str
    output_number: str
    completed_on: date | None
    review_state: str
    version: int


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict = {}


def _occ_out(o, today):
    return {"id": o.pk, "plan_id": o.plan_id, "task_id": o.task_id, "task_title": o.task.title,
            "unit_code": o.unit.code, "period": o.period, "due_date": o.due_date,
            "original_due_date": o.original_due_date, "status": o.status, "percent": o.percent, "accepted": o.accepted, "timing": o.timing(today)}


@router.get("/plans", response=list[PlanOut])
def list_plans(request, limit: int = limit_query(100, 500), offset: int = offset_query()):
    return list(selectors.plan_list(request.user)[offset: offset + limit])


@router.get("/plans/{plan_id}/tasks", response=list[TaskOut])
def list_tasks(request, plan_id: int = id_path()):
    plan = selectors.plan_get(request.user, plan_id)
    out = []
    for t in selectors.plan_tasks(plan):
        out.append({"id": t.pk, "section": t.section, "number": t.number, "title": t.title,
                    "activities": t.activities, "deadline": t.deadline, "area": t.area,
                    "assignments": [{"role": a.role, "agency_text": a.agency_text,
                                     "unit_code": a.unit.code if a.unit_id else None,
                                     "group_code": a.group.code if a.group_id else None}
                                    for a in t.assignments.all()]})
    return out


@router.get("/my/occurrences", response=list[OccurrenceOut])
def my_occurrences(request, limit: int = limit_query(200, 1000)):
    today = timezone.localdate()
    return [_occ_out(o, today) for o in selectors.user_work(request.user, today=today, limit=limit)]


@router.get("/occurrences/{occurrence_id}", response=OccurrenceOut)
def get_occurrence(request, occurrence_id: int = id_path()):
    return _occ_out(selectors.occurrence_get(request.user, occurrence_id), timezone.localdate())


@router.post("/occurrences/{occurrence_id}/reports", response={200: ReportOut, 400: ErrorOut, 403: ErrorOut,
                                                                409: ErrorOut})
def submit_progress(request, payload: ReportIn, occurrence_id: int = id_path()):
    """Create or update the unit's open report (send ``version`` when editing) and optionally submit it."""
    from django.core.exceptions import PermissionDenied

    o = selectors.occurrence_get(request.user, occurrence_id)
    data = payload.dict()
    data["completed_on"] = data["completed_on"].isoformat() if data["completed_on"] else None
    try:
        current = services.occurrence_open_report(o)
        report = services.progress_report_save(occurrence=o, user=request.user, data=data, report=current,
                                               expected_version=payload.version, submit=payload.submit)
    except PermissionDenied as exc:
        return 403, {"code": "forbidden", "message": str(exc) or "Không có quyền."}
    except ValidationError as exc:
        return 400, {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "fields": exc.message_dict}
    except CodedError as exc:  # a version conflict is a 409, a refused transition or plan rule a 400 (core.errors)
        return exc.status, {"code": exc.code, "message": exc.message}
    return 200, report


@router.get("/reports/{report_id}", response=ReportOut)
def get_report(request, report_id: int = id_path()):
    return selectors.report_get(request.user, report_id)
