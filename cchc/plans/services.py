"""Writes for the plans app: import review and confirmation, occurrences, progress reports and their
review, evidence, measurements (screen and Excel), reminders. Every function checks permissions through
``cchc.org.access`` and writes in one transaction."""

from __future__ import annotations

import io
import math
from collections import defaultdict
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from cchc.core import audit, review
from cchc.core.errors import CodedError
from cchc.core.reviewable import review_apply, save_versioned
from cchc.core.vntext import clean_spaces, fold_key, nfc, parse_number
from cchc.org import access
from cchc.org.models import Membership, OrgUnit, Role, UnitGroup
from cchc.org.selectors import (
    find_province,
    home_province,
    home_province_ids,
    is_home_province,
    is_home_unit,
    province_key,
    province_of_text,
    resolve_agency,
    successors_on,
)
from cchc.plans import drafts
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans.models import (
    Area,
    Assignment,
    Evidence,
    Measurement,
    Occurrence,
    Plan,
    PlanImport,
    ProgressReport,
    Schedule,
    Target,
    Task,
)


class PlanError(CodedError):
    """A rule was broken; ``code`` for machines, ``message`` in Vietnamese for people."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "CCHC_MAX_UPLOAD_MB", 20)) * 1024 * 1024


# ============================================================================ import: upload, parse, review

def plan_import_start(*, user, filename: str, data: bytes) -> PlanImport:
    """Store the upload and parse it (background job with progress). Bad files leave nothing behind."""
    from cchc.core import jobs

    access.require_office(user)
    if len(data) > max_upload_bytes():
        raise PlanError("too_large", f"Tệp “{filename}” quá lớn ({len(data) / 1048576:.1f} MB); "
                                     f"giới hạn là {max_upload_bytes() // 1048576} MB.")
    if not data:
        raise PlanError("empty", f"Tệp “{filename}” rỗng.")
    imp = PlanImport.objects.create(filename=filename[:255], content=data, created_by=user)
    job = jobs.enqueue("plans.parse_import", user=user, import_id=imp.pk)
    PlanImport.objects.filter(pk=imp.pk).update(job=job)
    imp.refresh_from_db()
    return imp


def plan_import_discard_failed(imp: PlanImport) -> tuple[str, str]:
    """Delete a failed import (nothing is kept from a bad file); return its (code, message)."""
    out = (imp.error_code, imp.error)
    imp.delete()
    return out


def _issue_date(d: dict) -> date | None:
    for key in ("issue_date", "date"):
        v = d.get(key)
        if v:
            try:
                return date.fromisoformat(str(v)[:10])
            except ValueError:
                continue
    return None


def plan_import_parse(imp: PlanImport, *, progress=None) -> PlanImport:
    """Run the importer on the stored file and resolve every agency (called by the background job)."""
    progress = progress or (lambda done, total, message="": None)
    progress(0, 3, "Đang đọc tệp")
    try:
        from cchc.plans.importing import parse_file

        draft = parse_file(bytes(imp.content), filename=imp.filename)
        d = draft.to_dict() if hasattr(draft, "to_dict") else dict(draft)
        source_text = getattr(draft, "source_text", None) or getattr(draft, "text", None) or d.get("source_text") or ""
    except Exception as exc:  # noqa: BLE001 - every importer failure becomes a message on the upload page
        code = getattr(exc, "code", "") or "parse_error"
        message = getattr(exc, "message", "") or str(exc) or exc.__class__.__name__
        if not getattr(exc, "message", None) and not isinstance(exc, ValueError):
            message = f"Không đọc được tệp “{imp.filename}”: {message}"
        PlanImport.objects.filter(pk=imp.pk).update(status=PlanImport.Status.FAILED, error_code=code[:50],
                                                    error=message, content=b"")
        imp.refresh_from_db()
        return imp
    if not source_text:
        source_text = _source_text(bytes(imp.content), imp.filename)
    rows = drafts.rows_from_draft(d)
    if not rows:
        PlanImport.objects.filter(pk=imp.pk).update(
            status=PlanImport.Status.FAILED, error_code="no_tasks", content=b"",
            error=f"Không tìm thấy bảng nhiệm vụ (phụ lục) trong tệp “{imp.filename}”.")
        imp.refresh_from_db()
        return imp
    progress(1, 3, f"Đã đọc {len(rows)} nhiệm vụ; đang xác định cơ quan")
    on = _issue_date(d) or timezone.localdate()
    agency_map = {}
    texts = drafts.agencies(rows)
    for i, text in enumerate(texts):
        agency_map[text] = _resolution(resolve_agency(text, province=d.get("province"), on=on))
        if i % 10 == 0:
            progress(1, 3, f"Đang xác định cơ quan {i + 1}/{len(texts)}")
    progress(2, 3, "Đang so sánh với kế hoạch đã có")
    existing = _matching_plan(d)
    imp.draft, imp.rows, imp.agency_map, imp.source_text = d, rows, agency_map, nfc(source_text)
    imp.plan, imp.status = existing, PlanImport.Status.REVIEW
    imp.save()
    progress(3, 3, "Xong")
    return imp


def _source_text(data: bytes, filename: str) -> str:
    try:
        from cchc.core.intake import read_document

        return read_document(data, filename).text
    except Exception:  # noqa: BLE001 - the source pane is a convenience
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return ""


def _resolution(res: dict) -> dict:
    if res["status"] == "group":
        return {"kind": "group", "group": res["group"], "units": [u["code"] for u in res["units"]], "auto": True,
                "note": res.get("note", "")}
    if res["status"] == "unit":
        return {"kind": "unit", "units": [u["code"] for u in res["units"]], "auto": True, "note": res.get("note", "")}
    return {"kind": "unresolved", "units": [], "auto": True, "note": res.get("note", "")}


def _matching_plan(d: dict) -> Plan | None:
    number = clean_spaces(d.get("document_number") or "")
    if number:
        p = Plan.objects.filter(document_number=number).order_by("-created_at").first()
        if p:
            return p
    title_key = fold_key(d.get("title") or "")
    if not title_key:
        return None
    for p in Plan.objects.order_by("-created_at")[:500]:
        if fold_key(p.title) == title_key and (p.issuer or "") == (d.get("issuer") or ""):
            return p
    return None


def _check_import(imp: PlanImport, user, version: int | None):
    access.require_office(user)
    if imp.status != PlanImport.Status.REVIEW:
        raise PlanError("not_in_review", "Lượt nhập này không còn ở bước rà soát.")
    review.check_version(version, imp.version)


def _save_import(imp: PlanImport, fields: list[str]):
    updated = PlanImport.objects.filter(pk=imp.pk, version=imp.version).update(
        version=imp.version + 1, **{f: getattr(imp, f) for f in fields})
    if not updated:
        current = PlanImport.objects.filter(pk=imp.pk).values_list("version", flat=True).first() or 0
        raise review.VersionConflict(imp.version, current)
    imp.version += 1


def plan_import_edit(*, imp: PlanImport, user, op: str, version: int | None = None, index: int = 0,
                     field: str = "", value: str = "", at: int | None = None, cells: dict | None = None) -> PlanImport:
    """Review-screen edits: "cells" (many cells at once), "edit", "split", "merge", "delete"."""
    _check_import(imp, user, version)
    rows = imp.rows
    try:
        if op == "cells":
            for (i, f), v in (cells or {}).items():
                if i < len(rows) and _cell_value(rows[i], f) != (v or "").strip():
                    rows = drafts.edit_cell(rows, i, f, v)
        elif op == "edit":
            rows = drafts.edit_cell(rows, index, field, value)
        elif op == "split":
            rows = drafts.split_row(rows, index, at)
        elif op == "merge":
            rows = drafts.merge_rows(rows, index)
        elif op == "delete":
            rows = drafts.delete_row(rows, index)
        else:
            raise PlanError("bad_op", f"Thao tác không hợp lệ: {op}")
    except drafts.DraftError as exc:
        raise PlanError(exc.code, exc.message) from exc
    imp.rows = rows
    # agencies typed into cells get resolved too
    d = imp.draft or {}
    for text in drafts.agencies(rows):
        if text not in imp.agency_map:
            imp.agency_map[text] = _resolution(resolve_agency(text, province=d.get("province"),
                                                              on=_issue_date(d) or timezone.localdate()))
    _save_import(imp, ["rows", "agency_map"])
    return imp


def plan_import_set_province(*, imp: PlanImport, user, name: str, version: int | None = None) -> PlanImport:
    """Set the plan's province on the review screen (when the document does not name it, or names it wrongly);
    every agency is resolved again in that province, except those the user mapped by hand."""
    _check_import(imp, user, version)
    d = dict(imp.draft or {})
    on = _issue_date(d) or timezone.localdate()
    province = find_province(name, on)
    if province is None:
        raise PlanError("bad_province", f"Không tìm thấy tỉnh, thành phố “{name}”.")
    d["province"] = province.name
    imp.draft = d
    for text, res in list(imp.agency_map.items()):
        if res.get("auto", True):
            imp.agency_map[text] = _resolution(resolve_agency(text, province=province.name, on=on))
    _save_import(imp, ["draft", "agency_map"])
    return imp


def _cell_value(row: dict, field: str) -> str:
    v = row.get(field)
    return "\n".join(v) if isinstance(v, list) else (v or "")


def plan_import_map_agency(*, imp: PlanImport, user, text: str, unit: OrgUnit | None = None,
                           group: UnitGroup | None = None, remember: bool = True,
                           version: int | None = None) -> PlanImport:
    """Map one agency string to a unit (remembered as an alias for later imports) or a unit group."""
    from cchc.org.services import alias_remember

    _check_import(imp, user, version)
    if text not in imp.agency_map:
        raise PlanError("unknown_agency", f"Không có cơ quan “{text}” trong bản nháp.")
    if unit is None and group is None:
        raise PlanError("no_target", "Hãy chọn đơn vị hoặc nhóm đơn vị.")
    targets, note = [], ""
    if unit is not None:
        targets, note = _check_assignable(unit, _issue_date(imp.draft or {}) or timezone.localdate())
    with transaction.atomic():
        if unit is not None:
            imp.agency_map[text] = {"kind": "unit", "units": [u.code for u in targets], "auto": False, "note": note}
            if remember:
                alias_remember(unit=unit, alias=text)
        else:
            imp.agency_map[text] = {"kind": "group", "group": group.code, "units": [], "auto": False, "note": ""}
        _save_import(imp, ["agency_map"])
    return imp


def _check_assignable(unit: OrgUnit, on: date) -> tuple[list[OrgUnit], str]:
    """A plan's work goes only to units of the installation's province that exist on the plan's date: a unit that
    ended by then is replaced by its successor(s) (with a note); one without a successor is refused.
    Returns (units to assign, note)."""
    from cchc.org.models import format_period

    if not is_home_unit(unit):
        home = home_province()
        raise PlanError("foreign_unit", f"“{unit.name}” không thuộc {home.name if home else 'tỉnh của hệ thống'}; "
                                        "không thể giao nhiệm vụ cho đơn vị của tỉnh khác.")
    if not unit.is_active_on(on) and not successors_on(unit, on):
        raise PlanError("unit_not_valid", f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y} (hiệu lực "
                                          f"{format_period(unit.valid_from, unit.valid_to)}); hãy chọn đơn vị "
                                          "đang hoạt động.")
    if unit.is_active_on(on):
        return [unit], ""
    targets = [u for u in successors_on(unit, on) if is_home_unit(u)]
    if not targets:
        raise PlanError("unit_not_valid", f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y}; hãy chọn đơn vị "
                                          "đang hoạt động.")
    return targets, (f"{unit.name} đã kết thúc hoạt động; giao cho "
                     + ", ".join(u.name for u in targets))


def deadline_before_issue(deadline: str, draft: dict) -> list[str]:
    """Dates written in a task's deadline that fall before the plan's issue date ("dd/mm/yyyy"), for the review
    screen: no occurrence is created for them (they would be overdue from the first day)."""
    from cchc.plans.importing.schedule import parse_deadline

    issued = _issue_date(draft or {})
    if issued is None or not (deadline or "").strip():
        return []
    years = occ.plan_years(clean_spaces((draft or {}).get("period") or "").replace("–", "-").replace(" ", ""),
                           fallback=issued.year)
    spec = parse_deadline(deadline, default_year=years[0] if len(years) == 1 else None)
    return [f"{d:%d/%m/%Y}" for d in occ.deadlines_before_issue(spec, issued=issued)]


def plan_import_province_problem(imp: PlanImport) -> str:
    """Why this import cannot become tasks of this installation ("" when it can): the plan's province, or the
    province named in its issuer, is another province than the installation's (setting CCHC_PROVINCE)."""
    d = imp.draft or {}
    on = _issue_date(d) or timezone.localdate()
    named = [(d.get("province"), find_province(d.get("province"), on) if d.get("province") else None),
             (d.get("issuer"), province_of_text(d.get("issuer"), on))]
    for i, (text, prov) in enumerate(named):
        if prov is not None and not is_home_province(prov):
            if i == 0:  # "tỉnh Khánh Hòa"; a province merged since: "Bình Định (nay là tỉnh Gia Lai)"
                current = prov.name.replace("Ủy ban nhân dân ", "")
                text = current if province_key(text) == province_key(prov.name) else f"{text} (nay là {current})"
            home = home_province()
            return (f"Kế hoạch này của {text}, không thuộc "
                    f"{(home.name.replace('Ủy ban nhân dân ', '') if home else 'tỉnh của hệ thống')} (tỉnh mà hệ "
                    "thống phục vụ): không thể xác nhận thành nhiệm vụ. Có thể lưu văn bản làm tài liệu tham khảo "
                    "trong thư viện, hoặc hủy lượt nhập.")
    return ""


