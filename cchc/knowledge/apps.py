from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class KnowledgeConfig(DomainConfig):
    name = "cchc.knowledge"
    label = "knowledge"
    verbose_name = _("Tài liệu và hỏi đáp")
    audited = ("Document", "Question", "Feedback")
    registers = ("services",)  # the indexing jobs
