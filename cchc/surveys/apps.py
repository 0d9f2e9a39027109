from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class SurveysConfig(DomainConfig):
    name = "cchc.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát sự hài lòng")
    audited = ("Questionnaire", "QuestionnaireVersion", "Section", "Item", "Round", "CodeBatch", "KioskSession",
               "ImportBatch", "PaperEntry")
