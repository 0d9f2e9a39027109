"""Writes of the reports app: create, regenerate figures (narrative kept), edit narrative and manual figures,
issue (province) / submit through the review loop (unit) — both freeze the data snapshot — and consolidate the
units' reports into the province report. Every write is audited (Report is registered with cchc.core.audit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.audit import actor
from cchc.core.errors import CodedError
from cchc.core.reviewable import review_apply, save_versioned
from cchc.core.vntext import nfc
from cchc.org import access
from cchc.org.models import OrgUnit, UnitKind, unit_order
from cchc.reports import catalog, figures, selectors
from cchc.reports.models import Report, period_bounds
from cchc.reports.periods import period_name

MAX_TEXT = 20000


class ReportError(CodedError):
    """A report operation refused: code + Vietnamese message."""


def _check_frozen(report: Report):
    if report.frozen:
        raise ReportError("report_frozen", _("Báo cáo đã chốt số liệu (đã ban hành hoặc đã gửi) nên không thay đổi "
                                             "được. Nếu cần sửa, báo cáo phải được trả lại."))


def _check_edit(user, report: Report):
    if not access.can_edit_unit(user, report.unit):
        raise PermissionDenied(_("Bạn không có quyền sửa báo cáo của đơn vị này."))
    if report.level == catalog.PROVINCE:
        access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới được soạn báo cáo của tỉnh."))
    _check_frozen(report)
    review.check_editable(report.review_state)


def unit_report_level(unit: OrgUnit) -> str:
    return catalog.PROVINCE if unit.kind == UnitKind.PROVINCE else catalog.UNIT


def report_remind_missing(*, user, year: int, period_kind: str) -> dict:
    """The office reminds every sở, ngành and commune that has not sent its report of the period (none, draft,
    returned or with its leader): their focal points and leaders get a notification, once a day at most."""
    from cchc.reports import notifications

    status = selectors.submission_status(user, year, period_kind)  # the office only
    return notifications.remind_missing(status["rows"], year=year, period_kind=period_kind,
                                        label=catalog.period_label(period_kind, year), today=timezone.localdate())


def report_create(*, user, unit: OrgUnit, year: int, period_kind: str) -> Report:
    """A new report of ``unit`` for the period, with its figures generated now. Refused when one exists."""
    if period_kind not in catalog.PERIOD_KINDS:
        raise ReportError("bad_period", _("Kỳ báo cáo không hợp lệ: %(kind)s") % {"kind": period_kind})
    if not 2000 <= int(year) <= 2100:
        raise ReportError("bad_year", _("Năm báo cáo không hợp lệ: %(year)s") % {"year": year})
    access.require_edit(user, unit)
    level = unit_report_level(unit)
    if level == catalog.PROVINCE:
        access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới được lập báo cáo của tỉnh."))
    if Report.objects.filter(unit=unit, year=year, period_kind=period_kind).exists():
        raise ReportError("report_exists", _("%(unit)s đã có báo cáo %(period)s.")
                          % {"unit": unit.name, "period": period_name(period_kind, year)})
    report = Report(unit=unit, year=year, period_kind=period_kind, level=level, created_by=user)
    report.figures = _collect(report)
    report.generated_at = timezone.now()
    try:
        with transaction.atomic(), actor(user):
            report.save()
    except IntegrityError as exc:
        raise ReportError("report_exists", _("%(unit)s đã có báo cáo %(period)s.")
                          % {"unit": unit.name, "period": period_name(period_kind, year)}) from exc
    return report


def _collect(report: Report) -> dict:
    """Figures for the period under the province's rule now (the dates go into the figures, see Report.bounds)."""
    start, end = period_bounds(report.period_kind, report.year)
    return figures.collect(figures.report_units(report.unit), start, end)


def report_regenerate(*, user, report: Report, expected_version: int | None = None) -> Report:
    """Fetch the figures again from the apps; the narrative and the manual figures stay as they are."""
    _check_edit(user, report)
    report.figures = _collect(report)
    report.generated_at = timezone.now()
    with actor(user):
        save_versioned(report, expected_version=expected_version)
    return report


