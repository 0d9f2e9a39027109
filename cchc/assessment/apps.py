from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class AssessmentConfig(DomainConfig):
    name = "cchc.assessment"
    label = "assessment"
    verbose_name = _("Chỉ số cải cách hành chính")
    audited = ("Framework", "Criterion", "Round", "SelfAssessment", "Score", "ScoreEvidence", "Council", "MemberScore",
               "Objection", "ExternalResult",
               ("CouncilMember", {"m2m_fields": {"criteria"}}))  # who appraises which criteria
    discovers = ("assessment_measures",)  # every installed app may register the measures it owns there
