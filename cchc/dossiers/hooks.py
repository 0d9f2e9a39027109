"""What the dossiers app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from cchc.core import hooks
from cchc.dossiers import report_figures as _report_figures

hooks.register("report_figures", _report_figures.report_figures)
