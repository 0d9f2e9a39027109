from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def bank(db):
    from cchc.exams import services
    from cchc.exams.demo.bank import TOPICS, demo_questions
    from cchc.exams.qdata import ParseResult

    services.topics_ensure(TOPICS)
    report = services.questions_import(ParseResult(questions=demo_questions()))
    assert report.ok and report.created >= 100
    return report


@pytest.fixture
def campaign(bank, org_tree):
    from cchc.exams.models import Campaign

    now = timezone.now()
    c = Campaign.objects.create(
        title="Kiểm tra thử", opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1),
        duration_minutes=30, pass_percent=50, attempts_allowed=2, is_published=True,
        blueprint=[{"topic": "procedures", "difficulty": "", "count": 3},
                   {"topic": "civil_service", "difficulty": "hard", "count": 1},
                   {"topic": "digital", "difficulty": "", "count": 2}])
    c.units.add(org_tree["T42"])
    return c


def answer_all(user, attempt, *, correct=True, upto=None):
    from cchc.exams import services

    for it in attempt.items.select_related("version")[:upto]:
        ids = it.version.correct_ids if correct else [x for x in it.version.option_ids
                                                       if x not in it.version.correct_ids][:1]
        services.answer_save(user, attempt.pk, it.position, ids, it.seq + 1)
