from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cchc.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self):
        from cchc.core.audit import register
        from cchc.org import models

        for model in (models.OrgUnit, models.UnitAlias, models.Succession, models.UnitGroup, models.Membership):
            register(model)
