from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class InitiativesConfig(DomainConfig):
    name = "cchc.initiatives"
    label = "initiatives"
    verbose_name = _("Sáng kiến, mô hình CCHC")
    audited = ("Initiative", "InitiativeScore", "Replication")
