"""Parallel saves of the same answer slot and parallel starts of the same examinee (real threads, real DB)."""

from __future__ import annotations

import pytest

from cchc.exams import services
from cchc.exams.models import Attempt
from tests.helpers import run_in_threads

pytestmark = pytest.mark.usefixtures("postgres_only")


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

    assert run_in_threads(8, save) == []
    item.refresh_from_db()
    assert item.seq == 8 and item.selected == [ids[8 % len(ids)]]
    assert all(r["ok"] for _, r in results)


@pytest.mark.django_db(transaction=True)
def test_parallel_starts_give_one_attempt(campaign, users):
    u = users["viewer"]
    got = []
    assert run_in_threads(6, lambda i: got.append(services.attempt_start(u, campaign).pk)) == []
    assert len(set(got)) == 1 and Attempt.objects.filter(user=u).count() == 1
