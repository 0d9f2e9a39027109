from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class ProceduresConfig(DomainConfig):
    name = "cchc.procedures"
    label = "procedures"
    verbose_name = _("Danh mục thủ tục hành chính")
    audited = ("ProcedureDecision", ("Procedure", {"exclude_fields": ["search_key"]}), "ProcedureEvent",
               ("ProcedureImport", {"exclude_fields": ["draft"]}))  # the parsed document: large, kept on the row
