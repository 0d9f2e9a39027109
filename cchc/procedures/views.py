"""Procedure catalogue screens. Thin: reads in selectors, writes in services. Everyone signed in reads; the CCHC
office (and admins) upload decisions, confirm imports and import .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.intake import IntakeError, check_upload_size, max_upload_bytes
from cchc.core.listing import export_rows, paginate
from cchc.org import access
from cchc.org.access import login_and_role_required
from cchc.procedures import selectors, services
from cchc.procedures.models import Level, Online, Procedure, ProcedureImport, Status

OFFICE = (access.ADMIN, access.PAR_OFFICE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTS = {"code": ("code",), "name": ("name", "code"), "field": ("field", "code"), "updated": ("-updated_at",)}


@login_and_role_required()
def index(request):
    qs = selectors.procedures_search(request.GET)
    if request.GET.get("format") == "xlsx":
        resp = HttpResponse(services.procedures_export_xlsx(export_rows(request, qs, sorts=SORTS, default="code")),
                            content_type=XLSX)
        resp["Content-Disposition"] = 'attachment; filename="danh-muc-tthc.xlsx"'
        return resp
    listing = paginate(request, qs, sorts=SORTS, default="code")
    counts = selectors.status_counts()
    return render(request, "procedures/index.html", {
        "listing": listing, "params": request.GET, "fields": selectors.field_choices(),
        "agencies": selectors.agency_choices(), "levels": Level.choices, "onlines": Online.choices,
        "statuses": Status.choices, "is_office": access.edits_all(request.user),
        "status_badges": [(v, label, counts.get(v, 0)) for v, label in Status.choices]})


@login_and_role_required()
def detail(request, code: str):
    p = get_object_or_404(Procedure.objects.select_related("agency", "decision"), code=code)
    events = list(selectors.procedure_history(p))
    for e in events:
        e.change_rows = [(str(services.FIELD_LABELS.get(k, k)), a, b) for k, (a, b) in e.changes.items()]
    return render(request, "procedures/detail.html", {"p": p, "events": events})


@login_and_role_required(*OFFICE)
def upload(request):
    error, xlsx_errors = None, []
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            error = _("Hãy chọn tệp quyết định công bố (.docx, .pdf, .txt) hoặc tệp Excel (.xlsx).")
        else:
            try:
                check_upload_size(f.size, f.name)
                data = f.read()
                if f.name.lower().endswith(".xlsx"):
                    counts, xlsx_errors = services.procedures_import_xlsx(user=request.user, data=data, filename=f.name)
                    if not xlsx_errors:
                        messages.success(request, _("Đã nhập tệp Excel: %(a)d thêm mới, %(m)d sửa đổi, %(b)d bãi bỏ, "
                                                    "%(u)d không đổi.") % {"a": counts["added"], "m": counts["amended"],
                                                                           "b": counts["abolished"],
                                                                           "u": counts["unchanged"]})
                        return redirect("procedures:index")
                    error = _("Tệp Excel có lỗi, chưa nhập dòng nào:")
                else:
                    imp = services.procedure_import_create(user=request.user, data=data, filename=f.name)
                    return redirect("procedures:preview", imp.pk)
            except (services.ProcedureError, IntakeError) as exc:
                error = exc.message
    return render(request, "procedures/upload.html", {
        "error": error, "xlsx_errors": xlsx_errors, "max_mb": max_upload_bytes() // 1048576},
        status=400 if error else 200)


@login_and_role_required(*OFFICE)
def preview(request, pk: int):
    imp = get_object_or_404(ProcedureImport, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "discard":
                services.procedure_import_discard(user=request.user, imp=imp)
                messages.info(request, _("Đã hủy bản nhập."))
                return redirect("procedures:upload")
            counts = services.procedure_import_apply(user=request.user, imp=imp)
        except services.ProcedureError as exc:
            messages.error(request, exc.message)
            return redirect("procedures:preview", imp.pk)
        messages.success(request, _("Đã cập nhật danh mục: %(a)d thêm mới, %(m)d sửa đổi, %(b)d bãi bỏ, %(u)d không "
                                    "đổi.") % {"a": counts["added"], "m": counts["amended"], "b": counts["abolished"],
                                               "u": counts["unchanged"]})
        return redirect("procedures:index")
    rows = services.draft_preview_rows(imp.draft) if imp.state == ProcedureImport.State.PENDING else []
    labels = (("status", dict(Status.choices)), ("level", dict(Level.choices)), ("online", dict(Online.choices)))
    for r in rows:
        for key, names in labels:
            r[f"{key}_label"] = names.get(r.get(key), "")
        r["changed"] = [str(services.FIELD_LABELS.get(k, k)) for k in r["changes"]]
    actions = {a: sum(1 for r in rows if r["action"] == a) for a in ("add", "amend", "abolish", "unchanged")}
    return render(request, "procedures/preview.html", {
        "imp": imp, "draft": imp.draft, "rows": rows, "actions": actions,
        "issued_on": services.issue_date_of(imp.draft)})


@require_POST
@login_and_role_required(*OFFICE)
def discard(request, pk: int):
    imp = get_object_or_404(ProcedureImport, pk=pk)
    services.procedure_import_discard(user=request.user, imp=imp)
    return redirect("procedures:upload")
