"""A periodic CCHC report of one unit (or of the province) for one period of a year.

``figures`` holds the last generated data (annex rows, section facts) — regenerated on demand; ``narrative`` the
text the unit writes per outline section, kept across regenerations; ``manual`` the annex figures the unit typed
in where the platform holds no data. Issuing (province) or submitting (unit) freezes the report: ``snapshot`` is
the exact data the issued document was built from, and nothing changes it afterwards. Beside it, ``signed_file``
holds the scanned, signed PDF of the issued report (uploaded by the office or the unit's leader).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.reviewable import Reviewable
from cchc.org.models import OrgUnit
from cchc.reports import catalog


def period_rule() -> str:
    """The province's period rule (setting ``CCHC_REPORT_PERIOD_RULE``; unknown values fall back to the legal
    cut-off)."""
    rule = getattr(settings, "CCHC_REPORT_PERIOD_RULE", catalog.CUTOFF)
    return rule if rule in catalog.PERIOD_RULES else catalog.CUTOFF


def period_bounds(kind: str, year: int):
    return catalog.period_bounds(kind, year, period_rule())


def signed_path(instance, filename):
    return f"reports/signed/{instance.year}/{instance.pk}/{filename}"


class Report(Reviewable):
    class Level(models.TextChoices):
        PROVINCE = catalog.PROVINCE, _("Tỉnh báo cáo Bộ Nội vụ")
        UNIT = catalog.UNIT, _("Đơn vị báo cáo Sở Nội vụ")

    class PeriodKind(models.TextChoices):
        Q1 = catalog.Q1, _("Quý I")
        H1 = catalog.H1, _("6 tháng")
        Q3 = catalog.Q3, _("Quý III")
        YEAR = catalog.YEAR, _("Năm")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    level = models.CharField(_("cấp báo cáo"), max_length=10, choices=Level.choices, default=Level.UNIT)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=4, choices=PeriodKind.choices)
    narrative = models.JSONField(_("nội dung đơn vị viết"), default=dict, blank=True)
    manual = models.JSONField(_("số liệu nhập tay"), default=dict, blank=True)
    figures = models.JSONField(_("số liệu từ hệ thống"), default=dict, blank=True, editable=False)
    generated_at = models.DateTimeField(_("lấy số liệu lúc"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    frozen_at = models.DateTimeField(_("chốt số liệu lúc"), null=True, blank=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("người chốt"))
    snapshot = models.JSONField(_("số liệu đã chốt"), default=dict, blank=True, editable=False)
    signed_file = models.FileField(_("bản đã ký (PDF)"), upload_to=signed_path, blank=True, max_length=300)
    signed_name = models.CharField(_("tên tệp bản đã ký"), max_length=255, blank=True)
    signed_size = models.PositiveIntegerField(_("dung lượng bản đã ký"), default=0)
    signed_at = models.DateTimeField(_("tải bản đã ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("người tải bản đã ký"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo CCHC định kỳ")
        verbose_name_plural = _("báo cáo CCHC định kỳ")
        ordering = ["-year", "-period_kind", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "period_kind"], name="reports_one_per_period")]
        indexes = [models.Index(fields=["year", "period_kind", "review_state"])]

    def __str__(self):
        return f"Báo cáo CCHC {self.period_label} — {self.unit}"

    @property
    def period_label(self) -> str:
        """The period as the official document words it (Vietnamese whatever the reader's language)."""
        return catalog.period_label(self.period_kind, self.year)

    @property
    def period_name(self) -> str:
        """The period as the pages name it, in the reader's language."""
        from cchc.reports.periods import period_name

        return period_name(self.period_kind, self.year)

    @property
    def bounds(self):
        """The period the figures cover: the dates the figures were collected for (kept with them, so a frozen
        report keeps its period when the setting changes), else the province's rule today."""
        data = self.data or {}
        if data.get("from") and data.get("to"):
            return date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
        return period_bounds(self.period_kind, self.year)

    @property
    def period_text(self) -> str:
        return catalog.period_span_text(*self.bounds)

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def data(self) -> dict:
        """What the document is built from: the frozen snapshot once issued/submitted, else the live figures."""
        return self.snapshot if self.frozen else self.figures
