from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "cchc.assessment"
    label = "assessment"
    verbose_name = _("Chỉ số cải cách hành chính")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cchc.assessment import models as m
        from cchc.core import audit

        for model in (m.Framework, m.Criterion, m.Round, m.SelfAssessment, m.Score, m.ScoreEvidence, m.Council,
                      m.MemberScore, m.Objection, m.ExternalResult):
            audit.register(model)
        audit.register(m.CouncilMember, m2m_fields={"criteria"})  # who appraises which criteria
        # every installed app may register the measures it owns in <app>/assessment_measures.py
        autodiscover_modules("assessment_measures")
