"""What the capacity app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks


@hooks.register("demo", order=30)
def load_demo():
    call_command("capacity", "load_demo")


from cchc.capacity import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
