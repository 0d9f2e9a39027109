"""Every model of the exams app is registered in the Django admin and its list, search and detail pages render."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import admin_models, assert_admin_pages_render, superuser_client

pytestmark = pytest.mark.django_db


def test_main_models_are_registered():
    names = {m.__name__ for m in admin_models("exams")}
    assert {"Topic", "Question", "QuestionVersion", "Campaign", "Attempt", "GradeChange"} <= names


@pytest.fixture
def submitted_attempt(campaign, users):
    from cchc.exams import services

    a = services.attempt_start(users["viewer"], campaign)
    services.mark_change(users["admin"], services.attempt_submit(users["viewer"], a.pk).items.first(), 1.0, "Thử")
    return a


def test_attempts_and_grade_changes_are_read_only_in_admin(client, django_user_model, submitted_attempt):
    from cchc.exams.models import Attempt

    superuser_client(client, django_user_model)
    url = reverse("admin:exams_attempt_change", args=[submitted_attempt.pk])
    client.post(url, {"score": "99"})
    assert Attempt.objects.get(pk=submitted_attempt.pk).score == 1.0
    assert client.get(reverse("admin:exams_gradechange_add")).status_code == 403


def test_admin_pages_render(client, django_user_model, submitted_attempt):
    assert_admin_pages_render(superuser_client(client, django_user_model), "exams")
