"""Role × endpoint of the CCHC index on one round (Sở Tư pháp and Sở Y tế assessed, council formed with the
appraiser as chair): the office acts, the council reads results, a unit reads its own self-assessment only (another
unit's is a 404: its existence does not leak), everyone signed in reads frameworks, external results and the
public page."""


import pytest

from cchc.assessment import services
from cchc.assessment.models import SelfAssessment
from tests.conftest import unit
from tests.helpers import client_for

PAGES = ("index", "import", "framework", "assessment", "results", "council", "external", "public",
         "api_scores", "api_results", "api_council", "api_objections")
EXPECTED_GET = {
    #                index import fw  own  results council ext  public api: scores results council objections
    "admin":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "par_office":    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "appraiser":     (200, 403, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "unit_leader":   (200, 403, 200, 200, 403, 403, 200, 200, 200, 403, 403, 200),
    "focal_point":   (200, 403, 200, 200, 403, 403, 200, 200, 200, 403, 403, 200),
    "viewer":        (200, 403, 200, 200, 403, 403, 200, 200, 200, 403, 403, 200),
    "focal_b":       (200, 403, 200, 404, 403, 403, 200, 200, 404, 403, 403, 404),
    "commune_focal": (200, 403, 200, 404, 403, 403, 200, 200, 404, 403, 403, 404),
}
WRITERS = {"admin", "par_office"}


@pytest.fixture
def setup(users, rnd):
    services.council_form(rnd, chair=users["appraiser"], members=[], user=users["par_office"])
    return rnd.framework, rnd, SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED_GET))
def test_role_by_endpoint(role, users, setup):
    fw, rnd, sa = setup
    paths = ["/index/", "/index/frameworks/import/", f"/index/frameworks/{fw.pk}/", f"/index/a/{sa.pk}/",
             f"/index/rounds/{rnd.pk}/results/", f"/index/rounds/{rnd.pk}/council/", "/index/external/",
             "/index/public/", f"/api/index/assessments/{sa.pk}/scores", "/api/index/results?year=2024",
             f"/api/index/rounds/{rnd.pk}/council", f"/api/index/assessments/{sa.pk}/objections"]
    c = client_for(users[role])
    got = tuple(c.get(p).status_code for p in paths)
    assert dict(zip(PAGES, got, strict=True)) == dict(zip(PAGES, EXPECTED_GET[role], strict=True))
    # the office's writes: unlock a framework in use, open the objection window, assign criteria — refused (403)
    # to everyone else, and nothing changes
    writes = [(f"/index/frameworks/{fw.pk}/", {"op": "unlock", "reason": "sửa tiêu chí"}),  # locked by the round
              (f"/index/rounds/{rnd.pk}/results/", {"op": "objection_window", "until": "2030-01-01"}),
              (f"/index/rounds/{rnd.pk}/council/", {"op": "assign", "member": users["appraiser"].pk, "codes": "1.1"})]
    statuses = [c.post(p, data).status_code for p, data in writes]
    if role in WRITERS:
        assert statuses == [302, 302, 302]
    else:
        assert statuses == [403, 403, 403]
        fw.refresh_from_db()
        rnd.refresh_from_db()
        assert fw.locked and rnd.objections_until is None
        assert not rnd.council.members.get(user=users["appraiser"]).criteria.exists()