def plan_import_keep_as_reference(*, imp: PlanImport, user, version: int | None = None):
    """Keep another province's plan as a reference document in the knowledge library (never tasks); the import
    is closed. Returns the knowledge Document."""
    from cchc.knowledge.services import document_add

    _check_import(imp, user, version)
    d = imp.draft or {}
    data = bytes(imp.content or b"")
    filename = imp.filename
    if not data:
        data = (imp.source_text or "").encode("utf-8")
        filename = filename.rsplit(".", 1)[0] + ".txt"
    if not data:
        raise PlanError("no_content", "Không còn nội dung văn bản để lưu làm tài liệu tham khảo.")
    with transaction.atomic():
        doc = document_add(user=user, data=data, filename=filename, source_key=f"plan-import:{imp.pk}",
                           overrides={"title": clean_spaces(d.get("title") or "")[:500],
                                      "number": clean_spaces(d.get("document_number") or ""),
                                      "issuer": clean_spaces(d.get("issuer") or ""),
                                      "issued_on": _issue_date(d)})
        imp.status, imp.content = PlanImport.Status.CANCELLED, b""
        _save_import(imp, ["status", "content"])
    return doc


def plan_import_diff(imp: PlanImport) -> dict | None:
    if imp.plan is None:
        return None
    old = {t.key: t.as_row() for t in imp.plan.tasks.filter(is_active=True)}
    return drafts.diff_tasks(old, imp.rows)


