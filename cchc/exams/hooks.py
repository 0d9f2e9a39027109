"""What the exams app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.core import hooks
from cchc.exams.attention import items as _attention_items
from cchc.exams.attention import overview as _overview

hooks.register("attention", _attention_items)
hooks.register("overview", _overview, order=40)


@hooks.register("demo", order=20)
def load_demo():
    call_command("exams", "load_demo")


from cchc.exams import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
