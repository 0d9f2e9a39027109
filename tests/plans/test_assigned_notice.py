"""The notice of a confirmed plan tells each unit its real role: the tasks it leads (chủ trì) and those it reports on
as a partner (phối hợp: tasks led by a national body, ``plans.selectors.task_reporters``), with both counts when it
has both. A revision keeps the roles right on the lines it keeps."""

import pytest

from cchc.notifications.models import Notification
from cchc.plans import services
from cchc.plans.models import Assignment, Occurrence
from tests.plans.conftest import confirm_draft
from tests.plans.test_national_lead import _task, central_draft

pytestmark = pytest.mark.django_db


def _draft():
    d = central_draft()
    d["tables"][0]["tasks"] = [
        _task("1", "Số hóa dữ liệu hộ tịch", ["Bộ Tư pháp"], ["Sở Tư pháp", "Sở Y tế"]),
        _task("2", "Rà soát thủ tục y tế", ["Bộ Y tế"], ["Sở Y tế"]),
        _task("3", "Công bố thủ tục hành chính", ["Sở Tư pháp"], ["Sở Nội vụ"]),
    ]
    return d


def _title(user, plan):
    return Notification.objects.get(
        user=user, kind="plans.assigned", key__startswith=f"plan:{plan.pk}:"
    ).title


def test_assigned_notice_says_lead_and_partner(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    plan, _imp = confirm_draft(users["par_office"], _draft())
    stp = _title(users["focal_point"], plan)  # Sở Tư pháp: leads task 3, partner of task 1
    assert stp.startswith("Đơn vị được giao 1 nhiệm vụ chủ trì và 1 nhiệm vụ phối hợp:"), stp
    assert _title(users["unit_leader"], plan) == stp
    syt = _title(users["focal_b"], plan)  # Sở Y tế: partner of tasks 1 and 2, leads nothing
    assert syt.startswith("Đơn vị được giao 2 nhiệm vụ phối hợp:") and "chủ trì" not in syt, syt
    # Sở Nội vụ is only a partner of a task the province leads: no line, no notice; nobody else is told
    assert (
        not Notification.objects.filter(kind="plans.assigned")
        .exclude(user__in=[users["focal_point"], users["unit_leader"], users["focal_b"]])
        .exists()
    )


def test_lead_only_notice_and_revision_keeps_roles(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    office = users["par_office"]
    plan, _imp = confirm_draft(office, _draft())
    # the same plan again (a revision): the assignments are recreated, the lines kept point to the new ones
    imp = services.plan_import_create(user=office, draft=_draft(), filename="again.txt", plan=plan)
    plan = services.plan_import_confirm(imp=imp, user=office)
    assert plan.revision == 2
    roles = set(
        Occurrence.objects.filter(plan=plan).values_list("unit__code", "task__number", "assignment__role")
    )
    assert roles == {
        ("T42.stp", "1", Assignment.Role.PARTNER),
        ("T42.syt", "1", Assignment.Role.PARTNER),
        ("T42.syt", "2", Assignment.Role.PARTNER),
        ("T42.stp", "3", Assignment.Role.LEAD),
    }
    notices = Notification.objects.filter(user=users["focal_b"], kind="plans.assigned").order_by("pk")
    assert [n.title.split(":")[0] for n in notices] == ["Đơn vị được giao 2 nhiệm vụ phối hợp"] * 2
    # a unit that only leads is told so, without a partner count
    d = _draft()
    d["document_number"], d["title"] = "1/KH-UBND", "Kế hoạch của tỉnh"
    d["issuer"], d["province"] = "UBND tỉnh Hà Tĩnh", "Hà Tĩnh"
    d["tables"][0]["tasks"] = [_task("1", "Báo cáo", ["Sở Y tế"], ["Sở Tư pháp"])]
    plan2, _imp = confirm_draft(office, d)
    title = _title(users["focal_b"], plan2)
    assert title.startswith("Đơn vị được giao 1 nhiệm vụ chủ trì:") and "phối hợp" not in title
    assert not Notification.objects.filter(
        user=users["focal_point"], key__startswith=f"plan:{plan2.pk}:"
    ).exists()
