"""Writes of the capacity app: staff registry (assignments, reorganisations, Excel import), training records."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.capacity.models import (
    Attendance,
    CchcRole,
    Course,
    CourseFormat,
    Enrolment,
    Evaluation,
    NeedsResponse,
    NeedsSurvey,
    Session,
    StaffAssignment,
    StaffMember,
)
from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.excel import read_xlsx, too_long, write_xlsx
from cchc.core.import_report import ImportReport
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import fold_key
from cchc.org import access

ROLE_WORDS = {value: value for value in CchcRole.values}
ROLE_WORDS.update({"lanh dao phu trach": CchcRole.LEADER, "chuyen trach": CchcRole.FULL_TIME, "kiem nhiem": CchcRole.PART_TIME,
                   "dau moi": CchcRole.FOCAL_POINT, "focal point": CchcRole.FOCAL_POINT,
                   "lanh dao": CchcRole.LEADER, "leader": CchcRole.LEADER})

STAFF_COLUMNS = {
    "full_name": ["Họ và tên", "Họ tên"],
    "unit_code": ["Mã đơn vị"],
    "unit_name": ["Đơn vị", "Tên đơn vị"],
    "position": ["Chức vụ"],
    "role": ["Vai trò CCHC", "Vai trò"],
    "phone": ["Điện thoại", "Số điện thoại"],
    "email": ["Email", "Thư điện tử"],
    "start_date": ["Từ ngày", "Ngày phân công"],
    "end_date": ["Đến ngày", "Ngày kết thúc"],
    "username": ["Tài khoản"],
}
STAFF_HEADERS = ["Họ và tên", "Mã đơn vị", "Đơn vị", "Chức vụ", "Vai trò CCHC", "Điện thoại", "Email", "Từ ngày",
                 "Đến ngày", "Tài khoản"]


class CapacityError(CodedError):
    """A refused staff-registry or training action (a :class:`cchc.core.errors.CodedError`; code ``invalid``
    unless given)."""

    def __init__(self, message: str, code: str = "invalid", **extra):
        super().__init__(code, message, **extra)


def staff_assign(staff: StaffMember, unit, role: str, *, start: date, position: str = "", reason: str = "") \
        -> StaffAssignment:
    """Open a new assignment; the current one (if any) ends the day before ``start``."""
    with transaction.atomic():
        current = staff.assignments.filter(end_date__isnull=True).first()
        if current is not None:
            if current.start_date > start:
                raise CapacityError(_("Ngày phân công mới phải sau ngày bắt đầu phân công hiện tại."))
            current.end_date = max(current.start_date, start - timedelta(days=1))
            current.reason = reason or current.reason
            current.save()
        return StaffAssignment.objects.create(staff=staff, unit=unit, role=role, start_date=start,
                                              position=position, reason=reason)


def staff_create(user, *, full_name: str, unit, role: str, start: date, phone: str = "", email: str = "",
                 position: str = "") -> StaffMember:
    """A new member of the registry with their first assignment, both or neither; the unit must be one ``user``
    edits."""
    access.require_edit(user, unit)
    with transaction.atomic(), audit.actor(user):
        staff = StaffMember.objects.create(full_name=full_name, phone=phone, email=email)
        staff_assign(staff, unit, role, start=start, position=position)
    return staff


def assignment_end(assignment: StaffAssignment, *, on: date, reason: str = "") -> None:
    assignment.end_date = on
    assignment.reason = reason
    assignment.save()


def assignments_follow_successions(*, on: date | None = None) -> int:
    """Move open assignments of units that were merged/renamed into their successor (history kept). Returns moves."""
    from cchc.org.models import Succession

    moved = 0
    qs = Succession.objects.select_related("predecessor", "successor").order_by("date")
    if on is not None:
        qs = qs.filter(date__lte=on)
    for s in qs:
        for a in StaffAssignment.objects.filter(unit=s.predecessor, end_date__isnull=True,
                                                start_date__lt=s.date).select_related("staff"):
            # split: only one successor takes the staff (the first recorded); merges/renames are unambiguous
            staff_assign(a.staff, s.successor, a.role, start=s.date, position=a.position,
                   reason=f"Sắp xếp đơn vị: {s.get_kind_display()} vào {s.successor.name}")
            moved += 1
    return moved


StaffImportReport = ImportReport  # the importers' one report type (errors: core.excel.RowError)


def _staff_scope_unit(staff: StaffMember):
    """The unit whose editors may change ``staff``: the current assignment's unit, else the latest one's."""
    a = staff.assignments.filter(end_date__isnull=True).select_related("unit").first() \
        or staff.assignments.select_related("unit").order_by("-start_date", "-pk").first()
    return a.unit if a else None


def _account_in_scope(user, account) -> bool:
    """An account may be linked by an importer who edits one of the units the account belongs to."""
    if access.edits_all(user):
        return True
    from cchc.org.models import Membership

    units = [m.unit for m in Membership.objects.filter(user=account, unit__isnull=False).select_related("unit")]
    return any(access.can_edit_unit(user, u) for u in units)


def staff_import_xlsx(data: bytes, *, user, filename: str | None = None) -> StaffImportReport:
    """Import the registry sheet; any error → nothing written.

    The same unit scope as the forms applies row by row: the row's unit, the staff record the row would update
    (found by account, or by name in that unit) and the account it links must all be within the units ``user``
    may edit; otherwise the row is refused with a message naming the row and the column.
    """
    from django.contrib.auth import get_user_model

    from cchc.core.excel import cell_error, column_letters
    from cchc.org.models import OrgUnit

    rows, errors = read_xlsx(data, columns=STAFF_COLUMNS, required={"full_name", "role"},
                             filename=filename or _("tệp Excel"))
    report = StaffImportReport(errors=list(errors))
    if report.errors and not rows:
        return report
    sheet = "Cán bộ CCHC"
    letters = {**dict(zip(STAFF_COLUMNS, "ABCDEFGHIJ", strict=True)), **column_letters(data, STAFF_COLUMNS)}
    headers = {"unit_code": "Mã đơn vị", "unit_name": "Đơn vị", "role": "Vai trò CCHC", "start_date": "Từ ngày",
               "end_date": "Đến ngày", "username": "Tài khoản", "full_name": "Họ và tên", "position": "Chức vụ",
               "phone": "Điện thoại", "email": "Email"}

    def refuse(n: int, field_name: str, problem: str, code: str) -> None:
        report.errors.append(cell_error(sheet, n, letters[field_name], headers[field_name], problem, code))

    planned = []
    User = get_user_model()
    editable = access.scope_units(user, OrgUnit.objects.all(), field="", for_edit=True)
    claimed: dict[tuple, int] = {}  # the person of a row (see below) -> the first row naming them
    for r in rows:
        n = r["_row"]
        unit = None
        unit_field = "unit_code" if r.get("unit_code") else "unit_name"
        if r.get("unit_code"):
            unit = OrgUnit.objects.filter(code=str(r["unit_code"]).strip()).first()
        elif r.get("unit_name"):
            key = fold_key(str(r["unit_name"]))
            same_name = OrgUnit.objects.filter(name_key=key, valid_to__isnull=True)
            # a name shared by units of several provinces means the one the importer manages
            unit = same_name.filter(pk__in=editable.values("pk")).first() or same_name.first()
        if unit is None:
            refuse(n, unit_field, _("không tìm thấy đơn vị «%(unit)s».")
                   % {"unit": r.get("unit_code") or r.get("unit_name") or ""}, "unit")
            continue
        if not access.can_edit_unit(user, unit):
            refuse(n, unit_field, _("bạn không có quyền cập nhật cán bộ của đơn vị «%(unit)s».") % {"unit": unit.name},
                   "permission")
            continue
        role = ROLE_WORDS.get(fold_key(str(r.get("role") or "")))
        if role is None:
            refuse(n, "role", _("«%(role)s» không hợp lệ (chuyên trách, kiêm nhiệm, đầu mối, lãnh đạo phụ trách).")
                   % {"role": r.get("role")}, "role")
            continue
        dates, bad = {}, None
        for key in ("start_date", "end_date"):
            try:  # a date cell, or a date typed as text ("15/03/2025"); "31/02/2025", "Q1/2025" are refused
                dates[key] = parse_date_input(r.get(key))
            except ValueError:
                bad = bad or key
        if bad:
            refuse(n, bad, _("ngày không hợp lệ «%(value)s» (dd/mm/yyyy).") % {"value": r.get(bad)}, "date")
            continue
        start, end = dates["start_date"] or date.today(), dates["end_date"]
        if end is not None and end < start:
            refuse(n, "end_date", _("«Đến ngày» trước «Từ ngày»."), "date")
            continue
        name = str(r["full_name"]).strip()
        if _text_refused(r, refuse):
            continue
        account = None
        if r.get("username"):
            username = str(r["username"]).strip()
            account = User.objects.filter(username=username).first()
            # one message whether the account is missing or belongs to a unit the importer does not manage,
            # so the sheet cannot be used to probe other units' accounts
            if account is None or not (_account_in_scope(user, account) or _linked_in_scope(user, account)):
                refuse(n, "username", _("không có tài khoản «%(username)s» trong các đơn vị bạn quản lý.")
                       % {"username": username}, "user")
                continue
        staff = StaffMember.objects.filter(user=account).first() if account else None
        if staff is None:
            staff = _staff_by_name(name, unit)
            if staff is not None and account is not None and staff.user_id not in (None, account.pk):
                refuse(n, "username", _("cán bộ «%(name)s» của đơn vị «%(unit)s» đã gắn với tài khoản khác.")
                       % {"name": name, "unit": unit.name}, "user")
                continue
        if staff is not None:
            owner = _staff_scope_unit(staff)
            if owner is not None and not access.can_edit_unit(user, owner):
                field_name = "username" if account is not None else "full_name"
                refuse(n, field_name, _("cán bộ «%(name)s» thuộc đơn vị khác, bạn không có quyền cập nhật hoặc "
                                        "chuyển cán bộ này.") % {"name": staff.full_name}, "permission")
                continue
            if owner is None and not access.edits_all(user) and account is None:
                refuse(n, "full_name", _("cán bộ «%(name)s» chưa thuộc đơn vị nào; chỉ Phòng CCHC được cập nhật.")
                       % {"name": staff.full_name}, "permission")
                continue
        # one row per person: the staff record it updates, else the account it links, else its name in the unit
        key = (("staff", staff.pk) if staff is not None else ("user", account.pk) if account is not None
               else ("name", fold_key(name), unit.pk))
        if key in claimed:
            refuse(n, "username" if key[0] == "user" else "full_name", _("cán bộ «%(name)s» đã có ở dòng %(row)s.")
                   % {"name": staff.full_name if staff is not None else name, "row": claimed[key]}, "duplicate")
            continue
        claimed[key] = n
        planned.append((r, name, unit, role, start, end, account, staff))
    if report.errors:
        return report
    with transaction.atomic(), audit.actor(user):
        for r, name, unit, role, start, end, account, staff in planned:
            if staff is None:
                staff = StaffMember.objects.create(full_name=name, user=account, phone=r.get("phone") or "",
                                                   email=r.get("email") or "")
                report.created += 1
            else:
                staff.phone = r.get("phone") or staff.phone
                staff.email = r.get("email") or staff.email
                if account is not None and staff.user_id is None:
                    staff.user = account
                staff.save()
                report.updated += 1
            current = staff.current_assignment()
            if current is None or (current.unit_id, current.role) != (unit.pk, role):
                a = staff_assign(staff, unit, role, start=start, position=r.get("position") or "")
            else:
                a = current
            if end is not None:
                assignment_end(a, on=end, reason="Theo bảng nhập")
    return report


def _text_refused(r: dict, refuse) -> bool:
    """Refuse (through ``refuse``) a text longer than its column, or an e-mail that is not one: said with the row
    and column here, never a database error at writing. True when something was refused."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    refused = False
    for key, model in (("full_name", StaffMember), ("phone", StaffMember), ("email", StaffMember),
                       ("position", StaffAssignment)):
        text = str(r.get(key) or "").strip()
        long = too_long(text, model._meta.get_field(key).max_length)
        if long:
            refuse(r["_row"], key, long, "too_long")
            refused = True
        elif key == "email" and text:
            try:
                validate_email(text)
            except ValidationError:
                refuse(r["_row"], key, _("«%(value)s» không phải địa chỉ thư điện tử.") % {"value": text}, "email")
                refused = True
    return refused


