from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class InspectionsConfig(DomainConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = _("Kiểm tra công tác CCHC")
    audited = ("InspectionPlan", "Inspection", "InspectionMember", "ChecklistItem", "Finding")
