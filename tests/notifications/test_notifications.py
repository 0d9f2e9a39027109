"""Notifications: one row per user and event for every kind, the bell and list (own notifications only),
mark read by POST, e-mail immediately or in one daily digest per user."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cchc.core import review
from cchc.core.periods import label_of
from cchc.notifications import kinds, services
from cchc.notifications.models import Notification, NotificationPreference
from cchc.plans import services as plan_services
from cchc.plans.models import Occurrence
from tests.helpers import client_for
from tests.plans.conftest import confirm_draft, small_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(users):
    for name, u in users.items():
        u.email = f"{name}@example.vn"
        u.save()
    return users


def _kinds_of(user) -> set[str]:
    return set(Notification.objects.filter(user=user).values_list("kind", flat=True))


def _occ(plan, unit="T42.stp"):
    return Occurrence.objects.filter(plan=plan, task__number="1", task__section="I", unit__code=unit).first()


# ---------------------------------------------------------------- every kind is produced by its owning service

def test_kinds_registered_by_their_apps():
    codes = {k.code for k in kinds.registered()}
    assert {"plans.assigned", "plans.due_soon", "plans.overdue", "plans.returned", "plans.accepted",
            "plans.approval", "exams.opened", "knowledge.answered"} <= codes
    with pytest.raises(ValueError):
        services.users_notify([1], "no.such.kind", "x")


def test_plan_confirmed_notifies_lead_units(users):
    plan, _imp = confirm_draft(users["par_office"], small_draft())
    fp, leader, fb = users["focal_point"], users["unit_leader"], users["focal_b"]
    for u in (fp, leader, fb):
        n = Notification.objects.get(user=u, kind="plans.assigned")
        assert plan.title[:50] in n.title and n.url.endswith(f"?plan={plan.pk}")
    assert "2 nhiệm vụ" in Notification.objects.get(user=fp, kind="plans.assigned").title  # tasks 1 and 2 of I
    assert not Notification.objects.filter(user__in=[users["viewer"], users["par_office"]]).exists()


def test_reminders_notify_due_soon_and_overdue(users, small_plan, mailoutbox):
    fp = users["focal_point"]
    o = _occ(small_plan)
    plan_services.reminders_send(today=o.due_date - timedelta(days=3), before=(3,), after=(1,))
    soon = Notification.objects.get(user=fp, kind="plans.due_soon", url=f"/plans/occurrences/{o.pk}/")
    assert "Còn 3 ngày" in soon.title and o.task.title[:30] in soon.title
    assert soon.emailed_at is not None  # the reminder e-mail already carried it
    assert soon.body.startswith(f"{label_of(o.period)}, hạn ") and label_of(o.period) != o.period  # "Năm 2024"
    plan_services.reminders_send(today=o.due_date + timedelta(days=1), before=(3,), after=(1,))
    assert "quá hạn 1 ngày" in Notification.objects.get(user=fp, kind="plans.overdue",
                                                         url=f"/plans/occurrences/{o.pk}/").title
    assert not Notification.objects.filter(user=users["focal_b"], url=f"/plans/occurrences/{o.pk}/").exists()


def test_returned_accepted_and_approval(users, small_plan, settings):
    settings.CCHC_LEADER_APPROVAL = True
    fp, leader, office = users["focal_point"], users["unit_leader"], users["par_office"]
    r = plan_services.progress_report_save(occurrence=_occ(small_plan), user=fp, submit=True,
                                           data={"status": "in_progress", "percent": 20, "result": "Đã dự thảo"})
    assert Notification.objects.filter(user=leader, kind="plans.approval").count() == 1
    plan_services.progress_report_transition(report=r, user=leader, action=review.APPROVE)
    plan_services.progress_report_transition(report=r, user=office, action=review.RETURN, comment="Thiếu số liệu")
    n = Notification.objects.get(user=fp, kind="plans.returned")
    assert "Thiếu số liệu" in n.body and "Phòng CCHC" in n.body
    r = plan_services.progress_report_save(occurrence=r.occurrence, user=fp, report=r, expected_version=r.version,
                                           submit=True,
                                           data={"status": "in_progress", "percent": 50, "result": "Đã bổ sung số liệu"})
    plan_services.progress_report_transition(report=r, user=leader, action=review.APPROVE)
    plan_services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
    assert Notification.objects.filter(user=fp, kind="plans.accepted").count() == 1
    assert Notification.objects.filter(user=leader, kind="plans.approval").count() == 2  # once per submission
    assert not Notification.objects.filter(user=office).exists()  # the actor is not told of their own action
    assert not Notification.objects.filter(user=users["focal_b"]).exclude(kind="plans.assigned").exists()


def test_exam_opened_notifies_examinees(users, org_tree):
    from cchc.exams.models import Campaign
    from cchc.exams.notifications import campaign_opened

    now = timezone.now()
    c = Campaign.objects.create(title="Kiểm tra kiến thức CCHC 2024", opens_at=now + timedelta(hours=2),
                                closes_at=now + timedelta(days=2), duration_minutes=45, is_published=True,
                                roles=["focal_point"])
    c.units.add(org_tree["T42.stp"])
    assert campaign_opened(c) == 1
    n = Notification.objects.get(kind="exams.opened")
    assert n.user == users["focal_point"] and "45 phút" in n.body
    assert campaign_opened(c) == 0  # once per campaign and user
    c.is_published = False
    assert campaign_opened(c) == 0


def test_question_answered_notifies_asker(users):
    from cchc.knowledge import services as kb

    q = kb.question_ask(user=users["focal_b"], text="Thời hạn nộp báo cáo CCHC quý là ngày nào?")
    kb.question_answer(user=users["par_office"], question=q, answer="Trước ngày 15 của tháng cuối quý.",
                       publish=False)
    n = Notification.objects.get(user=users["focal_b"], kind="knowledge.answered")
    assert "Trước ngày 15" in n.body and n.url == "/kb/faq/"


# ---------------------------------------------------------------- e-mail: immediate and digest

def test_digest_sends_one_mail_per_user_and_marks_emailed(emails, mailoutbox):
    fp, fb, viewer = emails["focal_point"], emails["focal_b"], emails["viewer"]
    services.users_notify([fp, fb], "plans.accepted", "Báo cáo A được chấp nhận", url="/plans/my/")
    services.users_notify([fp], "plans.returned", "Báo cáo B bị trả lại", body="Ý kiến: bổ sung")
    read = services.users_notify([fp], "plans.accepted", "Đã đọc rồi")[0]
    services.notifications_mark_read(user=fp, ids=[read.pk])
    services.email_mode_set(user=viewer, mode="none")
    services.users_notify([viewer], "plans.accepted", "Không gửi thư")
    mailoutbox.clear()
    out = services.digest_send()
    assert out == {"emails": 2, "notifications": 3}
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {fp.email, fb.email}
    body = by_to[fp.email].body
    assert "Báo cáo A" in body and "Báo cáo B" in body and "Ý kiến: bổ sung" in body and "Đã đọc rồi" not in body
    assert "http://localhost:8000/plans/my/" in body
    assert not Notification.objects.filter(user__in=[fp, fb], emailed_at__isnull=True, read_at__isnull=True).exists()
    assert Notification.objects.get(user=viewer).emailed_at is None
    mailoutbox.clear()
    assert services.digest_send() == {"emails": 0, "notifications": 0}  # nothing twice
    services.users_notify([fb], "plans.returned", "Mới")
    out_cmd = __import__("io").StringIO()
    call_command("notifications", "digest", stdout=out_cmd)
    assert "Đã gửi 1 thư" in out_cmd.getvalue() and len(mailoutbox) == 1


def test_immediate_mode_mails_after_commit(emails, django_capture_on_commit_callbacks):
    fp = emails["focal_point"]
    services.email_mode_set(user=fp, mode="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        services.users_notify([fp, emails["focal_b"]], "plans.returned", "Báo cáo bị trả lại: rà soát TTHC",
                        body="Ý kiến: thiếu văn bản")
    assert [m.to for m in mail.outbox] == [[fp.email]]  # focal_b keeps the default (daily digest)
    assert "thiếu văn bản" in mail.outbox[0].body
    assert Notification.objects.get(user=fp).emailed_at is not None
    assert services.digest_send()["emails"] == 1  # only focal_b's


def test_notify_is_idempotent_per_key_and_skips_inactive(users):
    fp, fb = users["focal_point"], users["focal_b"]
    fb.is_active = False
    fb.save()
    assert len(services.users_notify([fp, fp.pk, fb], "plans.accepted", "x", key="k1")) == 1
    assert services.users_notify([fp], "plans.accepted", "x", key="k1") == []


# ---------------------------------------------------------------- web: bell, list, mark read (own only)

def test_bell_list_and_mark_read(users):
    fp = users["focal_point"]
    a, b = services.users_notify([fp], "plans.returned", "Báo cáo bị trả lại: X")[0], \
        services.users_notify([fp], "plans.accepted", "Báo cáo được chấp nhận: Y", url="/plans/my/")[0]
    c = client_for(fp)
    home = c.get("/").content.decode()
    assert 'id="bell-count">2<' in home
    page = c.get("/notifications/").content.decode()
    assert "Báo cáo bị trả lại: X" in page and "Báo cáo được chấp nhận: Y" in page
    assert c.get("/notifications/read/").status_code == 405  # mark read only by POST
    resp = c.post("/notifications/read/", {"id": b.pk, "next": "/plans/my/"})
    assert resp.status_code == 302 and resp["Location"] == "/plans/my/"
    resp = c.post("/notifications/read/", {"id": a.pk, "next": "https://evil.example/"})
    assert resp["Location"] == "/notifications/"
    assert 'id="bell-count"' not in c.get("/").content.decode()
    assert c.post("/notifications/preferences/", {"email_mode": "immediate"}).status_code == 302
    assert NotificationPreference.objects.get(user=fp).email_mode == "immediate"
    assert c.post("/notifications/preferences/", {"email_mode": "sms"}).status_code == 302
    assert NotificationPreference.objects.get(user=fp).email_mode == "immediate"


def test_user_cannot_read_or_mark_another_users_notification(users):
    fp, fb = users["focal_point"], users["focal_b"]
    theirs = services.users_notify([fb], "plans.returned", "Báo cáo của Sở Y tế bị trả lại")[0]
    c = client_for(fp)
    assert "Sở Y tế" not in c.get("/notifications/").content.decode()
    assert c.post("/notifications/read/", {"id": theirs.pk}).status_code == 404
    c.post("/notifications/read/", {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert services.notifications_mark_read(user=fp, ids=[theirs.pk]) == 0


def test_anonymous_is_sent_to_login():
    assert Client().get("/notifications/").status_code == 302


def test_list_date_is_vietnamese(users):
    services.users_notify([users["focal_point"]], "plans.accepted", "Một thông báo")
    page = client_for(users["focal_point"]).get("/notifications/").content.decode()
    assert f"{timezone.localdate():%d/%m/%Y}" in page or date.today().strftime("%d/%m/%Y") in page
