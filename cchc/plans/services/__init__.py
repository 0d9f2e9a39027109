"""Writes for the plans app, one module per concern (every public name is importable from here):

- :mod:`.imports` — the plan-import pipeline: upload, parse, review edits, agency mapping, confirmation;
- :mod:`.occurrences` — reporting lines of a task and the figures copied onto them;
- :mod:`.reporting` — progress reports, their review and evidence;
- :mod:`.deadlines` — moving a due date: the unit's request, the office's decision or its own move;
- :mod:`.measurements` — targets' measurements (screen and Excel);
- :mod:`.reminders` — daily reminders.

Every function checks permissions through ``cchc.org.access`` and writes in one transaction.
"""

from .common import PlanError, draft_issue_date
from .deadlines import deadline_change_decide, deadline_change_request, deadline_change_set
from .imports import (
    agencies_resolve,
    agency_entry,
    agency_map_of,
    deadline_before_issue,
    deadline_schedule,
    draft_is_central,
    draft_years,
    leads_vague,
    plan_import_cancel,
    plan_import_confirm,
    plan_import_create,
    plan_import_diff,
    plan_import_discard_failed,
    plan_import_edit,
    plan_import_keep_as_reference,
    plan_import_map_agency,
    plan_import_parse,
    plan_import_province_problem,
    plan_import_set_province,
    plan_import_start,
    plan_read,
    review_rows,
    rows_with_schedules,
)
from .measurements import (
    TEMPLATE_HEADERS,
    measurement_import_xlsx,
    measurement_save,
    measurement_template_xlsx,
    measurements_save_form,
)
from .occurrences import lead_days, occurrence_refresh, occurrences_sync, schedule_replace, timely_days
from .reminders import reminders_send
from .reporting import (
    EVIDENCE_KINDS,
    REPORT_COLUMNS,
    REPORT_FIELDS,
    REPORT_HEADERS,
    ReportsImport,
    date_parse,
    evidence_add,
    evidence_sniff,
    occurrence_open_report,
    progress_report_save,
    progress_report_template_xlsx,
    progress_report_transition,
    progress_reports_decide,
    progress_reports_import_xlsx,
)
from .tasks import task_add

__all__ = [
    "EVIDENCE_KINDS", "REPORT_COLUMNS", "REPORT_FIELDS", "REPORT_HEADERS", "ReportsImport", "TEMPLATE_HEADERS", "PlanError", "agencies_resolve", "agency_entry",
    "agency_map_of", "deadline_before_issue", "deadline_change_decide", "deadline_change_request",
    "deadline_change_set", "deadline_schedule", "draft_is_central", "draft_issue_date", "draft_years", "leads_vague",
    "evidence_add", "lead_days", "measurement_import_xlsx", "measurement_save",
    "measurement_template_xlsx", "measurements_save_form", "occurrence_refresh", "occurrences_sync", "occurrence_open_report",
    "date_parse", "plan_import_cancel", "plan_import_confirm", "plan_import_create", "plan_import_diff",
    "plan_import_discard_failed", "plan_import_edit", "plan_import_keep_as_reference", "plan_import_map_agency",
    "plan_import_parse", "plan_import_province_problem", "plan_import_set_province", "plan_import_start",
    "plan_read", "progress_report_save", "progress_report_template_xlsx", "progress_report_transition",
    "progress_reports_decide", "progress_reports_import_xlsx", "reminders_send", "review_rows",
    "schedule_replace", "evidence_sniff", "task_add", "timely_days", "rows_with_schedules",
]