def _linked_in_scope(user, account) -> bool:
    """The account already belongs to a staff record the importer may edit."""
    staff = StaffMember.objects.filter(user=account).first()
    if staff is None:
        return False
    owner = _staff_scope_unit(staff)
    return owner is not None and access.can_edit_unit(user, owner)


def _staff_by_name(name: str, unit) -> StaffMember | None:
    """The staff record a row without an account updates: same name, currently (or last) assigned to ``unit``."""
    for staff in StaffMember.objects.filter(full_name=name, assignments__unit=unit).distinct():
        owner = _staff_scope_unit(staff)
        if owner is not None and owner.pk == unit.pk:
            return staff
    return None


def staff_export_xlsx(assignments) -> bytes:
    rows = [[a.staff.full_name, a.unit.code, a.unit.name, a.position, a.get_role_display(), a.staff.phone,
             a.staff.email, a.start_date, a.end_date, a.staff.user.username if a.staff.user else ""]
            for a in assignments]
    return write_xlsx([("Cán bộ CCHC", STAFF_HEADERS, rows)])


# --------------------------------------------------------------------------- training

def course_completion_update(course: Course) -> int:
    """Mark enrolments completed when the learner attended at least ``completion_share`` % of sessions."""
    n_sessions = course.sessions.count()
    changed = 0
    if not n_sessions:
        return 0
    present = {}
    for staff_id in Attendance.objects.filter(session__course=course, present=True).values_list("staff_id",
                                                                                               flat=True):
        present[staff_id] = present.get(staff_id, 0) + 1
    for e in course.enrolments.all():
        done = 100 * present.get(e.staff_id, 0) >= course.completion_share * n_sessions
        if done != e.completed:
            e.completed = done
            e.completed_on = course.end_date if done else None
            e.save()
            changed += 1
    return changed


