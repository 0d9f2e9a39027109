"""What the plans app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks
from cchc.plans.attention import items, overview

hooks.register("attention", items)
hooks.register("overview", overview, order=10)


@hooks.register("demo", order=40)
def load_demo():
    call_command("plans", "load_demo")


from cchc.plans import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
