"""Capacity of the CCHC workforce: staff registry (with assignment history), training, needs surveys, evaluations.

A StaffMember is a person doing CCHC work; each StaffAssignment places them in a unit with a CCHC role for a
period. When units are reorganised the open assignment is closed and a new one opened in the successor unit, so
the history survives the 2025 mergers. A StaffMember may be linked to a user account: that link is how exam
results (cchc.exams) and access to the knowledge base count towards coverage.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CchcRole(models.TextChoices):
    FULL_TIME = "full_time", _("Chuyên trách")
    PART_TIME = "part_time", _("Kiêm nhiệm")
    FOCAL_POINT = "focal_point", _("Đầu mối")
    LEADER = "leader", _("Lãnh đạo phụ trách")


class StaffMember(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="staff_member", verbose_name=_("tài khoản"))
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cán bộ làm CCHC")
        verbose_name_plural = _("cán bộ làm CCHC")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def current_assignment(self):
        return self.assignments.filter(end_date__isnull=True).select_related("unit").first()


class StaffAssignment(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="cchc_assignments",
                             verbose_name=_("đơn vị"))
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    role = models.CharField(_("vai trò CCHC"), max_length=12, choices=CchcRole.choices)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do thay đổi"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phân công CCHC")
        verbose_name_plural = _("phân công CCHC")
        ordering = ["staff", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["staff"], condition=Q(end_date__isnull=True),
                                    name="capacity_one_open_assignment"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="capacity_assignment_dates"),
        ]

    def __str__(self):
        return f"{self.staff} — {self.unit} ({self.get_role_display()})"


class CourseFormat(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    MIXED = "mixed", _("Kết hợp")


class Trainer(models.Model):
    name = models.CharField(_("họ và tên"), max_length=200)
    organisation = models.CharField(_("cơ quan"), max_length=255, blank=True)
    expertise = models.CharField(_("chuyên môn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("giảng viên, báo cáo viên")
        verbose_name_plural = _("giảng viên, báo cáo viên")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Course(models.Model):
    title = models.CharField(_("tên lớp, khóa"), max_length=300)
    format = models.CharField(_("hình thức"), max_length=10, choices=CourseFormat.choices,
                              default=CourseFormat.IN_PERSON)
    organiser = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="cchc_courses",
                                  verbose_name=_("đơn vị tổ chức"))
    areas = models.JSONField(_("lĩnh vực CCHC"), default=list, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung"), blank=True)
    completion_share = models.PositiveSmallIntegerField(_("tỷ lệ buổi phải dự để hoàn thành (%)"), default=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lớp bồi dưỡng, tập huấn")
        verbose_name_plural = _("lớp bồi dưỡng, tập huấn")
        ordering = ["-start_date"]

    def __str__(self):
        return self.title


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    topic = models.CharField(_("chuyên đề"), max_length=300)
    place = models.CharField(_("địa điểm / đường dẫn"), max_length=300, blank=True)
    trainer = models.ForeignKey(Trainer, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions",
                                verbose_name=_("giảng viên"))

    class Meta:
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        ordering = ["course", "date", "pk"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.topic}"


class Material(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("tên tài liệu"), max_length=300)
    document = models.ForeignKey("knowledge.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("tài liệu trong kho tra cứu"))
    file = models.FileField(_("tệp"), upload_to="capacity/%Y/", blank=True)

    class Meta:
        verbose_name = _("tài liệu lớp học")
        verbose_name_plural = _("tài liệu lớp học")

    def __str__(self):
        return self.title


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="enrolments")
    completed = models.BooleanField(_("hoàn thành"), default=False)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [models.UniqueConstraint(fields=["course", "staff"], name="capacity_enrolment_unique")]

    def __str__(self):
        return f"{self.staff} — {self.course}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="capacity_attendance_unique")]

    def __str__(self):
        return f"{self.staff} @ {self.session}"


class Evaluation(models.Model):
    """Course evaluation form: 1–5 for content, method, trainer, usefulness."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluations")
    trainer = models.ForeignKey(Trainer, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations")
    staff = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    content = models.PositiveSmallIntegerField(_("nội dung"))
    method = models.PositiveSmallIntegerField(_("phương pháp"))
    trainer_score = models.PositiveSmallIntegerField(_("giảng viên"))
    usefulness = models.PositiveSmallIntegerField(_("tính hữu ích"))
    comment = models.TextField(_("góp ý"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đánh giá lớp học")
        verbose_name_plural = _("phiếu đánh giá lớp học")
        constraints = [
            models.UniqueConstraint(fields=["course", "staff", "trainer"], name="capacity_one_evaluation"),
            *[models.CheckConstraint(condition=Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"capacity_eval_{f}")
              for f in ("content", "method", "trainer_score", "usefulness")],
        ]

    def __str__(self):
        return f"{self.course}: {self.content}/{self.method}/{self.trainer_score}/{self.usefulness}"


class NeedsSurvey(models.Model):
    title = models.CharField(_("tên đợt khảo sát"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    is_open = models.BooleanField(_("đang nhận phiếu"), default=True)

    class Meta:
        verbose_name = _("khảo sát nhu cầu bồi dưỡng")
        verbose_name_plural = _("khảo sát nhu cầu bồi dưỡng")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


class NeedsResponse(models.Model):
    """One unit's answer: topics wanted (CCHC areas), preferred format and period, number of learners."""

    survey = models.ForeignKey(NeedsSurvey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    areas = models.JSONField(_("chủ đề cần bồi dưỡng"), default=list)
    format = models.CharField(_("hình thức mong muốn"), max_length=10, choices=CourseFormat.choices)
    period = models.CharField(_("thời gian mong muốn"), max_length=10,
                              choices=[("Q1", _("Quý I")), ("Q2", _("Quý II")), ("Q3", _("Quý III")),
                                       ("Q4", _("Quý IV"))])
    learners = models.PositiveIntegerField(_("số người cần bồi dưỡng"), default=1)
    note = models.TextField(_("đề xuất khác"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu nhu cầu bồi dưỡng")
        verbose_name_plural = _("phiếu nhu cầu bồi dưỡng")
        constraints = [models.UniqueConstraint(fields=["survey", "unit"], name="capacity_one_response_per_unit")]

    def __str__(self):
        return f"{self.survey} — {self.unit}"
