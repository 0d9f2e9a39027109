from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class PlansConfig(DomainConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Kế hoạch và nhiệm vụ")
    audited = ("Plan", "Task", ("Occurrence", {"exclude_fields": ["reminded_on"]}), "Assignment", "Target",
               ("ProgressReport", {"exclude_fields": ["updated_at"]}), "Evidence", "DeadlineChange",
               ("Measurement", {"exclude_fields": ["updated_at"]}),
               ("PlanImport", {"include_fields": ["status", "filename", "plan", "agency_map"]}))
    registers = ("tasks",)  # background jobs
