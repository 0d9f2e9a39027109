"""Plan import: upload, parse, review edits, agency mapping, confirmation into plan, tasks, assignments,
schedules, occurrences and targets. One pipeline for the upload job, the CLI, the demo loader and the tests."""

from __future__ import annotations

import math
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.vntext import clean_spaces, fold_key, nfc
from cchc.org import access
from cchc.org.models import OrgUnit, UnitGroup
from cchc.org.selectors import (
    agency_resolve,
    home_province,
    home_province_ids,
    province_find,
    province_is_home,
    province_key,
    province_of_text,
    successors_on,
    unit_is_home,
)
from cchc.plans import drafts
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans.models import Assignment, Plan, PlanImport, Target, Task

from .common import PlanError, draft_issue_date
from .occurrences import occurrences_sync, schedule_replace

# ---------------------------------------------------------------------------- the pipeline (one path for all)
#
# upload job, `cchc plan parse`, `cchc plans load_demo` and the tests' fixtures all pass through these steps:
#   plan_read (read the file once, parse once) → review_rows (rows with their schedules: deadlines parsed once)
#   → agencies_resolve (each agency text once, on the plan's issue date) → PlanImport in review
#   → plan_import_confirm (reuses the rows' schedules).

def plan_read(data: bytes, filename: str) -> tuple[dict, str]:
    """Read the uploaded file once and run the importer once: ``(draft dict, source text)``. The source text is
    the document's own text (the review screen's source pane). Raises the importer's IntakeError."""
    from cchc.core.intake import read_document
    from cchc.plans.importing import parse_document

    doc = read_document(data, filename, fill_merged=True)  # a merged agency cell leads every row it covers
    return parse_document(doc).to_dict(), nfc(doc.text)


def draft_years(d: dict, *, fallback: int | None = None) -> list[int]:
    """The years a draft's plan covers, as :meth:`Plan.years` will give them once confirmed."""
    issued = draft_issue_date(d)
    return occ.plan_years(plan_period(d), fallback=issued.year if issued else fallback or timezone.localdate().year)


def plan_period(d: dict) -> str:
    return clean_spaces(d.get("period") or "").replace("–", "-").replace(" ", "")[:20]


def deadline_schedule(deadline: str, years: list[int]) -> dict:
    """The schedule of one task's deadline text for a plan over ``years`` (a year-less "Trước 25/12" falls in the
    plan's year when the plan covers one year)."""
    from cchc.plans.importing.schedule import parse_deadline

    if not deadline:
        return {"kind": "unknown", "text": ""}
    return parse_deadline(deadline, default_year=years[0] if len(years) == 1 else None)


def _schedule_key(row: dict, years: list[int]) -> list:
    return [row.get("deadline") or "", years[0] if len(years) == 1 else None]


def rows_with_schedules(rows: list[dict], years: list[int]) -> list[dict]:
    """Give every row its parsed ``schedule`` (in place), parsing only rows whose deadline (or plan year) changed
    since it was parsed; confirmation reuses them."""
    for row in rows:
        key = _schedule_key(row, years)
        if row.get("schedule_of") != key or "schedule" not in row:
            row["schedule"], row["schedule_of"] = deadline_schedule(row.get("deadline") or "", years), key
    return rows


def review_rows(draft: dict) -> list[dict]:
    """The review rows of a draft, each with its schedule."""
    return rows_with_schedules(drafts.rows_from_draft(draft), draft_years(draft))


def draft_is_central(draft: dict) -> bool:
    """The plan is the centre's: it names no province and its issuer is a national body ("Thủ tướng Chính phủ",
    "Văn phòng Chính phủ"), or, without an issuer, its number ends with one ("2530/QĐ-TTg", "15/NQ-CP")."""
    from cchc.org.resolver_text import match_text

    if (draft.get("province") or "").strip():
        return False
    issuer = (draft.get("issuer") or "").strip()
    if not issuer:
        number = (draft.get("document_number") or "").strip()
        issuer = number.rsplit("-", 1)[-1] if "/" in number and "-" in number else ""
        if issuer.upper() == "CP":
            return True
    m = match_text(issuer) if issuer else None
    return m is not None and m.kind == "national"


def agencies_resolve(texts, draft: dict, *, progress=None) -> dict[str, dict]:
    """Resolve each agency text once against the org tree, in the draft's province on the plan's issue date
    (today when the plan has none); in a plan of the centre "các địa phương" is the province's committee.
    Returns ``{text: agency_resolve result}``."""
    on = draft_issue_date(draft) or timezone.localdate()
    province = draft.get("province")
    central = draft_is_central(draft)
    texts = list(texts)
    out = {}
    for i, text in enumerate(texts):
        out[text] = agency_resolve(text, province=province, on=on, central=central)
        if progress and i % 10 == 0:
            progress(i, len(texts))
    return out


