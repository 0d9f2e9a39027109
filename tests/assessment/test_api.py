"""/api/index/: frameworks readable by all signed-in users, scores scoped to the unit, results to the office."""

import json

import pytest
from django.test import Client

from cchc.assessment.models import Score, SelfAssessment
from cchc.core.models_token import ApiToken
from tests.assessment.test_publish import sent
from tests.conftest import unit


def token(user, scope="write"):
    _t, key = ApiToken.issue(user, scope=scope, days=30)
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.mark.django_db
def test_api_scope_versions_and_results(users, rnd):
    c = Client()
    own = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    other = SelfAssessment.objects.get(round=rnd, unit=unit("T42.syt"))
    fp = token(users["focal_point"])
    fws = c.get("/api/index/frameworks?year=2024", **fp).json()
    assert [f["kind"] for f in fws] == ["so"] and fws[0]["locked"] is True
    tree = c.get(f"/api/index/frameworks/{fws[0]['id']}", **fp).json()
    assert sum(float(x["max_points"]) for x in tree["criteria"] if "." not in x["code"]) == 100
    listed = c.get("/api/index/assessments", **fp).json()
    assert [a["id"] for a in listed] == [own.pk]
    assert c.get(f"/api/index/assessments/{other.pk}/scores", **fp).status_code == 404
    body = c.get(f"/api/index/assessments/{own.pk}/scores", **fp).json()
    line = next(s for s in body["scores"] if s["code"] == "1.3")
    other_line = Score.objects.get(assessment=other, criterion__code="1.3")
    put = {"points": "1,5", "explanation": "API", "version": line["version"]}
    assert c.put(f"/api/index/scores/{other_line.pk}", json.dumps(put), content_type="application/json",
                 **fp).status_code == 404
    r = c.put(f"/api/index/scores/{line['id']}", json.dumps(put), content_type="application/json", **fp)
    assert r.status_code == 200 and r.json()["self_points"] == "1.5"
    r = c.put(f"/api/index/scores/{line['id']}", json.dumps(put), content_type="application/json", **fp)
    assert r.status_code == 409 and "phiên bản" in r.json()["message"]
    r = c.put(f"/api/index/scores/{line['id']}", json.dumps({**put, "points": "7", "version": line["version"] + 1}),
              content_type="application/json", **fp)
    assert r.status_code == 400 and "nằm ngoài khoảng" in r.json()["message"]
    assert c.get("/api/index/results?year=2024&kind=so", **fp).status_code == 403
    res = c.get("/api/index/results?year=2024&kind=so&use=self", **token(users["appraiser"], "read"))
    # drafts are not ranked: both units listed without a rank or figures, with why
    assert [(r["rank"], r["ranked"], r["points"], r["reason"]) for r in res.json()["results"]] == [
        (None, False, None, "Chưa gửi tự đánh giá")] * 2
    sent(rnd, users)
    res = c.get("/api/index/results?year=2024&kind=so&use=self", **token(users["appraiser"], "read"))
    assert res.status_code == 200
    rows = res.json()["results"]
    assert {r["unit"] for r in rows} == {unit("T42.stp").name, unit("T42.syt").name}
    assert rows[0]["unit"] == unit("T42.stp").name and rows[0]["rank"] == 1
    assert c.get("/api/index/results?year=2023&kind=so", **token(users["appraiser"], "read")).status_code == 404
