"""Publishing a round's ranking only once the appraisal is finished (decision, confirmation), write forms hidden on a
closed round, pages that fit a phone, measure labels instead of internal keys, status capitalisation."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc.assessment import measures, services
from cchc.assessment.models import Criterion, Framework, Round, Score, SelfAssessment
from cchc.core import review
from tests.assessment.test_services import _fill_all
from tests.conftest import unit
from tests.helpers import client_for

DECISION = "Quyết định số 141/QĐ-UBND ngày 14/01/2025"
UNITS = (("T42.stp", "focal_point", None), ("T42.syt", "focal_b", "0.5"))


def sent(rnd, users, codes=("T42.stp", "T42.syt")):
    """The units' self-assessments filled and sent (Sở Tư pháp full marks, Sở Y tế 0,5 a criterion)."""
    for code, user, value in UNITS:
        if code not in codes:
            continue
        sa = SelfAssessment.objects.get(round=rnd, unit=unit(code))
        _fill_all(sa, users[user], value=value)
        sa.refresh_from_db()
        services.self_assessment_transition(sa, user=users[user], action=review.SUBMIT)
    return rnd


def appraised(rnd):
    """Every sent line appraised at the unit's own score (the office's appraisal, no council)."""
    Score.objects.filter(assessment__round=rnd, criterion__survey=False).update(appraised_points=F("self_points"))
    return rnd


def publishable(rnd, users):
    return appraised(sent(rnd, users))


def _messages(resp) -> str:
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else ""


# ============================================================================ 1. publishing


@pytest.mark.django_db
def test_publish_refused_while_units_are_draft_and_without_decision(users, rnd):
    office = users["par_office"]
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=office, decision="", confirmed=True)
    assert e.value.code == "not_ready"
    msg = e.value.message
    assert "2/2 đơn vị chưa gửi báo cáo tự đánh giá" in msg and unit("T42.stp").name in msg
    assert "quyết định phê duyệt kết quả" in msg
    rnd.refresh_from_db()
    assert rnd.published_at is None and not rnd.closed and rnd.published_results == []


@pytest.mark.django_db
def test_publish_refused_with_one_unit_still_draft(users, rnd):
    sent(rnd, users, codes=("T42.stp",))
    appraised(rnd)
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=users["par_office"], decision=DECISION, confirmed=True)
    assert "1/2 đơn vị chưa gửi" in e.value.message and unit("T42.syt").name in e.value.message
    assert unit("T42.stp").name not in e.value.message


@pytest.mark.django_db
def test_publish_refused_while_lines_are_not_appraised(users, rnd):
    sent(rnd, users)
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=users["par_office"], decision=DECISION, confirmed=True)
    assert "chưa có điểm thẩm định" in e.value.message and unit("T42.syt").name in e.value.message
    assert Round.objects.get(pk=rnd.pk).published_at is None


@pytest.mark.django_db
def test_publish_with_a_council_needs_its_lock(users, rnd):
    sent(rnd, users)
    office, chair = users["par_office"], users["appraiser"]
    council = services.council_form(rnd, chair=chair, members=[], user=office)
    services.criteria_assign(council, member_user=chair, codes=["1.3"], user=office)
    sc = Score.objects.select_related("criterion", "assessment__round").get(
        assessment__round=rnd, assessment__unit=unit("T42.stp"), criterion__code="1.3")
    services.member_score(sc, user=chair, points=sc.self_points)
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    assert "Hội đồng thẩm định chưa chốt điểm" in e.value.message
    services.council_lock(council, user=chair)
    services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    assert Round.objects.get(pk=rnd.pk).published_at is not None


