from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class DossiersConfig(DomainConfig):
    name = "cchc.dossiers"
    label = "dossiers"
    verbose_name = _("Chỉ số phục vụ 766 (hồ sơ TTHC)")
    audited = (("DossierSource", {"exclude_fields": ["updated_at"]}),
               ("DossierImport", {"include_fields": ["status", "filename", "source", "mapping", "accept_valid"]}),
               "TargetLink")
    registers = ("tasks",)  # the import job
