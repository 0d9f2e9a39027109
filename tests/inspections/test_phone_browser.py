"""The inspected unit reads its inspection on a phone: each checklist line a card, no field name over an empty field."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.inspections import services
from cchc.org.models import OrgUnit

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_checklist_cards_show_no_name_over_an_empty_field(live_server, users, login, page):
    plan = services.plan_create(user=users["par_office"], year=timezone.localdate().year, target_share=35)
    ins = services.inspection_add(user=users["par_office"], plan=plan, unit=OrgUnit.objects.get(code="T42.stp"),
                                  month=timezone.localdate().month, chief=users["appraiser"], members=[])
    page.set_viewport_size({"width": 390, "height": 844})
    login("focal_point")  # the inspected unit reads, the notes are empty until the team writes them
    page.goto(f"{live_server.url}/inspections/{ins.pk}/")
    cells = page.evaluate("""() => [...document.querySelectorAll('#checklist tbody td')].map(td => ({
        empty: !td.childNodes.length, shown: getComputedStyle(td).display !== 'none'}))""")
    assert any(c["empty"] for c in cells) and any(c["shown"] for c in cells)
    assert all(c["shown"] != c["empty"] for c in cells), cells
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