@pytest.mark.django_db
def test_publish_needs_confirmation_then_publishes_and_unpublishes(users, rnd):
    publishable(rnd, users)
    office = users["par_office"]
    assert services.round_publish_problems(rnd) == []
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=office, decision="   ")
    assert e.value.code == "not_ready" and "quyết định" in e.value.message
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=office, decision=DECISION)
    assert e.value.code == "confirm_required" and "2 đơn vị" in e.value.message
    assert Round.objects.get(pk=rnd.pk).published_at is None
    services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    rnd.refresh_from_db()
    assert rnd.published_at and rnd.closed and rnd.decision == DECISION
    assert [r["class"] for r in rnd.published_results][0] != "Kém"
    with pytest.raises(services.AssessmentError) as e:
        services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    assert e.value.code == "already_published"
    services.round_unpublish(rnd, user=office, reason="Sai số liệu")
    rnd.refresh_from_db()
    assert rnd.published_at is None and not rnd.closed
    services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    assert Round.objects.get(pk=rnd.pk).published_at is not None


@pytest.mark.django_db
def test_publish_page_requires_decision_and_confirmation(users, rnd):
    office = client_for(users["par_office"])
    url = reverse("assessment:results", args=[rnd.pk])
    page = office.get(url).content.decode()
    form = re.search(r'<form[^>]*id="publish".*?</form>', page, re.S).group(0)
    assert re.search(r'<input name="decision" required', form)
    assert re.search(r'<input type="checkbox" name="confirm" value="1" required>', form)
    assert "2 đơn vị" in form
    assert 'id="publish-problems"' in page and "2/2 đơn vị chưa gửi" in page  # told before clicking
    # the walkthrough's click: all draft, no decision, no confirmation → nothing is published
    resp = office.post(url, {"op": "publish", "decision": ""}, follow=True)
    assert "Chưa công bố được kết quả" in _messages(resp)
    assert Round.objects.get(pk=rnd.pk).published_at is None
    assert Client().get(reverse("assessment:public_detail", args=[rnd.pk])).status_code == 404
    publishable(rnd, users)
    assert 'id="publish-problems"' not in office.get(url).content.decode()
    resp = office.post(url, {"op": "publish", "decision": DECISION}, follow=True)  # not confirmed
    assert "xác nhận" in _messages(resp) and Round.objects.get(pk=rnd.pk).published_at is None
    office.post(url, {"op": "publish", "decision": DECISION, "confirm": "1"})
    assert Round.objects.get(pk=rnd.pk).published_at is not None
    assert Client().get(reverse("assessment:public_detail", args=[rnd.pk])).status_code == 200


# ============================================================================ 2. closed round: no write forms


@pytest.mark.django_db
def test_closed_round_hides_score_forms_and_submit(users, rnd):
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    unit_client = client_for(users["focal_point"])
    page = unit_client.get(url).content.decode()
    assert 'class="score-form"' in page and 'id="submit-sa"' in page and 'id="closed-note"' not in page
    Round.objects.filter(pk=rnd.pk).update(closed=True)
    page = unit_client.get(url).content.decode()
    assert 'class="score-form"' not in page and 'id="submit-sa"' not in page
    assert 'id="closed-note"' in page and "Đợt đánh giá đã đóng" in page


@pytest.mark.django_db
def test_published_round_hides_appraisal_forms(users, rnd):
    publishable(rnd, users)
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    office = client_for(users["par_office"])
    assert 'class="appraise-form"' in office.get(url).content.decode()
    services.round_publish(rnd, user=users["par_office"], decision=DECISION, confirmed=True)
    page = office.get(url).content.decode()
    assert 'class="appraise-form"' not in page and 'class="score-form"' not in page
    page = client_for(users["focal_point"]).get(url).content.decode()
    assert 'class="score-form"' not in page and 'id="submit-sa"' not in page and 'id="closed-note"' in page


@pytest.mark.django_db
def test_past_deadline_hides_unit_forms_with_the_reason(users, rnd):
    Round.objects.filter(pk=rnd.pk).update(deadline=timezone.now() - timedelta(days=1))
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    page = client_for(users["focal_point"]).get(reverse("assessment:assessment_detail", args=[sa.pk])).content.decode()
    assert 'class="score-form"' not in page and "Đã quá hạn gửi tự đánh giá" in page


# ============================================================================ 3. tables fit a phone


def _tables_wrapped(page: str, ids) -> None:
    for table_id in ids:
        assert re.search(r'<div class="tablewrap"><table class="table[^"]*" id="%s">' % table_id, page), table_id