def plan_import_cancel(*, imp: PlanImport, user) -> None:
    access.require_office(user)
    PlanImport.objects.filter(pk=imp.pk).update(status=PlanImport.Status.CANCELLED, content=b"")


_KIND_BY_WORD = {"de an": Plan.Kind.SCHEME, "chuong trinh": Plan.Kind.PROGRAMME, "quyet dinh": Plan.Kind.DECISION}


def plan_import_confirm(*, imp: PlanImport, user, version: int | None = None) -> Plan:
    """Write plan, tasks, assignments, schedules, occurrences and targets in one transaction.

    A revision of an existing plan updates matched tasks in place, adds new ones and retires removed ones
    (occurrences that already have reports are kept), so nothing is duplicated.
    """
    _check_import(imp, user, version)
    d = imp.draft or {}
    problem = plan_import_province_problem(imp)
    if problem:
        raise PlanError("other_province", problem)
    with transaction.atomic():
        locked = PlanImport.objects.select_for_update().get(pk=imp.pk)
        if locked.status != PlanImport.Status.REVIEW or locked.version != imp.version:
            raise review.VersionConflict(imp.version, locked.version)
        plan = imp.plan or Plan(created_by=user)
        if imp.plan is not None:
            plan.revision += 1
        plan.title = clean_spaces(d.get("title") or imp.filename)[:1000]
        plan.kind = _KIND_BY_WORD.get(fold_key(d.get("kind") or ""), Plan.Kind.PLAN)
        plan.issuer = clean_spaces(d.get("issuer") or "")[:255]
        on = _issue_date(d)
        plan.province = find_province(d.get("province"), on or timezone.localdate()) if d.get("province") \
            else home_province(on)  # a plan that names no province is the installation's own
        if plan.province is None:  # groups ("UBND cấp xã") would otherwise expand to the communes of every province
            raise PlanError("no_province", "Chưa xác định được tỉnh, thành phố của kế hoạch; hãy chọn tỉnh trên "
                                           "màn hình rà soát rồi xác nhận lại.")
        plan.period = clean_spaces(d.get("period") or "").replace("–", "-").replace(" ", "")[:20]
        plan.document_number = clean_spaces(d.get("document_number") or "")[:100]
        plan.issue_date = on
        plan.source_name = imp.filename[:255]
        plan.save()
        _sync_tasks(plan, imp.rows, imp.agency_map)
        _sync_targets(plan, d.get("targets") or [])
        imp.plan, imp.status, imp.content = plan, PlanImport.Status.CONFIRMED, b""
        _save_import(imp, ["plan", "status", "content"])
        plan_notifications.plan_assigned(plan)
    return plan


