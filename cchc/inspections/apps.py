from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra công tác CCHC")

    def ready(self):
        from cchc.core.audit import register
        from cchc.inspections import models as m

        for model in (m.InspectionPlan, m.Inspection, m.InspectionMember, m.ChecklistItem, m.Finding):
            register(model)
