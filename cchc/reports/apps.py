from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class ReportsConfig(DomainConfig):
    name = "cchc.reports"
    label = "reports"
    verbose_name = _("Báo cáo CCHC định kỳ")
    default_auto_field = "django.db.models.BigAutoField"
    audited = (("Report", {"exclude_fields": ["figures", "snapshot"]}),)
