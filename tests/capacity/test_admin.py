"""Every model of the capacity app is registered in the Django admin and its list, search and detail pages render."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _registered():
    return [m for m in apps.get_app_config("capacity").get_models() if m in admin.site._registry]


def test_main_models_are_registered():
    names = {m.__name__ for m in _registered()}
    assert {"StaffMember", "StaffAssignment", "Trainer", "Course", "Session", "Material", "Enrolment",
            "Evaluation", "NeedsSurvey", "NeedsResponse"} <= names


@pytest.fixture
def demo(org_tree, users):
    from cchc.capacity.demo import load

    load()


def test_admin_pages_render(client, django_user_model, demo):
    boss = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2024!")
    client.force_login(boss)
    for model in _registered():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        assert client.get(url + "?q=Nguy%E1%BB%85n").status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change
