"""Web views of the plans app (thin: permissions through cchc.org.access, rules in services/selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import review
from cchc.core.intake import IntakeError, check_upload_size, max_upload_bytes
from cchc.core.listing import export_rows, paginate
from cchc.core.params import BadParameter, id_param, period_param, version_param
from cchc.core.reviewable import transitions_of
from cchc.core.templatetags.vi import period_label
from cchc.core.vntext import fold_key, sort_vi
from cchc.org import access
from cchc.org.access import login_and_role_required
from cchc.org.models import OrgUnit, UnitGroup
from cchc.plans import drafts, selectors, services
from cchc.plans import occurrences as occ
from cchc.plans.importing.targets import target_label
from cchc.plans.models import Area, Evidence, PlanImport, Status

OFFICE = (access.ADMIN, access.PAR_OFFICE)


def _today(request):
    """Today, overridable with ?today=YYYY-MM-DD for the office (to look at a past date)."""
    t = request.GET.get("today")
    if t and access.sees_all(request.user):
        try:
            return services.date_parse(t)
        except ValueError:
            pass
    return timezone.localdate()


PLAN_SORTS = {"created": ("-created_at",), "title": ("title",), "number": ("document_number",),
              "issuer": ("issuer",), "period": ("period",), "tasks": ("task_count",)}


@login_and_role_required()
def index(request):
    user = request.user
    plans = selectors.plan_list(user)
    q = request.GET.get("q", "").strip()
    if q:
        from django.db.models import Q

        plans = plans.filter(Q(title__icontains=q) | Q(document_number__icontains=q) | Q(issuer__icontains=q))
    if request.GET.get("format") == "xlsx":
        rows = export_rows(request, plans, sorts=PLAN_SORTS, default="created")
        return _xlsx(f"ke-hoach-{_today(request).isoformat()}.xlsx", _("Kế hoạch"),
                     [_("Kế hoạch"), _("Số, ký hiệu"), _("Cơ quan ban hành"), _("Tỉnh"), _("Giai đoạn"), _("Nhiệm vụ")],
                     ([p.title, p.document_number, p.issuer, p.province.name if p.province else "", p.period,
                       p.task_count] for p in rows))
    listing = paginate(request, plans, sorts=PLAN_SORTS, default="created")
    return render(request, "plans/index.html", {
        "plans": listing.page, "listing": listing, "q": q,
        "imports": selectors.imports_pending(user)[:20],
        "is_office": access.edits_all(user),
        "my_open": selectors.occurrences_scoped(user, for_edit=True).filter(status__in=("not_started", "in_progress"))
        .count() if access.user_units(user) else 0,
    })


@login_and_role_required()
def plan_detail(request, pk):
    plan = selectors.plan_get(request.user, pk)
    tasks = selectors.plan_tasks(plan)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "tasks": tasks, "targets": plan.targets.all(), "is_office": access.edits_all(request.user),
        "area_labels": dict(Area.choices)})


# ---------------------------------------------------------------------------- upload and review

@login_and_role_required(*OFFICE)
def upload(request):
    error = None
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            error = _("Hãy chọn tệp kế hoạch (.docx, .pdf, .txt, .html).")
        else:
            for old in PlanImport.objects.filter(created_by=request.user, status=PlanImport.Status.FAILED):
                services.plan_import_discard_failed(old)  # earlier failed uploads: nothing kept from a bad file
            try:
                check_upload_size(f.size, f.name)  # the one limit (core.intake), before reading the upload
                imp = services.plan_import_start(user=request.user, filename=f.name, data=f.read())
            except (services.PlanError, IntakeError) as exc:
                error = exc.message if exc.code != "too_large" else _(
                    "Tệp “%(n)s” quá lớn (%(s).1f MB); giới hạn là %(m)d MB.") % {
                    "n": f.name, "s": f.size / 1048576, "m": max_upload_bytes() // 1048576}
            else:
                if imp.status == PlanImport.Status.FAILED:
                    _code, error = services.plan_import_discard_failed(imp)
                else:
                    return redirect("plans:import_detail", imp.pk)
    status = 400 if error else 200
    return render(request, "plans/upload.html", {"error": error,
                                                 "max_mb": max_upload_bytes() // 1048576}, status=status)


def _get_import(request, pk) -> PlanImport:
    if not access.edits_all(request.user):
        raise PermissionDenied
    return get_object_or_404(PlanImport.objects.select_related("plan", "job"), pk=pk)


@login_and_role_required(*OFFICE)
def import_detail(request, pk):
    imp = _get_import(request, pk)
    if imp.status == PlanImport.Status.CONFIRMED and imp.plan_id:
        return redirect("plans:plan_detail", imp.plan_id)
    if imp.status == PlanImport.Status.FAILED:
        # a GET never writes: the failed upload is shown; it is deleted by the POST below, or with the next upload
        if request.method == "POST":
            services.plan_import_discard_failed(imp)
            return redirect("plans:upload")
        return render(request, "plans/upload.html", {"error": imp.error, "failed": imp,
                                                     "max_mb": max_upload_bytes() // 1048576}, status=400)
    if imp.status == PlanImport.Status.PARSING:
        return render(request, "plans/import_progress.html", {"imp": imp, "job": imp.job})
    if imp.status == PlanImport.Status.CANCELLED:
        raise Http404
    return render(request, "plans/import_review.html", _review_context(imp))


def _review_context(imp: PlanImport) -> dict:
    """The review screen: rows with their agencies (resolved or not), and one line per distinct agency text so an
    agency is resolved once for every row that names it."""
    rows = imp.rows
    amap = imp.agency_map
    # a vague collective that alone leads a row ("Các cơ quan liên quan" chủ trì) is for the reviewer to decide
    vague = services.leads_vague(rows, amap)
    unresolved = [t for t, r in amap.items() if r.get("kind") == "unresolved" or t in vague]
    # a row may spell an agency otherwise than the map's entry ("Các Sở, ban, ngành" / "các sở, ban, ngành")
    key_of = {fold_key(t): t for t in reversed(list(amap))}
    unresolved_keys = {fold_key(t) for t in unresolved}
    codes = {c for r in amap.values() for c in r.get("units", [])}
    names = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name"))
    groups = {g.code: g.name for g in UnitGroup.objects.all()}
    uses: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        named = [*row.get("lead", []), *row.get("partners", [])]
        for a in dict.fromkeys(key_of.get(fold_key(a), a) for a in named):
            uses.setdefault(a, []).append(i)
    labels = {}
    agencies = []
    for text, r in amap.items():
        label = groups.get(r.get("group"), r.get("group")) if r.get("kind") == "group" else \
            "; ".join(names.get(c, c) for c in r.get("units", []))
        labels[text] = label
        note = r.get("note", "")
        if text in vague:
            note = _("Cơ quan chủ trì không cụ thể (gợi ý: %(group)s): hãy chọn đơn vị hoặc nhóm đơn vị chủ trì; nếu "
                     "không, nhiệm vụ không có kỳ báo cáo") % {"group": label}
        agencies.append({"text": text, "kind": "unresolved" if text in vague else r.get("kind"), "label": label,
                         "auto": r.get("auto", True), "note": note, "rows": uses.get(text, []),
                         "n_rows": len(uses.get(text, []))})
    agencies.sort(key=lambda a: (a["kind"] != "unresolved", -a["n_rows"], a["text"]))
    draft = imp.draft or {}
    from cchc.org.selectors import home_province, province_find
    from cchc.org.selectors import unit_choices as home_unit_choices

    on = services.draft_issue_date(draft) or timezone.localdate()
    province = province_find(draft.get("province"), on) if draft.get("province") else None
    problem = services.plan_import_province_problem(imp)
    # units of the installation's province valid on the plan's date (never another province's), then the national
    # bodies a central plan names ("Bộ Nội vụ"): mapped to one, a task is shown with it but nobody reports for it
    unit_choices = [] if problem else home_unit_choices(on, national=True)
    for i, row in enumerate(rows):
        row["index"] = i
        row["activities_text"] = "\n".join(row.get("activities") or [])
        row["products_text"] = "\n".join(row.get("products") or [])
        row["lead_text"] = "\n".join(row.get("lead") or [])
        row["partners_text"] = "\n".join(row.get("partners") or [])
        row["unresolved"] = [a for a in [*row.get("lead", []), *row.get("partners", [])]
                             if fold_key(a) in unresolved_keys]
        row["before_issue"] = services.deadline_before_issue(row.get("deadline") or "", draft, row.get("schedule"))
        row["agency_chips"] = [{"text": a, "role": role, "label": labels.get(key_of.get(fold_key(a), a), ""),
                                "unresolved": fold_key(a) in unresolved_keys}
                               for role in ("lead", "partners") for a in row.get(role, [])]
    return {"imp": imp, "draft": draft, "rows": rows, "agencies": agencies, "unresolved": unresolved,
            "unresolved_agencies": [a for a in agencies if a["kind"] == "unresolved"],
            "resolved_agencies": [a for a in agencies if a["kind"] != "unresolved"],
            "rows_unresolved": sum(1 for r in rows if r["unresolved"]),
            "unit_choices": unit_choices, "province_problem": problem,
            "home_province": None if draft.get("province") else home_province(on),
            "before_issue": [r for r in rows if r["before_issue"]],
            "group_choices": sorted(groups.items(), key=lambda kv: kv[1]),
            "diff": services.plan_import_diff(imp),
            "targets": [dict(t, label=target_label(t)) for t in draft.get("targets") or []],
            "province_unit": province,
            "province_choices": sort_vi({p.name for p in OrgUnit.objects.filter(kind="province",
                                                                                 valid_to__isnull=True)})}


def _map_many(request, imp: PlanImport) -> tuple[PlanImport, int]:
    """Apply every chosen mapping of the agency table (``agency-N`` text, ``target-N`` unit code or group:CODE);
    each agency text is resolved once for all rows naming it. All or nothing."""
    from django.db import transaction

    chosen = []
    for key, target in request.POST.items():
        if not key.startswith("target-") or not target:
            continue
        text = request.POST.get("agency-" + key[7:], "")
        if not text:
            continue
        if target.startswith("group:"):
            chosen.append((text, None, get_object_or_404(UnitGroup, code=target[6:])))
        else:
            chosen.append((text, get_object_or_404(OrgUnit, code=target), None))
    if not chosen:
        raise services.PlanError("no_target", _("Hãy chọn đơn vị cho ít nhất một cơ quan."))
    with transaction.atomic():
        for text, unit, group in chosen:
            imp = services.plan_import_map_agency(imp=imp, user=request.user, text=text, unit=unit, group=group,
                                                  version=imp.version)
    return imp, len(chosen)


@login_and_role_required(*OFFICE)
def import_status(request, pk):
    """HTMX poll while a file is parsed: the job progress, then a redirect to the review screen."""
    imp = _get_import(request, pk)
    if imp.status == PlanImport.Status.PARSING:
        from cchc.core.jobs import reclaim_expired

        reclaim_expired()  # a parse whose worker died is retried or failed here too, not left "parsing"
        imp.refresh_from_db()
    if imp.status != PlanImport.Status.PARSING:
        resp = HttpResponse("")
        resp["HX-Redirect"] = reverse("plans:import_detail", args=[imp.pk])
        return resp
    return render(request, "plans/_import_status.html", {"imp": imp, "job": imp.job})


@require_POST
@login_and_role_required(*OFFICE)
def import_edit(request, pk):
    imp = _get_import(request, pk)
    op = request.POST.get("op", "cells")
    index = -1
    if ":" in op:
        op, _sep, raw = op.partition(":")
        index = int(raw) if raw.isdigit() else -1
    try:
        version = version_param(request.POST.get("version"))
    except ValueError:
        version = None
    try:
        if op in ("split", "merge", "delete"):
            imp = _save_cells(request, imp, version)
            services.plan_import_edit(imp=imp, user=request.user, op=op, index=index, version=imp.version)
        elif op == "map":
            review.check_version(version, imp.version)
            text = request.POST.get("agency", "")
            target = request.POST.get("target", "")
            unit = group = None
            if target.startswith("group:"):
                group = get_object_or_404(UnitGroup, code=target[6:])
            elif target:
                unit = get_object_or_404(OrgUnit, code=target)
            services.plan_import_map_agency(imp=imp, user=request.user, text=text, unit=unit, group=group,
                                            version=imp.version)
            messages.success(request, _("Đã gán “%(t)s” và ghi nhớ cho lần nhập sau.") % {"t": text})
        elif op == "map_many":
            imp = _save_cells(request, imp, version)
            imp, n = _map_many(request, imp)
            messages.success(request, _("Đã gán %(n)d cơ quan cho mọi dòng có tên đó và ghi nhớ cho lần nhập sau.")
                             % {"n": n})
        elif op == "province":
            imp = services.plan_import_set_province(imp=imp, user=request.user, name=request.POST.get("province", ""),
                                                    version=version)
            messages.success(request, _("Đã đặt tỉnh của kế hoạch: %(p)s.") % {"p": imp.draft.get("province")})
        elif op == "confirm":
            imp = _save_cells(request, imp, version)
            plan = services.plan_import_confirm(imp=imp, user=request.user, version=imp.version)
            messages.success(request, _("Đã xác nhận kế hoạch: %(n)d nhiệm vụ.") % {"n": plan.tasks.filter(
                is_active=True).count()})
            return redirect("plans:plan_detail", plan.pk)
        elif op == "reference":
            doc = services.plan_import_keep_as_reference(imp=imp, user=request.user, version=version)
            messages.success(request, _("Đã lưu “%(t)s” làm tài liệu tham khảo trong thư viện; không tạo nhiệm vụ.")
                             % {"t": doc.title})
            return redirect("plans:index")
        elif op == "cancel":
            services.plan_import_cancel(imp=imp, user=request.user)
            messages.info(request, _("Đã hủy lượt nhập."))
            return redirect("plans:index")
        else:
            _save_cells(request, imp, version)
            messages.success(request, _("Đã lưu các thay đổi."))
    except services.PlanError as exc:
        messages.error(request, exc.message)
    except review.VersionConflict as exc:
        messages.error(request, exc.message)
    return redirect(reverse("plans:import_detail", args=[imp.pk]) + "#rows")


def _save_cells(request, imp: PlanImport, version: int | None) -> PlanImport:
    cells = {}
    for key, value in request.POST.items():
        if not key.startswith("c-"):
            continue
        try:
            _, index, field = key.split("-", 2)
            index = int(index)
        except ValueError:
            continue
        if field in (*drafts.TEXT_FIELDS, *drafts.LIST_FIELDS):
            cells[(index, field)] = value
    if cells:
        return services.plan_import_edit(imp=imp, user=request.user, op="cells", cells=cells, version=version)
    review.check_version(version, imp.version)
    return imp


# ---------------------------------------------------------------------------- reporting

MY_WORK_SORTS = {"due": ("due_date",), "period": ("period", "due_date"), "task": ("task__order",),
                 "unit": ("unit__name", "due_date"), "status": ("status", "due_date")}
APPROVAL_SORTS = {"submitted": ("submitted_at",), "task": ("occurrence__plan_id", "occurrence__task__order")}
LATE_SORTS = {"due": ("due_date",), "task": ("plan_id", "task__order"), "unit": ("unit__name", "due_date"),
              "status": ("status", "due_date")}


@login_and_role_required()
def my_work(request):
    """"Việc của đơn vị tôi": open, returned, late and due-soon work with badges; reports awaiting my approval."""
    today = _today(request)
    show = request.GET.get("show", "")
    show = show if show in selectors.WORK_FILTERS else ""
    plan = id_param(request.GET.get("plan"), name="plan")  # a bad value is a 400 with a message (EdgeGuard)
    user = request.user
    may_report = access.edits_all(user) or any(access.can_edit_unit(user, u) for u in access.user_units(user))
    import_errors = []
    if request.method == "POST":  # "Nhập báo cáo từ Excel": many lines at once
        if not may_report:
            raise PermissionDenied
        import_errors = _reports_import(request)
        if not import_errors:
            return redirect(request.get_full_path())
    elif request.GET.get("template") and may_report:
        lines = selectors.occurrences_reportable(user, today=today, show=show, plan=plan)
        resp = HttpResponse(services.progress_report_template_xlsx(user=user, occurrences=lines, today=today),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="bao-cao-tien-do-{today.isoformat()}.xlsx"'
        return resp
    listing = paginate(request, selectors.unit_work(request.user, today=today, show=show, plan=plan, limit=None),
                       sorts=MY_WORK_SORTS, default="due")
    items = selectors.inherited_notes(request.user, [] if show == "approval" else list(listing.page))
    approvals = paginate(request, selectors.leader_queue(request.user), sorts=APPROVAL_SORTS, default="submitted",
                         prefix="a") if show in ("", "approval") else None
    if approvals:
        selectors.inherited_notes(request.user, approvals.page)
    for o in items:
        o.timing_code = o.timing(today)
    return render(request, "plans/my_work.html", {
        "items": items, "listing": listing, "today": today, "show": show, "plan": plan,
        "counts": selectors.unit_work_counts(request.user, today=today),
        "approvals": approvals.page if approvals else [], "approval_listing": approvals,
        "soon_days": selectors.SOON_DAYS, "is_office": access.edits_all(request.user), "may_report": may_report,
        "import_errors": import_errors, "template_url": "?" + urlencode(
            {**{k: v for k, v in (("show", show), ("plan", plan)) if v and show != "approval"}, "template": 1}),
        "to_leader": any(access.leader_step_needed(user, u) for u in access.user_units(user)) if may_report else False,
    }, status=400 if import_errors else 200)


def _reports_import(request) -> list[str]:
    """The Excel upload of "Việc của đơn vị tôi": its problems (nothing written), or [] and a message of what was
    saved, sent and skipped."""
    upload = request.FILES.get("file")
    if upload is None:
        return [_("Hãy chọn tệp Excel đã điền (mẫu tải từ trang này).")]
    try:
        check_upload_size(upload.size, upload.name)
    except IntakeError as exc:
        return [exc.message]
    submit = request.POST.get("action") == "submit"
    out = services.progress_reports_import_xlsx(user=request.user, data=upload.read(), filename=upload.name,
                                                submit=submit)
    if not out.ok:
        return out.messages()
    done = _("Đã gửi %(n)d báo cáo") % {"n": out.submitted} if submit else \
        _("Đã lưu nháp %(n)d báo cáo") % {"n": out.saved}
    if out.to_leader:
        done += _(" (%(n)d báo cáo chờ lãnh đạo đơn vị duyệt)") % {"n": out.to_leader}
    if out.submitted or out.saved:
        messages.success(request, _("%(done)s từ tệp %(file)s; bỏ qua %(skipped)d dòng chưa điền hoặc không thay "
                                    "đổi.") % {"done": done, "file": upload.name, "skipped": out.skipped})
    else:
        messages.warning(request, _("Tệp %(file)s: không có dòng nào được báo cáo — %(skipped)d dòng chưa điền hoặc "
                                    "không thay đổi so với mẫu.") % {"file": upload.name, "skipped": out.skipped})
    return []


def _submit_message(report) -> str:
    if report.review_state == review.LEADER_REVIEW:
        return _("Đã gửi báo cáo tới lãnh đạo đơn vị duyệt.")
    return _("Đã gửi báo cáo tới Phòng CCHC.")


def _report_data(post) -> dict:
    return {f: post.get(f, "") for f in services.REPORT_FIELDS}


@login_and_role_required()
def occurrence_detail(request, pk):
    o = selectors.occurrence_get(request.user, pk)
    user = request.user
    selectors.inherited_notes(user, [o])
    can_edit = access.can_edit_unit(user, o.unit)
    current = services.occurrence_open_report(o)
    errors, conflict = {}, None
    deadline_errors, deadline_form = [], {}
    if request.method == "POST" and request.POST.get("form") == "deadline":
        deadline_form = {"to_date": request.POST.get("to_date", ""), "reason": request.POST.get("reason", ""),
                         "every_unit": request.POST.get("every_unit") == "1"}
        try:
            message = _deadline_post(user, o, deadline_form)
            messages.success(request, message)
            return redirect(reverse("plans:occurrence_detail", args=[o.pk]) + "#deadline")
        except services.PlanError as exc:
            deadline_errors = [exc.message]
    if request.method == "POST" and not deadline_form:
        if not can_edit:
            raise PermissionDenied
        data = _report_data(request.POST)
        try:
            version = version_param(request.POST.get("version"))
            report = current
            if report is not None and request.POST.get("report") and str(report.pk) != request.POST.get("report"):
                raise review.VersionConflict(version or 0, report.version)
            files = [(f.name, f.read()) for f in request.FILES.getlist("evidence")]
            report = services.progress_report_save(occurrence=o, user=user, data=data, report=report,
                                                   expected_version=version, evidence=files,
                                                   submit=request.POST.get("action") == "submit")
            messages.success(request, _submit_message(report) if request.POST.get("action") == "submit"
                             else _("Đã lưu báo cáo (chưa gửi)."))
            return redirect("plans:occurrence_detail", o.pk)
        except ValidationError as exc:
            errors = exc.message_dict
        except review.VersionConflict as exc:
            conflict = exc.message
        except (review.TransitionError, services.PlanError) as exc:
            errors = {"__all__": [exc.message]}
        current = services.occurrence_open_report(o)
        form = data
    history = list(selectors.report_history(o))
    if request.method != "POST" or deadline_form:
        # the open report as it stands; else a new one starting from the last report sent (a follow-up report
        # updates what was reported, it does not start again from 0 %)
        start = selectors.report_starts([o.pk])[0].get(o.pk)
        form = ({f: getattr(start, f) for f in services.REPORT_FIELDS} if start
                else {"status": "in_progress", "percent": 0})
    form = {**dict.fromkeys(services.REPORT_FIELDS, ""), **{k: v for k, v in form.items() if v is not None}}
    if hasattr(form["completed_on"], "isoformat"):
        form["completed_on"] = form["completed_on"].isoformat()
    can_review = access.edits_all(user)
    can_lead = access.can_lead_unit(user, o.unit)
    for r in history:
        r.flags = r.review_flags(can_edit=can_edit, can_review=can_review, can_lead=can_lead)
        r.transitions = transitions_of(r)
    status = 409 if conflict else 400 if errors or deadline_errors else 200
    changes = list(selectors.deadline_changes_of(o))
    return render(request, "plans/occurrence_detail.html", {
        "deadline_changes": changes, "deadline_errors": deadline_errors, "deadline_form": deadline_form,
        "deadline_pending": next((c for c in changes if c.state == c.State.REQUESTED), None),
        "may_request_deadline": can_edit and not access.edits_all(user) and o.status in occ.OPEN_STATUSES,
        "may_set_deadline": access.edits_all(user) and o.status != occ.NOT_APPLICABLE,
        "same_due_others": (selectors.occurrence_same_due_others(user, o).count()
                            if access.edits_all(user) and o.status != occ.NOT_APPLICABLE else 0),
        "o": o, "current": current, "history": history, "form": form, "errors": errors, "conflict": conflict,
        "can_edit": can_edit and not o.reports.filter(review_state__in=review.PENDING_STATES).exists(),
        "latest": history[0] if history else None,
        # a line done and accepted: a further report is an addition, offered folded
        "supplement": (current is None and o.status in occ.DONE_STATUSES and bool(history)
                       and history[0].review_state == review.ACCEPTED),
        "to_leader": can_edit and access.leader_step_needed(user, o.unit),
        "statuses": Status.choices, "timing": o.timing(_today(request)),
    }, status=status)


def _deadline_post(user, o, form: dict) -> str:
    """The occurrence page's due-date form: the unit asks, the office moves. Returns the success message."""
    if access.edits_all(user):
        services.deadline_change_set(user=user, occurrence=o, to_date=form["to_date"], reason=form["reason"],
                                     every_unit=form["every_unit"])
        return _("Đã điều chỉnh hạn của mọi đơn vị có cùng hạn; các đơn vị được thông báo.") if form["every_unit"] \
            else _("Đã điều chỉnh hạn; đơn vị được thông báo.")
    services.deadline_change_request(user=user, occurrence=o, to_date=form["to_date"], reason=form["reason"])
    return _("Đã gửi đề nghị gia hạn tới Phòng CCHC.")