def report_text_save(*, user, report: Report, narrative: dict, manual: dict | None = None, number: str | None = None,
              signer_name: str | None = None, signer_title: str | None = None,
              expected_version: int | None = None) -> Report:
    """Save the unit's text per outline section (unknown keys refused) and the figures typed in for annex rows
    the platform has no data for (a number; the row must exist and not be a heading)."""
    _check_edit(user, report)
    keys = {s.key for s in catalog.sections_for(report.level)}
    clean = dict(report.narrative or {})
    for key, text in (narrative or {}).items():
        if key not in keys:
            raise ReportError("bad_section", _("Mục không có trong đề cương báo cáo: %(key)s") % {"key": key})
        text = nfc(str(text or "")).replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise ReportError("too_long", _("Mục %(key)s: nội dung dài quá %(max)s ký tự.") % {"key": key, "max": MAX_TEXT})
        clean[key] = text
    report.narrative = clean
    if manual is not None:
        out = {}
        for key, item in manual.items():
            row = catalog.ROWS.get(key)
            if row is None or row.is_heading:
                raise ReportError("bad_row", _("Chỉ tiêu không có trong biểu mẫu: %(key)s") % {"key": key})
            raw = str(item.get("value", "")).strip()
            note = nfc(str(item.get("note", "") or "")).strip()[:500]
            if raw == "":
                continue
            try:
                value = float(raw.replace(".", "").replace(",", ".")) if "," in raw else float(raw)
            except ValueError as exc:
                raise ReportError("bad_number", _("Biểu mẫu %(form)s, chỉ tiêu %(code)s (%(label)s): “%(value)s” không "
                                                  "phải là số.") % {"form": row.form, "code": row.code,
                                                                    "label": row.label[:60], "value": raw[:20]}) from exc
            out[key] = {"value": int(value) if value.is_integer() else value, "note": note}
        report.manual = out
    if number is not None:
        report.number = nfc(number).strip()[:100]
    if signer_name is not None:
        report.signer_name = nfc(signer_name).strip()[:200]
    if signer_title is not None:
        report.signer_title = nfc(signer_title).strip()[:200]
    with actor(user):
        save_versioned(report, expected_version=expected_version)
    return report


def _freeze(report: Report, user):
    report.snapshot = {**report.figures, "narrative": dict(report.narrative), "manual": dict(report.manual),
                       "frozen_at": timezone.now().isoformat()}
    report.frozen_at, report.frozen_by = timezone.now(), user


def _unfreeze(report: Report):
    report.frozen_at, report.frozen_by, report.snapshot = None, None, {}


def report_issue(*, user, report: Report, number: str = "", issued_on=None, expected_version: int | None = None) -> Report:
    """The province report: give it its number and date and freeze it with the data it shows."""
    if report.level != catalog.PROVINCE:
        raise ReportError("not_province", _("Báo cáo của đơn vị được gửi Sở Nội vụ qua nút “Gửi”, không ban hành ở đây."))
    _check_edit(user, report)
    number = nfc(number or report.number).strip()
    if not number:
        raise ReportError("number_required", _("Cần ghi số, ký hiệu của báo cáo (ví dụ 329/BC-UBND) trước khi "
                                               "ban hành."))
    report.number = number[:100]
    report.issued_on = issued_on or timezone.localdate()
    _freeze(report, user)
    with actor(user):
        save_versioned(report, expected_version=expected_version)
    return report


def report_transition(*, user, report: Report, action: str, comment: str = "",
               expected_version: int | None = None) -> Report:
    """submit / approve / accept / return / reopen a unit's report (cchc.core.review). Submitting freezes the
    figures (the snapshot the office reviews); returning or reopening unfreezes them so the unit can regenerate."""
    if report.level == catalog.PROVINCE:
        raise ReportError("not_unit", _("Báo cáo của tỉnh được ban hành, không gửi duyệt."))
    if not access.can_view_unit(user, report.unit):
        raise PermissionDenied(_("Bạn không có quyền với báo cáo của đơn vị này."))
    if action == review.SUBMIT:
        _check_has_content(report)
    with transaction.atomic():
        if action == review.SUBMIT:
            _freeze(report, user)
        elif action in (review.RETURN, review.REOPEN):
            _unfreeze(report)
        review_apply(report, action, user=user, can_edit=access.can_edit_unit(user, report.unit),
                     can_review=access.edits_all(user), can_lead=access.can_lead_unit(user, report.unit),
                     leader_step=(action == review.SUBMIT and access.leader_step_needed(user, report.unit)),
                     comment=comment, expected_version=expected_version)
    return report


def _check_has_content(report: Report):
    """A report with no text in any section and no figure in any annex row is not sent."""
    if selectors.report_completeness(report)["empty"]:
        raise ReportError("report_empty", _("Báo cáo chưa có nội dung: tất cả các mục chưa có phần đơn vị viết và "
                                            "không chỉ tiêu nào có số liệu. Hãy viết nội dung hoặc nhập số liệu, "
                                            "bấm “Lưu nội dung” rồi mới gửi."))


def report_save_and_submit(*, user, report: Report, narrative: dict, manual: dict | None = None,
                           number: str | None = None, signer_name: str | None = None,
                           signer_title: str | None = None, expected_version: int | None = None) -> Report:
    """The send button of the report's page: what is typed in the form is saved (:func:`report_text_save`, with
    the version the user read), then the report is submitted (:func:`report_transition`) with the version that
    save produced, so the frozen snapshot holds exactly what was typed. The save is kept when the sending is
    refused (nothing typed is lost); the refusal then says so (code of the refusal, message prefixed)."""
    report_text_save(user=user, report=report, narrative=narrative, manual=manual, number=number,
                     signer_name=signer_name, signer_title=signer_title, expected_version=expected_version)
    try:
        return report_transition(user=user, report=report, action=review.SUBMIT, expected_version=report.version)
    except CodedError as exc:
        report.refresh_from_db()
        raise ReportError(exc.code, _("Đã lưu nội dung nhưng chưa gửi được báo cáo: %(reason)s")
                          % {"reason": exc.message}) from exc


