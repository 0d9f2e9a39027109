from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from cchc.core.audit import register
        from cchc.plans import models as m

        register(m.Plan)
        register(m.Task)
        register(m.Occurrence, exclude_fields=["reminded_on"])
        register(m.Assignment)
        register(m.Target)
        register(m.ProgressReport, exclude_fields=["updated_at"])
        register(m.Evidence)
        register(m.Measurement, exclude_fields=["updated_at"])
        register(m.PlanImport, include_fields=["status", "filename", "plan", "agency_map"])
        from cchc.plans import tasks  # noqa: F401 - registers background jobs