def agency_entry(res: dict) -> dict:
    """One ``agency_map`` entry of the review screen from a ``agency_resolve`` result. A group named vaguely ("các
    cơ quan, đơn vị liên quan") is marked ``vague``: as a lead it gives nobody a reporting line until the reviewer
    maps it (:func:`leads_vague`)."""
    from cchc.org.resolver_text import collective_is_vague

    if res["status"] == "group":
        entry = {"kind": "group", "group": res["group"], "units": [u["code"] for u in res["units"]], "auto": True,
                 "note": res.get("note", "")}
        if not res["units"] and collective_is_vague(res.get("input")):
            entry["vague"] = True
        return entry
    if res["status"] == "unit":
        return {"kind": "unit", "units": [u["code"] for u in res["units"]], "auto": True, "note": res.get("note", "")}
    return {"kind": "unresolved", "units": [], "auto": True, "note": res.get("note", "")}


def entry_is_vague(entry: dict | None) -> bool:
    """An automatic mapping of a vague collective (a reviewer's own choice never is)."""
    return bool(entry and entry.get("vague") and entry.get("auto", True))


def leads_vague(rows: list[dict], agency_map: dict) -> set[str]:
    """Vague collectives that are the only lead of a row besides unresolved names ("Các cơ quan liên quan" chủ trì):
    the review screen asks the reviewer to choose, since confirmed as they are the task has no reporting line (beside
    a named lead, "Sở Nội vụ; các cơ quan liên quan", the named unit leads and nothing is asked)."""
    out = set()
    entry_of = drafts.agency_lookup(agency_map)
    for row in rows:
        leads = row.get("lead") or []
        vague = [t for t in leads if entry_is_vague(entry_of(t))]
        firm = [t for t in leads if t not in vague and (entry_of(t) or {}).get("kind") in ("unit", "group")]
        if vague and not firm:
            out.update(vague)
    return out


def agency_map_of(texts, draft: dict, *, progress=None) -> dict[str, dict]:
    return {t: agency_entry(r) for t, r in agencies_resolve(texts, draft, progress=progress).items()}


def plan_import_create(*, user, draft: dict, filename: str, source_text: str = "",
                       plan: Plan | None = None) -> PlanImport:
    """A parsed draft straight into review (demo loader, tests): rows, schedules and agencies as the upload job
    makes them; ``plan`` (else the matching confirmed plan) is the one a confirmation revises."""
    rows = review_rows(draft)
    return PlanImport.objects.create(
        filename=filename[:255], status=PlanImport.Status.REVIEW, draft=draft, rows=rows,
        agency_map=agency_map_of(drafts.agencies(rows), draft), created_by=user, source_text=source_text,
        plan=plan or _matching_plan(draft))


PLAN_KINDS = frozenset({"docx", "pdf", "txt", "html"})  # what the plan reader reads (core.intake.read_document)


def plan_import_start(*, user, filename: str, data: bytes) -> PlanImport:
    """Store the upload and parse it (background job with progress). Bad files leave nothing behind."""
    from cchc.core import jobs
    from cchc.core.intake import IntakeError, check_upload_size, verify

    access.require_office(user)
    try:
        check_upload_size(len(data), filename)
    except IntakeError as exc:
        raise PlanError(exc.code, exc.message) from exc
    if not data:
        raise PlanError("empty", _("Tệp “%(name)s” rỗng.") % {"name": filename})
    try:  # a file that is not a readable document is refused here, before any import or job is recorded
        verify(data, filename, allowed=PLAN_KINDS)
    except IntakeError as exc:
        raise PlanError(exc.code, exc.message) from exc
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


def _fail(imp: PlanImport, code: str, message: str) -> PlanImport:
    PlanImport.objects.filter(pk=imp.pk).update(status=PlanImport.Status.FAILED, error_code=code[:50],
                                                error=message, content=b"")
    imp.refresh_from_db()
    return imp


