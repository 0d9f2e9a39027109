from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class NotificationsConfig(DomainConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")
    audited = ("NotificationPreference",)
    registers = ("tasks",)  # the digest job
    discovers = ("notifications",)  # every installed app may declare its kinds in <app>/notifications.py
