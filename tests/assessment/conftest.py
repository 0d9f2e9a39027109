"""Fixtures of the CCHC index tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import unit


@pytest.fixture
def rnd(users):
    """The 2024 round of the demo framework for sở (demo_so.json), opened by the office for Sở Tư pháp and Sở Y tế
    (deadline in 30 days)."""
    from cchc.assessment import services

    office = users["par_office"]
    fw = services.framework_load_file("demo_so.json", year=2024, user=office)
    return services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office,
                               units=[unit("T42.stp"), unit("T42.syt")])


@pytest.fixture
def council_member(users):
    """A second appraiser of Sở Nội vụ, to sit on a council with ``users["appraiser"]`` as chair (a council is formed
    from the people of the province's units: not the administrator's account)."""
    from django.contrib.auth import get_user_model

    from cchc.org.models import Membership, Role

    user = get_user_model().objects.create_user(username="appraiser_2", first_name="Thẩm định viên 2")
    Membership.objects.create(user=user, role=Role.APPRAISER, unit=unit("T42.snv"))
    return user
