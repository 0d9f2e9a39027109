"""Plans, tasks, assignments, schedules, occurrences, progress reports (reviewed), targets and measurements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.core import models as core_models
from cchc.core.evidence import EvidenceFile
from cchc.core.reviewable import Reviewable
from cchc.org.models import OrgUnit, UnitGroup
from cchc.plans import occurrences as occ

Area = core_models.Area  # the one vocabulary (cchc.core.areas, GLOSSARY.md)


class Plan(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        SCHEME = "scheme", _("Đề án")
        PROGRAMME = "programme", _("Chương trình")
        DECISION = "decision", _("Quyết định")

    title = models.CharField(_("tên kế hoạch"), max_length=1000)
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=Kind.choices, default=Kind.PLAN)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    province = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("tỉnh"))
    period = models.CharField(_("giai đoạn"), max_length=20, blank=True)
    document_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True, db_index=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    source_name = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    revision = models.PositiveIntegerField(_("lần cập nhật"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def years(self) -> list[int]:
        fallback = self.issue_date.year if self.issue_date else self.created_at.year if self.created_at else 2024
        return occ.plan_years(self.period, fallback=fallback)


class PlanImport(models.Model):
    """An uploaded plan being parsed and reviewed; confirmed into a Plan (new or a revision)."""

    class Status(models.TextChoices):
        PARSING = "parsing", _("Đang đọc")
        REVIEW = "review", _("Chờ rà soát")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PARSING)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(editable=False)
    source_text = models.TextField(_("văn bản nguồn"), blank=True)
    draft = models.JSONField(default=dict, blank=True)
    rows = models.JSONField(default=list, blank=True)
    agency_map = models.JSONField(default=dict, blank=True, help_text="agency text -> unit code / group code")
    error_code = models.CharField(max_length=50, blank=True)
    error = models.TextField(blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports",
                             verbose_name=_("cập nhật kế hoạch"))
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("lượt nhập kế hoạch")
        verbose_name_plural = _("lượt nhập kế hoạch")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch"))
    key = models.CharField(max_length=400, db_index=True, editable=False)
    order = models.PositiveIntegerField(default=0)
    table = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(_("mục"), max_length=20, blank=True)
    section_title = models.CharField(_("tên mục"), max_length=1000, blank=True)
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.TextField(_("nhiệm vụ"))
    activities = models.JSONField(_("hoạt động"), default=list, blank=True)
    products = models.JSONField(_("sản phẩm"), default=list, blank=True)
    lead_text = models.JSONField(_("cơ quan chủ trì (văn bản)"), default=list, blank=True)
    partners_text = models.JSONField(_("cơ quan phối hợp (văn bản)"), default=list, blank=True)
    deadline = models.CharField(_("thời gian thực hiện"), max_length=500, blank=True)
    budget = models.TextField(_("kinh phí"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]

    def __str__(self):
        return f"{self.number} {self.title[:80]}".strip()

    def as_row(self) -> dict:
        return {"table": self.table, "section": self.section, "section_title": self.section_title,
                "number": self.number, "title": self.title, "activities": self.activities,
                "products": self.products, "lead": self.lead_text, "partners": self.partners_text,
                "deadline": self.deadline, "budget": self.budget, "note": self.note}


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        PARTNER = "partner", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices)
    agency_text = models.CharField(_("cơ quan (theo văn bản)"), max_length=500)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments",
                             verbose_name=_("đơn vị"))
    group = models.ForeignKey(UnitGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="assignments", verbose_name=_("nhóm đơn vị"))

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")

    def __str__(self):
        return f"{self.get_role_display()}: {self.agency_text}"


class Schedule(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="schedules")
    kind = models.CharField(_("loại thời hạn"), max_length=12)
    text = models.CharField(_("thời hạn (văn bản)"), max_length=500, blank=True)
    spec = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")

    def __str__(self):
        return f"{self.kind}: {self.text}"


class Status(models.TextChoices):
    NOT_STARTED = occ.NOT_STARTED, _("Chưa thực hiện")
    IN_PROGRESS = occ.IN_PROGRESS, _("Đang thực hiện")
    DONE = occ.DONE, _("Hoàn thành")
    DONE_LATE = occ.DONE_LATE, _("Hoàn thành chậm")
    NOT_APPLICABLE = occ.NOT_APPLICABLE, _("Không áp dụng")


class Occurrence(models.Model):
    """One line to report on: a schedule's reporting period for one unit (the DHIS2 "expected report")."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="occurrences")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="occurrences")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="occurrences")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.GENERAL)
    period = models.CharField(_("kỳ"), max_length=8)
    due_date = models.DateField(_("hạn"))
    # the plan's date when the due date was moved (DeadlineChange); None while it is the plan's own
    original_due_date = models.DateField(_("hạn theo kế hoạch"), null=True, blank=True)
    # denormalised from the latest submitted/accepted report (kept by services)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(default=0)
    completed_on = models.DateField(null=True, blank=True)
    first_submitted_on = models.DateField(null=True, blank=True)
    on_time = models.BooleanField(default=False)
    accepted = models.BooleanField(default=False)
    reminded_on = models.DateField(null=True, blank=True)
    # when the figures above last changed (incremental pulls of the exchange API, ?updated_since=)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("kỳ báo cáo nhiệm vụ")
        verbose_name_plural = _("kỳ báo cáo nhiệm vụ")
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["schedule", "unit", "period"], name="plans_occ_unique")]
        indexes = [
            models.Index(fields=["unit", "due_date"]),
            models.Index(fields=["due_date", "status"]),
            models.Index(fields=["plan", "due_date"]),
        ]

    def __str__(self):
        return f"{self.task} — {self.unit} — {self.period}"

    def timing(self, today, at_risk_days: int = occ.AT_RISK_DAYS) -> str:
        return occ.timing(self.status, due=self.due_date, today=today, at_risk_days=at_risk_days,
                          percent=self.percent)


