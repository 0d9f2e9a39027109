from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The pages that bring the apps together (home page, navigation, audit browser, job progress, demo loader).
    The apps feed it through :mod:`cchc.core.hooks`: every installed app's ``hooks.py`` is imported here."""

    name = "cchc.site"
    label = "site"
    verbose_name = _("Trang chung")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("hooks")