def course_create(user, *, title: str, organiser, start_date: date, end_date: date,
                  format: str = CourseFormat.IN_PERSON, areas=(), description: str = "",
                  completion_share: int = 80) -> Course:
    """A new training course organised by ``organiser``, a unit ``user`` edits; audited with ``user`` as
    actor."""
    access.require_edit(user, organiser)
    title = " ".join((title or "").split())
    if not title:
        raise CapacityError(_("Cần nhập tên lớp bồi dưỡng, tập huấn."), field="title")
    if end_date < start_date:
        raise CapacityError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="end_date")
    if not 0 <= completion_share <= 100:
        raise CapacityError(_("Tỷ lệ buổi phải dự để hoàn thành phải trong khoảng 0–%(max)s%%.") % {"max": 100},
                            field="completion_share")
    with transaction.atomic(), audit.actor(user):
        return Course.objects.create(title=title, format=format, organiser=organiser, areas=list(areas or []),
                                     start_date=start_date, end_date=end_date,
                                     description=(description or "").strip(),
                                     completion_share=completion_share)


def session_add(user, course: Course, *, on: date, topic: str, place: str = "", trainer=None) -> Session:
    """A session of ``course`` on a day within the course's dates; only the organiser's editors add one."""
    from cchc.core.vndates import format_date_short

    access.require_edit(user, course.organiser)
    topic = " ".join((topic or "").split())
    if not topic:
        raise CapacityError(_("Cần nhập chuyên đề của buổi học."), field="topic")
    if not course.start_date <= on <= course.end_date:
        raise CapacityError(_("Ngày của buổi học phải trong thời gian của lớp (%(start)s – %(end)s).")
                            % {"start": format_date_short(course.start_date),
                               "end": format_date_short(course.end_date)}, field="date")
    with transaction.atomic(), audit.actor(user):
        return Session.objects.create(course=course, date=on, topic=topic, place=(place or "").strip(),
                                      trainer=trainer)


