"""What the inspections app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks
from cchc.inspections.attention import items

hooks.register("attention", items)


@hooks.register("demo", order=50)  # after plans: findings become follow-up tasks
def load_demo():
    call_command("inspections", "load_demo")


from cchc.inspections import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
