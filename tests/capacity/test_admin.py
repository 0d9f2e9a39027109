"""Every model of the capacity app is registered in the Django admin and its list, search and detail pages render."""

from __future__ import annotations

import pytest

from tests.helpers import admin_models, assert_admin_pages_render, superuser_client

pytestmark = pytest.mark.django_db


def test_main_models_are_registered():
    names = {m.__name__ for m in admin_models("capacity")}
    assert {"StaffMember", "StaffAssignment", "Trainer", "Course", "Session", "Material", "Enrolment",
            "Evaluation", "NeedsSurvey", "NeedsResponse"} <= names


@pytest.fixture
def demo(org_tree, users):
    from cchc.capacity.demo import load

    load()


def test_admin_pages_render(client, django_user_model, demo):
    assert_admin_pages_render(superuser_client(client, django_user_model), "capacity")
