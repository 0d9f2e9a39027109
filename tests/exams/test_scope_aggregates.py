"""A campaign's page counts only the attempts of the units the user may see: the figure "Đang làm bài" was the
province's count for a unit user, beside the unit's own figures (the office still counts every unit)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.exams import services
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_in_progress_count_is_scoped_to_the_unit(campaign, users):
    services.attempt_start(users["focal_b"], campaign)  # Sở Y tế: an attempt left in progress
    url = reverse("exams:campaign_detail", args=[campaign.pk])
    own = client_for(users["unit_leader"]).get(url)  # Sở Tư pháp
    assert own.status_code == 200
    assert own.context["counts"].get("in_progress", 0) == 0
    office = client_for(users["par_office"]).get(url)
    assert office.context["counts"].get("in_progress") == 1
    services.attempt_start(users["focal_point"], campaign)  # Sở Tư pháp's own attempt counts for it
    assert client_for(users["unit_leader"]).get(url).context["counts"].get("in_progress") == 1
