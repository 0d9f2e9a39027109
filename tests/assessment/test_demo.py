"""The index demo (`cchc index load_demo`): last year's department round sent, appraised and published through the
services (the public page ranks every department, with the decision), this year's round open with a few
departments' self-assessments sent and waiting for the appraisal; a second load adds nothing."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cchc.assessment import selectors
from cchc.assessment.models import Round, Score
from cchc.core import review

pytestmark = pytest.mark.django_db


def test_demo_publishes_last_year_and_leaves_this_years_round_half_sent(users):
    out = io.StringIO()
    call_command("index", "load_demo", "--year", "2026", stdout=out)
    last = selectors.round_for(2025, "so")
    assert last.published_at is not None and last.closed and "35/QĐ-UBND" in last.decision
    # published in the first quarter after the year (or today, if that is earlier), the decision of the same day
    on = timezone.localtime(last.published_at).date()
    assert on == min(timezone.localdate(), date(2026, 3, 20)) and f"{on:%d/%m/%Y}" in last.decision
    ranked = [r for r in last.published_results if r.get("rank")]
    assert len(ranked) == last.assessments.count() > 5
    assert not Score.objects.filter(assessment__round=last, criterion__survey=False, not_applicable=False,
                                    appraised_points__isnull=True).exists()
    # the office lowered some lines and said why
    lowered = Score.objects.filter(assessment__round=last).exclude(appraisal_note="")
    assert lowered.exists() and all(s.appraised_points < s.self_points for s in lowered)
    assert set(last.assessments.values_list("review_state", flat=True)) == {review.ACCEPTED}
    assert "Đã công bố kết quả mẫu năm 2025" in out.getvalue()
    page = Client().get(f"/index/public/{last.pk}/").content.decode()
    assert ranked[0]["unit"] in page and "35/QĐ-UBND" in page

    now = selectors.round_for(2026, "so")
    sent = now.assessments.filter(review_state=review.SUBMITTED).count()
    assert sent == 4 and now.assessments.filter(review_state=review.DRAFT).count() == now.assessments.count() - 4
    assert "4 đã gửi, chờ thẩm định" in out.getvalue()

    call_command("index", "load_demo", "--year", "2026", stdout=io.StringIO())  # again: nothing added
    assert Round.objects.filter(framework__unit_kind="so").count() == 2
