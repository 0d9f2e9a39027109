"""The exam page submits by itself when its countdown reaches zero, with the answers given so far."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_timer_submits_the_paper_at_zero(live_server, users, campaign, login, page):
    from cchc.exams import services
    from cchc.exams.models import Attempt, AttemptStatus

    user = users["viewer"]
    attempt = services.attempt_start(user, campaign)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=6))
    login("viewer")
    page.goto(f"{live_server.url}/exams/attempts/{attempt.pk}/")
    page.wait_for_function("document.getElementById('timer').textContent !== '--:--'")
    first = attempt.items.select_related("version").order_by("position").first()
    for oid in first.version.correct_ids:
        page.check(f'input[name="q{first.position}"][value="{oid}"]')
    page.wait_for_function("document.getElementById('savestate').textContent.includes('Đã lưu tất cả')")
    # nobody clicks "Nộp bài": the countdown reaches 00:00 and the page submits and shows the result
    page.wait_for_url(re.compile(r"/result/$"), timeout=20000)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.AUTO_SUBMITTED
    assert attempt.score == 1.0 and attempt.max_score == 6 and attempt.graded_at is not None
    assert attempt.submitted_at == attempt.deadline
    assert page.locator("#score").inner_text() == "1,00/6"
