from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cchc.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.core.signals import request_finished

        from cchc.core.storage import _on_request_finished

        request_finished.connect(_on_request_finished, dispatch_uid="cchc.core.storage.cleanup")

        from cchc.core.audit import register
        from cchc.core.models import ApiToken, Job

        register(get_user_model(), exclude_fields=["password", "last_login"])
        register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
        register(Job, include_fields=["name", "status", "params", "created_by", "error"])