@require_POST
@login_and_role_required(*OFFICE)
def deadline_decide(request, pk):
    change = get_object_or_404(selectors.deadline_requests(request.user, pending=False), pk=pk)
    try:
        services.deadline_change_decide(user=request.user, change=change,
                                        approve=request.POST.get("action") == "approve",
                                        comment=request.POST.get("comment", ""),
                                        to_date=request.POST.get("to_date") or None)
        messages.success(request, _("Đã trả lời đề nghị gia hạn; đơn vị được thông báo."))
    except services.PlanError as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "queue":
        return redirect("plans:deadline_requests")
    return redirect(reverse("plans:occurrence_detail", args=[change.occurrence_id]) + "#deadline")


DEADLINE_SORTS = {"asked": ("requested_at", "pk"), "unit": ("occurrence__unit__name", "requested_at"),
                  "due": ("from_date", "pk")}


@login_and_role_required()
def deadline_requests(request):
    """Requests to move a due date: the office's queue of those waiting; a unit's own, answered or not."""
    office = access.edits_all(request.user)
    listing = paginate(request, selectors.deadline_requests(request.user, pending=office), sorts=DEADLINE_SORTS,
                       default="asked" if office else "-asked")
    return render(request, "plans/deadline_requests.html", {"changes": listing.page, "listing": listing,
                                                            "is_office": office})


