from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.capacity import selectors, services
from cchc.capacity.forms import (
    AREA_CHOICES,
    CourseForm,
    DocumentMaterialForm,
    EvaluationForm,
    FileMaterialForm,
    ImportForm,
    NeedsForm,
    ReassignForm,
    SessionForm,
    StaffForm,
    TrainerForm,
)
from cchc.capacity.models import Course, Material, NeedsSurvey, Session, StaffAssignment, StaffMember, Trainer
from cchc.core.excel import write_xlsx
from cchc.core.listing import export_rows, paginate
from cchc.core.params import id_param, year_param
from cchc.core.shortcuts import first_or_404, flash_call, refusal_on_form
from cchc.core.vndates import parse_date_vi
from cchc.org import access
from cchc.org.access import login_and_role_required
from cchc.org.models import OrgUnit

EDITORS = (access.ADMIN, access.PAR_OFFICE, access.UNIT_LEADER, access.FOCAL_POINT)
READERS = (*EDITORS, access.APPRAISER)
OFFICE = access.EDIT_ALL_ROLES  # the CCHC office: trainers, course materials
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable_units(user):
    return access.scope_units(user, OrgUnit.objects.filter(valid_to__isnull=True), field="", for_edit=True) \
        .order_by("path")


def _year(request) -> int:
    return year_param(request.GET.get("year"), default=timezone.localdate().year)


