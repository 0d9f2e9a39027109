from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    label = "procedures"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self):
        from cchc.core.audit import register
        from cchc.procedures import models as m

        for model in (m.ProcedureDecision, m.Procedure, m.ProcedureEvent):
            register(model, exclude_fields=["search_key"])
        register(m.ProcedureImport, exclude_fields=["draft"])  # the parsed document: large, and kept on the row