@require_POST
@login_and_role_required()
def report_action(request, pk):
    report = selectors.report_get(request.user, pk)
    action = request.POST.get("action", "")
    try:
        version = version_param(request.POST.get("version"))
        services.progress_report_transition(report=report, user=request.user, action=action,
                                            comment=request.POST.get("comment", ""), expected_version=version)
        messages.success(request, _("Đã cập nhật trạng thái báo cáo."))
    except review.TransitionError as exc:
        if exc.code == "forbidden":
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    nxt = request.POST.get("next")
    if nxt == "queue":
        return redirect("plans:review_queue")
    if nxt == "approval":
        return redirect(reverse("plans:my_work") + "?show=approval")
    return redirect("plans:occurrence_detail", report.occurrence_id)


@require_POST
@login_and_role_required(access.ADMIN, access.PAR_OFFICE, access.UNIT_LEADER)
def reports_decide_picked(request):
    """The ticked reports decided in one go (all or none): accepted from the office's queue, approved from the
    leader's "Chờ tôi duyệt"."""
    action = review.APPROVE if request.POST.get("action") == review.APPROVE else review.ACCEPT
    try:
        picks = [(id_param(pk, name="pick"), version_param(v)) for pk, _sep, v in
                 (x.partition(":") for x in request.POST.getlist("pick"))]
        n = services.progress_reports_decide(user=request.user, picks=picks, action=action,
                                             comment=request.POST.get("comment", ""))
        messages.success(request, _("Đã duyệt %(n)s báo cáo, chuyển Phòng CCHC.") % {"n": n}
                         if action == review.APPROVE else _("Đã chấp nhận %(n)s báo cáo.") % {"n": n})
    except (review.TransitionError, BadParameter) as exc:
        messages.error(request, exc.message)
    if action == review.APPROVE:
        return redirect(reverse("plans:my_work") + "?show=approval")
    query = (request.POST.get("query") or "")[:500]
    return redirect(reverse("plans:review_queue") + (f"?{query}" if query else ""))


