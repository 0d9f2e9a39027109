from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = _("Chỉ số phục vụ 766 (hồ sơ TTHC)")

    def ready(self):
        from cchc.core.audit import register
        from cchc.dossiers import models as m

        register(m.DossierSource, exclude_fields=["updated_at"])
        register(m.DossierImport, include_fields=["status", "filename", "source", "mapping", "accept_valid"])
        register(m.TargetLink)
        from cchc.dossiers import tasks  # noqa: F401 - registers the import job