def _require_course_editor(user, course: Course) -> None:
    """Enrolments and attendance of ``course`` are its organiser's editors' (``access.can_edit_unit``)."""
    if not access.can_edit_unit(user, course.organiser):
        raise CapacityError(_("Chỉ đơn vị tổ chức lớp «%(course)s» (hoặc Phòng CCHC) được ghi danh và điểm danh "
                              "học viên.") % {"course": course.title}, code="forbidden")


def attendance_record(user, session: Session, present_staff_ids: set[int]) -> None:
    """The roll call of ``session``: every learner of the course present or not, then the course's completions;
    only the organiser's editors record it; audited with ``user`` as actor."""
    _require_course_editor(user, session.course)
    with transaction.atomic(), audit.actor(user):
        for e in session.course.enrolments.all():
            Attendance.objects.update_or_create(session=session, staff_id=e.staff_id,
                                                defaults={"present": e.staff_id in present_staff_ids})
        course_completion_update(session.course)


def course_enrol(user, course: Course, staff: StaffMember) -> Enrolment:
    """Enrol ``staff`` in ``course``: the organiser's editors, for a member of the registry they see (a current
    assignment in a unit of theirs); audited with ``user`` as actor."""
    from cchc.capacity.selectors import assignments_current

    _require_course_editor(user, course)
    if not assignments_current(user).filter(staff=staff).exists():
        raise CapacityError(_("Không ghi danh được «%(name)s»: cán bộ không thuộc đơn vị bạn quản lý.")
                            % {"name": staff.full_name}, code="forbidden", field="staff")
    with transaction.atomic(), audit.actor(user):
        return Enrolment.objects.get_or_create(course=course, staff=staff)[0]


