"""Manual mark change page (office only, reason required, history) and closing attempts whose time ran out."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cchc.exams import services
from cchc.exams.models import Attempt, AttemptStatus, GradeChange

from .conftest import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(campaign, users):
    a = services.attempt_start(users["viewer"], campaign)
    answer_all(users["viewer"], a, correct=True, upto=4)
    return services.attempt_submit(users["viewer"], a.pk)


def test_office_changes_a_mark_with_a_reason_and_sees_the_history(client, submitted, users):
    assert submitted.score == 4.0
    wrong = submitted.items.filter(mark=0).order_by("position").first()
    client.force_login(users["par_office"])
    url = reverse("exams:change_marks", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert "Chưa có điều chỉnh." in page and "4,00/6" in page
    no_reason = client.post(url, {"position": wrong.position, "new_mark": "1", "reason": "   "})
    assert no_reason.status_code == 400 and "Cần ghi lý do điều chỉnh điểm." in no_reason.content.decode()
    too_high = client.post(url, {"position": wrong.position, "new_mark": "2", "reason": "Thử"})
    assert too_high.status_code == 400 and "Điểm phải trong khoảng 0–1" in too_high.content.decode()
    assert not GradeChange.objects.exists()
    ok = client.post(url, {"position": wrong.position, "new_mark": "0,5",
                           "reason": "Câu hỏi có hai cách hiểu, chấp nhận một nửa"})
    assert ok.status_code == 302
    submitted.refresh_from_db()
    assert submitted.score == 4.5
    gc = GradeChange.objects.get()
    assert (gc.item_id, gc.old_mark, gc.new_mark, gc.changed_by) == (wrong.pk, 0.0, 0.5, users["par_office"])
    page = client.get(url).content.decode()
    assert "Câu hỏi có hai cách hiểu, chấp nhận một nửa" in page and "4,50/6" in page
    result = client.get(reverse("exams:result", args=[submitted.pk])).content.decode()
    assert url in result


@pytest.mark.parametrize("role", ["viewer", "focal_point", "unit_leader", "appraiser"])
def test_only_the_office_may_change_marks(client, submitted, users, role):
    client.force_login(users[role])
    url = reverse("exams:change_marks", args=[submitted.pk])
    item = submitted.items.first()
    assert client.get(url).status_code == 403
    assert client.post(url, {"position": item.position, "new_mark": "1", "reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.mark_change(users[role], item, 1.0, "x")
    assert not GradeChange.objects.exists()
    if role == "viewer":
        own = client.get(reverse("exams:result", args=[submitted.pk])).content.decode()
        assert url not in own


def _expire(attempt):
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=services.GRACE_SECONDS + 5))


def test_overdue_attempt_is_shown_submitted_and_graded_without_a_write_on_get(client, campaign, users):
    """Issue 8 item 15: a GET never writes — an attempt whose time ran out is shown auto-submitted and graded at
    read time; the periodic `cchc exams close_overdue` (or the next POST) stores it the same way."""
    u = users["viewer"]
    a = services.attempt_start(u, campaign)
    answer_all(u, a, correct=True, upto=3)
    _expire(a)
    client.force_login(u)
    resp = client.get(reverse("exams:index"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f'href="{reverse("exams:take", args=[a.pk])}"' not in html  # no "continue" link for a closed one
    assert client.get(reverse("exams:take", args=[a.pk]))["Location"] == reverse("exams:result", args=[a.pk])
    page = client.get(reverse("exams:result", args=[a.pk])).content.decode()
    assert '<span id="score">3,00/6</span>' in page and "Tự động nộp khi hết giờ" in page
    assert client.get(f"/api/exams/attempts/{a.pk}").json()["status"] == AttemptStatus.AUTO_SUBMITTED
    a.refresh_from_db()
    assert a.status == AttemptStatus.IN_PROGRESS and a.score is None  # nothing was written by the GETs
    call_command("exams", "close_overdue", stdout=io.StringIO())
    a.refresh_from_db()
    assert a.status == AttemptStatus.AUTO_SUBMITTED and a.score == 3.0 and a.max_score == 6 and a.graded_at
    assert a.submitted_at == a.deadline


def test_take_page_redirects_when_time_ran_out_and_the_timer_submits_at_zero(client, campaign, users):
    u = users["viewer"]
    a = services.attempt_start(u, campaign)
    client.force_login(u)
    html = client.get(reverse("exams:take", args=[a.pk])).content.decode()
    assert "if (ms <= 0) { finish(); return; }" in html and 'data-submit-url="/api/exams/attempts/' in html
    answer_all(u, a, correct=False, upto=2)
    _expire(a)
    resp = client.get(reverse("exams:take", args=[a.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("exams:result", args=[a.pk])
    a.refresh_from_db()
    assert a.status == AttemptStatus.IN_PROGRESS
    assert client.post(f"/api/exams/attempts/{a.pk}/submit").json()["status"] == AttemptStatus.AUTO_SUBMITTED
    a.refresh_from_db()
    assert a.status == AttemptStatus.AUTO_SUBMITTED and a.score == 0.0 and a.passed is False


def test_results_and_exports_count_overdue_attempts_at_read_time(client, campaign, users):
    a = services.attempt_start(users["viewer"], campaign)
    answer_all(users["viewer"], a, correct=True)
    _expire(a)
    client.force_login(users["par_office"])
    resp = client.get(reverse("exams:campaign_export", args=[campaign.pk, "attempts"]))
    assert resp.status_code == 200
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[6], r[9]) for r in rows] == [("viewer", 6.0, "Đạt")]
    a.refresh_from_db()
    assert a.status == AttemptStatus.IN_PROGRESS
    b = services.attempt_start(users["focal_point"], campaign)
    _expire(b)
    page = client.get(reverse("exams:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'id="close-overdue"' in page
    b.refresh_from_db()
    assert b.status == AttemptStatus.IN_PROGRESS
    assert client.get(reverse("exams:close_overdue", args=[campaign.pk])).status_code == 405
    resp = client.post(reverse("exams:close_overdue", args=[campaign.pk]))
    assert resp.status_code == 302
    b.refresh_from_db()
    a.refresh_from_db()
    assert b.status == AttemptStatus.AUTO_SUBMITTED and b.score == 0.0 and a.score == 6.0
    viewer = client.__class__()
    viewer.force_login(users["focal_point"])
    assert viewer.post(reverse("exams:close_overdue", args=[campaign.pk])).status_code == 403
