from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self):
        from cchc.core import audit
        from cchc.surveys import models as m

        for model in (m.Questionnaire, m.QuestionnaireVersion, m.Section, m.Item, m.Round, m.CodeBatch,
                      m.KioskSession, m.ImportBatch, m.PaperEntry):
            audit.register(model)
