from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class CapacityConfig(DomainConfig):
    name = "cchc.capacity"
    label = "capacity"
    verbose_name = _("Năng lực đội ngũ")
    audited = ("StaffMember", "StaffAssignment", "Trainer", "Course", "Session", "Material", "Enrolment", "Attendance",
               "Evaluation", "NeedsSurvey", "NeedsResponse")
