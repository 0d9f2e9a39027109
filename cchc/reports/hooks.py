"""What the reports app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks
from cchc.reports import notifications as _notifications  # noqa: F401 - registers the reminder kind
from cchc.reports.attention import items as _attention_items


@hooks.register("demo", order=90)  # last: the figures are read from every other app's demo data
def load_demo():
    call_command("reports", "load_demo")


hooks.register("attention", _attention_items)


def _report_statuses(**kwargs):
    from cchc.reports.exchange_status import report_statuses

    return report_statuses(**kwargs)


hooks.register("exchange_report_status", _report_statuses)
