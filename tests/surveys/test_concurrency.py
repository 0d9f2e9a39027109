"""One code sent from several phones at once (real threads, PostgreSQL): exactly one response counts; a kiosk's
pause holds under parallel submits."""

from __future__ import annotations

import pytest

from cchc.surveys import services
from cchc.surveys.models import Response
from tests.helpers import run_in_threads
from tests.surveys.conftest import full_answers, getter

pytestmark = pytest.mark.usefixtures("postgres_only")


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_one_code_make_one_response(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    data = full_answers(rnd.version)
    errors = run_in_threads(6, lambda i: services.response_submit_with_code(codes[0], getter(data)), together=True)
    assert len(errors) == 5 and all(getattr(e, "code", "") == "used" for e in errors)
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_kiosk_submits_respect_the_pause(users, make_round):
    rnd = make_round()
    ks, token = services.kiosk_start(users["focal_point"], rnd, min_interval_seconds=60)
    data = full_answers(rnd.version)
    errors = run_in_threads(5, lambda i: services.kiosk_submit(services.kiosk_find(token), getter(data)), together=True)
    assert len(errors) == 4 and Response.objects.filter(channel="kiosk").count() == 1
