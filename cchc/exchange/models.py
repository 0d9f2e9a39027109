"""Client systems of the exchange API (the provincial reporting system, the national CCHC portal, …) and the
stored answers of idempotent pushes.

A client system owns a service account (``user``: no password, never a member of any unit); its API tokens are the
project's one token type, :class:`cchc.core.models_token.ApiToken`, issued to that account. What the system may
do is its ``scopes``; which units it sees is ``unit`` (its subtree) or, when empty, the whole province."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.exchange import scopes as sc
from cchc.org.models import OrgUnit


class ClientSystem(models.Model):
    code = models.SlugField(_("mã hệ thống"), max_length=40, unique=True,
                            help_text=_("chữ thường, số, gạch ngang; ví dụ: bao-cao-tinh"))
    name = models.CharField(_("tên hệ thống"), max_length=255, unique=True)
    contact = models.TextField(_("đầu mối liên hệ"), blank=True)
    scopes = models.JSONField(_("phạm vi"), default=list, blank=True)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("giới hạn trong đơn vị"),
                             help_text=_("để trống: dữ liệu của toàn tỉnh"))
    rate_limit_per_minute = models.PositiveIntegerField(_("số yêu cầu tối đa mỗi phút (mỗi khóa)"), default=60)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_system",
                                editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hệ thống kết nối")
        verbose_name_plural = _("hệ thống kết nối")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.scopes = sc.clean_scopes(self.scopes)
        except ValueError as exc:
            raise ValidationError({"scopes": str(exc)}) from None
        if not 1 <= (self.rate_limit_per_minute or 0) <= 100_000:
            raise ValidationError({"rate_limit_per_minute": _("Phải từ 1 đến 100.000.")})

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def writes(self) -> bool:
        return bool(sc.WRITE_SCOPES & set(self.scopes or []))


class IdempotencyKey(models.Model):
    """The answer given to a push with an ``Idempotency-Key``: the same key and body again → the same answer; the
    same key with another body → 409. Kept ``CCHC_EXCHANGE_IDEMPOTENCY_DAYS`` days."""

    client = models.ForeignKey(ClientSystem, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("khóa chống gửi trùng")
        verbose_name_plural = _("khóa chống gửi trùng")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="exchange_idem_unique")]

    def __str__(self):
        return f"{self.client_id}:{self.key}"


class Deletion(models.Model):
    """A tombstone: a task row (plans.Occurrence), target or measurement was deleted, so incremental pulls can drop
    it (GET /deleted). Written by post_delete signals (:mod:`cchc.exchange.signals`), cascades included. ``unit``
    scopes the row like the deleted object (none for a target: plans are province-wide)."""

    class Kind(models.TextChoices):
        TASK = "task", _("dòng theo dõi nhiệm vụ")
        TARGET = "target", _("chỉ tiêu")
        MEASUREMENT = "measurement", _("số liệu chỉ tiêu")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.BigIntegerField()
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.JSONField(default=dict, blank=True)
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("dữ liệu đã xóa (cho hệ thống kết nối)")
        verbose_name_plural = _("dữ liệu đã xóa (cho hệ thống kết nối)")
        indexes = [models.Index(fields=["kind", "deleted_at"])]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
