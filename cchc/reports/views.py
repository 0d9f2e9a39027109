"""Periodic report screens. Thin: writes in services, reads in selectors; a refused operation (CodedError) is a
message on the page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import review
from cchc.core.errors import CodedError
from cchc.core.intake import check_upload_size, max_upload_bytes
from cchc.core.params import BadParameter, id_param, year_param
from cchc.core.shortcuts import acting_on, flash_call, flash_redirect
from cchc.core.vndates import parse_date_vi
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.reports import catalog, documents, selectors, services
from cchc.reports.models import period_rule
from cchc.reports.periods import PERIOD_CHOICES, period_name


def _version(request):
    raw = request.POST.get("version")
    return int(raw) if raw and raw.isdigit() else None


# a form posted on one report: the service's refusal or success as a message, then the report's page
_on_report = acting_on(selectors.report_or_404, "reports:detail")


def _due_period() -> tuple[str, int]:
    return catalog.due_period(timezone.localdate(), period_rule())


def _period(request):
    """The period asked for; what is not given is the period being reported on now (``catalog.due_period``)."""
    due_kind, due_year = _due_period()
    year = year_param(request.GET.get("year") or request.POST.get("year"), default=due_year)
    kind = request.GET.get("period") or request.POST.get("period") or due_kind
    if kind not in catalog.PERIOD_KINDS:
        raise BadParameter("period", _("Kỳ báo cáo không hợp lệ."))
    return year, kind


@access.login_and_role_required()
def index(request):
    user = request.user
    today = timezone.localdate()
    due_kind, due_year = _due_period()
    try:
        year = year_param(request.GET.get("year"), default=due_year)
    except BadParameter:
        year = due_year
    visible = selectors.reports_visible(user)
    reports = visible.filter(year=year).order_by("period_kind", "level", "unit__name")
    # the years that hold reports, so that an empty year points to them (the demo's reports are of its plan's year)
    held = sorted(set(visible.order_by().values_list("year", flat=True).distinct()), reverse=True)
    return render(request, "reports/index.html", {
        "reports": reports, "year": year, "other_years": [y for y in held if y != year],
        "years": sorted({*range(today.year - 2, today.year + 2), *held}),
        "periods": PERIOD_CHOICES, "period": due_kind, "units": selectors.units_creatable(user),
        "is_office": access.edits_all(user)})


@require_POST
@access.login_and_role_required()
def create(request):
    def create_report():
        year, kind = _period(request)
        unit = OrgUnit.objects.filter(pk=id_param(request.POST.get("unit"), name="unit")).first()
        if unit is None or unit not in selectors.units_creatable(request.user):
            raise PermissionDenied(_("Bạn không lập được báo cáo cho đơn vị này."))
        return services.report_create(user=request.user, unit=unit, year=year, period_kind=kind)

    return flash_redirect(request, create_report, errors=(CodedError, BadParameter),
                          success=lambda r: _("Đã lập báo cáo %(p)s, số liệu lấy từ hệ thống.") % {"p": period_name(r.period_kind, r.year)},
                          to=lambda r: ("reports:detail", r.pk), failed_to="reports:index")


def _flags(user, report):
    can_edit = access.can_edit_unit(user, report.unit) and (
        report.level == catalog.UNIT or access.edits_all(user))
    f = report.review_flags(can_edit=can_edit, can_review=access.edits_all(user),
                            can_lead=access.can_lead_unit(user, report.unit))
    f["may_edit"] = f["may_edit"] and not report.frozen
    if report.level == catalog.PROVINCE:
        f.update(may_submit=False, may_approve=False, may_accept=False, may_return=False, may_reopen=False)
        f["may_issue"] = f["may_edit"]
    return f


@access.login_and_role_required()
def detail(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    annex = documents.annex_table(report)
    data = report.data or {}
    return render(request, "reports/detail.html", {
        "report": report, "flags": _flags(request.user, report), "sections": documents.sections(report),
        "annex": annex, "forms": catalog.FORM_TITLES, "blank": [r for r in annex if not r["heading"]
                                                                and r["source"] == ""],
        "filled": sum(1 for r in annex if r["source"] in ("data", "computed")),
        "manual_count": sum(1 for r in annex if r["source"] == "manual"),
        "title": catalog.report_title(report.period_kind, report.year, documents.subject(report)),
        "errors": data.get("errors", []), "sources": data.get("sources", []),
        "has_pdf": documents.libreoffice() is not None, "no_data": catalog.NO_DATA,
        "may_upload_signed": services.user_may_upload_signed(request.user, report),
        "max_upload_mb": round(max_upload_bytes() / 1048576),
        "transitions": _transitions(report), "completeness": selectors.report_completeness(report),
        "to_leader": access.leader_step_needed(request.user, report.unit)})


def _transitions(report):
    from cchc.core.reviewable import transitions_of

    return transitions_of(report)


def _typed(request, report) -> dict:
    """What the report's form holds: the sections' text, the figures typed in, the number and the signer."""
    p = request.POST
    narrative = {s.key: p.get(f"text_{s.key}", "") for s in catalog.sections_for(report.level)
                 if f"text_{s.key}" in p}
    manual = None
    if any(k.startswith("manual_") for k in p):
        manual = {}
        for key in catalog.ROWS:
            raw = p.get(f"manual_{key}")
            if raw is not None and raw.strip():
                manual[key] = {"value": raw, "note": p.get(f"mnote_{key}", "")}
    return {"narrative": narrative, "manual": manual, "number": p.get("number"), "signer_name": p.get("signer_name"),
            "signer_title": p.get("signer_title"), "expected_version": _version(request)}


@require_POST
@access.login_and_role_required()
def save(request, pk: int):
    """The report's form: "Lưu nội dung" saves it; the send button (action=submit) saves it and sends it."""
    if request.POST.get("action") == review.SUBMIT:
        return _on_report(request, pk, lambda report: services.report_save_and_submit(
            user=request.user, report=report, **_typed(request, report)),
            success=lambda report: _("Đã lưu nội dung và gửi báo cáo: %(s)s.") % {
                "s": report.get_review_state_display()})
    return _on_report(request, pk, lambda report: services.report_text_save(
        user=request.user, report=report, **_typed(request, report)), success=_("Đã lưu nội dung báo cáo."))