@pytest.mark.django_db
def test_wide_tables_are_wrapped(users, rnd):
    office = client_for(users["par_office"])
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    _tables_wrapped(office.get(reverse("assessment:assessment_detail", args=[sa.pk])).content.decode(), ["sheet"])
    _tables_wrapped(office.get(reverse("assessment:results", args=[rnd.pk])).content.decode(),
                    ["results", "lost", "objections"])
    _tables_wrapped(office.get(reverse("assessment:framework_detail", args=[rnd.framework_id])).content.decode(),
                    ["criteria"])


# ============================================================================ 4. measure labels


@pytest.mark.django_db
def test_framework_page_shows_measure_labels_not_keys(users, rnd):
    fw = rnd.framework
    keys = set(fw.criteria.exclude(measure="").values_list("measure", flat=True))
    assert {"knowledge.plan_issued", "plans.reports_on_time_pct"} <= keys
    Criterion.objects.filter(framework=fw, code="1.3").update(measure="retired.measure_key")
    page = client_for(users["viewer"]).get(reverse("assessment:framework_detail", args=[fw.pk])).content.decode()
    for key in keys | {"retired.measure_key"}:
        assert key not in page
        assert "_pct" not in page
    assert measures.get("knowledge.plan_issued").label in page
    assert measures.get("plans.reports_on_time_pct").label in page
    assert "số liệu tự động" in page


def test_measure_label_fallback():
    assert measures.label("plans.tasks_done_pct").startswith("Tỷ lệ nhiệm vụ")
    assert measures.label("no.such_key") == "số liệu tự động"
    assert measures.label("") == "số liệu tự động"


# ============================================================================ 5. status capitalisation


@pytest.mark.django_db
def test_index_statuses_capitalised(users, rnd):
    office = users["par_office"]
    services.framework_copy(rnd.framework, year=2025, user=office)  # unlocked: being drafted
    page = client_for(office).get(reverse("assessment:index")).content.decode()
    table = re.search(r'id="frameworks".*?</table>', page, re.S).group(0)
    assert "Đang soạn" in table and "Đã khóa" in table
    assert "đang soạn" not in table and "đã khóa" not in table
    assert Framework.objects.filter(locked=False).exists()


def test_prefilled_rows_are_named_for_users_not_by_model_and_ids():
    from cchc.assessment.templatetags.index_tags import source_label

    # the self-assessment page showed "plans.Occurrence: 1, 2" under a prefilled score (session 21 walkthrough)
    assert source_label("plans.Occurrence") == "kỳ báo cáo nhiệm vụ"
    assert source_label("không phải mô hình") == "không phải mô hình"
    page = (Path(__file__).resolve().parents[2] / "cchc/templates/assessment/assessment_detail.html").read_text()
    assert "s.prefill.row_model }}:" not in page and "row_model|source_label" in page


@pytest.mark.django_db
def test_published_round_takes_no_review_actions_until_withdrawn(users, rnd):
    """After publication the office saw Chấp nhận / Trả lại / Mở lại beside "Đợt đánh giá đã đóng", and a return
    went through, putting a published unit's assessment back into the unit's hands."""
    publishable(rnd, users)
    office = users["par_office"]
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    url = reverse("assessment:assessment_detail", args=[sa.pk])
    assert 'id="transition"' in client_for(office).get(url).content.decode()
    services.round_publish(rnd, user=office, decision=DECISION, confirmed=True)
    page = client_for(office).get(url).content.decode()
    assert 'id="transition"' not in page and 'id="closed-note"' in page
    sa.refresh_from_db()
    before = (sa.review_state, sa.version)
    for action in (review.RETURN, review.ACCEPT, review.REOPEN):
        resp = client_for(office).post(url, {"op": "transition", "action": action, "comment": "Sửa lại",
                                             "version": sa.version}, follow=True)
        assert "Đợt đánh giá đã đóng" in _messages(resp)
    sa.refresh_from_db()
    assert (sa.review_state, sa.version) == before
    services.round_unpublish(rnd, user=office, reason="Sai số liệu khảo sát")
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=office, action=review.RETURN, comment="Sửa lại")
    sa.refresh_from_db()
    assert sa.review_state == review.RETURNED