def _sync_tasks(plan: Plan, rows: list[dict], agency_map: dict) -> None:
    keys = drafts.row_keys(rows)
    existing = {t.key: t for t in plan.tasks.all()}
    home_ids = home_province_ids()
    units_by_code = {u.code: u for u in OrgUnit.objects.filter(
        code__in={c for r in agency_map.values() for c in r.get("units", [])}) if is_home_unit(u, home_ids)}
    groups = {g.code: g for g in UnitGroup.objects.all()}
    seen = set()
    for order, (key, row) in enumerate(zip(keys, rows, strict=True)):
        task = existing.get(key) or Task(plan=plan, key=key)
        deadline_changed = task.pk is not None and task.deadline != (row.get("deadline") or "")
        task.order, task.table = order, int(row.get("table") or 0)
        task.section = str(row.get("section") or "")[:20]
        task.section_title = (row.get("section_title") or "")[:1000]
        task.number = str(row.get("number") or "")[:20]
        task.title = row.get("title") or "—"
        task.activities, task.products = row.get("activities") or [], row.get("products") or []
        task.lead_text, task.partners_text = row.get("lead") or [], row.get("partners") or []
        task.deadline, task.budget, task.note = (row.get("deadline") or "")[:500], row.get("budget") or "", \
            row.get("note") or ""
        task.area = drafts.area_of(task.section_title, task.title)
        task.is_active = True
        task.save()
        seen.add(key)
        task.assignments.all().delete()
        for role, texts in ((Assignment.Role.LEAD, task.lead_text), (Assignment.Role.PARTNER, task.partners_text)):
            for text in texts:
                res = agency_map.get(text) or {"kind": "unresolved", "units": []}
                if res["kind"] == "group" and res.get("group") in groups:
                    # "Văn phòng UBND tỉnh và các sở, ban, ngành": the group, and the unit named beside it
                    Assignment.objects.create(task=task, role=role, agency_text=text[:500], group=groups[res["group"]])
                    for c in res.get("units", []):
                        if c in units_by_code:
                            Assignment.objects.create(task=task, role=role, agency_text=text[:500],
                                                      unit=units_by_code[c])
                    continue
                codes = [c for c in res.get("units", []) if c in units_by_code] or [None]
                for c in codes:
                    Assignment.objects.create(task=task, role=role, agency_text=text[:500],
                                              unit=units_by_code.get(c) if c else None)
        if deadline_changed or not task.schedules.exists():
            _replace_schedules(task, plan)
        occurrences_sync(task)
    for key, task in existing.items():
        if key not in seen and task.is_active:
            task.is_active = False
            task.save(update_fields=["is_active"])
            task.occurrences.filter(reports__isnull=True).delete()


