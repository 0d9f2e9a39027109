"""What the dossiers app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from cchc.core import hooks
from cchc.dossiers import report_figures as _report_figures

hooks.register("report_figures", _report_figures.report_figures)


@hooks.register("demo", order=80)  # after the procedure catalogue (codes) and before the reports (Biểu mẫu 3)
def load_demo(stdout=None):
    import sys

    from cchc.dossiers import demo

    demo.load_demo(stdout or sys.stdout)