@require_POST
@access.login_and_role_required()
def regenerate(request, pk: int):
    return _on_report(request, pk, lambda report: services.report_regenerate(
        user=request.user, report=report, expected_version=_version(request)),
        success=_("Đã lấy lại số liệu từ hệ thống; nội dung đơn vị viết được giữ nguyên."))


@require_POST
@access.login_and_role_required()
def issue(request, pk: int):
    raw = request.POST.get("issued_on", "").strip()

    def issue_report(report):
        issued_on = parse_date_vi(raw) if raw else None
        if raw and issued_on is None:
            raise BadParameter("issued_on", _("Ngày ban hành không hợp lệ: «%(v)s» (dùng dd/mm/yyyy).") % {"v": raw[:20]})
        services.report_issue(user=request.user, report=report, number=request.POST.get("number", ""),
                              issued_on=issued_on, expected_version=_version(request))

    return _on_report(request, pk, issue_report, success=_("Đã ban hành báo cáo; số liệu đã được chốt."))


@require_POST
@access.login_and_role_required()
def review_action(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    action = request.POST.get("action", "")
    if action not in review.ACTIONS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("reports:detail", pk)
    flash_call(request, lambda: services.report_transition(user=request.user, report=report, action=action,
                                                           comment=request.POST.get("comment", ""),
                                                           expected_version=_version(request)),
               success=lambda _done: _("Báo cáo: %(s)s.") % {"s": report.get_review_state_display()})
    return redirect("reports:detail", pk)


@require_POST
@access.login_and_role_required()
def consolidate(request, pk: int):
    return _on_report(request, pk, lambda report: services.report_consolidate(
        user=request.user, report=report, expected_version=_version(request)),
        success=lambda done: _("Đã tổng hợp từ báo cáo của %(n)s đơn vị.") % {"n": len(done["units"])})


@require_POST
@access.login_and_role_required()
def remind(request):
    """The status page's "Nhắc các đơn vị chưa báo cáo": a notification to each unit not yet reported."""
    def remind_units():
        year, kind = _period(request)
        return year, kind, services.report_remind_missing(user=request.user, year=year, period_kind=kind)

    def said(done):
        out = done[2]
        text = _("Đã nhắc %(u)s đơn vị (%(p)s người nhận).") % {"u": out["units"], "p": out["people"]}
        if out["nobody"]:
            names = ", ".join(out["nobody"][:5]) + (" …" if len(out["nobody"]) > 5 else "")
            text += " " + _("%(n)s đơn vị chưa có tài khoản đầu mối CCHC hoặc lãnh đạo nên không nhắc được: "
                            "%(names)s.") % {"n": len(out["nobody"]), "names": names}
        return text

    show = "&show=missing" if request.POST.get("show") == "missing" else ""
    return flash_redirect(request, remind_units, errors=(CodedError, BadParameter), success=said,
                          to=lambda done: f"{reverse('reports:status')}?year={done[0]}&period={done[1]}{show}",
                          failed_to="reports:status")


@access.login_and_role_required()
def status(request):
    try:
        year, kind = _period(request)
    except BadParameter as exc:
        messages.error(request, exc.message)
        return redirect("reports:index")
    data = selectors.submission_status(request.user, year, kind)
    only_missing = request.GET.get("show") == "missing"
    if only_missing:  # the units to chase, without scrolling past the ones that have sent (84 rows in Hà Tĩnh)
        data["rows"] = [r for r in data["rows"] if not r["sent"]]
    province = selectors.reports_visible(request.user).filter(level=catalog.PROVINCE, year=year,
                                                             period_kind=kind).first()
    return render(request, "reports/status.html", {**data, "year": year, "period": kind, "only_missing": only_missing,
                                                   "period_label": period_name(kind, year),
                                                   "periods": PERIOD_CHOICES,
                                                   "province_report": province})


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@access.login_and_role_required()
def download_docx(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    return _file(documents.report_docx(report), documents.filename(report, "docx"), documents.DOCX)


@access.login_and_role_required()
def download_xlsx(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    return _file(documents.annex_xlsx(report), documents.filename(report, "xlsx"), documents.XLSX)


@access.login_and_role_required()
def download_pdf(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    pdf = documents.to_pdf(documents.report_docx(report)) if documents.libreoffice() else None  # docx built if needed
    if pdf is None:
        raise Http404(_("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx."))
    return _file(pdf, documents.filename(report, "pdf"), "application/pdf")


@require_POST
@access.login_and_role_required()
def signed_upload(request, pk: int):
    """The scanned, signed PDF of an issued/sent report (office or the unit's leader; services.signed_upload)."""
    report = selectors.report_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp PDF bản đã ký."))
        return redirect("reports:detail", pk)

    def store():
        check_upload_size(upload.size, f"“{upload.name}”")  # before reading it into memory
        services.signed_upload(user=request.user, report=report, name=upload.name, data=upload.read())

    flash_call(request, store, success=_("Đã lưu bản đã ký của báo cáo."))
    return redirect("reports:detail", pk)


@access.login_and_role_required()
def signed_download(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    if not report.signed_file:
        raise Http404(_("Báo cáo chưa có bản đã ký."))
    return FileResponse(report.signed_file.open("rb"), as_attachment=True,
                        filename=report.signed_name or documents.filename(report, "pdf"), content_type="application/pdf")
