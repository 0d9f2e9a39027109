"""Progress reports (save, submit, leader step, review) and their evidence files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.errors import CodedError
from cchc.core.import_report import ImportReport
from cchc.core.reviewable import review_apply, save_versioned
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import clean_spaces, fold_key, nfc
from cchc.org import access
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans.models import Evidence, Occurrence, ProgressReport, Status

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
    from cchc.plans.selectors import OPEN_REPORT_STATES

    return occurrence.reports.filter(review_state__in=OPEN_REPORT_STATES).order_by("-pk").first()


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




# ---------------------------------------------------------------------------- many lines at once, through Excel

REPORT_SHEET = "Báo cáo tiến độ"
# the template's headers (its import contract: the reader finds its columns by them, in any order, case and
# diacritics aside); the last, hidden, is the stamp of what each row held when the template was made
REPORT_HEADERS = ("Mã dòng", "Kế hoạch", "Nhiệm vụ", "Đơn vị", "Kỳ", "Hạn", "Tình trạng", "Tỷ lệ hoàn thành (%)",
                  "Kết quả thực hiện", "Số, ký hiệu văn bản kết quả", "Ngày hoàn thành", "Lý do không áp dụng",
                  "Dấu mẫu")
REPORT_COLUMNS = {"occurrence": ["Mã dòng"], "status": ["Tình trạng"],
                  "percent": ["Tỷ lệ hoàn thành (%)", "Tỷ lệ hoàn thành", "Tỷ lệ (%)"],
                  "result": ["Kết quả thực hiện"], "output_number": ["Số, ký hiệu văn bản kết quả"],
                  "completed_on": ["Ngày hoàn thành"], "na_reason": ["Lý do không áp dụng"], "stamp": ["Dấu mẫu"]}
_FILL = 6  # the first column to fill in (Tình trạng)


@dataclass
class ReportsImport(ImportReport):
    """What :func:`progress_reports_import_xlsx` did: reports ``saved`` as drafts or ``submitted`` (``to_leader`` of
    them waiting for the unit's leader), rows ``skipped`` (unchanged from the template, or left blank); ``created`` /
    ``updated`` count new reports and open ones edited."""

    saved: int = 0
    submitted: int = 0
    to_leader: int = 0
    skipped: int = 0


def _status_words() -> dict[str, str]:
    """Folded status label → code: the Vietnamese labels (the template's), the user's language's, the codes."""
    from django.utils import translation

    out = {}
    for code, label in Status.choices:
        with translation.override("vi"):
            out[fold_key(str(label))] = code
        out.setdefault(fold_key(str(label)), code)
        out.setdefault(fold_key(code), code)
    return out


def _status_labels_vi() -> list[str]:
    from django.utils import translation

    with translation.override("vi"):
        return [str(label) for _code, label in Status.choices]


def _fill_values(status, percent, result, output_number, completed_on, na_reason) -> tuple[str, ...]:
    """A row's values to fill in, as compared to tell an untouched row (spaces and line ends aside)."""
    return (status or "", "" if percent in (None, "") else str(int(percent)),
            *(" ".join(str(t or "").split()) for t in (result, output_number)),
            completed_on.isoformat() if completed_on else "", " ".join(str(na_reason or "").split()))


def _report_values(r: ProgressReport | None) -> tuple[str, ...]:
    if r is None:
        return _fill_values(None, None, "", "", None, "")
    return _fill_values(r.status, r.percent, r.result, r.output_number, r.completed_on, r.na_reason)


def _digest(values: tuple[str, ...]) -> str:
    import hashlib

    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:16]


def progress_report_template_xlsx(*, user, occurrences, today: date) -> bytes:
    """The Excel sheet a unit fills in to report on many lines at once: one row per line of ``occurrences`` the
    user may report on, its columns to fill in prefilled from the line's open report, else its last one; a status
    drop-down, a hidden stamp of each row as written (an untouched row is skipped on import)."""
    from cchc.core.excel import Sheet, write_xlsx
    from cchc.core.periods import label_of
    from cchc.plans.selectors import report_starts

    lines = [o for o in occurrences if access.can_edit_unit(user, o.unit)]
    starts, open_ = report_starts(o.pk for o in lines)
    labels = dict(zip(Status.values, _status_labels_vi(), strict=True))
    rows = []
    for o in lines:
        r = starts.get(o.pk)
        values = _report_values(r)
        held = open_.get(o.pk)
        stamp = f"{held.pk if held else 0}.{held.version if held else 0}.{_digest(values)}"
        rows.append([o.pk, " ".join(filter(None, (o.plan.document_number, o.plan.title))),
                     " ".join(filter(None, (o.task.number, o.task.title))), o.unit.name, label_of(o.period),
                     o.due_date, labels.get(r.status) if r else None, r.percent if r else None,
                     r.result if r else None, r.output_number if r else None, r.completed_on if r else None,
                     r.na_reason if r else None, stamp])
    names = sorted({o.unit.name for o in lines})
    unit = names[0] if len(names) == 1 else (access.primary_unit(user).name if access.primary_unit(user) else "")
    caption = _("Báo cáo tiến độ %(unit)s — lập ngày %(date)s. Giữ nguyên cột “Mã dòng”; điền các cột tô màu, "
                "rồi nhập tệp tại trang “Việc của đơn vị tôi”.") % {"unit": unit, "date": today.strftime("%d/%m/%Y")}
    sheet = Sheet(REPORT_SHEET, list(REPORT_HEADERS), rows, caption=" ".join(caption.split()),
                  notes={0: _("Mã dòng nhiệm vụ trên hệ thống: giữ nguyên, không sửa, để báo cáo vào đúng dòng.")},
                  checks={_FILL: ("list", _status_labels_vi()), _FILL + 1: ("whole", 0, 100), _FILL + 4: ("date",)},
                  fill=frozenset(range(_FILL, _FILL + 6)), hidden=frozenset({len(REPORT_HEADERS) - 1}),
                  widths={1: 30, 2: 50, 3: 24, _FILL: 18, _FILL + 2: 50, _FILL + 3: 20, _FILL + 4: 14, _FILL + 5: 30},
                  wrap=True)
    return write_xlsx([sheet])


class _Undo(Exception):
    """Raised inside the import's transaction to undo every row written when one of them was refused."""


def _cell_number(value) -> int | None:
    """A percent cell: a whole number (typed 50, "50", "50 %"); None when it is not one."""
    from cchc.core.vntext import parse_number

    if isinstance(value, bool):
        return None
    number = value if isinstance(value, (int, float)) else parse_number(str(value).replace("%", "").strip())
    if number is None or number != int(number):
        return None
    return int(number)


def _cell_date(value) -> date | None:
    """A date cell, or a date typed as text (cchc.core.vndates.parse_date_input); None when it is not one."""
    if not isinstance(value, (str, date)):
        return None
    try:
        return parse_date_input(value)
    except ValueError:
        return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return nfc(str(value).replace("\r\n", "\n").strip())


def progress_reports_import_xlsx(*, user, data: bytes, filename: str = "", submit: bool = False) -> ReportsImport:
    """Reports on many lines at once from the filled template (:func:`progress_report_template_xlsx`); the columns
    are found by their headers. A row left as the template wrote it, or with no status, percent or result, is
    skipped; every other one goes through :func:`progress_report_save` (its checks, versions, audit, notices; with
    ``submit``, sent — to the unit's leader first when :func:`cchc.org.access.leader_step_needed`). All rows or none:
    every problem is listed "Tệp X, dòng N, cột Y (header): …" and nothing is written. A line the user may not report
    on — another unit's, or none — is "not found" (whose it is is not said), checked before anything is written."""
    from cchc.core.excel import column_letters, read_xlsx, too_long
    from cchc.plans import selectors
    from cchc.plans.selectors import report_starts

    out = ReportsImport()
    name = filename or _("tệp Excel")
    rows, problems = read_xlsx(data, columns=REPORT_COLUMNS, filename=name)
    if problems:
        out.errors = [str(p) for p in problems]
        return out
    letters = column_letters(data, REPORT_COLUMNS)
    if "occurrence" not in letters or not {"status", "percent", "result"} & set(letters):
        out.errors = [_("Tệp %(file)s không đúng mẫu: cần cột “Mã dòng” và các cột “Tình trạng”, “Tỷ lệ hoàn thành "
                        "(%%)”, “Kết quả thực hiện”; hãy dùng mẫu tải từ trang “Việc của đơn vị tôi”.") % {"file": name}]
        return out
    errors = out.errors

    def refuse(row: dict, fld: str, problem: str) -> None:
        fld = fld if fld in letters else "occurrence"
        errors.append(_("Tệp %(file)s, dòng %(row)s, cột %(col)s (%(header)s): %(problem)s") % {
            "file": name, "row": row["_row"], "col": letters[fld], "header": REPORT_COLUMNS[fld][0],
            "problem": problem})

    ids = {}
    for row in rows:
        pk = _cell_number(row["occurrence"]) if row["occurrence"] is not None else None
        if pk is not None and pk > 0:
            ids[id(row)] = pk
    lines = {o.pk: o for o in selectors.occurrences_scoped(user, for_edit=True)
             .filter(pk__in=set(ids.values())).select_related("unit", "task")
             if access.can_edit_unit(user, o.unit)}
    pending = set(ProgressReport.objects.filter(occurrence_id__in=list(lines), review_state__in=review.PENDING_STATES)
                  .values_list("occurrence_id", flat=True))
    starts, open_ = report_starts(lines)
    words = _status_words()
    readers = (  # the typed cells: (field, reader giving None for a wrong value, the problem said)
        ("status", lambda v: words.get(fold_key(_cell_text(v))),
         _("“%(value)s” không phải tình trạng trong danh sách (%(labels)s).")),
        ("percent", _cell_number, _("“%(value)s” không phải số nguyên từ 0 đến 100.")),
        ("completed_on", _cell_date, _("“%(value)s” không phải ngày (dùng dd/mm/yyyy).")))
    seen: dict[int, int] = {}
    todo = []
    for row in rows:
        entered = any(row[f] is not None for f in ("status", "percent", "result"))
        other = any(row[f] is not None for f in ("output_number", "completed_on", "na_reason"))
        if row["occurrence"] is None:
            if entered or other:
                refuse(row, "occurrence", _("thiếu mã dòng; hãy giữ cột “Mã dòng” của mẫu."))
            else:
                out.skipped += 1
            continue
        pk = ids.get(id(row))
        o = lines.get(pk) if pk else None
        if o is None:  # unknown, or another unit's: the same words, nothing said of whose it is
            refuse(row, "occurrence", _("không tìm thấy dòng nhiệm vụ mã “%(value)s” trong các việc bạn được báo "
                                        "cáo.") % {"value": _cell_text(row["occurrence"])[:40]})
            continue
        if pk in seen:
            refuse(row, "occurrence", _("mã dòng %(pk)s đã có ở dòng %(first)s.") % {"pk": pk, "first": seen[pk]})
            continue
        seen[pk] = row["_row"]
        if not entered:
            if other:
                refuse(row, "status", _("chưa chọn tình trạng."))
            else:
                out.skipped += 1
            continue
        typed = {f: None if row[f] is None else read(row[f]) for f, read, _problem in readers}
        wrong = [(f, problem) for f, _read, problem in readers if row[f] is not None and typed[f] is None]
        for fld, problem in wrong:
            refuse(row, fld, problem % {"value": _cell_text(row[fld])[:60], "labels": ", ".join(_status_labels_vi())})
        if wrong:
            continue
        status, percent, completed_on = typed["status"], typed["percent"], typed["completed_on"]
        texts = {f: _cell_text(row[f]) for f in ("result", "output_number", "na_reason")}
        longer = too_long(texts["output_number"], ProgressReport._meta.get_field("output_number").max_length)
        if longer:  # refused at the cell, never cut
            refuse(row, "output_number", longer)
            continue
        values = _fill_values(status, percent, texts["result"], texts["output_number"], completed_on,
                              texts["na_reason"])
        stamp = str(row["stamp"] or "").split(".")
        if len(stamp) == 3 and stamp[2] == _digest(values) or len(stamp) != 3 and values == _report_values(
                starts.get(pk)):
            out.skipped += 1  # as the template wrote it (without the stamp: as the line stands)
            continue
        if pk in pending:
            refuse(row, "occurrence", _("báo cáo trước của dòng này đang chờ duyệt; chưa thể báo cáo tiếp."))
            continue
        report_data = {"status": status, "percent": percent, "completed_on": completed_on, **texts}
        try:
            cleaned = _clean_report(o, report_data)
            if submit:
                _check_sendable(ProgressReport(occurrence=o, unit=o.unit, **cleaned))
        except ValidationError as exc:
            for fld, messages in exc.message_dict.items():
                for message in messages:
                    refuse(row, fld, message)
            continue
        except PlanError as exc:
            refuse(row, "result", exc.message)
            continue
        held = open_.get(pk)
        # the line's open report changed since the template was made, and not by this file (saved as a draft
        # first, then sent): never overwritten unseen
        if len(stamp) == 3 and stamp[:2] != [str(held.pk if held else 0), str(held.version if held else 0)] \
                and (held is None or _report_values(held) != _fill_values(*(cleaned[f] for f in REPORT_FIELDS))):
            refuse(row, "occurrence", _("báo cáo của dòng này đã được sửa trên hệ thống sau khi tải mẫu; hãy tải "
                                        "mẫu mới hoặc báo cáo trên trang của nhiệm vụ."))
            continue
        todo.append((row, o, held, report_data))
    if errors:
        return out
    try:
        with transaction.atomic():
            for row, o, held, report_data in todo:
                try:
                    with transaction.atomic():  # a refused row is undone alone, the others are still checked
                        report = progress_report_save(occurrence=o, user=user, data=report_data, report=held,
                                                      expected_version=held.version if held else None,
                                                      submit=submit)
                except ValidationError as exc:
                    for fld, messages in exc.message_dict.items():
                        for message in messages:
                            refuse(row, fld, message)
                    continue
                except (CodedError, PermissionDenied) as exc:
                    refuse(row, "occurrence", getattr(exc, "message", None) or str(exc))
                    continue
                out.updated += held is not None
                out.created += held is None
                if submit:
                    out.submitted += 1
                    out.to_leader += report.review_state == review.LEADER_REVIEW
                else:
                    out.saved += 1
            if errors:
                raise _Undo
    except _Undo:
        out.created = out.updated = out.saved = out.submitted = out.to_leader = 0
    out.unchanged = out.skipped
    return out
