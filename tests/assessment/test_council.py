"""Appraisal council: formed by the office, criteria assigned to members, side-by-side scores, chair's lock."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cchc.assessment import selectors, services
from cchc.assessment.models import Score, SelfAssessment
from cchc.core import review
from tests.assessment.test_services import _fill_all
from tests.conftest import unit
from tests.helpers import client_for


@pytest.fixture
def submitted(users, rnd):
    for code, user in (("T42.stp", "focal_point"), ("T42.syt", "focal_b")):
        sa = SelfAssessment.objects.get(round=rnd, unit=unit(code))
        _fill_all(sa, users[user])
        sa.refresh_from_db()
        services.self_assessment_transition(sa, user=users[user], action=review.SUBMIT)
    return rnd


def _score(rnd, code, crit):
    return Score.objects.select_related("criterion", "assessment__round").get(
        assessment__round=rnd, assessment__unit=unit(code), criterion__code=crit)


@pytest.mark.django_db
def test_council_flow(users, submitted, council_member):
    rnd, office, chair, member = submitted, users["par_office"], users["appraiser"], council_member
    with pytest.raises(PermissionDenied):
        services.council_form(rnd, chair=chair, members=[member], user=users["focal_point"])
    council = services.council_form(rnd, chair=chair, members=[member], user=office)
    assert council.members.count() == 2
    services.criteria_assign(council, member_user=member, codes=["1.3", "3.4"], user=office)
    services.criteria_assign(council, member_user=chair, codes=["3.4"], user=office)
    with pytest.raises(services.AssessmentError) as e:
        services.criteria_assign(council, member_user=chair, codes=["9.9.9"], user=office)
    assert "9.9.9" in e.value.message
    # a member scores only what is assigned to them; a different score needs a reason
    with pytest.raises(PermissionDenied):
        services.member_score(_score(rnd, "T42.stp", "1.3"), user=chair, points="1")
    with pytest.raises(services.AssessmentError) as e:
        services.member_score(_score(rnd, "T42.stp", "1.3"), user=member, points="1")
    assert e.value.code == "reason_required"
    services.member_score(_score(rnd, "T42.stp", "1.3"), user=member, points="1", reason="Chỉ kiểm tra 2/5 phòng")
    services.member_score(_score(rnd, "T42.stp", "3.4"), user=member, points="3", reason="Tỷ lệ đúng hạn 96%")
    services.member_score(_score(rnd, "T42.stp", "3.4"), user=chair, points="4")
    queue = selectors.member_queue(member, council)
    assert {(q["score"].assessment.unit_id, q["score"].criterion.code) for q in queue} == {
        (unit(c).pk, k) for c in ("T42.stp", "T42.syt") for k in ("1.3", "3.4")}
    lines = {(ln["unit"], ln["code"]): ln for ln in selectors.council_lines(council)}
    conflict = lines[(unit("T42.stp").name, "3.4")]
    assert conflict["conflict"] and conflict["values"] == [D(3), D(4)] and conflict["chair"] == D(4)
    # the member disagrees on a line the chair has not scored: the lock is refused and names it
    services.member_score(_score(rnd, "T42.syt", "3.4"), user=member, points="2", reason="Trễ hạn nhiều")
    services.member_score(_score(rnd, "T42.syt", "1.3"), user=member, points="1.5")
    with pytest.raises(PermissionDenied):
        services.council_lock(council, user=member)
    services.member_score(_score(rnd, "T42.syt", "3.4"), user=chair, points="2", reason="Đồng ý")
    n = services.council_lock(council, user=chair)
    assert n == 4
    assert _score(rnd, "T42.stp", "3.4").appraised_points == 4 and _score(rnd, "T42.stp", "1.3").appraised_points == 1
    assert "2/5 phòng" in _score(rnd, "T42.stp", "1.3").appraisal_note
    with pytest.raises(services.AssessmentError):
        services.member_score(_score(rnd, "T42.stp", "1.3"), user=member, points="1.5")
    rows = {r["unit"]: r for r in selectors.result_rows(rnd)}
    assert D(rows[unit("T42.stp").name]["points"]) == 75 - D("0.5")  # 1.3: 1,5 → 1
    assert D(rows[unit("T42.syt").name]["points"]) == 75 - 2  # 3.4: 4 → 2


@pytest.mark.django_db
def test_council_page_access(users, submitted, council_member):
    url = reverse("assessment:council", args=[submitted.pk])
    assert client_for(users["focal_point"]).get(url).status_code == 403
    assert client_for(users["appraiser"]).get(url).status_code == 403  # not a member (yet)
    office = client_for(users["par_office"])
    office.post(url, {"op": "form", "chair": users["appraiser"].pk, "members": [council_member.pk]})
    office.post(url, {"op": "assign", "member": users["appraiser"].pk, "codes": "1.3; 3.4"})
    page = client_for(users["appraiser"]).get(url).content.decode()
    assert unit("T42.stp").name in page and "Tiêu chí tôi thẩm định" in page
    sc = _score(submitted, "T42.stp", "1.3")
    r = client_for(users["appraiser"]).post(url, {"op": "score", "score": sc.pk, "points": "9"}, follow=True)
    assert "nằm ngoài khoảng" in r.content.decode()


@pytest.mark.django_db
def test_objection_once_per_criterion_inside_window_and_answer(users, submitted):
    rnd, office = submitted, users["par_office"]
    sc = _score(rnd, "T42.stp", "1.3")
    services.score_appraise(sc, user=office, points="0.5", note="Thiếu biên bản kiểm tra")
    with pytest.raises(services.AssessmentError) as e:
        services.objection_file(sc, user=users["focal_point"], text="Đã kiểm tra 3 phòng")
    assert e.value.code == "window_closed"
    url = reverse("assessment:results", args=[rnd.pk])
    client_for(office).post(url, {"op": "objection_window", "until": (timezone.localdate() + timedelta(days=5))
                                  .isoformat()})
    rnd.refresh_from_db()
    assert rnd.objections_until is not None
    with pytest.raises(PermissionDenied):
        services.objection_file(_score(rnd, "T42.stp", "1.3"), user=users["focal_b"], text="x")
    with pytest.raises(services.AssessmentError) as e:
        services.objection_file(_score(rnd, "T42.stp", "1.2"), user=users["focal_point"], text="x")
    assert e.value.code == "not_appraised"
    page = client_for(users["focal_point"]).post(
        reverse("assessment:assessment_detail", args=[sc.assessment_id]),
        {"op": "object", "score": sc.pk, "text": "Đã kiểm tra 3/5 phòng, có biên bản kèm theo"}, follow=True)
    assert "Đã gửi kiến nghị" in page.content.decode()
    with pytest.raises(services.AssessmentError) as e:
        services.objection_file(_score(rnd, "T42.stp", "1.3"), user=users["focal_point"], text="lần hai")
    assert e.value.code == "already_filed"
    obj = _score(rnd, "T42.stp", "1.3").objection
    r = client_for(office).post(url, {"op": "answer", "objection": obj.pk, "answer": "Chấp nhận", "points": "9"},
                                follow=True)
    assert "nằm ngoài khoảng" in r.content.decode()
    client_for(office).post(url, {"op": "answer", "objection": obj.pk, "answer": "Chấp nhận biên bản",
                                  "points": "1,5"})
    obj.refresh_from_db()
    assert obj.points_before == D("0.5") and obj.points_after == D("1.5")
    assert _score(rnd, "T42.stp", "1.3").appraised_points == D("1.5")
    page = client_for(users["focal_point"]).get(reverse("assessment:assessment_detail", args=[sc.assessment_id]))
    assert "Chấp nhận biên bản" in page.content.decode()


@pytest.mark.django_db
def test_council_and_objections_through_the_api(users, submitted, council_member):
    import json

    from django.test import Client

    from cchc.core.models_token import ApiToken

    def api(user, scope="write"):
        _t, key = ApiToken.issue(user, scope=scope, days=1)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    rnd, office, chair, member = submitted, users["par_office"], users["appraiser"], council_member
    council = services.council_form(rnd, chair=chair, members=[member], user=office)
    services.criteria_assign(council, member_user=member, codes=["1.3"], user=office)
    services.criteria_assign(council, member_user=chair, codes=["1.3"], user=office)
    sc = _score(rnd, "T42.stp", "1.3")
    put = "application/json"
    assert api(users["focal_point"]).get(f"/api/index/rounds/{rnd.pk}/council").status_code == 403
    r = api(member).put(f"/api/index/scores/{sc.pk}/appraisal", json.dumps({"points": "1"}), content_type=put)
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    r = api(member).put(f"/api/index/scores/{sc.pk}/appraisal",
                        json.dumps({"points": "1", "reason": "Chỉ 2/5 phòng"}), content_type=put)
    assert r.status_code == 200 and r.json()["points"] == "1"
    other = _score(rnd, "T42.stp", "3.4")  # not assigned to the member
    r = api(member).put(f"/api/index/scores/{other.pk}/appraisal", json.dumps({"points": "1"}), content_type=put)
    assert r.status_code == 403
    api(chair).put(f"/api/index/scores/{sc.pk}/appraisal", json.dumps({"points": "1"}), content_type=put)
    syt = _score(rnd, "T42.syt", "1.3")
    for who in (member, chair):
        api(who).put(f"/api/index/scores/{syt.pk}/appraisal", json.dumps({"points": str(syt.self_points)}),
                     content_type=put)
    body = api(chair).get(f"/api/index/rounds/{rnd.pk}/council").json()
    assert body["chair"] == chair.username and not body["locked"]
    assert {m["user"]: m["criteria"] for m in body["members"]} == {chair.username: ["1.3"], member.username: ["1.3"]}
    line = next(ln for ln in body["lines"] if ln["score_id"] == sc.pk)
    assert line["values"] == ["1"] and line["reasons"] == ["Chỉ 2/5 phòng"]
    services.council_lock(council, user=chair)
    services.objection_window_set(rnd, until=timezone.now() + timedelta(days=3), user=office)
    url = f"/api/index/scores/{sc.pk}/objection"
    assert api(users["focal_b"]).post(url, json.dumps({"text": "x"}), content_type=put).status_code == 404
    assert api(users["focal_point"], "read").post(url, json.dumps({"text": "x"}), content_type=put).status_code == 403
    r = api(users["focal_point"]).post(url, json.dumps({"text": "Đã kiểm tra đủ 5 phòng"}), content_type=put)
    assert r.status_code == 201 and r.json()["points_before"] == "1"
    again = api(users["focal_point"]).post(url, json.dumps({"text": "lần hai"}), content_type=put)
    assert again.status_code == 400 and again.json()["code"] == "already_filed"
    oid = r.json()["id"]
    refused = api(users["focal_point"]).post(f"/api/index/objections/{oid}/answer",
                                             json.dumps({"answer": "tự trả lời", "points": "1.5"}), content_type=put)
    assert refused.status_code == 403
    r = api(office).post(f"/api/index/objections/{oid}/answer",
                         json.dumps({"answer": "Chấp nhận", "points": "1.5"}), content_type=put)
    assert r.status_code == 200 and r.json()["points_after"] == "1.5"
    assert _score(rnd, "T42.stp", "1.3").appraised_points == D("1.5")
    listed = api(users["focal_point"]).get(f"/api/index/assessments/{sc.assessment_id}/objections").json()
    assert [o["answer"] for o in listed] == ["Chấp nhận"]
    assert api(users["focal_b"]).get(f"/api/index/assessments/{sc.assessment_id}/objections").status_code == 404


@pytest.mark.django_db
def test_council_is_formed_from_the_people_of_the_provinces_units(users, rnd, council_member):
    """As the inspection team (the same org.selectors check): not the administrator's account (no unit), an
    inactive account or another province's; nothing is written, on the page as through the service."""
    from django.contrib.auth import get_user_model

    from cchc.assessment.models import Council
    from cchc.org.models import Membership, OrgUnit, Role

    User = get_user_model()
    gone = User.objects.create_user("nghi.viec", first_name="Đã nghỉ việc", is_active=False)
    Membership.objects.create(user=gone, unit=unit("T42.syt"), role=Role.FOCAL_POINT)
    away = User.objects.create_user("tinh.khac", first_name="Tỉnh khác")
    Membership.objects.create(user=away, role=Role.FOCAL_POINT,
                              unit=OrgUnit.objects.filter(province__code="T56", kind="department").first())
    office = users["par_office"]
    for chair, members, names in ((users["appraiser"], [users["admin"]], "admin"),
                                  (users["appraiser"], [council_member, gone, away], "Tỉnh khác, Đã nghỉ việc"),
                                  (users["admin"], [council_member], "admin")):
        with pytest.raises(services.AssessmentError) as e:
            services.council_form(rnd, chair=chair, members=members, user=office)
        assert e.value.code == "not_a_member"
        assert e.value.message == ("Không đưa được vào Hội đồng thẩm định (tài khoản không hoạt động hoặc không "
                                   f"thuộc đơn vị nào của tỉnh): {names}.")
    url = reverse("assessment:council", args=[rnd.pk])
    page = client_for(office).post(url, {"op": "form", "chair": users["appraiser"].pk,
                                         "members": [away.pk]}, follow=True).content.decode()
    assert "Không đưa được vào Hội đồng thẩm định" in page and "Tỉnh khác" in page
    assert not Council.objects.exists()
    council = services.council_form(rnd, chair=users["appraiser"], members=[council_member], user=office)
    assert {m.user for m in council.members.all()} == {users["appraiser"], council_member}
