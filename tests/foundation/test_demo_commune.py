"""The demo gives its commune (the first active commune by name, as `demo_users` picks it) current-year work: a
commune self-assessment round open with a deadline ahead, and this year's inspection plan issued with the commune
visited in the coming weeks — both on the commune focal point's home page; a second run changes nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _counts():
    from cchc.assessment.models import Framework, Round, SelfAssessment
    from cchc.inspections.models import Inspection, InspectionPlan

    return [m.objects.count() for m in (Framework, Round, SelfAssessment, InspectionPlan, Inspection)]


def test_the_demo_commune_has_this_years_work(users, settings):
    from django.contrib.auth import get_user_model

    from cchc.assessment import attention as index_attention
    from cchc.assessment.models import IndexKind, SelfAssessment
    from cchc.core import review
    from cchc.inspections import attention as inspection_attention
    from cchc.inspections.models import Inspection, InspectionPlan
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind

    settings.CCHC_PROVINCE = "Hà Tĩnh"
    commune = (OrgUnit.objects.filter(province__code="T42", kind=UnitKind.COMMUNE, valid_to__isnull=True)
               .order_by("name").first())
    focal = get_user_model().objects.create_user("daumoi.xa")
    Membership.objects.create(user=focal, unit=commune, role=Role.FOCAL_POINT)
    for _run in range(2):
        call_command("inspections", "load_demo", stdout=io.StringIO())
        call_command("index", "load_demo", stdout=io.StringIO())
        if _run == 0:
            first = _counts()
    assert _counts() == first  # idempotent

    today = timezone.localdate()
    sa = SelfAssessment.objects.select_related("round__framework").get(
        unit=commune, round__framework__year=today.year, round__framework__unit_kind=IndexKind.XA)
    assert not sa.round.closed and sa.round.deadline > timezone.now() and sa.review_state == review.DRAFT
    ins = Inspection.objects.select_related("plan").get(unit=commune, plan__year=today.year)
    assert ins.plan.status == InspectionPlan.Status.ISSUED and ins.status == Inspection.Status.PLANNED
    assert today <= ins.starts_on <= today + timedelta(days=30)
    keys = [i["key"] for i in index_attention.items(focal) + inspection_attention.items(focal)]
    assert f"index_{review.DRAFT}_{sa.round_id}" in keys and f"inspection_{ins.pk}" in keys


def test_the_demo_departments_self_assess_this_year(users, settings):
    """The departments' round of the demo was the 2024 one while the communes' was this year's: both are this
    year's now (a demo user of a sở finds this year's self-assessment open), and a second run changes nothing."""
    from cchc.assessment import attention as index_attention
    from cchc.assessment import services
    from cchc.assessment.models import Framework, IndexKind, Round, SelfAssessment
    from cchc.core import review
    from tests.conftest import unit

    settings.CCHC_PROVINCE = "Hà Tĩnh"
    for _run in range(2):
        call_command("index", "load_demo", stdout=io.StringIO())
        if _run == 0:
            first = _counts()
    assert _counts() == first  # idempotent

    year = timezone.localdate().year
    rounds = {(r.framework.year, r.framework.unit_kind): r for r in Round.objects.select_related("framework")}
    # last year's departments' round is the published one (cchc.assessment.demo), this year's are open
    assert set(rounds) == {(year - 1, IndexKind.SO), (year, IndexKind.SO), (year, IndexKind.XA)}
    assert rounds[(year - 1, IndexKind.SO)].published_at is not None
    so = rounds[(year, IndexKind.SO)]
    assert not so.closed and so.deadline > timezone.now()
    assert so.assessments.count() == services.units_for(IndexKind.SO, year).count() > 0
    assert set(Framework.objects.values_list("year", flat=True)) == {year - 1, year}
    sa = SelfAssessment.objects.get(round=so, unit=unit("T42.stp"))
    assert sa.review_state == review.DRAFT
    keys = [i["key"] for i in index_attention.items(users["focal_point"])]  # Sở Tư pháp's focal point
    assert f"index_{review.DRAFT}_{so.pk}" in keys
