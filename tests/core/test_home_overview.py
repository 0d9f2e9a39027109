"""The home page's "Tình hình chung": each app's headline figure, scoped to what the user may see — a unit's leader
reads their unit's figures, the office the province's; a focal point's home stays their unit's work."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD, unit
from tests.helpers import client_for
from tests.surveys.conftest import full_answers, getter

pytestmark = pytest.mark.django_db


@pytest.fixture
def syt_leader(users):
    from django.contrib.auth import get_user_model

    from cchc.org.models import Membership, Role

    u = get_user_model().objects.create_user(username="leader_syt", password=PASSWORD, first_name="Lãnh đạo Sở Y tế")
    Membership.objects.create(user=u, role=Role.UNIT_LEADER, unit=unit("T42.syt"))
    return u


def _overview(user) -> str:
    page = client_for(user).get("/").content.decode()
    if 'id="overview"' not in page:
        return ""
    assert page.count('id="overview"') == 1 and page.index('id="overview"') > page.index("Việc cần chú ý</h2>")
    return page[page.index('id="overview"'):page.index("</ul>", page.index('id="overview"'))]


def _answered_round(code: str, level: int, n: int, office):
    from cchc.surveys import models as m
    from cchc.surveys import services
    from cchc.surveys.loading import install_templates

    install_templates(m.Questionnaire, m.QuestionnaireVersion, m.Section, m.Item, now=timezone.now())
    version = m.QuestionnaireVersion.objects.get(questionnaire__code="sipas-dich-vu", number=1)
    now = timezone.now()
    survey_round = m.Round.objects.create(version=version, unit=unit(code), year=now.year, quarter=1,
                                          opens_at=now - timedelta(days=1),
                                          closes_at=now + timedelta(days=30))
    _batch, codes = services.codes_create(office, survey_round, n)
    for c in codes:
        services.response_submit_with_code(c, getter(full_answers(version, level=level)))


def test_satisfaction_figure_is_the_readers_unit_or_the_province(users, syt_leader):
    office = users["par_office"]
    _answered_round("T42.stp", 5, 2, office)
    _answered_round("T42.syt", 1, 1, office)
    stp = _overview(users["unit_leader"])
    assert 'id="ov-sipas"' in stp and "100,0%" in stp and "Sở Tư pháp tỉnh Hà Tĩnh · 2 phiếu" in stp
    assert "Sở Y tế" not in stp and "3 phiếu" not in stp
    syt = _overview(syt_leader)
    assert ">0,0%<" in syt and "Sở Y tế tỉnh Hà Tĩnh · 1 phiếu" in syt and "Sở Tư pháp" not in syt
    # the office: both units, weighted by their answers (2 × 100 % + 1 × 0 %) / 3
    prov = _overview(office)
    assert "66,7%" in prov and "3 phiếu của 2 đơn vị" in prov
    # a focal point's home has no overview; a viewer of Sở Tư pháp reads its figure
    assert _overview(users["focal_point"]) == ""
    assert "Sở Tư pháp tỉnh Hà Tĩnh · 2 phiếu" in _overview(users["viewer"])
    _links_open(users, "unit_leader", "viewer", "par_office")


def _links_open(users, *who):
    """Every link of the overview opens for its reader."""
    for name in who:
        for href in re.findall(r'href="([^"]+)"', _overview(users[name])):
            assert client_for(users[name]).get(href.replace("&amp;", "&")).status_code == 200, (name, href)


@pytest.fixture
def index_round(users):
    from cchc.assessment import services

    office = users["par_office"]
    fw = services.framework_load_file("demo_so.json", year=2024, user=office)
    return services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office,
                               units=[unit("T42.stp"), unit("T42.syt")])


def test_index_figure_names_the_readers_rank_or_the_leader_of_the_ranking(users, index_round, syt_leader):
    rnd = index_round
    rows = [{"rank": 1, "unit_id": unit("T42.syt").pk, "unit": "Sở Y tế tỉnh Hà Tĩnh", "index": "80.250",
             "class": "Tốt", "ranked": True},
            {"rank": 2, "unit_id": unit("T42.stp").pk, "unit": "Sở Tư pháp tỉnh Hà Tĩnh", "index": "70.500",
             "class": "Khá", "ranked": True},
            # the office's own department is ranked too: the office still reads the province's ranking
            {"rank": 3, "unit_id": unit("T42.snv").pk, "unit": "Sở Nội vụ tỉnh Hà Tĩnh", "index": "60.000",
             "class": "Trung bình", "ranked": True}]
    rnd.published_results, rnd.published_at = rows, timezone.now()
    rnd.save(update_fields=["published_results", "published_at"])
    stp = _overview(users["unit_leader"])
    # every link opens for its reader: the published ranking for a unit, the working results for the office
    assert f'href="/index/public/{rnd.pk}/"' in stp
    assert f'href="/index/rounds/{rnd.pk}/results/"' in _overview(users["par_office"])
    _links_open(users, "unit_leader", "viewer", "par_office")
    assert "70,50%" in stp and "Sở Tư pháp tỉnh Hà Tĩnh: hạng 2/3 · Khá" in stp and "Sở Y tế" not in stp
    assert "80,25%" in _overview(syt_leader) and "hạng 1/3 · Tốt" in _overview(syt_leader)
    prov = _overview(users["par_office"])
    assert "3 đơn vị xếp hạng" in prov and "Sở Nội vụ" not in prov and "Dẫn đầu: Sở Y tế tỉnh Hà Tĩnh (80,25%)" in prov
    # unpublished: nothing to read
    rnd.published_at = None
    rnd.save(update_fields=["published_at"])
    assert "Chỉ số CCHC" not in _overview(users["par_office"])
    assert Decimal(rows[0]["index"]) == Decimal("80.25")


def test_plan_figure_matches_the_dashboard_and_the_readers_scope(users):
    from cchc.plans import selectors
    from tests.plans.conftest import confirm_draft, small_draft

    confirm_draft(users["par_office"], small_draft())
    today = timezone.localdate()
    prov = _overview(users["par_office"])
    total = selectors.rates_total(selectors.occurrences_scoped(users["par_office"]), today)
    assert total["expected"] > 0
    assert f'{total["done"]}/{total["expected"]} lượt hoàn thành · quá hạn {total["late"]}' in prov
    own = selectors.rates_total(selectors.occurrences_scoped(users["unit_leader"]), today)
    assert 0 < own["expected"] < total["expected"]
    assert f'{own["done"]}/{own["expected"]} lượt hoàn thành' in _overview(users["unit_leader"])
    assert 'href="/plans/dashboard/"' in prov
    _links_open(users, "unit_leader", "viewer", "par_office")