def task_add(*, plan: Plan, user, title: str, lead: OrgUnit, deadline: str = "", area: str = "",
             note: str = "", key: str = "", section_title: str = "") -> Task:
    """The office adds one task to a confirmed plan (e.g. from a finding of the CCHC index): one lead unit, a
    deadline text parsed like the imported ones, its occurrences created. ``key`` makes it idempotent (the same
    key returns the existing task). Audited (Task, Assignment are registered)."""
    access.require_office(user)
    if not is_home_unit(lead):
        raise PlanError("foreign_unit", f"{lead.name} không thuộc tỉnh của hệ thống: không giao nhiệm vụ được.")
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
        _replace_schedules(task, plan)
        occurrences_sync(task)
    return task


def _replace_schedules(task: Task, plan: Plan) -> None:
    from cchc.plans.importing.schedule import parse_deadline

    years = plan.years()
    spec = parse_deadline(task.deadline, default_year=years[0] if len(years) == 1 else None) if task.deadline \
        else {"kind": "unknown", "text": ""}
    for old in task.schedules.all():
        old.occurrences.filter(reports__isnull=True).delete()
        if not old.occurrences.exists():
            old.delete()
    Schedule.objects.create(task=task, kind=spec.get("kind") or "unknown", text=(task.deadline or "")[:500],
                            spec=spec)


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
    # never a unit of another province, nor one not valid on the due date
    if "_home" not in cache:
        cache["_home"] = home_province_ids()
    units = [u for u in units if u.is_active_on(on) and is_home_unit(u, cache["_home"])]
    cache[key] = units
    return units


def occurrences_sync(task: Task) -> int:
    """Create the missing occurrences of a task: every schedule period × every lead unit active on the due date.

    Assignments to groups expand to their member units on that date ("UBND cấp xã" → each commune). Extra
    occurrences without reports are removed; those with reports are kept. Returns the number created.
    """
    plan = task.plan
    years = plan.years()
    leads = list(task.assignments.filter(role=Assignment.Role.LEAD).select_related("unit", "group"))
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
    Occurrence.objects.bulk_create(new, batch_size=1000)
    if have:
        Occurrence.objects.filter(task=task).exclude(area=task.area).update(area=task.area)
    return len(new)


_LEVELS = {"tinh": "tỉnh", "so": "sở", "huyen": "huyện", "xa": "xã"}


def _sync_targets(plan: Plan, targets: list[dict]) -> None:
    existing = {(fold_key(t.text), fold_key(t.indicator), t.value): t for t in plan.targets.all()}
    seen = set()
    for order, t in enumerate(targets):
        try:
            value = float(t.get("value"))
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value):
            continue
        key = (fold_key(t.get("text") or ""), fold_key(t.get("indicator") or ""), value)
        obj = existing.get(key) or Target(plan=plan)
        obj.order, obj.text = order, nfc(t.get("text") or "")
        obj.indicator = (nfc(t.get("indicator") or t.get("text") or ""))[:500]
        obj.value, obj.value_max = value, t.get("value_max")
        obj.unit_of_measure = (t.get("unit") or "%")[:20]
        obj.comparator = (t.get("comparator") or ">=")[:2]
        obj.year = t.get("year")
        obj.level = _LEVELS.get(fold_key(t.get("level") or ""), "")
        obj.save()
        seen.add(key)
    for key, obj in existing.items():
        if key not in seen and not obj.measurements.exists():
            obj.delete()


# ============================================================================ progress reports

REPORT_FIELDS = ("status", "percent", "result", "output_number", "completed_on", "na_reason")


