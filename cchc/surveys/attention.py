"""Home-page items of the surveys app (registered by ``surveys/hooks.py``): the ``overview`` headline figure of
citizens' satisfaction."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def overview(user) -> list[dict]:
    from cchc.core.vntext import format_number
    from cchc.surveys.selectors import satisfaction_overview

    got = satisfaction_overview(user)
    if got is None:
        return []
    note = (_("%(unit)s · %(n)s phiếu") % {"unit": got["unit"], "n": format_number(got["answers"])} if got["unit"]
            else _("%(n)s phiếu của %(units)s đơn vị (bình quân theo số phiếu)") % {
                "n": format_number(got["answers"]), "units": got["units"]})
    return [{"key": "sipas", "title": _("Mức độ hài lòng của người dân, tổ chức năm %(year)s") % {"year": got["year"]},
             "value": "%s%%" % format_number(got["pct"], 1), "note": note,
             "url": f"{reverse('surveys:results')}?year={got['year']}&by=year"}]