def evaluation_submit(user, course: Course, *, staff: StaffMember | None, trainer, scores: dict,
                      comment: str = "") -> Evaluation:
    """A learner's evaluation of ``course`` (and of one of its trainers): ``staff`` is ``user``'s own record,
    enrolled in the course; a second one for the same trainer replaces the first. Audited with ``user`` as actor."""
    if staff is None or staff.user_id is None or staff.user_id != getattr(user, "pk", None) \
            or not course.enrolments.filter(staff=staff).exists():
        raise CapacityError(_("Chỉ học viên của lớp «%(course)s» mới đánh giá được lớp học.")
                            % {"course": course.title}, code="forbidden")
    if trainer is not None and not course.sessions.filter(trainer=trainer).exists():
        raise CapacityError(_("Giảng viên «%(name)s» không dạy buổi nào của lớp này.") % {"name": trainer.name},
                            field="trainer")
    for k in ("content", "method", "trainer_score", "usefulness"):
        v = scores.get(k)
        if not isinstance(v, int) or not 1 <= v <= 5:
            raise CapacityError(_("Điểm «%(field)s» phải từ 1 đến 5.") % {"field": k}, field=k)
    with transaction.atomic(), audit.actor(user):
        ev, _created = Evaluation.objects.update_or_create(course=course, staff=staff, trainer=trainer,
                                                           defaults={**scores, "comment": (comment or "").strip()})
    return ev


def needs_save(survey: NeedsSurvey, unit, *, user, areas, format, period, learners, note="") -> NeedsResponse:
    if not survey.is_open:
        raise CapacityError(_("Đợt khảo sát đã đóng."))
    access.require_edit(user, unit)
    resp, _created = NeedsResponse.objects.update_or_create(survey=survey, unit=unit, defaults=dict(
        areas=list(areas), format=format, period=period, learners=learners, note=note, submitted_by=user))
    return resp


# --------------------------------------------------------------------------- trainers and course materials
# Office-only writes (admin, Sở Nội vụ): the check lives in cchc.org.access, repeated here so a script or API
# calling the service cannot bypass the view's decorator.