def report_consolidate(*, user, report: Report, expected_version: int | None = None) -> dict:
    """Bring the units' reports of the same period into the province report: the figures the units typed in for
    rows the platform has no data for are added up (counts only), and the units' difficulties and proposals are
    appended to sections III.2 and V.1 (once per unit). Only reports the office accepted or has received count."""
    if report.level != catalog.PROVINCE:
        raise ReportError("not_province", _("Chỉ báo cáo của tỉnh mới tổng hợp từ báo cáo của các đơn vị."))
    _check_edit(user, report)
    units = (Report.objects.filter(level=catalog.UNIT, year=report.year, period_kind=report.period_kind,
                                   review_state__in=[review.SUBMITTED, review.ACCEPTED],
                                   unit__path__startswith=report.unit.path)
             .select_related("unit").order_by(*unit_order("unit__")))
    live = report.figures.get("rows", {})
    sums: dict[str, float] = {}
    counted: dict[str, int] = {}
    narrative = dict(report.narrative or {})
    used = []
    for r in units:
        used.append(r.unit.name)
        for key, item in ((r.snapshot or {}).get("manual") or r.manual or {}).items():
            row = catalog.ROWS.get(key)
            if row is None or not row.summable or key in live:
                continue
            try:
                sums[key] = sums.get(key, 0) + float(item["value"])
            except (TypeError, ValueError, KeyError):
                continue
            counted[key] = counted.get(key, 0) + 1
        text = (r.snapshot or {}).get("narrative") or r.narrative or {}
        for key in ("III.2", "V.1"):
            piece = (text.get(key) or "").strip()
            mark = f"- {r.unit.name}:"
            if piece and mark not in narrative.get(key, ""):
                narrative[key] = (narrative.get(key, "").rstrip() + f"\n{mark} {piece}").strip()
    manual = dict(report.manual or {})
    for key, total in sums.items():
        manual[key] = {"value": int(total) if float(total).is_integer() else round(total, 2),
                       "note": f"Tổng hợp từ báo cáo của {counted[key]} đơn vị"}
    report.manual, report.narrative = manual, narrative
    report.figures = {**_collect(report), "consolidated_from": used}
    report.generated_at = timezone.now()
    with actor(user):
        save_versioned(report, expected_version=expected_version)
    return {"units": used, "rows": sorted(sums)}


def user_may_upload_signed(user, report: Report) -> bool:
    """Who files the signed copy: the CCHC office for the province report; the unit's leader (or the office) for a
    unit's report. Only once the report is frozen (issued / sent), since the copy must match the snapshot."""
    if not report.frozen:
        return False
    if report.level == catalog.PROVINCE:
        return access.edits_all(user) and access.can_edit_unit(user, report.unit)
    return access.edits_all(user) or access.can_lead_unit(user, report.unit)


def signed_upload(*, user, report: Report, name: str, data: bytes) -> Report:
    """Keep the scanned, signed PDF of an issued (province) or sent (unit) report beside its frozen snapshot. Only
    a real PDF is accepted (parsed, not only its first bytes), within the upload limit (CCHC_MAX_UPLOAD_MB). A new
    upload replaces the previous copy; the change is audited."""
    from cchc.core.intake import IntakeError, check_upload_size, verify

    name = nfc(str(name or "")).replace("/", "_").replace("\\", "_").strip()[:200] or "ban-da-ky.pdf"
    if not report.frozen:
        raise ReportError("not_issued", _("Chỉ tải lên bản đã ký khi báo cáo đã ban hành (báo cáo của tỉnh) hoặc đã "
                                          "gửi Sở Nội vụ (báo cáo của đơn vị)."))
    if not access.can_view_unit(user, report.unit) or not user_may_upload_signed(user, report):
        raise PermissionDenied(_("Chỉ Phòng CCHC (báo cáo của tỉnh) hoặc lãnh đạo đơn vị (báo cáo của đơn vị) mới "
                                 "tải lên được bản đã ký."))
    try:
        check_upload_size(len(data), f"“{name}”")
        verify(data, name, allowed={"pdf"})
    except IntakeError as exc:
        if exc.code == "too_large":
            raise ReportError("too_large", exc.message) from exc
        raise ReportError("not_pdf", _("Tệp “%(name)s” không phải tệp PDF hợp lệ; bản đã ký phải là PDF (bản quét "
                                       "hoặc bản ký số).") % {"name": name}) from exc
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    old = report.signed_file.name if report.signed_file else ""
    with transaction.atomic(), actor(user):
        report.signed_file.save(name, ContentFile(data), save=False)
        report.signed_name, report.signed_size = name, len(data)
        report.signed_at, report.signed_by = timezone.now(), user
        report.save(update_fields=["signed_file", "signed_name", "signed_size", "signed_at", "signed_by",
                                   "updated_at"])
        if old and old != report.signed_file.name:
            storage = report.signed_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    return report
