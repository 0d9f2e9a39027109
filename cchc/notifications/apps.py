from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cchc.core.audit import register
        from cchc.notifications import models as m

        register(m.NotificationPreference)
        from cchc.notifications import tasks  # noqa: F401 - registers the digest job

        # every installed app may declare its kinds in <app>/notifications.py
        autodiscover_modules("notifications")
