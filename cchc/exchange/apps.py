from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "cchc.exchange"
    label = "exchange"
    verbose_name = _("Kết nối, trao đổi dữ liệu")

    def ready(self):
        from cchc.core.audit import register
        from cchc.exchange.models import ClientSystem

        register(ClientSystem)
        from cchc.exchange import signals

        signals.connect()
