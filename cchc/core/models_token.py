import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("ghi chú"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "core"
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self):
        return f"{self.user} ({self.label or self.key[:6]}…)"

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = secrets.token_hex(24)
        super().save(*args, **kwargs)
