"""What the surveys app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks
from cchc.surveys.attention import overview

hooks.register("overview", overview, order=30)


@hooks.register("demo", order=55)
def load_demo(stdout=None):
    import sys

    from cchc.surveys import demo

    call_command("surveys", "templates")
    demo.load_demo(stdout or sys.stdout)


from cchc.surveys import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
