"""Reform initiatives and models (sáng kiến, mô hình CCHC): proposals by units, the council's score sheets, the
office's decision, and replication by other units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import Area
from cchc.org.models import OrgUnit


def attachment_path(instance, filename):
    return f"initiatives/{instance.year}/{filename}"


class Initiative(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        RECOGNISED = "recognised", _("Được công nhận")
        REJECTED = "rejected", _("Không công nhận")

    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên sáng kiến, mô hình"), max_length=500)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    authors = models.CharField(_("tác giả"), max_length=500)
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    description = models.TextField(_("nội dung, cách làm, hiệu quả"))
    attachment = models.FileField(_("tài liệu kèm theo"), upload_to=attachment_path, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của Hội đồng"), blank=True)
    commendation = models.CharField(_("khen thưởng"), max_length=500, blank=True)
    commendation_url = models.URLField(_("liên kết quyết định khen thưởng"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sáng kiến, mô hình CCHC")
        verbose_name_plural = _("sáng kiến, mô hình CCHC")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title


class InitiativeScore(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("điểm theo tiêu chí"), default=dict)
    total = models.FloatField(_("tổng điểm"))
    comment = models.TextField(_("nhận xét"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm sáng kiến")
        verbose_name_plural = _("phiếu chấm sáng kiến")
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="initiatives_one_sheet")]

    def __str__(self):
        return f"{self.initiative_id}: {self.total}"


class Replication(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị áp dụng"))
    started_on = models.DateField(_("áp dụng từ"))
    result = models.TextField(_("kết quả áp dụng"), blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn vị nhân rộng")
        verbose_name_plural = _("đơn vị nhân rộng")
        constraints = [models.UniqueConstraint(fields=["initiative", "unit"], name="initiatives_replicate_once")]

    def __str__(self):
        return f"{self.unit} ← {self.initiative_id}"
