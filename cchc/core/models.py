from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import areas as _areas

Area = models.TextChoices("Area", [(code.upper(), (code, _(label))) for code, label in _areas.AREAS])
Area.__doc__ = "The CCHC areas as Django choices (codes and labels: cchc.core.areas, GLOSSARY.md)."


class Job(models.Model):
    """A unit of long-running background work (import, indexing, export, report) with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    name = models.CharField(_("tác vụ"), max_length=100)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A running job holds a lease that its progress() calls renew (heartbeat). A lease that ran out means the
    # process died (killed, out of memory, restart): the job is queued again, or failed after max attempts.
    lease_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.message = message[:500]
        from cchc.core.jobs import lease_deadline

        Job.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(
            done=self.done, total=self.total, message=self.message, lease_expires_at=lease_deadline())

    def heartbeat(self) -> None:
        """Renew the lease without reporting progress (long steps that cannot count)."""
        from cchc.core.jobs import lease_deadline

        Job.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(lease_expires_at=lease_deadline())
from cchc.core.models_token import ApiToken  # noqa: E402,F401