def plan_import_parse(imp: PlanImport, *, progress=None) -> PlanImport:
    """Run the pipeline on the stored file (called by the background job): read and parse once, rows with their
    schedules, every agency resolved once on the plan's issue date, the matching confirmed plan."""
    progress = progress or (lambda done, total, message="": None)
    progress(0, 3, _("Đang đọc tệp"))
    try:
        d, source_text = plan_read(bytes(imp.content), imp.filename)
    except Exception as exc:  # noqa: BLE001 - every importer failure becomes a message on the upload page
        code = getattr(exc, "code", "") or "parse_error"
        message = getattr(exc, "message", "") or str(exc) or exc.__class__.__name__
        if not getattr(exc, "message", None) and not isinstance(exc, ValueError):
            message = _("Không đọc được tệp “%(name)s”: %(error)s") % {"name": imp.filename, "error": message}
        return _fail(imp, code, message)
    rows = review_rows(d)
    if not rows:
        return _fail(imp, "no_tasks", _("Không tìm thấy bảng nhiệm vụ (phụ lục) trong tệp “%(name)s”.")
                     % {"name": imp.filename})
    progress(1, 3, _("Đã đọc %(count)s nhiệm vụ; đang xác định cơ quan") % {"count": len(rows)})
    agency_map = agency_map_of(drafts.agencies(rows), d, progress=lambda i, n: progress(
        1, 3, _("Đang xác định cơ quan %(done)s/%(total)s") % {"done": i + 1, "total": n}))
    progress(2, 3, _("Đang so sánh với kế hoạch đã có"))
    imp.draft, imp.rows, imp.agency_map, imp.source_text = d, rows, agency_map, source_text
    imp.plan, imp.status = _matching_plan(d), PlanImport.Status.REVIEW
    imp.save()
    progress(3, 3, _("Xong"))
    return imp


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
        raise PlanError("not_in_review", _("Lượt nhập này không còn ở bước rà soát."))
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
            raise PlanError("bad_op", _("Thao tác không hợp lệ: %(op)s") % {"op": op})
    except drafts.DraftError as exc:
        raise PlanError(exc.code, exc.message) from exc
    d = imp.draft or {}
    imp.rows = rows_with_schedules(rows, draft_years(d))  # an edited deadline is parsed again, the others are kept
    # agencies typed into cells get resolved too
    imp.agency_map.update(agency_map_of([t for t in drafts.agencies(rows) if t not in imp.agency_map], d))
    _save_import(imp, ["rows", "agency_map"])
    return imp


def plan_import_set_province(*, imp: PlanImport, user, name: str, version: int | None = None) -> PlanImport:
    """Set the plan's province on the review screen (when the document does not name it, or names it wrongly);
    every agency is resolved again in that province, except those the user mapped by hand."""
    _check_import(imp, user, version)
    d = dict(imp.draft or {})
    on = draft_issue_date(d) or timezone.localdate()
    province = province_find(name, on)
    if province is None:
        raise PlanError("bad_province", _("Không tìm thấy tỉnh, thành phố “%(name)s”.") % {"name": name})
    d["province"] = province.name
    imp.draft = d
    imp.agency_map.update(agency_map_of([t for t, r in imp.agency_map.items() if r.get("auto", True)], d))
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
        raise PlanError("unknown_agency", _("Không có cơ quan “%(text)s” trong bản nháp.") % {"text": text})
    if unit is None and group is None:
        raise PlanError("no_target", _("Hãy chọn đơn vị hoặc nhóm đơn vị."))
    targets, note = [], ""
    if unit is not None:
        targets, note = _check_assignable(unit, draft_issue_date(imp.draft or {}) or timezone.localdate())
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

    if not unit_is_home(unit):
        home = home_province()
        raise PlanError("foreign_unit", _("“%(unit)s” không thuộc %(province)s; không thể giao nhiệm vụ cho đơn vị "
                                          "của tỉnh khác.")
                        % {"unit": unit.name, "province": home.name if home else _("tỉnh của hệ thống")})
    if not unit.is_active_on(on) and not successors_on(unit, on):
        raise PlanError("unit_not_valid", _("“%(unit)s” không hoạt động vào ngày %(date)s (hiệu lực %(period)s); "
                                            "hãy chọn đơn vị đang hoạt động.")
                        % {"unit": unit.name, "date": f"{on:%d/%m/%Y}",
                           "period": format_period(unit.valid_from, unit.valid_to)})
    if unit.is_active_on(on):
        return [unit], ""
    targets = [u for u in successors_on(unit, on) if unit_is_home(u)]
    if not targets:
        raise PlanError("unit_not_valid", _("“%(unit)s” không hoạt động vào ngày %(date)s; hãy chọn đơn vị đang "
                                            "hoạt động.") % {"unit": unit.name, "date": f"{on:%d/%m/%Y}"})
    return targets, (_("%(unit)s đã kết thúc hoạt động; giao cho %(successors)s")
                     % {"unit": unit.name, "successors": ", ".join(u.name for u in targets)})