@login_and_role_required()
def evidence_download(request, pk):
    # another unit's evidence is "not found" (a 403 would confirm that it exists)
    ev = access.get_unit_scoped_or_404(request.user, Evidence.objects.select_related("report__unit"),
                                       field="report__unit", pk=pk)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.name)


REVIEW_QUEUE_SORTS = {"submitted": ("submitted_at",), "unit": ("unit__name", "submitted_at"),
                      "task": ("occurrence__plan_id", "occurrence__task__order", "submitted_at")}


@login_and_role_required(access.ADMIN, access.PAR_OFFICE, access.APPRAISER, access.UNIT_LEADER)
def review_queue(request):
    if not access.sees_all(request.user):  # a unit leader reviews on the unit's work page
        return redirect(reverse("plans:my_work") + "?show=approval")
    unit = (request.GET.get("unit") or "").strip()[:64]
    listing = paginate(request, selectors.review_queue(request.user, unit=unit), sorts=REVIEW_QUEUE_SORTS,
                       default="submitted")
    return render(request, "plans/review_queue.html", {
        "reports": listing.page, "listing": listing, "unit": unit,
        "unit_choices": selectors.review_queue_units(request.user), "can_review": access.edits_all(request.user)})


# ---------------------------------------------------------------------------- dashboard and exports

