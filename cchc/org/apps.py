from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class OrgConfig(DomainConfig):
    name = "cchc.org"
    label = "org"
    verbose_name = _("Tổ chức")
    audited = ("OrgUnit", "UnitAlias", "Succession", "UnitGroup", "Membership")
