"""Yearly CCHC inspections: the plan (units × month, outline, team), the on-site checklist, findings that become
follow-up tasks of the inspected unit (tracked by the plans app's occurrences and progress reports)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import Area
from cchc.org.models import OrgUnit
from cchc.plans.models import Plan, Task


class InspectionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    document_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    target_share = models.FloatField(_("tỷ lệ đơn vị được kiểm tra tối thiểu (%)"), default=35.0)
    outline = models.JSONField(_("đề cương kiểm tra"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    followup_plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("kế hoạch khắc phục"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title


class Inspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên lịch")
        DONE = "done", _("Đã kiểm tra")
        CONCLUDED = "concluded", _("Đã có kết luận")

    class Mode(models.TextChoices):
        DIRECT = "direct", _("Trực tiếp tại đơn vị")
        ONLINE = "online", _("Trực tuyến, qua hồ sơ, hệ thống")
        COMBINED = "combined", _("Kết hợp trực tiếp và trực tuyến")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    month = models.PositiveSmallIntegerField(_("tháng kiểm tra"))
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices, default=Mode.DIRECT)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(_("nhận xét, đánh giá chung"), blank=True)
    conclusion_number = models.CharField(_("số thông báo kết luận"), max_length=100, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="InspectionMember", related_name="+")

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["plan", "month", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="inspections_one_per_unit")]

    def __str__(self):
        return f"{self.unit.name} ({self.month}/{self.plan.year})"

    def working_days(self) -> tuple[dt.date, dt.date]:
        """First and last working day: the dates the office set, else the month of the plan."""
        last_of_month = calendar.monthrange(self.plan.year, self.month)[1]
        start = self.starts_on or dt.date(self.plan.year, self.month, 1)
        return start, self.ends_on or (self.starts_on or dt.date(self.plan.year, self.month, last_of_month))

    def when_text(self, *, letter: bool = False) -> str:
        """When it takes place: "từ 17/12/2026 đến 18/12/2026" ("từ ngày … đến ngày …" in the notice ``letter``),
        "ngày 17/12/2026", else "trong tháng 12/2026"."""
        day = "ngày " if letter else ""
        if self.starts_on and self.ends_on and self.ends_on != self.starts_on:
            return f"từ {day}{self.starts_on:%d/%m/%Y} đến {day}{self.ends_on:%d/%m/%Y}"
        if self.starts_on:
            return f"ngày {self.starts_on:%d/%m/%Y}"
        return f"trong tháng {self.month}/{self.plan.year}"


class InspectionMember(models.Model):
    class Role(models.TextChoices):
        CHIEF = "chief", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="inspections_member_once")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ChecklistItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("Chưa kiểm tra")
        OK = "ok", _("Đạt")
        ISSUE = "issue", _("Có tồn tại")
        NOT_APPLICABLE = "na", _("Không áp dụng")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("mục"), max_length=20)
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    text = models.TextField(_("nội dung kiểm tra"))
    result = models.CharField(_("kết quả"), max_length=8, choices=Result.choices, default=Result.PENDING)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        ordering = ["inspection", "order"]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Nhẹ")
        MAJOR = "major", _("Cần khắc phục ngay")
        SERIOUS = "serious", _("Nghiêm trọng")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    checklist_item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="findings")
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    text = models.TextField(_("tồn tại, hạn chế"))
    severity = models.CharField(_("mức độ"), max_length=8, choices=Severity.choices, default=Severity.MINOR)
    recommendation = models.TextField(_("kiến nghị khắc phục"), blank=True)
    due_date = models.DateField(_("hạn khắc phục"))
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("nhiệm vụ khắc phục"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tồn tại qua kiểm tra")
        verbose_name_plural = _("tồn tại qua kiểm tra")
        ordering = ["inspection", "pk"]

    def __str__(self):
        return self.text[:80]
