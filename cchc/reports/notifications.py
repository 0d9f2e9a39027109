"""Notifications of the periodic reports: the office reminds the units that have not sent a period's report.

Everything goes through ``cchc.notifications.services.users_notify`` with a key per unit and day, so pressing the
button twice in a day tells nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.notifications import kinds
from cchc.notifications.services import users_notify
from cchc.plans.notifications import unit_people

REMIND = kinds.register("report.remind", gettext_lazy("Nhắc gửi báo cáo CCHC định kỳ"), app="reports").code


def remind_missing(rows, *, year: int, period_kind: str, label: str, today) -> dict:
    """Tell the focal points and leaders of every unit of ``rows`` (selectors.submission_status) whose report is
    not sent. Returns {"units": units reminded, "people": notifications written, "nobody": units with no account}."""
    missing = [r["unit"] for r in rows if not r["sent"]]
    people = unit_people([u.pk for u in missing])
    url = f"{reverse('reports:index')}?year={year}"
    out = {"units": 0, "people": 0, "nobody": []}
    for unit in missing:
        users = people.get(unit.pk)
        if not users:
            out["nobody"].append(unit.name)
            continue
        sent = users_notify(users, REMIND, _("Phòng CCHC nhắc: đơn vị chưa gửi báo cáo CCHC %(p)s") % {"p": label},
                            url=url, key=f"report:remind:{year}:{period_kind}:{unit.pk}:{today.isoformat()}")
        out["units"] += 1 if sent else 0
        out["people"] += len(sent)
    return out