def _xlsx(filename: str, title: str, headers: list[str], rows) -> HttpResponse:
    """A list as .xlsx through the shared writer (cchc.core.excel.write_xlsx): a named sheet, bold frozen header with
    a filter, widths from the content, due dates as dates shown dd/mm/yyyy."""
    from cchc.core.excel import write_xlsx

    resp = HttpResponse(write_xlsx([(title, headers, rows)]),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def _export_name(stem: str, f, today) -> str:
    """"nhiem-vu-qua-han-2024Q1.xlsx" for a filtered period, else the day the list was taken."""
    return f"{stem}-{f.period or today.isoformat()}.xlsx"


RATE_HEADERS = ["Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Hoàn thành", "Quá hạn", "Tỷ lệ báo cáo (%)",
                "Tỷ lệ đúng hạn (%)", "Tỷ lệ hoàn thành (%)"]


def _rate_cells(r):
    return [r["expected"], r["reported"], r["on_time_n"], r["done"], r["late"], r["completeness"], r["timeliness"],
            r["completion"]]


def _export(table: str, user, f, today, request=None):
    qs = selectors.occurrences_filter(selectors.occurrences_scoped(user), f)
    if table in ("units", "areas"):
        # the line "Tổng cộng" under the table, as the dashboard shows it (the exports had no total)
        total = selectors.rates_total(qs, today)
        if table == "units":
            return _xlsx(_export_name("hoan-thanh-theo-don-vi", f, today), "Theo đơn vị",
                         ["Mã đơn vị", "Đơn vị", *RATE_HEADERS],
                         [*([r["unit_code"], r["unit_name"], *_rate_cells(r)] for r in selectors.rates_by_unit(qs, today)),
                          ["", "Tổng cộng", *_rate_cells(total)]])
        return _xlsx(_export_name("hoan-thanh-theo-linh-vuc", f, today), "Theo lĩnh vực", ["Lĩnh vực", *RATE_HEADERS],
                     [*([r["area_label"], *_rate_cells(r)] for r in selectors.rates_by_area(qs, today)),
                      ["Tổng cộng", *_rate_cells(total)]])
    if table == "trend":
        return _xlsx(_export_name("xu-huong-theo-quy", f, today), "Theo quý", ["Kỳ", *RATE_HEADERS],
                     ([r["label"], *_rate_cells(r)] for r in selectors.occurrences_trend(qs, today)))
    if table == "late":
        items = selectors.occurrences_with_owners(list(export_rows(request, selectors.occurrences_late(qs, today), sorts=LATE_SORTS,
                                                       default="due")), today)
        return _xlsx(_export_name("nhiem-vu-qua-han", f, today), "Nhiệm vụ quá hạn",
                     ["Kế hoạch", "Số TT", "Nhiệm vụ", "Đơn vị", "Đầu mối", "Kỳ", "Hạn", "Hạn theo kế hoạch",
                      "Số ngày quá hạn", "Tình trạng", "Ghi chú về đơn vị"],
                     ([o.plan.title, o.task.number, o.task.title, o.unit.name, ", ".join(o.owners), period_label(o.period),
                       o.due_date, o.original_due_date or o.due_date, o.days_late, o.get_status_display(), o.unit_note]
                      for o in items))
    if table == "targets":
        s = selectors.targets_summary(user, f)
        return _xlsx(_export_name("chi-tieu", f, today), "Chỉ tiêu",
                     ["Kế hoạch", "Chỉ tiêu", "Giá trị", "So sánh", "Cấp", "Số đơn vị có số liệu", "Đạt", "Không đạt"],
                     ([r["target"].plan.title, r["target"].label, r["target"].value, r["target"].comparator,
                       r["target"].level, r["units"], r["attained"], r["missed"]] for r in s["targets"]))
    raise Http404


def _filter_context(request, f):
    plans = selectors.plan_list(request.user).values_list("pk", "title")
    from cchc.org.selectors import unit_choices

    units = unit_choices(timezone.localdate(), user=request.user)
    return {"f": f, "plan_choices": list(plans), "unit_choices": units, "area_choices": Area.choices}


@login_and_role_required()
def dashboard(request):
    f = selectors.Filters.from_query(request.GET)
    today = _today(request)
    if request.GET.get("export"):
        return _export(request.GET["export"], request.user, f, today, request)
    data = selectors.plans_dashboard(request.user, f, today=today)
    chart = {
        "areas": {"labels": [r["area_label"] for r in data["by_area"]],
                  "completion": [r["completion"] or 0 for r in data["by_area"]],
                  "completeness": [r["completeness"] or 0 for r in data["by_area"]]},
        # a quarter with nothing due has no rate (a gap in the line, not a fall to 0)
        "trend": {"labels": [r["label"] for r in data["trend"]],
                  "completeness": [r["completeness"] for r in data["trend"]],
                  "timeliness": [r["timeliness"] for r in data["trend"]],
                  "completion": [r["completion"] for r in data["trend"]],
                  "expected": [r["expected"] for r in data["trend"]]},
    }
    return render(request, "plans/dashboard.html", {**data, **_filter_context(request, f), "chart": chart,
                                                    "today": today, "query": f.as_query()})


@login_and_role_required()
def late(request):
    f = selectors.Filters.from_query(request.GET)
    today = _today(request)
    if request.GET.get("export"):
        return _export("late", request.user, f, today, request)
    qs = selectors.occurrences_filter(selectors.occurrences_scoped(request.user), f)
    listing = paginate(request, selectors.occurrences_late(qs, today), sorts=LATE_SORTS, default="due")
    items = selectors.inherited_notes(request.user, selectors.occurrences_with_owners(list(listing.page), today))
    return render(request, "plans/late.html", {"items": items, "total": listing.total, "today": today,
                                               "listing": listing, "query": f.as_query(),
                                               **_filter_context(request, f)})


# ---------------------------------------------------------------------------- targets and measurements

@login_and_role_required()
def targets(request, pk):
    plan = selectors.plan_get(request.user, pk)
    units = [u for u in access.user_units(request.user) if access.can_edit_unit(request.user, u)]
    unit = None
    if request.GET.get("unit") or request.POST.get("unit"):
        unit = access.get_unit_scoped_or_404(request.user, OrgUnit.objects.all(), field="",
                                             code=request.GET.get("unit") or request.POST.get("unit"))
    elif units:
        unit = units[0]
    period = period_param(request.GET.get("period") or request.POST.get("period"),
                          default=str(timezone.localdate().year))
    errors = []
    if request.method == "POST":
        if unit is None:
            raise Http404
        if request.FILES.get("file"):
            out = services.measurement_import_xlsx(data=request.FILES["file"].read(), user=request.user, plan=plan,
                                                   filename=request.FILES["file"].name)
            errors = out["errors"]
            if not errors:
                messages.success(request, _("Đã nhập %(n)d số liệu từ tệp Excel.") % {"n": out["saved"]})
        else:
            values = {t.pk: (request.POST.get(f"value-{t.pk}", "").strip(),
                             version_param(request.POST.get(f"version-{t.pk}"), name=f"version-{t.pk}"))
                      for t in plan.targets.all()}
            errors = services.measurements_save_form(plan=plan, unit=unit, period=period, user=request.user,
                                                     values=values)
            if not errors:
                messages.success(request, _("Đã lưu số liệu."))
        if not errors:
            return redirect(f"{reverse('plans:targets', args=[plan.pk])}?unit={unit.code}&period={period}")
    if request.GET.get("template") and unit is not None:
        data = services.measurement_template_xlsx(plan=plan, unit=unit, period=period)
        resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{period}.xlsx"'
        return resp
    current = {}
    if unit is not None:
        from cchc.plans.models import Measurement

        current = {m.target_id: m for m in Measurement.objects.filter(target__plan=plan, unit=unit, period=period)}
    from cchc.plans import occurrences as occ

    rows = []
    for t in plan.targets.all():
        m = current.get(t.pk)
        rows.append({"t": t, "m": m, "ok": occ.attained(m.value if m else None, t.value, t.comparator, t.value_max)})
    return render(request, "plans/targets.html", {
        "plan": plan, "rows": rows, "unit": unit, "units": units, "period": period, "errors": errors,
        "can_edit": unit is not None and access.can_edit_unit(request.user, unit)}, status=400 if errors else 200)
