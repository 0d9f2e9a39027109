"""One code sent from several phones at once (real threads, PostgreSQL): exactly one response counts; a kiosk's
pause holds under parallel submits."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cchc.surveys import services
from cchc.surveys.models import Response
from tests.surveys.conftest import full_answers, getter


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("in-memory SQLite of the test run locks whole tables; real concurrency is checked on PostgreSQL")


def _run(n, fn):
    errors = []
    barrier = threading.Barrier(n)

    def wrap(i):
        try:
            barrier.wait()
            fn(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_one_code_make_one_response(users, make_round):
    rnd = make_round()
    _b, codes = services.codes_create(users["focal_point"], rnd, 1)
    data = full_answers(rnd.version)
    errors = _run(6, lambda i: services.response_submit_with_code(codes[0], getter(data)))
    assert len(errors) == 5 and all(getattr(e, "code", "") == "used" for e in errors)
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_kiosk_submits_respect_the_pause(users, make_round):
    rnd = make_round()
    ks, token = services.kiosk_start(users["focal_point"], rnd, min_interval_seconds=60)
    data = full_answers(rnd.version)
    errors = _run(5, lambda i: services.kiosk_submit(services.kiosk_find(token), getter(data)))
    assert len(errors) == 4 and Response.objects.filter(channel="kiosk").count() == 1