MATERIAL_KINDS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "doc": "doc", "txt": "txt", "image": ""}
MATERIAL_KIND_LABEL = gettext_lazy("PDF, Word (.docx, .doc), Excel (.xlsx), văn bản (.txt) hoặc ảnh")


_TRAINING_OFFICE_ONLY = gettext_lazy("Chỉ Sở Nội vụ (bộ phận CCHC) được cập nhật giảng viên và tài liệu lớp học.")


def trainer_save(user, *, name: str, organisation: str = "", expertise: str = "", trainer=None):
    from cchc.capacity.models import Trainer

    access.require_office(user, _TRAINING_OFFICE_ONLY)
    name = " ".join((name or "").split())
    if not name:
        raise CapacityError(_("Cần nhập họ và tên giảng viên."))
    with transaction.atomic(), audit.actor(user):
        trainer = trainer or Trainer()
        trainer.name, trainer.organisation, trainer.expertise = name, organisation.strip(), expertise.strip()
        trainer.save()
    return trainer


def material_add_document(user, course: Course, document, *, title: str = ""):
    """Attach a knowledge-base document the user can see to ``course``."""
    from cchc.capacity.models import Material
    from cchc.knowledge.selectors import documents_visible

    access.require_office(user, _TRAINING_OFFICE_ONLY)
    if document is None or not documents_visible(user).filter(pk=document.pk).exists():
        raise CapacityError(_("Không tìm thấy tài liệu trong kho tra cứu."))
    if course.materials.filter(document=document).exists():
        raise CapacityError(_("Tài liệu «%(citation)s» đã có trong lớp này.") % {"citation": document.citation})
    with transaction.atomic(), audit.actor(user):
        return Material.objects.create(course=course, document=document, title=(title or document.citation)[:300])


def material_file_check(data: bytes, filename: str) -> str:
    """The file extension to store ``data`` under, or CapacityError with a Vietnamese message naming the file."""
    from cchc.core.intake import IntakeError, max_upload_bytes, sniff, verify

    if not data:
        raise CapacityError(_("Tệp «%(name)s» rỗng.") % {"name": filename})
    if len(data) > max_upload_bytes():
        raise CapacityError(_("Tệp «%(name)s» quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                            % {"name": filename, "size": f"{len(data) / 1048576:.1f}",
                               "limit": f"{max_upload_bytes() / 1048576:.0f}"})
    kind = sniff(data, filename)
    if kind not in MATERIAL_KINDS:
        raise CapacityError(_("Tệp «%(name)s» không phải tài liệu được hỗ trợ; chỉ nhận %(kinds)s.")
                            % {"name": filename, "kinds": MATERIAL_KIND_LABEL})
    if kind != "doc":  # the file must parse as its type, not only start like one (an old .doc is kept as it is)
        try:
            verify(data, filename, allowed={kind})
        except IntakeError as exc:
            raise CapacityError(exc.message) from exc
    ext = MATERIAL_KINDS[kind]
    if kind == "image":
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if ext not in ("png", "jpg", "jpeg", "gif", "webp", "tif", "tiff"):
            ext = "png" if data.startswith(b"\x89PNG") else "jpg"
    return ext


def material_add_file(user, course: Course, data: bytes, filename: str, *, title: str = ""):
    """Attach an uploaded file; its type is sniffed from the content, never trusted from the name."""
    import os

    from django.core.files.base import ContentFile

    from cchc.capacity.models import Material
    from cchc.core.vntext import nfc

    access.require_office(user, _TRAINING_OFFICE_ONLY)
    ext = material_file_check(data, filename)
    filename = nfc(os.path.basename(filename or "tai-lieu"))
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    with transaction.atomic(), audit.actor(user):
        m = Material(course=course, title=(title.strip() or stem)[:300])
        m.file.save(f"{stem[:80]}.{ext}", ContentFile(data), save=False)
        m.save()
    return m


def material_remove(user, material) -> None:
    access.require_office(user, _TRAINING_OFFICE_ONLY)
    with transaction.atomic(), audit.actor(user):
        if material.file:
            material.file.delete(save=False)
        material.delete()
