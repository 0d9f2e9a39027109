"""What the assessment app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from django.core.management import call_command

from cchc.assessment.attention import items, overview
from cchc.core import hooks

hooks.register("attention", items)
hooks.register("overview", overview, order=20)


@hooks.register("demo", order=70)  # after plans, exams and knowledge: the measures read their data
def load_demo():
    call_command("index", "load_demo")


from cchc.assessment import report_figures as _report_figures  # noqa: E402 - periodic CCHC report (cchc.reports)

hooks.register("report_figures", _report_figures.report_figures)