def _clean_report(occurrence: Occurrence, data: dict) -> dict:
    errors = {}
    status = data.get("status") or occ.IN_PROGRESS
    if status not in (occ.NOT_STARTED, occ.IN_PROGRESS, occ.DONE, occ.DONE_LATE, occ.NOT_APPLICABLE):
        errors["status"] = f"Tình trạng không hợp lệ: {status}"
    try:
        percent = int(data.get("percent") or 0)
    except (TypeError, ValueError):
        percent, errors["percent"] = 0, "Tỷ lệ hoàn thành phải là số từ 0 đến 100."
    if not 0 <= percent <= 100:
        errors["percent"] = "Tỷ lệ hoàn thành phải từ 0 đến 100."
    completed_on = data.get("completed_on") or None
    if isinstance(completed_on, str):
        try:
            completed_on = _parse_date(completed_on)
        except ValueError:
            errors["completed_on"] = f"Ngày hoàn thành không hợp lệ: “{completed_on}” (dùng dd/mm/yyyy)."
            completed_on = None
    if isinstance(completed_on, datetime):
        completed_on = completed_on.date()
    if status in occ.DONE_STATUSES:
        percent = 100
        if completed_on is None and "completed_on" not in errors:
            errors["completed_on"] = "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."
        elif completed_on and completed_on > timezone.localdate():
            errors["completed_on"] = "Ngày hoàn thành không được sau ngày hôm nay."
    na_reason = clean_spaces(data.get("na_reason") or "")
    if status == occ.NOT_APPLICABLE and not na_reason:
        errors["na_reason"] = "Phải nêu lý do khi chọn “Không áp dụng”."
    if errors:
        raise ValidationError(errors)
    if completed_on is not None:
        status = occ.normalise_status(status, due=occurrence.due_date, completed_on=completed_on)
    return {"status": status, "percent": percent, "result": nfc((data.get("result") or "").strip()),
            "output_number": clean_spaces(data.get("output_number") or "")[:100],
            "completed_on": completed_on if status in occ.DONE_STATUSES else None,
            "na_reason": na_reason if status == occ.NOT_APPLICABLE else ""}


def _parse_date(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def open_report(occurrence: Occurrence) -> ProgressReport | None:
    """The report still being worked on (draft or returned), if any."""
    return occurrence.reports.filter(review_state__in=[review.DRAFT, review.RETURNED]).order_by("-pk").first()


def progress_report_save(*, occurrence: Occurrence, user, data: dict, report: ProgressReport | None = None,
                         expected_version: int | None = None, submit: bool = False,
                         evidence: list[tuple[str, bytes]] = ()) -> ProgressReport:
    """Create or edit the unit's report on an occurrence (only its focal point / leader or the office).

    Edits carry the version the user read; a report changed meanwhile raises VersionConflict.
    ``evidence`` files ``(name, data)`` are attached, and with ``submit=True`` the report is sent to the CCHC
    office, in the same transaction: a refused file leaves nothing saved and nothing sent.
    """
    access.require_edit(user, occurrence.unit)
    cleaned = _clean_report(occurrence, data)
    with transaction.atomic():
        if report is None:
            report = open_report(occurrence)
            if report is not None and expected_version is None:
                raise review.VersionConflict(0, report.version)
        if report is None:
            if occurrence.reports.filter(review_state__in=review.PENDING_STATES).exists():
                raise PlanError("pending", "Báo cáo trước đang chờ duyệt; chưa thể tạo báo cáo mới.")
            report = ProgressReport(occurrence=occurrence, unit=occurrence.unit, created_by=user, **cleaned)
            report.save()
        else:
            if report.occurrence_id != occurrence.pk:
                raise PlanError("mismatch", "Báo cáo không thuộc kỳ báo cáo này.")
            review.check_editable(report.review_state)
            for f, v in cleaned.items():
                setattr(report, f, v)
            save_versioned(report, expected_version=expected_version)
        for name, content in evidence:
            evidence_add(report=report, user=user, name=name, data=content)
        if submit:
            progress_report_transition(report=report, user=user, action=review.SUBMIT,
                                       expected_version=report.version)
    return report


def leader_approval_on() -> bool:
    """Province setting: a focal point's report goes to the unit leader before the CCHC office."""
    return bool(getattr(settings, "CCHC_LEADER_APPROVAL", True))


def needs_leader_step(user, unit: OrgUnit) -> bool:
    """True when ``user``'s submission for ``unit`` must first be approved by the unit's leader: the setting is
    on, the unit has an active leader account, and the sender is neither a leader of it nor the office."""
    if not leader_approval_on() or access.edits_all(user) or access.can_lead_unit(user, unit):
        return False
    return Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER, user__is_active=True).exists()


def progress_report_transition(*, report: ProgressReport, user, action: str, comment: str = "",
                               expected_version: int | None = None) -> ProgressReport:
    """submit (the unit; to its leader first when :func:`needs_leader_step`), approve / return by the unit
    leader, accept / return / reopen by the CCHC office. Keeps the occurrence figures current (they count
    only what reached the office) and notifies the people concerned. Audited (cchc.core.reviewable)."""
    can_edit = access.can_edit_unit(user, report.unit)
    can_review = access.edits_all(user)
    can_lead = access.can_lead_unit(user, report.unit)
    if not access.can_view_unit(user, report.unit):
        raise PermissionDenied("Bạn không có quyền với báo cáo của đơn vị này.")
    source = report.review_state
    with transaction.atomic():
        target = review_apply(report, action, user=user, can_edit=can_edit, can_review=can_review,
                              can_lead=can_lead, leader_step=(action == review.SUBMIT
                                                              and needs_leader_step(user, report.unit)),
                              comment=comment, expected_version=expected_version)
        occurrence_refresh(report.occurrence, submitted_now=(target == review.SUBMITTED))
        plan_notifications.report_transition(report, source=source, target=target, user=user)
    return report


