"""The home page tells a user of an open campaign they have not finished (cchc.exams.attention)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.exams import services
from cchc.exams.attention import items
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_open_campaign_until_the_user_finishes_it(campaign, users):
    user = users["focal_point"]
    campaign.closes_at = timezone.now() + timedelta(days=10)
    campaign.save()
    [item] = items(user)
    assert item["label"].startswith("Kỳ kiểm tra kiến thức đang mở, bạn chưa làm bài: Kiểm tra thử (đến ")
    assert item["level"] == "info" and item["url"] == "/exams/"
    assert "Kỳ kiểm tra kiến thức đang mở" in client_for(user).get("/").content.decode()
    assert items(user, timezone.now() + timedelta(days=8))[0]["level"] == "warning"  # closing within 3 days
    assert items(user, timezone.now() + timedelta(days=11)) == []  # closed
    attempt = services.attempt_start(user, campaign)
    [item] = items(user)
    assert item["label"] == "Bài kiểm tra đang làm dở: Kiểm tra thử" and item["url"] == f"/exams/attempts/{attempt.pk}/"
    services.attempt_submit(user, attempt.pk)
    assert items(user) == []
    assert len(items(users["focal_b"])) == 1  # another user of the province: still to do


def test_time_run_out_counts_as_finished_and_other_provinces_see_nothing(campaign, users, org_tree):
    user = users["viewer"]
    services.attempt_start(user, campaign)
    assert items(user, timezone.now() + timedelta(minutes=45)) == []  # 30 minutes: auto-submitted as of then
    campaign.units.set([org_tree["T42.syt"]])
    assert items(users["focal_point"]) == []  # Sở Tư pháp is not called to this campaign any more
