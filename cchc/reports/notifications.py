"""Notifications of the periodic reports: the office reminds the units that have not sent a period's report.

Everything goes through ``cchc.notifications.services.users_notify`` with a key per unit and day, so pressing the
button twice in a day tells nobody twice."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.notifications import kinds
from cchc.notifications.services import users_notify
from cchc.org.models import Role
from cchc.plans.notifications import unit_people

REMIND = kinds.register("report.remind", gettext_lazy("Nhắc gửi báo cáo CCHC định kỳ"), app="reports").code


def remind_missing(rows, *, year: int, period_kind: str, label: str, today) -> dict:
    """Tell every unit of ``rows`` (selectors.submission_status) whose report the office has not received: the
    focal points and leaders of a unit that has not sent it; only the leaders of a unit whose report waits for their
    approval (the focal point has sent it). Returns {"units": units reminded, "people": notifications written,
    "nobody": units with no account}."""
    from cchc.reports.selectors import RECEIVED, WITH_LEADER

    missing = [r for r in rows if r["stage"] != RECEIVED]
    people = unit_people([r["unit"].pk for r in missing if r["stage"] != WITH_LEADER])
    leaders = unit_people([r["unit"].pk for r in missing if r["stage"] == WITH_LEADER], roles=[Role.UNIT_LEADER])
    url = f"{reverse('reports:index')}?year={year}"
    out = {"units": 0, "people": 0, "nobody": []}
    for row in missing:
        unit = row["unit"]
        with_leader = row["stage"] == WITH_LEADER
        users = (leaders if with_leader else people).get(unit.pk)
        if not users:
            out["nobody"].append(unit.name)
            continue
        title = (_("Phòng CCHC nhắc: báo cáo CCHC %(p)s của đơn vị đang chờ lãnh đạo đơn vị duyệt, Sở Nội vụ chưa "
                   "nhận được") if with_leader else _("Phòng CCHC nhắc: đơn vị chưa gửi báo cáo CCHC %(p)s"))
        sent = users_notify(users, REMIND, title % {"p": label}, url=url,
                            key=f"report:remind:{year}:{period_kind}:{unit.pk}:{today.isoformat()}")
        out["units"] += 1 if sent else 0
        out["people"] += len(sent)
    return out
