"""API tokens: stored hashed (SHA-256 of the secret), with a scope (read / write) and an expiry.

The secret is shown once, when issued (`cchc api_token USER --scope write --days 90`); the database keeps only
its hash and an 8-character prefix to recognise it in lists. A 256-bit random secret needs no slow hash (it cannot
be guessed from a hash the way a password can), so one indexed lookup by hash authenticates a request.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "cchc_"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Chỉ đọc")
        WRITE = "write", _("Đọc và ghi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("tiền tố"), max_length=16, editable=False, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=5, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    label = models.CharField(_("ghi chú"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "core"
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self):
        return f"{self.user} ({self.label or self.prefix}…, {self.get_scope_display()})"

    @classmethod
    def issue(cls, user, *, scope: str = "read", days: int | None = 90, label: str = "") -> tuple["ApiToken", str]:
        """Create a token; returns (token, secret). The secret is not stored and cannot be shown again."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = timezone.now() + timedelta(days=days) if days else None
        token = cls.objects.create(user=user, key_hash=hash_key(raw), prefix=raw[:len(TOKEN_PREFIX) + 6],
                                   scope=scope, expires_at=expires, label=label[:100])
        return token, raw

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        """The valid token for a secret (active user, not expired), or None."""
        if not raw or len(raw) > 200:
            return None
        token = cls.objects.select_related("user").filter(key_hash=hash_key(raw.strip()), user__is_active=True).first()
        if token is None or (token.expires_at is not None and token.expires_at <= timezone.now()):
            return None
        return token

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