def deadline_before_issue(deadline: str, draft: dict, schedule: dict | None = None) -> list[str]:
    """Dates written in a task's deadline that fall before the plan's issue date ("dd/mm/yyyy"), for the review
    screen: no occurrence is created for them (they would be overdue from the first day). ``schedule``: the row's
    parsed deadline when it has one."""
    issued = draft_issue_date(draft or {})
    if issued is None or not (deadline or "").strip():
        return []
    spec = schedule if schedule is not None else deadline_schedule(deadline, draft_years(draft))
    return [f"{d:%d/%m/%Y}" for d in occ.deadlines_before_issue(spec, issued=issued)]


def plan_import_province_problem(imp: PlanImport) -> str:
    """Why this import cannot become tasks of this installation ("" when it can): the plan's province, or the
    province named in its issuer, is another province than the installation's (setting CCHC_PROVINCE)."""
    d = imp.draft or {}
    on = draft_issue_date(d) or timezone.localdate()
    named = [(d.get("province"), province_find(d.get("province"), on) if d.get("province") else None),
             (d.get("issuer"), province_of_text(d.get("issuer"), on))]
    for i, (text, prov) in enumerate(named):
        if prov is not None and not province_is_home(prov):
            if i == 0:  # "tỉnh Khánh Hòa"; a province merged since: "Bình Định (nay là tỉnh Gia Lai)"
                current = prov.name.replace("Ủy ban nhân dân ", "")
                text = current if province_key(text) == province_key(prov.name) else \
                    _("%(name)s (nay là %(current)s)") % {"name": text, "current": current}
            home = home_province()
            return (_("Kế hoạch này của %(plan_province)s, không thuộc %(home)s (tỉnh mà hệ thống phục vụ): không "
                      "thể xác nhận thành nhiệm vụ. Có thể lưu văn bản làm tài liệu tham khảo trong thư viện, hoặc "
                      "hủy lượt nhập.")
                    % {"plan_province": text,
                       "home": home.name.replace("Ủy ban nhân dân ", "") if home else _("tỉnh của hệ thống")})
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
        raise PlanError("no_content", _("Không còn nội dung văn bản để lưu làm tài liệu tham khảo."))
    with transaction.atomic():
        doc = document_add(user=user, data=data, filename=filename, source_key=f"plan-import:{imp.pk}",
                           overrides={"title": clean_spaces(d.get("title") or "")[:500],
                                      "number": clean_spaces(d.get("document_number") or ""),
                                      "issuer": clean_spaces(d.get("issuer") or ""),
                                      "issued_on": draft_issue_date(d)})
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
        on = draft_issue_date(d)
        plan.province = province_find(d.get("province"), on or timezone.localdate()) if d.get("province") \
            else home_province(on)  # a plan that names no province is the installation's own
        if plan.province is None:  # groups ("UBND cấp xã") would otherwise expand to the communes of every province
            raise PlanError("no_province", _("Chưa xác định được tỉnh, thành phố của kế hoạch; hãy chọn tỉnh trên "
                                             "màn hình rà soát rồi xác nhận lại."))
        plan.period = plan_period(d)
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
        code__in={c for r in agency_map.values() for c in r.get("units", [])}) if unit_is_home(u, home_ids)}
    groups = {g.code: g for g in UnitGroup.objects.all()}
    entry_of = drafts.agency_lookup(agency_map)  # "Các Sở, ban, ngành" in one row, "các sở, ban, ngành" in another
    years = plan.years()
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
                res = entry_of(text) or {"kind": "unresolved", "units": []}
                if role == Assignment.Role.LEAD and entry_is_vague(res):
                    # "các cơ quan, đơn vị liên quan" chủ trì: kept as read, no line for every unit of the group
                    Assignment.objects.create(task=task, role=role, agency_text=text[:500])
                    continue
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
            schedule_replace(task, _row_schedule(row, task, years))
        occurrences_sync(task)
    for key, task in existing.items():
        if key not in seen and task.is_active:
            task.is_active = False
            task.save(update_fields=["is_active"])
            task.occurrences.filter(reports__isnull=True).delete()


def _row_schedule(row: dict, task: Task, years: list[int]) -> dict:
    """The row's schedule parsed on import or review (:func:`rows_with_schedules`); parsed here only for a row that
    has none, whose deadline was cut to the field's length, or whose plan years changed since."""
    if row.get("schedule_of") == _schedule_key({"deadline": task.deadline}, years) and row.get("schedule"):
        return row["schedule"]
    return deadline_schedule(task.deadline, years)


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


