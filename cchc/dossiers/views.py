"""The office's 766 page: units with their points for a month range, drill-down to the late dossiers, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.excel import write_xlsx
from cchc.core.periods import label_of
from cchc.dossiers import engine, selectors
from cchc.org.access import edits_all, login_and_role_required
from cchc.procedures.selectors import names_for_codes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = ("2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4")


def _period(request):
    """?from=YYYY-MM&to=YYYY-MM (default: January to the current month); a bad value is said and replaced."""
    today = timezone.localdate()
    default = (f"{today.year}-01", f"{today.year}-{today.month:02d}")
    f, t = request.GET.get("from") or default[0], request.GET.get("to") or default[1]
    try:
        start, end = engine.month_range(f, t)
    except engine.DossierError as exc:
        messages.error(request, str(exc))
        f, t = default
        start, end = engine.month_range(f, t)
    return f, t, start, end


def _row(u):
    by_id = {i["id"]: i for i in u["indicators"]}
    return {"unit": u, "name": u["org_unit"]["name"] if u.get("org_unit") else u["unit_id"],
            "cells": [by_id.get(k) for k in SHOWN], "groups": u["groups"]}


@login_and_role_required()
def index(request):
    f, t, start, end = _period(request)
    result = selectors.unit_scores(request.user, start, end)
    rows = sorted((_row(u) for u in result["units"]), key=lambda r: (-(r["unit"]["total"] or 0), r["name"]))
    selectors.rows_rank(rows, lambda r: r["unit"]["total"])
    if request.GET.get("format") == "xlsx":
        headers = [_("Đơn vị"), _("Mã"), _("Tổng điểm"), _("Điểm tính được tối đa")]
        for k in SHOWN:  # each indicator named, as the 766 report heads its columns (the code alone said nothing)
            name, pmax = engine.INDICATORS[k][1], engine.INDICATORS[k][2]
            headers += [f"{k}. {name}: " + _("tỷ lệ (%)"), f"{k}. " + _("Điểm (tối đa %(n)s)") % {"n": pmax}]
        headers.append(_("Hạng"))
        data = []
        for r in rows:
            line = [r["name"], r["unit"]["unit_id"], r["unit"]["total"], r["unit"]["total_max_available"]]
            for c in r["cells"]:
                line += [c["ratio"] if c else None, c["points"] if c else None]
            data.append(line + [r["rank"]])
        notes = [[a] for a in result["assumptions"]]
        resp = HttpResponse(write_xlsx([(_("Chỉ số 766"), headers, data), (_("Giả định"), [_("Giả định")], notes)]),
                            content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="chi-so-766-{f}-{t}.xlsx"'
        return resp
    levels = [_row(u) | {"name": u["label"]} for u in selectors.level_scores(request.user, start, end)]
    fields = [_row(u) | {"name": u["label"]} for u in selectors.field_scores(request.user, start, end)]
    return render(request, "dossiers/index.html", {"rows": rows, "shown": SHOWN, "from": f, "to": t,
                                                   "assumptions": result["assumptions"], "levels": levels,
                                                   "fields": fields,
                                                   "is_office": edits_all(request.user)})


PAGE = 100


@login_and_role_required()
def unit(request, code):
    """One unit: the figures month by month (trend), per procedure, and the way to the late dossiers."""
    f, t, start, end = _period(request)
    detail = selectors.unit_detail(request.user, code, start, end)
    months = [_row(m) | {"month": m["month"]} for m in (detail["unit"] or {}).get("months", [])]
    procedures = sorted((_row(p) for p in detail["procedures"]),
                        key=lambda r: (-(r["unit"]["received"] or 0), r["name"]))
    fields = [_row(u) | {"name": u["label"]} for u in selectors.field_scores(request.user, start, end, unit=code)]
    catalogue = names_for_codes(r["name"] for r in procedures)  # the procedure catalogue names the codes
    for r in procedures:
        r["procedure"] = catalogue.get(r["name"])
    return render(request, "dossiers/unit.html", {
        "code": code, "org_unit": detail["org_unit"], "total": _row(detail["unit"]) if detail["unit"] else None,
        "months": months, "procedures": procedures, "fields": fields, "shown": SHOWN, "from": f, "to": t,
        "assumptions": detail["assumptions"]})


@login_and_role_required()
def late(request, code):
    f, t, start, end = _period(request)
    if request.GET.get("format") == "xlsx":
        rows = selectors.dossiers_late(request.user, code, start, end, limit=100000)
        headers = [_("Mã hồ sơ"), _("Mã TTHC"), _("Ngày tiếp nhận"), _("Ngày hẹn trả"), _("Ngày kết thúc"),
                   _("Số lần yêu cầu bổ sung"), _("Lý do tính trễ hạn"), _("Tồn kỳ trước")]
        data = [[r["dossier_id"], r["tthc_code"], r["received_at"], r["due"], r["finished"], r["supplement_count"],
                 r["reason"], _("có") if r["carried_over"] else ""] for r in rows]
        resp = HttpResponse(write_xlsx([(_("Hồ sơ trễ hạn"), headers, data)]), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="ho-so-tre-han-{code}-{f}-{t}.xlsx"'
        return resp
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    rows = selectors.dossiers_late(request.user, code, start, end, limit=PAGE + 1, offset=(page - 1) * PAGE)
    has_next = len(rows) > PAGE
    rows = rows[:PAGE]
    catalogue = names_for_codes(r["tthc_code"] for r in rows)
    for r in rows:
        r["procedure"] = catalogue.get(r["tthc_code"])
    return render(request, "dossiers/late.html", {"rows": rows, "code": code, "from": f, "to": t,
                                                  "org_unit": selectors.unit_for_code(request.user, code),
                                                  "period_label": selectors.period_label(f, t),
                                                  "page": page, "has_next": has_next,
                                                  "first_number": (page - 1) * PAGE + 1})


# ---------------------------------------------------------------- import screen (office)

OFFICE = ("admin", "par_office")


@login_and_role_required(*OFFICE)
def imports(request):
    """Upload an export (CSV/XLSX/Parquet) for a source; the list of the latest imports."""
    from cchc.dossiers.models import DossierImport, DossierSource
    from cchc.dossiers.services import dossier_import_upload, upload_max_bytes

    error = None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            error = _("Hãy chọn tệp xuất từ hệ thống một cửa.")
        else:
            try:
                imp = dossier_import_upload(user=request.user, uploaded=uploaded, source=request.POST.get("source", ""))
                return redirect("dossiers:import_detail", pk=imp.pk)
            except engine.DossierError as exc:
                error = str(exc)
    recent = DossierImport.objects.select_related("source", "created_by")[:30]
    return render(request, "dossiers/imports.html", {
        "error": error, "recent": recent, "sources": DossierSource.objects.all(),
        "max_mb": upload_max_bytes() // 1024 // 1024, "source": request.POST.get("source", "")})


def _mapping_rows(imp):
    from cchc.dossiers.columns import COLUMNS, REQUIRED

    choices = [("", _("— không dùng —"))] + [(c, f"{COLUMNS[c][0]} ({c})") for c in COLUMNS]
    rows = []
    for i, h in enumerate(imp.headers):
        sample = [r[i] for r in imp.preview if i < len(r)]
        rows.append({"i": i, "header": h, "value": imp.mapping.get(h, ""), "sample": ", ".join(s for s in sample if s),
                     "required": imp.mapping.get(h, "") in REQUIRED})
    return rows, choices


@login_and_role_required(*OFFICE)
def import_detail(request, pk):
    """Confirm or fix the mapping, follow the job, read the refused rows; import the valid rows of a refused file."""
    from django.shortcuts import get_object_or_404

    from cchc.dossiers import services
    from cchc.dossiers.models import DossierImport

    imp = get_object_or_404(DossierImport.objects.select_related("source", "job"), pk=pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                mapping = {h: request.POST.get(f"map-{i}", "") for i, h in enumerate(imp.headers)}
                services.dossier_import_confirm(imp, user=request.user, mapping=mapping,
                                        accept_valid=bool(request.POST.get("accept_valid")))
            elif action == "accept_valid":
                services.dossier_import_confirm(imp, user=request.user, mapping=imp.mapping, accept_valid=True)
            elif action == "cancel":
                services.dossier_import_cancel(imp, user=request.user)
            return redirect("dossiers:import_detail", pk=imp.pk)
        except engine.DossierError as exc:
            error = str(exc)
            if action == "confirm":  # keep what the user chose on the screen
                imp.mapping = {h: request.POST.get(f"map-{i}", "") for i, h in enumerate(imp.headers)}
    report = imp.report or {}
    if request.GET.get("format") == "xlsx" and report.get("refused"):
        headers = [_("Tệp"), _("Dòng"), _("Cột"), _("Lý do")]
        data = [[imp.filename, r["row"], r["column"], r["message"]] for r in report["refused"]]
        resp = HttpResponse(write_xlsx([(_("Dòng bị từ chối"), headers, data)]), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="dong-loi-nhap-{imp.pk}.xlsx"'
        return resp
    rows, choices = _mapping_rows(imp)
    template = "dossiers/_import_status.html" if request.headers.get("HX-Request") else "dossiers/import_detail.html"
    return render(request, template, {
        "imp": imp, "rows": rows, "choices": choices, "error": error, "report": report,
        "running": imp.status in (DossierImport.Status.QUEUED, DossierImport.Status.RUNNING),
        "more_refused": max(0, report.get("refused_count", 0) - len(report.get("refused", [])))})


# ---------------------------------------------------------------- plan targets measured by an indicator (office)


@login_and_role_required(*OFFICE)
def links(request):
    from cchc.core.periods import KINDS, Period
    from cchc.dossiers import feeds, services
    from cchc.dossiers.models import TargetLink
    from cchc.plans.models import Target

    error, result = None, None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                target = Target.objects.filter(pk=request.POST.get("target") or 0).first()
                if target is None:
                    raise engine.DossierError(_("Hãy chọn chỉ tiêu của kế hoạch."))
                services.link_save(user=request.user, target=target, indicator=request.POST.get("indicator", ""),
                                   period_kind=request.POST.get("period_kind", "year"))
                return redirect("dossiers:links")
            if action == "delete":
                link = TargetLink.objects.filter(pk=request.POST.get("link") or 0).first()
                if link is not None:
                    services.link_delete(user=request.user, link=link)
                return redirect("dossiers:links")
            if action == "measure":
                result = feeds.measure_period(user=request.user, period=request.POST.get("period", ""))
                messages.success(request, _("Kỳ %(p)s: ghi %(n)s số đo, %(u)s không đổi.") % {
                    "p": label_of(result["period"]), "n": result["saved"], "u": result["unchanged"]})
        except (engine.DossierError, ValueError) as exc:
            error = str(exc)
    kinds = {"month": _("Tháng"), "quarter": _("Quý"), "half_year": _("6 tháng"), "year": _("Năm")}
    today = timezone.localdate()
    return render(request, "dossiers/links.html", {
        "links": TargetLink.objects.select_related("target__plan"), "error": error, "result": result,
        "targets": Target.objects.select_related("plan").order_by("-plan_id", "order")[:500],
        "indicators": [(k, v[1]) for k, v in engine.INDICATORS.items() if k in services.LINKABLE],
        "kinds": [(k, kinds[k]) for k in KINDS], "kind_labels": kinds,
        "period": request.POST.get("period") or Period.for_date("year", today).code})
