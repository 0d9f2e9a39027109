from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "cchc.capacity"
    label = "capacity"
    verbose_name = _("Năng lực đội ngũ")

    def ready(self):
        from cchc.capacity import models as m
        from cchc.core import audit

        for model in (m.StaffMember, m.StaffAssignment, m.Trainer, m.Course, m.Session, m.Material, m.Enrolment,
                      m.Attendance, m.Evaluation, m.NeedsSurvey, m.NeedsResponse):
            audit.register(model)
