"""Parallel saves of the same answer slot and parallel starts of the same examinee (real threads, real DB)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cchc.exams import services
from cchc.exams.models import Attempt


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("in-memory SQLite of the test run locks whole tables; real concurrency is checked on PostgreSQL")


def _run(n, fn):
    errors = []

    def wrap(i):
        try:
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
def test_parallel_saves_keep_the_newest_answer(campaign, users):
    u = users["viewer"]
    attempt = services.attempt_start(u, campaign)
    item = attempt.items.first()
    ids = item.option_order
    results = []

    def save(i):
        seq = i + 1
        results.append((seq, services.answer_save(u, attempt.pk, item.position, [ids[seq % len(ids)]], seq)))
        results.append((seq, services.answer_save(u, attempt.pk, item.position, [ids[seq % len(ids)]], seq)))

    assert _run(8, save) == []
    item.refresh_from_db()
    assert item.seq == 8 and item.selected == [ids[8 % len(ids)]]
    assert all(r["ok"] for _, r in results)


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_give_one_attempt(campaign, users):
    u = users["viewer"]
    got = []
    assert _run(6, lambda i: got.append(services.attempt_start(u, campaign).pk)) == []
    assert len(set(got)) == 1 and Attempt.objects.filter(user=u).count() == 1
