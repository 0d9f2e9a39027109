from collections.abc import Sequence
from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DomainConfig(AppConfig):
    """An app of the project, declared rather than written: what its ``ready()`` does is the same for every app.

    - ``audited``: the models whose creates, updates and deletes go to the audit log, by name, or
      ``(name, options)`` with django-auditlog's options (``exclude_fields``, ``include_fields``, ``m2m_fields``);
    - ``registers``: the app's modules imported for what they register (background jobs, signal handlers);
    - ``discovers``: module names looked for in every installed app (``<app>/notifications.py`` …).
    """

    # Django takes the one AppConfig subclass of an apps.py marked default; this base, imported there, is not
    default = False
    audited: Sequence[str | tuple[str, dict]] = ()
    registers: Sequence[str] = ()
    discovers: Sequence[str] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from cchc.core import audit

        for entry in self.audited:
            name, options = (entry, {}) if isinstance(entry, str) else entry
            audit.register(self.get_model(name), **options)
        for module in self.registers:
            import_module(f"{self.name}.{module}")
        for module in self.discovers:
            autodiscover_modules(module)


class CoreConfig(DomainConfig):
    name = "cchc.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")
    audited = (("ApiToken", {"exclude_fields": ["key_hash", "last_used_at"]}),
               ("Job", {"include_fields": ["name", "status", "params", "created_by", "error"]}))

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.core.signals import request_finished

        from cchc.core.audit import register
        from cchc.core.storage import _on_request_finished

        super().ready()
        request_finished.connect(_on_request_finished, dispatch_uid="cchc.core.storage.cleanup")
        register(get_user_model(), exclude_fields=["password", "last_login"])
