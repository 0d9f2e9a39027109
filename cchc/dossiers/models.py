"""What the database keeps of the 766 dossiers: the sources and their remembered column mapping, each import and
its report (the rows themselves live in Parquet under settings.CCHC_DOSSIERS_DIR), and the plan targets that
take their measurements from an indicator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierSource(models.Model):
    """A one-stop system that exports dossiers (``--source`` of the CLI). Its mapping {header in the file:
    canonical column, or "" for a column not used} is confirmed once on the import screen and reused next time;
    a re-import of the same source and period replaces the previous one."""

    name = models.CharField(_("nguồn dữ liệu"), max_length=100, unique=True)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nguồn dữ liệu hồ sơ")
        verbose_name_plural = _("nguồn dữ liệu hồ sơ")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DossierImport(models.Model):
    """One uploaded export: headers read, mapping confirmed, then imported by a background job. The refused rows
    (file, row, column, reason) stay in ``report``; a file with bad rows is refused whole unless the user chooses
    to import its valid rows, and the bad rows are still listed."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Chờ xác nhận cột")
        QUEUED = "queued", _("Đang chờ nhập")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập")
        REFUSED = "refused", _("Bị từ chối (có dòng lỗi)")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    source = models.ForeignKey(DossierSource, on_delete=models.PROTECT, related_name="imports",
                               verbose_name=_("nguồn dữ liệu"))
    filename = models.CharField(_("tên tệp"), max_length=255)
    stored_name = models.CharField(max_length=255, blank=True)  # under <dossiers dir>/uploads/, "" for the CLI
    size = models.BigIntegerField(_("dung lượng"), default=0)
    headers = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)  # the first rows, to help the mapping
    mapping = models.JSONField(_("ánh xạ cột"), default=dict, blank=True)
    accept_valid = models.BooleanField(_("nhập các dòng hợp lệ"), default=False)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.MAPPING)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập hồ sơ")
        verbose_name_plural = _("lượt nhập hồ sơ")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.source})"


class TargetLink(models.Model):
    """A plan target measured by a 766 indicator: its measurements (per unit, per period) are the indicator's
    ratio computed from the dossiers, written by the plans measurement service."""

    target = models.OneToOneField("plans.Target", on_delete=models.CASCADE, related_name="dossier_link",
                                  verbose_name=_("chỉ tiêu"))
    indicator = models.CharField(_("chỉ số 766"), max_length=8)
    period_kind = models.CharField(_("kỳ số liệu"), max_length=10, default="year")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("liên kết chỉ tiêu – chỉ số 766")
        verbose_name_plural = _("liên kết chỉ tiêu – chỉ số 766")
        ordering = ["target__plan_id", "target__order"]

    def __str__(self):
        return f"{self.target} ← {self.indicator}"
