"""The council's score sheets of an initiative (members, points, free-text comments) are read by the office, the
council and the initiative's own unit; another unit opening a recognised initiative sees the initiative and its
decision, not the council's scoring."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.initiatives import services
from cchc.org.models import OrgUnit
from tests.helpers import client_for

pytestmark = pytest.mark.django_db
COMMENT = "Nhận xét riêng của hội đồng về sáng kiến"


def test_another_unit_does_not_read_the_council_sheets(users):
    ini = services.initiative_propose(user=users["focal_point"], unit=OrgUnit.objects.get(code="T42.stp"),
                                      year=timezone.localdate().year, title="Một cửa không giấy", authors="Lê Văn A",
                                      description="Số hóa hồ sơ.", area="procedures")
    services.initiative_score(user=users["appraiser"], initiative=ini, comment=COMMENT,
                              scores={"novelty": 25, "effect": 30, "replicable": 15, "scope": 8})
    services.initiative_decide(user=users["par_office"], initiative=ini, recognise=True, decision_number="9/QĐ")
    url = f"/initiatives/{ini.pk}/"
    other = client_for(users["focal_b"]).get(url)  # Sở Y tế reads the recognised initiative
    assert other.status_code == 200
    page = other.content.decode()
    assert "Một cửa không giấy" in page and COMMENT not in page and 'id="sheets"' not in page
    for name in ("par_office", "appraiser", "unit_leader", "viewer"):  # the office, the council, the unit itself
        assert COMMENT in client_for(users[name]).get(url).content.decode(), name
