"""Idempotent demo content: topics, the demo question bank, an open campaign and a finished one with results."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.exams import services
from cchc.exams.demo.bank import TOPICS, demo_questions
from cchc.exams.models import Attempt, AttemptStatus, Campaign, Topic

OPEN_TITLE = "Kiểm tra kiến thức CCHC định kỳ năm {year}"
PAST_TITLE = "Kiểm tra kiến thức CCHC đợt 1 năm {year} (đã kết thúc)"
BLUEPRINT = [
    {"topic": "direction", "difficulty": "", "count": 4},
    {"topic": "institutions", "difficulty": "", "count": 2},
    {"topic": "procedures", "difficulty": "hard", "count": 1},
    {"topic": "procedures", "difficulty": "", "count": 3},
    {"topic": "organisation", "difficulty": "", "count": 2},
    {"topic": "civil_service", "difficulty": "", "count": 3},
    {"topic": "public_finance", "difficulty": "", "count": 2},
    {"topic": "digital", "difficulty": "", "count": 3},
]
DEMO_EXAMINEES = 36


def _province():
    from cchc.org.selectors import province_find

    return province_find(settings.CCHC_DEMO_PROVINCE)


def load(stdout=None) -> dict:
    say = (stdout.write if stdout else (lambda s: None))
    with transaction.atomic():
        services.topics_ensure(TOPICS)
        report = services.questions_import(services.ParseResult(questions=demo_questions()))
    if not report.ok:
        raise RuntimeError("; ".join(str(e) for e in report.errors))
    say(f"Ngân hàng câu hỏi: {report.created} mới, {report.versioned} cập nhật, {report.unchanged} không đổi.")
    province = _province()
    year = timezone.localdate().year

    def at(days: int, hour: int, minute: int = 0):  # office hours, as an office sets a test: 07:30 to 17:00
        day = timezone.localdate() + timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    open_c, created = Campaign.objects.get_or_create(title=OPEN_TITLE.format(year=year), defaults=dict(
        description="Kiểm tra định kỳ kiến thức CCHC cho cán bộ, công chức, viên chức toàn tỉnh (Đề án 905).",
        opens_at=at(-1, 7, 30), closes_at=at(60, 17), duration_minutes=20,
        blueprint=BLUEPRINT, pass_percent=50, attempts_allowed=2, results_policy="immediately",
        review_allowed=True, stagger_seconds=0, is_published=True))
    if created and province:
        open_c.units.add(province)
    past = _past_campaign(province, year, at)
    say(f"Kỳ kiểm tra mẫu: «{open_c.title}» (đang mở), «{past.title}» "
        f"({past.attempts.count()} bài làm).")
    return {"open": open_c, "past": past, "import": report}


def _past_campaign(province, year, at):
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind

    past, created = Campaign.objects.get_or_create(title=PAST_TITLE.format(year=year), defaults=dict(
        description="Đợt kiểm tra đã kết thúc — dữ liệu mô phỏng để xem thống kê, phân tích câu hỏi.",
        opens_at=at(-40, 7, 30), closes_at=at(-30, 17), duration_minutes=20,
        blueprint=BLUEPRINT, pass_percent=50, attempts_allowed=1, results_policy="after_close",
        review_allowed=True, is_published=True))
    if not created or province is None:
        return past
    past.units.add(province)
    units = list(OrgUnit.objects.filter(province=province, valid_to__isnull=True,
                                        kind=UnitKind.DEPARTMENT).order_by("name")[:6])
    if not units:
        return past
    User = get_user_model()
    rng = random.Random(2024)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    given = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hà", "Hữu Khoa", "Thu Lan", "Đức Minh",
             "Thị Ngọc", "Văn Phúc", "Thanh Tâm", "Thị Yến"]
    started = past.opens_at + timedelta(hours=1)
    for i in range(DEMO_EXAMINEES):
        unit = units[i % len(units)]
        user, made = User.objects.get_or_create(username=f"ccvc{i + 1:03d}", defaults={
            "first_name": f"{family[i % len(family)]} {given[(i * 7) % len(given)]}"})
        if made:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.VIEWER)
        if Attempt.objects.filter(campaign=past, user=user).exists():
            continue
        ability = rng.uniform(0.35, 0.95)
        t0 = started + timedelta(minutes=rng.randint(0, 120))
        attempt = services.attempt_start(user, past, now=t0)
        for it in attempt.items.select_related("version"):
            v = it.version
            p = ability - {"easy": -0.1, "medium": 0.05, "hard": 0.25}[v.difficulty]
            correct = v.correct_ids
            if rng.random() < p:
                chosen = correct
            else:
                wrong = [o for o in v.option_ids if o not in correct]
                chosen = [rng.choice(wrong)] if wrong else []
            services.answer_save(user, attempt.pk, it.position, chosen, 1, now=t0 + timedelta(minutes=1))
        services.attempt_submit(user, attempt.pk, now=t0 + timedelta(minutes=rng.randint(8, 19)))
    Attempt.objects.filter(campaign=past, status=AttemptStatus.IN_PROGRESS).update(status=AttemptStatus.SUBMITTED)
    return past


def topic_count() -> int:
    return Topic.objects.count()
