"""In-app notifications (one row per user and event) and each user's e-mail preference."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.notifications import kinds


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("người nhận"))
    kind = models.CharField(_("loại"), max_length=40, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True,
                           help_text=_("Cùng người nhận và cùng khóa thì chỉ thông báo một lần."))
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["emailed_at", "read_at"])]

    def __str__(self):
        return f"{self.user} — {self.title}"

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Gửi thư ngay khi có thông báo")
        DIGEST = "digest", _("Gửi một thư tổng hợp mỗi ngày")
        NONE = "none", _("Không gửi thư (chỉ xem trên hệ thống)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_mode = models.CharField(_("nhận thư điện tử"), max_length=10, choices=EmailMode.choices,
                                  default=EmailMode.DIGEST)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self):
        return f"{self.user}: {self.email_mode}"
