"""The pickers of people (inspection team, appraisal council) name each person with their unit's short name, so
that two people of the same name can be told apart; one query for the units of everyone listed, not one each."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.inspections import services
from cchc.org.models import Membership, OrgUnit, Role
from cchc.org.selectors import people_of_home_units, person_label
from tests.helpers import client_for
from tests.inspections.test_flow import _index_round

pytestmark = pytest.mark.django_db


def _namesakes():
    """Two "Nguyễn Văn An": one of Sở Tư pháp (short name STP), one of Sở Y tế (no short name: its name)."""
    stp, syt = OrgUnit.objects.get(code="T42.stp"), OrgUnit.objects.get(code="T42.syt")
    stp.short_name, syt.short_name = "STP", ""
    stp.save()
    syt.save()
    out = []
    for username, unit in (("an.stp", stp), ("an.syt", syt)):
        user = get_user_model().objects.create_user(username, first_name="Nguyễn Văn An")
        Membership.objects.create(user=user, unit=unit, role=Role.FOCAL_POINT)
        out.append(user)
    return out, stp, syt


def _more_people(n: int) -> None:
    units = list(OrgUnit.objects.filter(province__code="T42", kind="department", valid_to__isnull=True)[:n])
    for i, unit in enumerate(units):
        user = get_user_model().objects.create_user(f"them.{i}", first_name=f"Người {i}")
        Membership.objects.create(user=user, unit=unit, role=Role.VIEWER)


def _options(page: str, name: str) -> dict[int, str]:
    start = page.index(f'name="{name}"')
    select = page[start : page.index("</select>", start)]
    return {int(pk): text for pk, text in re.findall(r'<option value="(\d+)">([^<]*)</option>', select)}


def test_person_label_names_the_unit_without_a_query_per_person(users):
    (an_stp, an_syt), stp, syt = _namesakes()

    def labelled():
        with CaptureQueriesContext(connection) as queries:
            labels = {u.pk: person_label(u) for u in people_of_home_units()}
        return labels, [q["sql"] for q in queries.captured_queries]

    before, queries_before = labelled()
    _more_people(4)
    labels, queries = labelled()
    assert len(labels) == len(before) + 4 and len(queries) == len(queries_before)
    assert len([q for q in queries if 'FROM "org_membership"' in q]) == 1  # the units of all of them at once
    assert labels[an_stp.pk] == "Nguyễn Văn An — STP"
    assert labels[an_syt.pk] == f"Nguyễn Văn An — {syt.name}"
    assert labels[users["par_office"].pk].startswith("par_office — ")
    # a user object that did not come from the picker's query reads its units itself
    assert person_label(get_user_model().objects.get(pk=an_stp.pk)) == "Nguyễn Văn An — STP"


def _plan_page(client, plan) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("inspections:plan_detail", args=[plan.pk])).content.decode()
    return page, len(queries)


def _council_page(client, rnd) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("assessment:council", args=[rnd.pk])).content.decode()
    return page, len(queries)


def test_team_and_council_pickers_show_the_unit_in_a_fixed_number_of_queries(users):
    (an_stp, an_syt), stp, syt = _namesakes()
    plan = services.plan_create(user=users["par_office"], year=timezone.localdate().year)
    rnd = _index_round(users)
    office = client_for(users["par_office"])
    plan_page, plan_queries = _plan_page(office, plan)
    council_page, council_queries = _council_page(office, rnd)
    for page, fields in ((plan_page, ("chief", "members")), (council_page, ("chair", "members"))):
        for field in fields:
            options = _options(page, field)
            assert options[an_stp.pk] == "Nguyễn Văn An — STP", field
            assert options[an_syt.pk] == f"Nguyễn Văn An — {syt.name}", field
    _more_people(5)
    more_plan, plan_after = _plan_page(office, plan)
    more_council, council_after = _council_page(office, rnd)
    assert len(_options(more_plan, "chief")) == len(_options(plan_page, "chief")) + 5
    assert len(_options(more_council, "chair")) == len(_options(council_page, "chair")) + 5
    assert (plan_after, council_after) == (plan_queries, council_queries)  # not one more query per person
