from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class ExchangeConfig(DomainConfig):
    name = "cchc.exchange"
    label = "exchange"
    verbose_name = _("Kết nối, trao đổi dữ liệu")
    audited = ("ClientSystem",)

    def ready(self):
        from cchc.exchange import signals

        super().ready()
        signals.connect()
