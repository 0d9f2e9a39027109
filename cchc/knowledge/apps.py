from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "cchc.knowledge"
    label = "knowledge"
    verbose_name = _("Tài liệu và hỏi đáp")
