from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    label = "reports"
    verbose_name = "Báo cáo CCHC định kỳ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cchc.core import audit
        from cchc.reports.models import Report

        audit.register(Report, exclude_fields=["figures", "snapshot"])
