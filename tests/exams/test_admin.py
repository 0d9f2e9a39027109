"""Every model of the exams app is registered in the Django admin and its list, search and detail pages render."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _registered():
    return [m for m in apps.get_app_config("exams").get_models() if m in admin.site._registry]


def test_main_models_are_registered():
    names = {m.__name__ for m in _registered()}
    assert {"Topic", "Question", "QuestionVersion", "Campaign", "Attempt", "GradeChange"} <= names


@pytest.fixture
def submitted_attempt(campaign, users):
    from cchc.exams import services

    a = services.attempt_start(users["viewer"], campaign)
    services.mark_change(users["admin"], services.attempt_submit(users["viewer"], a.pk).items.first(), 1.0, "Thử")
    return a


def test_attempts_and_grade_changes_are_read_only_in_admin(client, django_user_model, submitted_attempt):
    from cchc.exams.models import Attempt

    boss = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2024!")
    client.force_login(boss)
    url = reverse("admin:exams_attempt_change", args=[submitted_attempt.pk])
    client.post(url, {"score": "99"})
    assert Attempt.objects.get(pk=submitted_attempt.pk).score == 1.0
    assert client.get(reverse("admin:exams_gradechange_add")).status_code == 403


def test_admin_pages_render(client, django_user_model, submitted_attempt):
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
