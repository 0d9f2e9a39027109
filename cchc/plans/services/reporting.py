"""Progress reports (save, submit, leader step, review) and their evidence files."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.errors import CodedError
from cchc.core.reviewable import review_apply, save_versioned
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import clean_spaces, nfc
from cchc.org import access
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans.models import Evidence, Occurrence, ProgressReport

from .common import PlanError
from .occurrences import occurrence_refresh

REPORT_FIELDS = ("status", "percent", "result", "output_number", "completed_on", "na_reason")


def _clean_report(occurrence: Occurrence, data: dict) -> dict:
    errors = {}
    status = data.get("status") or occ.IN_PROGRESS
    if status not in (occ.NOT_STARTED, occ.IN_PROGRESS, occ.DONE, occ.DONE_LATE, occ.NOT_APPLICABLE):
        errors["status"] = _("Tình trạng không hợp lệ: %(status)s") % {"status": status}
    try:
        percent = int(data.get("percent") or 0)
    except (TypeError, ValueError):
        percent, errors["percent"] = 0, _("Tỷ lệ hoàn thành phải là số từ 0 đến 100.")
    if not 0 <= percent <= 100:
        errors["percent"] = _("Tỷ lệ hoàn thành phải từ 0 đến 100.")
    completed_on = data.get("completed_on") or None
    if isinstance(completed_on, str):
        try:
            completed_on = date_parse(completed_on)
        except ValueError:
            errors["completed_on"] = _("Ngày hoàn thành không hợp lệ: “%(value)s” (dùng dd/mm/yyyy).") % {"value": completed_on}
            completed_on = None
    if isinstance(completed_on, datetime):
        completed_on = completed_on.date()
    if status in occ.DONE_STATUSES:
        percent = 100
        if completed_on is None and "completed_on" not in errors:
            errors["completed_on"] = _("Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.")
        elif completed_on and completed_on > timezone.localdate():
            errors["completed_on"] = _("Ngày hoàn thành không được sau ngày hôm nay.")
    na_reason = clean_spaces(data.get("na_reason") or "")
    if status == occ.NOT_APPLICABLE and not na_reason:
        errors["na_reason"] = _("Phải nêu lý do khi chọn “Không áp dụng”.")
    if errors:
        raise ValidationError(errors)
    if completed_on is not None:
        status = occ.normalise_status(status, due=occurrence.due_date, completed_on=completed_on)
    return {"status": status, "percent": percent, "result": nfc((data.get("result") or "").strip()),
            "output_number": clean_spaces(data.get("output_number") or "")[:100],
            "completed_on": completed_on if status in occ.DONE_STATUSES else None,
            "na_reason": na_reason if status == occ.NOT_APPLICABLE else ""}


def date_parse(text: str) -> date:
    """A typed date (ISO, dd/mm/yyyy, …): cchc.core.vndates.parse_date_input; empty is an error here."""
    day = parse_date_input(text)
    if day is None:
        raise ValueError(text)
    return day


def occurrence_open_report(occurrence: Occurrence) -> ProgressReport | None:
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
            report = occurrence_open_report(occurrence)
            if report is not None and expected_version is None:
                raise review.VersionConflict(0, report.version)
        if report is None:
            if occurrence.reports.filter(review_state__in=review.PENDING_STATES).exists():
                raise PlanError("pending", _("Báo cáo trước đang chờ duyệt; chưa thể tạo báo cáo mới."))
            report = ProgressReport(occurrence=occurrence, unit=occurrence.unit, created_by=user, **cleaned)
            report.save()
        else:
            if report.occurrence_id != occurrence.pk:
                raise PlanError("mismatch", _("Báo cáo không thuộc kỳ báo cáo này."))
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


def _check_sendable(report: ProgressReport) -> None:
    """A report is sent with what was done written in "Kết quả thực hiện" (for "Không áp dụng", its reason stands
    in for it); a task marked done (100 %) without it is refused too. Evidence files stay optional."""
    if (report.result or "").strip():
        return
    if report.status == occ.NOT_APPLICABLE and (report.na_reason or "").strip():
        return
    if report.status in occ.DONE_STATUSES or report.percent >= 100:
        raise PlanError("result_required", _("Báo cáo ghi nhiệm vụ đã hoàn thành nhưng ô “Kết quả thực hiện” "
                                             "còn trống: hãy ghi kết quả đã đạt được (văn bản, sản phẩm) rồi mới "
                                             "gửi."))
    raise PlanError("result_required", _("Chưa gửi được: ô “Kết quả thực hiện” còn trống. Hãy ghi những việc đã "
                                         "làm được trong kỳ rồi mới gửi (có thể “Lưu nháp” để viết tiếp sau)."))


def progress_report_transition(*, report: ProgressReport, user, action: str, comment: str = "",
                               expected_version: int | None = None) -> ProgressReport:
    """submit (the unit; to its leader first when :func:`cchc.org.access.leader_step_needed`), approve / return by the unit
    leader, accept / return / reopen by the CCHC office. Keeps the occurrence figures current (they count
    only what reached the office) and notifies the people concerned. Audited (cchc.core.reviewable)."""
    can_edit = access.can_edit_unit(user, report.unit)
    can_review = access.edits_all(user)
    can_lead = access.can_lead_unit(user, report.unit)
    if not access.can_view_unit(user, report.unit):
        raise PermissionDenied(_("Bạn không có quyền với báo cáo của đơn vị này."))
    if action == review.SUBMIT:
        _check_sendable(report)
    source = report.review_state
    with transaction.atomic():
        target = review_apply(report, action, user=user, can_edit=can_edit, can_review=can_review,
                              can_lead=can_lead, leader_step=(action == review.SUBMIT
                                                              and access.leader_step_needed(user, report.unit)),
                              comment=comment, expected_version=expected_version)
        occurrence_refresh(report.occurrence, submitted_now=(target == review.SUBMITTED))
        plan_notifications.report_transition(report, source=source, target=target, user=user)
    return report


BULK_DECIDE_MAX = 200


def progress_reports_decide(*, user, picks: list[tuple[int, int | None]], action: str, comment: str = "") -> int:
    """Several ticked reports decided at once: the CCHC office accepts (``review.ACCEPT``, its review queue), a unit
    leader approves for the office (``review.APPROVE``, "Chờ tôi duyệt"). Each as :func:`progress_report_transition`
    would (figures, notice, audit), all or none — a report changed since the page was read, or no longer waiting,
    refuses the whole batch with its unit and task named; a report the user may not decide refuses it before anything
    is written. ``picks``: (report id, version read); a row ticked twice counts once. Returns the number decided."""
    if action not in (review.ACCEPT, review.APPROVE):
        raise review.TransitionError("invalid_transition", _("Thao tác không hợp lệ."))
    if action == review.ACCEPT and not access.edits_all(user):
        raise PermissionDenied(_("Chỉ Phòng CCHC chấp nhận báo cáo tiến độ."))
    once: dict[int, tuple[int, int | None]] = {}
    for pk, version in picks:
        once.setdefault(pk, (pk, version))
    picks = list(once.values())
    if not picks:
        raise review.TransitionError("nothing_picked", _("Chưa chọn báo cáo nào."))
    if len(picks) > BULK_DECIDE_MAX:
        raise review.TransitionError("too_many", _("Mỗi lần chọn tối đa %(n)s báo cáo.") % {"n": BULK_DECIDE_MAX})
    found = {r.pk: r for r in ProgressReport.objects.filter(pk__in=[pk for pk, _v in picks])
             .select_related("unit", "occurrence__task")}
    if action == review.APPROVE and any(not access.can_lead_unit(user, r.unit) for r in found.values()):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị duyệt báo cáo của đơn vị mình."))
    none_done = (_("Chưa báo cáo nào được chấp nhận.") if action == review.ACCEPT
                 else _("Chưa báo cáo nào được duyệt."))
    with transaction.atomic():
        for pk, version in picks:
            report = found.get(pk)
            if report is None:
                raise review.TransitionError("not_found", _("Không tìm thấy báo cáo đã chọn (số %(pk)s). %(none)s")
                                             % {"pk": pk, "none": none_done})
            try:
                progress_report_transition(report=report, user=user, action=action, comment=comment,
                                           expected_version=version)
            except review.TransitionError as exc:
                raise review.TransitionError(exc.code, _("%(unit)s — nhiệm vụ %(task)s: %(why)s %(none)s") % {
                    "unit": report.unit.name, "task": report.occurrence.task.number or report.occurrence.task.title[:60],
                    "why": exc.message, "none": none_done}) from exc
    return len(picks)


# ---------------------------------------------------------------------------- evidence

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "png", "jpg", "gif", "webp"}


def evidence_sniff(data: bytes) -> str | None:
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


def evidence_checked(name: str, data: bytes, error: type[CodedError] = PlanError) -> tuple[str, str]:
    """The stored name and the real kind of an evidence file (a progress report's or a self-assessment score's):
    at most ``CCHC_EVIDENCE_MAX_MB`` (10 MB by default), PDF, Word, Excel or an image by content; otherwise
    ``error`` ("too_large" / "bad_type") with a Vietnamese message."""
    limit = int(getattr(settings, "CCHC_EVIDENCE_MAX_MB", 10)) * 1024 * 1024
    if len(data) > limit:
        raise error("too_large", _("Tệp “%(name)s” quá lớn (%(size)s MB); giới hạn %(limit)s MB.")
                    % {"name": name, "size": f"{len(data) / 1048576:.1f}", "limit": limit // 1048576})
    kind = evidence_sniff(data)
    if kind is None:
        raise error("bad_type", _("Tệp “%(name)s” không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh; nội "
                                  "dung tệp không khớp định dạng cho phép.") % {"name": name})
    return clean_spaces(name.replace("/", "_").replace("\\", "_"))[:200] or f"tai-lieu.{kind}", kind


def evidence_add(*, report: ProgressReport, user, name: str, data: bytes) -> Evidence:
    access.require_edit(user, report.unit)
    review.check_editable(report.review_state)
    base, kind = evidence_checked(name, data)
    ev = Evidence(report=report, name=base, kind=kind, size=len(data), uploaded_by=user)
    ev.file.save(base, ContentFile(data), save=False)
    ev.save()
    return ev


