"""Issue 8, item 11: an attempt's result page and its answer key.

Reproduction: `/exams/attempts/37/result/` opened by another examinee (a colleague holding a results role) while the
campaign was open showed the whole paper with the correct options.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.exams import services
from cchc.exams.models import Campaign, ResultsPolicy

from .conftest import answer_all

pytestmark = pytest.mark.django_db
KEY_BADGE = "đáp án đúng"


def _client(client_class, user):
    c = client_class()
    c.force_login(user)
    return c


def _submitted(user, campaign):
    a = services.attempt_start(user, campaign)
    answer_all(user, a, correct=False)
    return services.attempt_submit(user, a.pk)


def _explanations(attempt):
    """The explanations of the attempt's paper; a paper drawn at random may hold none, so the first question gets
    one (the checks on hidden keys must be able to fail)."""
    items = list(attempt.items.select_related("version"))
    if not any(it.version.explanation for it in items):
        version = items[0].version
        type(version).objects.filter(pk=version.pk).update(explanation="Giải thích mẫu: căn cứ Nghị định 61/2018.")
        items = list(attempt.items.select_related("version"))
    return [it.version.explanation for it in items if it.version.explanation]


def _close(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now() - timedelta(days=2),
                                                   closes_at=timezone.now() - timedelta(minutes=1))
    campaign.refresh_from_db()


def test_a_colleague_examinee_cannot_open_the_result_while_the_campaign_runs(client, campaign, users):
    attempt = _submitted(users["viewer"], campaign)  # Sở Tư pháp
    _submitted(users["focal_point"], campaign)  # a colleague of the same unit, examinee too
    colleague = _client(client.__class__, users["focal_point"])
    assert colleague.get(reverse("exams:result", args=[attempt.pk])).status_code == 404
    assert colleague.get(reverse("exams:certificate", args=[attempt.pk])).status_code == 404
    assert colleague.get(f"/api/exams/attempts/{attempt.pk}").status_code == 404
    page = colleague.get(reverse("exams:campaign_detail", args=[campaign.pk])).content.decode()
    assert reverse("exams:result", args=[attempt.pk]) not in page  # the unit's figures, not colleagues' papers
    _close(campaign)
    assert colleague.get(reverse("exams:result", args=[attempt.pk])).status_code == 404  # not theirs, ever


def test_no_one_but_the_office_sees_the_key_while_the_campaign_runs(client, campaign, users):
    attempt = _submitted(users["viewer"], campaign)
    explanations = _explanations(attempt)
    assert explanations  # the demo bank explains its answers: the check below can fail
    for who in ("viewer", "unit_leader", "appraiser"):
        html = _client(client.__class__, users[who]).get(reverse("exams:result", args=[attempt.pk])).content.decode()
        assert KEY_BADGE not in html and not any(e in html for e in explanations), who
        assert 'id="score"' in html, who  # the score itself follows the results policy (immediately here)
    office = _client(client.__class__, users["par_office"]).get(reverse("exams:result", args=[attempt.pk]))
    assert KEY_BADGE in office.content.decode()


def test_the_key_is_published_when_the_campaign_closes(client, campaign, users):
    attempt = _submitted(users["viewer"], campaign)
    _close(campaign)
    for who in ("viewer", "unit_leader"):
        html = _client(client.__class__, users[who]).get(reverse("exams:result", args=[attempt.pk])).content.decode()
        assert KEY_BADGE in html, who


def test_manual_policy_keeps_score_and_key_until_the_office_publishes(client, campaign, users):
    Campaign.objects.filter(pk=campaign.pk).update(results_policy=ResultsPolicy.MANUAL)
    campaign.refresh_from_db()
    attempt = _submitted(users["viewer"], campaign)
    _close(campaign)
    for who in ("viewer", "unit_leader"):
        html = _client(client.__class__, users[who]).get(reverse("exams:result", args=[attempt.pk])).content.decode()
        assert KEY_BADGE not in html and 'id="score"' not in html, who
    leader = _client(client.__class__, users["unit_leader"])
    export = leader.get(reverse("exams:campaign_export", args=[campaign.pk, "attempts"]))
    from io import BytesIO

    from openpyxl import load_workbook

    assert load_workbook(BytesIO(export.content)).active.max_row == 1  # headers only before publication
    office = _client(client.__class__, users["par_office"])
    assert office.post(reverse("exams:publish_results", args=[campaign.pk])).status_code == 302
    html = _client(client.__class__, users["viewer"]).get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert KEY_BADGE in html and 'id="score"' in html


def test_review_not_allowed_means_no_key_for_examinees_even_after_close(client, campaign, users):
    Campaign.objects.filter(pk=campaign.pk).update(review_allowed=False)
    attempt = _submitted(users["viewer"], campaign)
    _close(campaign)
    html = _client(client.__class__, users["viewer"]).get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert KEY_BADGE not in html


def test_api_never_carries_the_key(client, campaign, users):
    c = _client(client.__class__, users["viewer"])
    state = c.post(f"/api/exams/campaigns/{campaign.pk}/start").json()
    aid = state["attempt"]
    done = c.post(f"/api/exams/attempts/{aid}/submit").json()
    after = c.get(f"/api/exams/attempts/{aid}").json()
    for payload in (state, done, after):
        text = json.dumps(payload, ensure_ascii=False)
        assert "correct" not in text and "explanation" not in text
    other = _client(client.__class__, users["unit_leader"])
    assert other.get(f"/api/exams/attempts/{aid}").status_code == 404  # the API is the examinee's own