def occurrence_refresh(o: Occurrence, *, submitted_now: bool = False) -> Occurrence:
    """Copy the latest submitted/accepted report's figures onto the occurrence (what dashboards read)."""
    latest = (o.reports.filter(review_state__in=[review.SUBMITTED, review.ACCEPTED])
              .order_by("-submitted_at", "-pk").first())
    if latest is None:
        o.status, o.percent, o.completed_on, o.accepted = occ.NOT_STARTED, 0, None, False
    else:
        o.status, o.percent, o.completed_on = latest.status, latest.percent, latest.completed_on
        o.accepted = latest.review_state == review.ACCEPTED
    if submitted_now and o.first_submitted_on is None:
        o.first_submitted_on = timezone.localdate()
        o.on_time = occ.on_time(o.first_submitted_on, o.due_date, timely_days())
    o.save(update_fields=["status", "percent", "completed_on", "accepted", "first_submitted_on", "on_time"])
    return o


def lead_days() -> int:
    """Days between a plan's issue date and its first generated reporting period (setting CCHC_PLAN_LEAD_DAYS)."""
    return int(getattr(settings, "CCHC_PLAN_LEAD_DAYS", occ.LEAD_DAYS))


def timely_days() -> int:
    return int(getattr(settings, "CCHC_TIMELY_DAYS", 0))


# ---------------------------------------------------------------------------- evidence

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "png", "jpg", "gif", "webp"}


def sniff_evidence(data: bytes) -> str | None:
    """The real type of an evidence file from its content (the name is not trusted): the file must parse as its
    type (core.intake.verify), not only start with the right magic bytes."""
    from cchc.core.intake import IntakeError, verify

    try:
        kind = verify(data, "", allowed={"pdf", "docx", "xlsx", "image"})
    except IntakeError:
        return None
    if kind != "image":
        return kind
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return None


def evidence_add(*, report: ProgressReport, user, name: str, data: bytes) -> Evidence:
    access.require_edit(user, report.unit)
    review.check_editable(report.review_state)
    limit = int(getattr(settings, "CCHC_EVIDENCE_MAX_MB", 10)) * 1024 * 1024
    if len(data) > limit:
        raise PlanError("too_large", f"Tệp “{name}” quá lớn ({len(data) / 1048576:.1f} MB); "
                                     f"giới hạn {limit // 1048576} MB.")
    kind = sniff_evidence(data)
    if kind is None:
        raise PlanError("bad_type", f"Tệp “{name}” không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh; "
                                    "nội dung tệp không khớp định dạng cho phép.")
    base = clean_spaces(name.replace("/", "_").replace("\\", "_"))[:200] or f"tai-lieu.{kind}"
    ev = Evidence(report=report, name=base, kind=kind, size=len(data), uploaded_by=user)
    ev.file.save(base, ContentFile(data), save=False)
    ev.save()
    return ev


# ============================================================================ targets and measurements

def measurement_save(*, target: Target, unit: OrgUnit, period: str, value, user, note: str = "",
                     expected_version: int | None = None) -> Measurement:
    access.require_edit(user, unit)
    occ.Period.parse(period)
    number = parse_number(value)  # Vietnamese writing (1.234,5); NaN and ±Infinity are not numbers
    if number is None or abs(number) > 10**15:
        raise ValidationError({"value": f"Giá trị “{str(value)[:40]}” không phải là số."})
    value = float(number)
    with transaction.atomic():
        m = Measurement.objects.select_for_update().filter(target=target, unit=unit, period=period).first()
        if m is None:
            return Measurement.objects.create(target=target, unit=unit, period=period, value=value, note=note,
                                              entered_by=user)
        review.check_version(expected_version, m.version)
        m.value, m.note, m.entered_by, m.version = value, note, user, m.version + 1
        m.save()
        return m


TEMPLATE_HEADERS = ["Mã chỉ tiêu", "Nội dung chỉ tiêu", "Chỉ tiêu", "So sánh", "Đơn vị tính", "Năm", "Kỳ báo cáo",
                    "Giá trị đạt được", "Ghi chú"]


