"""The four reporting periods as the pages name them, through gettext (``catalog.period_label`` keeps the wording of
the official documents, which stay Vietnamese whatever the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.reports import catalog

PERIOD_CHOICES = ((catalog.Q1, gettext_lazy("quý I")), (catalog.H1, gettext_lazy("6 tháng đầu năm")),
                  (catalog.Q3, gettext_lazy("quý III")), (catalog.YEAR, gettext_lazy("năm")))


def period_name(kind: str, year: int) -> str:
    """ "quý I năm 2026", "6 tháng đầu năm 2026", "quý III năm 2026", "năm 2026" in the reader's language."""
    names = {catalog.Q1: _("quý I năm %(year)s"), catalog.H1: _("6 tháng đầu năm %(year)s"),
             catalog.Q3: _("quý III năm %(year)s"), catalog.YEAR: _("năm %(year)s")}
    return names[kind] % {"year": year}
