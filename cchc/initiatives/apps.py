from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "cchc.initiatives"
    label = "initiatives"
    verbose_name = _("Sáng kiến, mô hình CCHC")

    def ready(self):
        from cchc.core.audit import register
        from cchc.initiatives import models as m

        for model in (m.Initiative, m.InitiativeScore, m.Replication):
            register(model)
