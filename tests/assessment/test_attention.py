"""Home-page items of the CCHC index ("Việc cần chú ý"): the unit's self-assessment not sent / returned / waiting
for its leader, the office's queue and unanswered objections, a council member's lines to score; each only for
the users of the unit concerned, gone once the state changes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.assessment import services
from cchc.assessment.attention import items
from cchc.assessment.models import Score, SelfAssessment
from cchc.core import review
from cchc.core.vndates import format_date_short
from tests.assessment.test_services import _fill_all
from tests.conftest import unit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _sa(rnd, code):
    return SelfAssessment.objects.select_related("unit", "round").get(round=rnd, unit=unit(code))


def _submit(sa, user):
    _fill_all(sa, user)
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=user, action=review.SUBMIT)


def _keys(user):
    return [i["key"] for i in items(user)]


def test_draft_then_submitted_then_returned(users, rnd):
    stp, syt = _sa(rnd, "T42.stp"), _sa(rnd, "T42.syt")
    [mine] = items(users["focal_point"])
    assert mine["label"] == (f"Tự đánh giá Chỉ số CCHC năm 2024 chưa gửi (hạn "
                             f"{format_date_short(timezone.localtime(rnd.deadline))})")
    assert mine["level"] == "warning" and mine["url"] == reverse("assessment:assessment_detail", args=[stp.pk])
    assert items(users["unit_leader"]) == [mine]
    # Sở Y tế sees its own self-assessment, never Sở Tư pháp's; other roles see none
    [other] = items(users["focal_b"])
    assert other["url"] == reverse("assessment:assessment_detail", args=[syt.pk])
    for name in ("commune_focal", "viewer", "appraiser"):
        assert items(users[name]) == []
    assert items(users["par_office"]) == []  # nothing sent yet
    page = client_for(users["focal_point"]).get("/").content.decode()
    assert mine["label"] in page and "Hiện không có việc nào cần chú ý" not in page

    rnd.deadline = timezone.now() - timedelta(hours=1)
    rnd.save(update_fields=["deadline"])
    [late] = items(users["focal_point"])
    assert late["level"] == "danger" and "đã quá hạn" in late["label"] and "đề nghị Phòng CCHC gia hạn" in late["label"]
    rnd.deadline = timezone.now() + timedelta(days=5)
    rnd.save(update_fields=["deadline"])

    _submit(stp, users["focal_point"])
    assert items(users["focal_point"]) == [] and len(items(users["focal_b"])) == 1
    [queue] = items(users["par_office"])
    assert queue["key"] == "index_review" and queue["count"] == 1 and queue["level"] == "info"
    listed = client_for(users["par_office"]).get(queue["url"]).content.decode()
    assert "Sở Tư pháp" in listed and "Sở Y tế" not in listed  # the link lists what waits, nothing else
    assert "Tự đánh giá Chỉ số CCHC chờ Phòng CCHC xem xét" in client_for(users["par_office"]).get("/").content.decode()

    services.self_assessment_transition(stp, user=users["par_office"], action=review.RETURN,
                                        comment="Thiếu tài liệu 1.3")
    [returned] = items(users["focal_point"])
    assert returned["level"] == "danger" and "bị trả lại, cần sửa và gửi lại" in returned["label"]
    assert returned["details"][0]["note"] == "Thiếu tài liệu 1.3"
    assert [i["key"] for i in items(users["focal_b"])] == [f"index_draft_{rnd.pk}"]
    assert items(users["par_office"]) == []
    assert "Thiếu tài liệu 1.3" in client_for(users["focal_point"]).get("/").content.decode()

    # a closed (published) round asks nothing of anyone
    rnd.closed = True
    rnd.save(update_fields=["closed"])
    assert items(users["focal_point"]) == items(users["focal_b"]) == []


def test_leader_review_is_for_the_leader(users, rnd, settings):
    settings.CCHC_LEADER_APPROVAL = True
    _submit(_sa(rnd, "T42.stp"), users["focal_point"])
    assert _sa(rnd, "T42.stp").review_state == review.LEADER_REVIEW
    assert items(users["focal_point"]) == []
    [waiting] = items(users["unit_leader"])
    assert waiting["level"] == "info" and waiting["label"].endswith("chờ lãnh đạo duyệt")
    assert items(users["par_office"]) == []
    services.self_assessment_transition(_sa(rnd, "T42.stp"), user=users["unit_leader"], action=review.APPROVE)
    assert items(users["unit_leader"]) == []
    assert _keys(users["par_office"]) == ["index_review"]


def test_council_member_lines_and_objections(users, rnd, council_member):
    for code, name in (("T42.stp", "focal_point"), ("T42.syt", "focal_b")):
        _submit(_sa(rnd, code), users[name])
    office, chair, member = users["par_office"], users["appraiser"], council_member
    council = services.council_form(rnd, chair=chair, members=[member], user=office)
    assert _keys(chair) == []  # nothing assigned yet
    services.criteria_assign(council, member_user=chair, codes=["1.3"], user=office)
    [todo] = items(chair)
    assert todo["count"] == 2 and todo["url"] == reverse("assessment:council", args=[rnd.pk])
    assert "chờ bạn chấm điểm thẩm định" in client_for(chair).get("/").content.decode()
    score = Score.objects.select_related("criterion", "assessment__round").get(
        assessment__round=rnd, assessment__unit=unit("T42.stp"), criterion__code="1.3")
    services.member_score(score, user=chair, points=score.self_points)
    assert items(chair)[0]["count"] == 1
    assert not any(i["key"].startswith("index_council") for i in items(member))
    services.council_lock(council, user=chair)
    assert items(chair) == []

    services.objection_window_set(rnd, until=timezone.now() + timedelta(days=3), user=office)
    score.refresh_from_db()
    objection = services.objection_file(score, user=users["focal_point"], text="Đề nghị xem lại")
    assert _keys(office) == ["index_review", f"index_objections_{rnd.pk}"]
    assert items(office)[1]["count"] == 1 and items(office)[1]["url"].endswith("#objections")
    services.objection_answer(objection, user=office, answer="Giữ nguyên")
    assert _keys(office) == ["index_review"]


def test_an_appraiser_sees_what_waits_for_the_appraisal_when_there_is_no_council(users, rnd, council_member):
    appraiser = users["appraiser"]
    assert _keys(appraiser) == []  # nothing sent yet
    for code, name in (("T42.stp", "focal_point"), ("T42.syt", "focal_b")):
        _submit(_sa(rnd, code), users[name])
    [todo] = items(appraiser)
    assert todo["key"] == f"index_appraise_{rnd.pk}" and todo["count"] == 2
    assert todo["url"].endswith(f"?year=2024&state={review.SUBMITTED}")
    assert "chờ chấm điểm thẩm định" in client_for(appraiser).get("/").content.decode()
    for score in Score.objects.filter(assessment__round=rnd, assessment__unit=unit("T42.stp"),
                                      criterion__survey=False, not_applicable=False).select_related("criterion"):
        services.score_appraise(score, user=appraiser, points=score.self_points)
    assert items(appraiser)[0]["count"] == 1
    assert not any(i["key"].startswith("index_appraise") for i in items(users["focal_point"]))
    services.council_form(rnd, chair=appraiser, members=[council_member], user=users["par_office"])
    assert _keys(appraiser) == []  # a council: its members' lines say what to score


def test_several_units_of_a_leader_make_one_item(users, rnd):
    from cchc.org.models import Membership, Role

    Membership.objects.create(user=users["unit_leader"], role=Role.UNIT_LEADER, unit=unit("T42.syt"))
    [both] = items(users["unit_leader"])
    assert both["count"] == 2 and both["url"].endswith(f"?year=2024&state={review.DRAFT}")
    assert sorted(d["text"].split(" tỉnh")[0] for d in both["details"]) == ["Sở Tư pháp", "Sở Y tế"]


def test_queries_do_not_grow_with_units(users, rnd, django_assert_max_num_queries):
    for code, name in (("T42.stp", "focal_point"), ("T42.syt", "focal_b")):
        _submit(_sa(rnd, code), users[name])
    for user in (users["par_office"], users["focal_point"], users["appraiser"]):
        user = type(user).objects.get(pk=user.pk)  # memberships not cached
        with django_assert_max_num_queries(8):  # memberships, home province (3, cached per request), 1–3 own
            items(user)
