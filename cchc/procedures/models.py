"""The procedure catalogue (danh mục thủ tục hành chính): one row per procedure code, with its history — which
published decision added, amended or abolished it (``ProcedureEvent``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.vntext import fold_key


class Status(models.TextChoices):
    NEW = "new", _("Công bố mới")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    ABOLISHED = "abolished", _("Bãi bỏ")
    KEPT = "kept", _("Đang thực hiện (công bố lại)")


class Level(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class Online(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không (trực tiếp)")


class ProcedureDecision(models.Model):
    """The document that published (part of) the catalogue: a decision, or an Excel sheet the office imported."""

    class Source(models.TextChoices):
        DOCUMENT = "document", _("Quyết định công bố")
        EXCEL = "excel", _("Tệp Excel")

    number = models.CharField(_("Số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("Trích yếu"), max_length=500, blank=True)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DOCUMENT)
    filename = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định công bố thủ tục")
        verbose_name_plural = _("quyết định công bố thủ tục")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number or self.filename or f"#{self.pk}"


class Procedure(models.Model):
    code = models.CharField(_("Mã TTHC"), max_length=40, unique=True)
    name = models.TextField(_("Tên thủ tục"), blank=True)
    field = models.CharField(_("Lĩnh vực"), max_length=200, blank=True, db_index=True)
    level = models.CharField(_("Cấp thực hiện"), max_length=10, choices=Level.choices, blank=True, db_index=True)
    time_limit = models.TextField(_("Thời hạn giải quyết"), blank=True)
    time_days = models.PositiveIntegerField(_("Số ngày giải quyết"), null=True, blank=True)
    working_days = models.BooleanField(_("Ngày làm việc"), null=True, blank=True)
    agency_text = models.CharField(_("Cơ quan thực hiện (theo văn bản)"), max_length=500, blank=True)
    agency = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="procedures", verbose_name=_("Cơ quan thực hiện"))
    fee_text = models.TextField(_("Phí, lệ phí"), blank=True)
    fee_amount = models.PositiveBigIntegerField(_("Mức phí (đồng)"), null=True, blank=True)
    online = models.CharField(_("Dịch vụ công trực tuyến"), max_length=10, choices=Online.choices, blank=True,
                              db_index=True)
    paper_result = models.BooleanField(_("Kết quả bản giấy"), null=True, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=Status.choices, db_index=True)
    decision = models.ForeignKey(ProcedureDecision, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("Văn bản công bố gần nhất"))
    search_key = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"[:120]

    def save(self, *args, **kwargs):
        self.search_key = fold_key(f"{self.code} {self.name} {self.field} {self.agency_text}")
        super().save(*args, **kwargs)

    @property
    def active(self) -> bool:
        return self.status != Status.ABOLISHED


class ProcedureEvent(models.Model):
    """One line of a procedure's history: this decision added / amended / abolished / re-published it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="events")
    decision = models.ForeignKey(ProcedureDecision, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="events")
    status = models.CharField(max_length=10, choices=Status.choices)
    changes = models.JSONField(default=dict, blank=True)  # field → [before, after]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi thủ tục")
        verbose_name_plural = _("thay đổi thủ tục")
        ordering = ["procedure", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.status}"


class ProcedureImport(models.Model):
    """An uploaded decision waiting for the office's confirmation (the preview), then applied or discarded."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        APPLIED = "applied", _("Đã nhập")
        DISCARDED = "discarded", _("Đã hủy")

    filename = models.CharField(max_length=255)
    draft = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decision = models.ForeignKey(ProcedureDecision, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập danh mục thủ tục")
        verbose_name_plural = _("lượt nhập danh mục thủ tục")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
