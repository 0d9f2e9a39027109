from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "cchc.knowledge"
    label = "knowledge"
    verbose_name = _("Tài liệu và hỏi đáp")

    def ready(self):
        from cchc.core.audit import register

        from . import models, services  # noqa: F401 - services registers the indexing jobs

        for model in (models.Document, models.Question, models.Feedback):
            register(model)