class DeadlineChange(models.Model):
    """A move of an occurrence's due date: asked for by the unit ("đề nghị gia hạn") and decided by the CCHC office,
    or made by the office itself (decided at once). The occurrence keeps the plan's date (``original_due_date``), so
    plan and actual can be compared; late, on time and done late are read against the moved date."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Chờ Phòng CCHC xem xét")
        APPROVED = "approved", _("Đã đồng ý")
        REFUSED = "refused", pgettext_lazy("deadline request state", "Không đồng ý")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="deadline_changes")
    from_date = models.DateField(_("hạn trước khi điều chỉnh"))
    to_date = models.DateField(_("hạn mới"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    comment = models.TextField(_("ý kiến của Phòng CCHC"), blank=True)

    class Meta:
        verbose_name = _("điều chỉnh hạn nhiệm vụ")
        verbose_name_plural = _("điều chỉnh hạn nhiệm vụ")
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["occurrence"], condition=models.Q(state="requested"),
                                               name="plans_one_open_deadline_request")]

    def __str__(self):
        return f"{self.occurrence} — {self.from_date} → {self.to_date} ({self.get_state_display()})"


def evidence_path(instance, filename):
    return f"plans/evidence/{instance.report.occurrence.plan_id}/{instance.report_id}/{filename}"


class ProgressReport(Reviewable):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    output_number = models.CharField(_("số, ký hiệu văn bản kết quả"), max_length=100, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    na_reason = models.TextField(_("lý do không áp dụng"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["occurrence", "review_state"]), models.Index(fields=["unit", "review_state"])]

    def __str__(self):
        return f"{self.occurrence} — {self.get_status_display()}"


class Evidence(EvidenceFile):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path)


class Target(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "tỉnh", _("Cấp tỉnh")
        DEPARTMENT = "sở", _("Sở, ban, ngành")
        DISTRICT = "huyện", _("Cấp huyện")
        COMMUNE = "xã", _("Cấp xã")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("nội dung chỉ tiêu"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=500)
    value = models.FloatField(_("giá trị"))
    value_max = models.FloatField(_("giá trị tối đa"), null=True, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=20, default="%")
    comparator = models.CharField(_("so sánh"), max_length=2, default=">=")
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.indicator

    @property
    def label(self) -> str:
        """The full statement shown on screen and in Excel (indicator, comparator, value, unit, year, level)."""
        from cchc.plans.importing.targets import target_label  # noqa: PLC0415

        return target_label(self)


class Measurement(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measurements")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=8)
    value = models.FloatField(_("giá trị đạt được"))
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["target", "unit", "period"], name="plans_measure_unique")]

    def __str__(self):
        return f"{self.target} {self.unit} {self.period}: {self.value}"