def measurement_template_xlsx(*, plan: Plan, unit: OrgUnit, period: str) -> bytes:
    """An Excel sheet for one unit: one row per target of the plan, the value column to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    occ.Period.parse(period)
    wb = Workbook()
    ws = wb.active
    ws.title = "So lieu"
    ws.append([f"Đơn vị: {unit.name}", f"Mã đơn vị: {unit.code}", f"Kế hoạch: {plan.pk}"])
    ws.append(TEMPLATE_HEADERS)
    for c in ws[2]:
        c.font = Font(bold=True)
    current = {m.target_id: m for m in Measurement.objects.filter(target__plan=plan, unit=unit, period=period)}
    for t in plan.targets.all():
        m = current.get(t.pk)
        ws.append([t.pk, t.text, t.value, t.comparator, t.unit_of_measure, t.year, period,
                   m.value if m else None, m.note if m else None])
        ws.cell(row=ws.max_row, column=8).fill = PatternFill("solid", fgColor="FFF2CC")
    for col, width in zip("ABCDEFGHI", (10, 70, 10, 8, 10, 8, 10, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def measurement_import_xlsx(*, data: bytes, user, plan: Plan, filename: str = "tệp Excel") -> dict:
    """Read a filled template; all rows or none. Returns {"saved": n, "errors": ["Dòng r, cột c: …"]}."""
    from cchc.core.excel import ExcelError, sheet_rows

    try:
        rows = sheet_rows(data, filename)
    except ExcelError as exc:
        return {"saved": 0, "errors": [exc.message]}
    errors: list[str] = []
    if len(rows) < 2 or not rows[0] or "Mã đơn vị:" not in str(rows[0][1] or ""):
        return {"saved": 0, "errors": [f"{filename}: không đúng mẫu (thiếu dòng “Mã đơn vị” ở ô B1)."]}
    code = str(rows[0][1]).split(":", 1)[1].strip()
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return {"saved": 0, "errors": [f"{filename}, ô B1: không tìm thấy đơn vị “{code}”."]}
    if not access.can_edit_unit(user, unit):
        return {"saved": 0, "errors": [f"{filename}: bạn không có quyền nhập số liệu của {unit.name}."]}
    targets = {t.pk: t for t in plan.targets.all()}
    todo = []
    for n, r in enumerate(rows[2:], start=3):
        if not r or all(v in (None, "") for v in r):
            continue
        r = list(r) + [None] * (9 - len(r))
        tid, period, value, note = r[0], str(r[6] or "").strip(), r[7], r[8]
        if value in (None, ""):
            continue
        try:
            target = targets[int(tid)]
        except (TypeError, ValueError, KeyError):
            errors.append(f"Dòng {n}, cột A (Mã chỉ tiêu): “{tid}” không phải chỉ tiêu của kế hoạch này.")
            continue
        try:
            occ.Period.parse(period)
        except ValueError as exc:
            errors.append(f"Dòng {n}, cột G (Kỳ báo cáo): {exc}")
            continue
        number = parse_number(value)
        if number is None or abs(number) > 10**15:
            errors.append(f"Dòng {n}, cột H (Giá trị đạt được): “{value}” không phải là số.")
            continue
        v = float(number)
        todo.append((target, period, v, str(note or "")))
    if errors:
        return {"saved": 0, "errors": errors}
    with transaction.atomic():
        for target, period, v, note in todo:
            measurement_save(target=target, unit=unit, period=period, value=v, user=user, note=note)
    return {"saved": len(todo), "errors": []}


# ============================================================================ reminders

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
    recipients: dict[int, set[str]] = defaultdict(set)
    recipient_ids = plan_notifications.unit_people(by_unit)
    for m in Membership.objects.filter(unit_id__in=by_unit, role__in=[Role.FOCAL_POINT, Role.UNIT_LEADER],
                                       user__is_active=True).select_related("user"):
        if m.user.email:
            recipients[m.unit_id].add(m.user.email)
    sent = 0
    for unit_id, items in by_unit.items():
        to = sorted(recipients.get(unit_id, ()))
        if not to:
            continue
        lines = []
        for o in items:
            days = (o.due_date - today).days
            when = f"còn {days} ngày" if days >= 0 else f"đã quá hạn {-days} ngày"
            lines.append(f"- {o.task.number} {o.task.title[:150]} (kỳ {o.period}, hạn {o.due_date:%d/%m/%Y}, {when})"
                         f"\n  Kế hoạch: {o.plan.title[:150]}")
        unit = items[0].unit
        send_mail(subject=f"[CCHC] {len(items)} nhiệm vụ cần báo cáo — {unit.name}",
                  message="Kính gửi đầu mối CCHC,\n\nCác nhiệm vụ sau sắp đến hạn hoặc đã quá hạn báo cáo:\n\n"
                          + "\n".join(lines) + "\n\nVui lòng cập nhật tiến độ trên hệ thống.\n",
                  from_email=None, recipient_list=to)
        sent += 1
    for unit_id, items in by_unit.items():
        plan_notifications.reminder(items, recipient_ids.get(unit_id, ()), today=today)
    Occurrence.objects.filter(pk__in=[o.pk for items in by_unit.values() for o in items]).update(reminded_on=today)
    return {"emails": sent, "occurrences": sum(len(v) for v in by_unit.values())}
