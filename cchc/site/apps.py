from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class SiteConfig(DomainConfig):
    """The pages that bring the apps together (home page, navigation, audit browser, job progress, demo loader).
    The apps feed it through :mod:`cchc.core.hooks`: every installed app's ``hooks.py`` is imported here."""

    name = "cchc.site"
    label = "site"
    verbose_name = _("Trang chung")
    discovers = ("hooks",)
