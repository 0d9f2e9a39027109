"""Role × endpoint for an initiative of Sở Tư pháp: everyone signed in reads the lists and the public page; the
unit's own people and the council read the initiative, other units get 404; the council (office, appraisers,
admin) scores; only the office decides. A refused write leaves nothing behind."""

import pytest
from django.test import Client

from cchc.initiatives import services
from cchc.initiatives.models import Initiative, InitiativeScore
from cchc.org.models import OrgUnit
from tests.initiatives.test_initiatives import GOOD, YEAR

EXPECTED = {  # role: (detail status, may score, may decide)
    "admin": (200, True, True),
    "par_office": (200, True, True),
    "appraiser": (200, True, False),
    "unit_leader": (200, False, False),
    "focal_point": (200, False, False),
    "viewer": (200, False, False),
    "focal_b": (404, False, False),
    "commune_focal": (404, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_endpoint(role, users):
    ini = services.initiative_propose(user=users["focal_point"], unit=OrgUnit.objects.get(code="T42.stp"),
                                      year=YEAR, title="Một cửa không giấy", authors="A", description="x",
                                      area="procedures")
    detail, may_score, may_decide = EXPECTED[role]
    c = Client()
    c.force_login(users[role])
    for path in ("/initiatives/", "/initiatives/public/"):
        assert c.get(path).status_code == 200
    assert c.get(f"/initiatives/{ini.pk}/").status_code == detail
    resp = c.post(f"/initiatives/{ini.pk}/score/", {f"score-{k}": v for k, v in GOOD.items()})
    assert resp.status_code == (302 if detail == 200 else 404)
    assert InitiativeScore.objects.filter(initiative=ini, member=users[role]).exists() is may_score
    if not may_score:  # the office scores so that a decision is possible
        services.initiative_score(user=users["par_office"], initiative=ini, scores=GOOD)
    c.post(f"/initiatives/{ini.pk}/decide/", {"outcome": "recognise", "decision_number": "12/QĐ-UBND"})
    ini.refresh_from_db()
    assert (ini.status == Initiative.Status.RECOGNISED) is may_decide
    assert (ini.decision_number == "12/QĐ-UBND") is may_decide