@login_and_role_required(*READERS)
def index(request):
    year = _year(request)
    rows, total = selectors.coverage_by_unit(request.user, year=year)
    targets = selectors.plan_targets(year)
    if request.GET.get("format") == "xlsx":
        # each rate named for what it counts (four columns headed "%" could not be told apart, nor filtered)
        headers = [_("Đơn vị"), _("Số cán bộ"), _("Đã bồi dưỡng trong năm"), _("Tỷ lệ đã bồi dưỡng (%)"),
                   _("Đã kiểm tra"), _("Tỷ lệ đã kiểm tra (%)"), _("Đạt"), _("Tỷ lệ đạt (%)"), _("Tiếp cận tài liệu"),
                   _("Tỷ lệ tiếp cận tài liệu (%)")]
        data = [[r.unit_name, r.staff, r.trained, r.trained_pct, r.tested, r.tested_pct, r.passed, r.passed_pct,
                 r.materials, r.materials_pct] for r in [*rows, total]]
        data.append([])
        data.append([_("Chỉ tiêu:"), "", _("được bồi dưỡng"), targets["trained"][0], "", "", "", "",
                     _("tiếp cận tài liệu"), targets["materials"][0]])
        resp = HttpResponse(write_xlsx([(f"{_('Bao phủ')} {year}", headers, data)]), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="bao-phu-cchc-{year}.xlsx"'
        return resp
    return render(request, "capacity/index.html", {"rows": rows, "total": total, "year": year,
                                                   "targets": targets,
                                                   "can_edit": access.has_role(request.user, *EDITORS),
                                                   "is_office": access.edits_all(request.user)})


STAFF_SORTS = {"unit": ("unit__name", "staff__full_name"), "name": ("staff__full_name",),
               "position": ("position", "staff__full_name"), "role": ("role", "staff__full_name"),
               "start": ("start_date", "staff__full_name")}


@login_and_role_required(*READERS)
def staff_list(request):
    raw_on = (request.GET.get("on") or "").strip()
    on = parse_date_vi(raw_on) if raw_on else None
    if raw_on and on is None:
        messages.error(request, _("Ngày «%(text)s» không hợp lệ; hãy nhập theo dạng 15/12/2024.") % {"text": raw_on[:40]})
    assignments = selectors.assignments_current(request.user, on=on)
    q = (request.GET.get("q") or "").strip()
    if q:
        from django.db.models import Q

        assignments = assignments.filter(Q(staff__full_name__icontains=q) | Q(unit__name__icontains=q)
                                         | Q(position__icontains=q))
    if request.GET.get("format") == "xlsx":
        rows = export_rows(request, assignments, sorts=STAFF_SORTS, default="unit")
        resp = HttpResponse(services.staff_export_xlsx(rows), content_type=XLSX)
        resp["Content-Disposition"] = (f'attachment; filename="can-bo-cchc-{(on or timezone.localdate()).isoformat()}'
                                       '.xlsx"')  # the list as of that day
        return resp
    listing = paginate(request, assignments, sorts=STAFF_SORTS, default="unit")
    return render(request, "capacity/staff_list.html", {"assignments": listing.page, "listing": listing, "on": on,
                                                        "raw_on": raw_on, "q": q,
                                                        "can_edit": access.has_role(request.user, *EDITORS)})


@login_and_role_required(*EDITORS)
def staff_new(request):
    form = StaffForm(request.POST or None, units=_editable_units(request.user),
                     initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        staff = services.staff_create(request.user, full_name=d["full_name"], phone=d["phone"], email=d["email"],
                                      unit=d["unit"], role=d["role"], start=d["start_date"], position=d["position"])
        messages.success(request, _("Đã thêm cán bộ."))
        return redirect("capacity:staff_detail", pk=staff.pk)
    return render(request, "capacity/form.html", {"form": form, "title": _("Thêm cán bộ làm CCHC")})


@login_and_role_required(*READERS)
def staff_detail(request, pk):
    history_scope = access.scope_units(request.user, StaffAssignment.objects.all(), field="unit") \
        .order_by().values("staff_id")
    staff = first_or_404(StaffMember.objects, _("Không tìm thấy."), pk=pk, pk__in=history_scope)
    current = staff.current_assignment()
    can_edit = current is not None and access.can_edit_unit(request.user, current.unit)
    form = ReassignForm(request.POST or None, units=_editable_units(request.user)) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.staff_assign(staff, d["unit"], d["role"], start=d["start_date"], position=d["position"],
                            reason=d["reason"])
            messages.success(request, _("Đã cập nhật phân công."))
            return redirect("capacity:staff_detail", pk=staff.pk)
        except services.CapacityError as exc:
            form.add_error(None, str(exc))
    return render(request, "capacity/staff_detail.html", {
        "staff": staff, "history": staff.assignments.select_related("unit").order_by("-start_date"),
        "form": form, "enrolments": staff.enrolments.select_related("course")})


@login_and_role_required(*EDITORS)
def staff_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.staff_import_xlsx(upload.read(), user=request.user, filename=upload.name)
        if report.ok:
            messages.success(request, _("Đã nhập: %(c)d cán bộ mới, %(u)d cập nhật.") % {"c": report.created,
                                                                                       "u": report.updated})
            return redirect("capacity:staff_list")
    return render(request, "capacity/import.html", {"form": form, "report": report})


COURSE_SORTS = {"start": ("-start_date", "title"), "title": ("title",), "format": ("format", "title"),
                "organiser": ("organiser__name", "title")}


@login_and_role_required(*READERS)
def course_list(request):
    courses = selectors.courses_visible(request.user)
    q = (request.GET.get("q") or "").strip()
    if q:
        courses = courses.filter(title__icontains=q)
    listing = paginate(request, courses, sorts=COURSE_SORTS, default="start")
    return render(request, "capacity/course_list.html", {
        "courses": listing.page, "listing": listing, "q": q, "can_edit": access.has_role(request.user, *EDITORS),
        "summary": selectors.evaluation_summary(user=request.user), "is_office": access.edits_all(request.user)})


@login_and_role_required(*EDITORS)
def course_new(request):
    form = CourseForm(request.POST or None, units=_editable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(request.user, **form.cleaned_data)
        except services.CapacityError as exc:
            refusal_on_form(form, exc)
        else:
            return redirect("capacity:course_detail", pk=course.pk)
    return render(request, "capacity/form.html", {"form": form, "title": _("Thêm lớp bồi dưỡng, tập huấn")})


def _course_for(user, pk) -> Course:
    return first_or_404(selectors.courses_visible(user), _("Không tìm thấy."), pk=pk)


@login_and_role_required()
def course_detail(request, pk):
    course = _course_for(request.user, pk)
    can_edit = access.can_edit_unit(request.user, course.organiser)
    session_form = SessionForm(request.POST or None, prefix="s") if can_edit else None
    if can_edit and request.method == "POST":
        action = request.POST.get("action")
        if action == "session" and session_form.is_valid():
            d = session_form.cleaned_data
            try:
                services.session_add(request.user, course, on=d["date"], topic=d["topic"], place=d["place"],
                                     trainer=d["trainer"])
            except services.CapacityError as exc:
                refusal_on_form(session_form, exc)
            else:
                return redirect("capacity:course_detail", pk=pk)
        if action == "enrol":
            staff_ids = {int(x) for x in request.POST.getlist("staff") if x.isdigit()}
            chosen = StaffMember.objects.filter(pk__in=staff_ids).order_by("full_name")
            flash_call(request, lambda: [services.course_enrol(request.user, course, s) for s in chosen],
                       success=lambda done: _("Đã ghi danh %(n)s học viên.") % {"n": len(done)})
            return redirect("capacity:course_detail", pk=pk)
        if action == "attendance":
            session = get_object_or_404(Session, pk=id_param(request.POST.get("session"), name="session"),
                                        course=course)
            present = {int(x) for x in request.POST.getlist("present") if x.isdigit()}
            flash_call(request, lambda: services.attendance_record(request.user, session, present),
                       success=_("Đã ghi điểm danh."))
            return redirect("capacity:course_detail", pk=pk)
    enrolments = list(course.enrolments.select_related("staff"))
    sessions = list(course.sessions.select_related("trainer"))
    present = {(a.session_id, a.staff_id) for s in sessions for a in s.attendance.all() if a.present}
    per_course, per_trainer = selectors.evaluation_summary(course)
    return render(request, "capacity/course_detail.html", {
        "course": course, "can_edit": can_edit, "session_form": session_form, "enrolments": enrolments,
        "sessions": sessions, "present": present, "per_course": per_course, "per_trainer": per_trainer,
        "candidates": selectors.assignments_current(request.user).exclude(
            staff_id__in=[e.staff_id for e in enrolments]) if can_edit else [],
        "area_labels": dict(AREA_CHOICES), "materials": course.materials.select_related("document"),
        "is_office": access.edits_all(request.user),
        "my_enrolment": next((e for e in enrolments if e.staff.user_id == request.user.pk), None)})


@login_and_role_required()
def evaluate(request, pk):
    course = _course_for(request.user, pk)
    staff = first_or_404(StaffMember.objects, _("Bạn không phải học viên của lớp này."), user=request.user,
                         enrolments__course=course)
    trainers = Trainer.objects.filter(sessions__course=course).distinct()
    form = EvaluationForm(request.POST or None, trainers=trainers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.evaluation_submit(request.user, course, staff=staff, trainer=d["trainer"],
                                       comment=d["comment"],
                                       scores={k: d[k] for k in ("content", "method", "trainer_score", "usefulness")})
        except services.CapacityError as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá lớp học."))
            return redirect("capacity:course_detail", pk=pk)
    return render(request, "capacity/form.html", {"form": form, "title": _("Đánh giá lớp: %s") % course.title})


@login_and_role_required(*READERS)
def needs(request, pk=None):
    surveys = NeedsSurvey.objects.all()
    survey = get_object_or_404(NeedsSurvey, pk=pk) if pk else surveys.filter(is_open=True).first()
    ctx = {"surveys": surveys, "survey": survey}
    if survey is not None:
        units = _editable_units(request.user).exclude(kind="commune") if not access.edits_all(request.user) \
            else OrgUnit.objects.none()
        unit = units.first() if units is not None else None
        if unit is not None and survey.is_open:
            from cchc.capacity.models import NeedsResponse

            existing = NeedsResponse.objects.filter(survey=survey, unit=unit).first()
            form = NeedsForm(request.POST or None, instance=existing)
            if request.method == "POST" and form.is_valid():
                d = form.cleaned_data
                services.needs_save(survey, unit, user=request.user, areas=d["areas"], format=d["format"],
                                    period=d["period"], learners=d["learners"], note=d["note"])
                messages.success(request, _("Đã gửi phiếu nhu cầu của %s.") % unit.name)
                return redirect("capacity:needs_survey", pk=survey.pk)
            ctx.update(form=form, unit=unit)
        if access.sees_all(request.user):
            ctx["summary"] = selectors.needs_summary(survey)
            ctx["area_labels"] = dict(AREA_CHOICES)
    return render(request, "capacity/needs.html", ctx)


# --------------------------------------------------------------------------- trainers and materials (office)

TRAINER_SORTS = {"name": ("name",), "organisation": ("organisation", "name"), "courses": ("-n_courses", "name"),
                 "sessions": ("-n_sessions", "name")}


@login_and_role_required(*OFFICE)
def trainers(request, pk=None):
    trainer = get_object_or_404(Trainer, pk=pk) if pk else None
    initial = {"name": trainer.name, "organisation": trainer.organisation, "expertise": trainer.expertise} \
        if trainer else None
    form = TrainerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_save(request.user, trainer=trainer, **form.cleaned_data)
        except services.CapacityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu giảng viên."))
            return redirect("capacity:trainers")
    listing = paginate(request, selectors.trainers_with_counts(), sorts=TRAINER_SORTS, default="name")
    return render(request, "capacity/trainers.html", {"form": form, "trainer": trainer, "listing": listing,
                                                      "trainers": listing.page})


@login_and_role_required(*OFFICE)
def course_materials(request, pk):
    course = _course_for(request.user, pk)
    q = request.GET.get("q", "").strip()
    documents = selectors.material_candidates(request.user, q)
    doc_form = DocumentMaterialForm(request.POST if request.POST.get("action") == "document" else None,
                                    documents=selectors.material_candidates(request.user, None), prefix="d")
    file_form = FileMaterialForm(request.POST if request.POST.get("action") == "file" else None,
                                 request.FILES or None, prefix="f")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "document" and doc_form.is_valid():
                services.material_add_document(request.user, course, doc_form.cleaned_data["document"],
                                               title=doc_form.cleaned_data["title"])
            elif action == "file" and file_form.is_valid():
                upload = file_form.cleaned_data["file"]
                services.material_add_file(request.user, course, upload.read(), upload.name,
                                           title=file_form.cleaned_data["title"])
            elif action == "remove":
                services.material_remove(request.user, get_object_or_404(Material, pk=id_param(request.POST.get("material"), name="material"),
                                                                         course=course))
                messages.success(request, _("Đã gỡ tài liệu."))
                return redirect("capacity:course_materials", pk=pk)
            else:
                raise services.CapacityError("")
        except services.CapacityError as exc:
            if str(exc):
                (doc_form if action == "document" else file_form).add_error(None, str(exc))
        else:
            messages.success(request, _("Đã thêm tài liệu vào lớp."))
            return redirect("capacity:course_materials", pk=pk)
    return render(request, "capacity/materials.html", {
        "course": course, "q": q, "documents": documents, "doc_form": doc_form, "file_form": file_form,
        "materials": course.materials.select_related("document"), "kinds": services.MATERIAL_KIND_LABEL},
        status=400 if request.method == "POST" else 200)


@login_and_role_required()
def material_download(request, pk):
    """An uploaded course material, streamed to a user who may see its course (media files are never public)."""
    material = get_object_or_404(Material.objects.select_related("course"), pk=pk)
    _course_for(request.user, material.course_id)  # 404 when the course is not visible to the user
    if not material.file:
        raise Http404(_("Tài liệu này không có tệp đính kèm."))
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp của tài liệu.")) from exc
    name = material.file.name.rsplit("/", 1)[-1]
    # PDFs open in the browser; anything else downloads (never rendered inline from our origin)
    return FileResponse(handle, as_attachment=not name.lower().endswith(".pdf"), filename=name)
