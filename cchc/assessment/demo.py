"""Demo data of the index (`cchc index load_demo`): last year's department round sent, appraised and published —
so the public page, the rank changes and the lost points have something to show — and this year's round with a
few departments' self-assessments sent, waiting for the appraisal. Everything goes through the services, as the
office and the units would do it; the scores are synthetic (a fixed pattern per unit and criterion) and say so."""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from cchc.assessment import selectors, services
from cchc.assessment.models import Framework, IndexKind, Round, Score, SelfAssessment
from cchc.core import review

DEMO_NOTE = "Số liệu mẫu"
_SHARES = (Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0.75"), Decimal("0.5"), Decimal("0"))


def _points(sa: SelfAssessment, score: Score) -> Decimal:
    """A fixed share of the criterion's maximum for this unit and criterion (most full, some half, a few none)."""
    share = _SHARES[zlib.crc32(f"{sa.unit.code}:{score.criterion.code}".encode()) % len(_SHARES)]
    return (score.criterion.max_points * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def deadline_in(days: int) -> datetime:
    """A round's deadline ``days`` from today, at the end of the working day (17:00 local time)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17)))


def assessment_fill_and_send(sa: SelfAssessment, *, user) -> None:
    """Every scored line of ``sa`` given the demo pattern's points (prefilled lines keep their value), then sent."""
    for score in sa.scores.select_related("criterion").filter(criterion__survey=False):
        if score.self_points is None and not score.not_applicable:
            services.score_save(score, user=user, points=_points(sa, score), explanation=DEMO_NOTE)
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=user, action=review.SUBMIT)


def round_published(year: int, *, user) -> Round | None:
    """Last year's department round as a province ends it: every department sent, the office appraised (half a
    point less where the evidence was short) and accepted it, the results published with the approving decision."""
    if selectors.round_for(year, IndexKind.SO) is not None:
        return None
    fw = (Framework.objects.filter(year=year, unit_kind=IndexKind.SO).order_by("-version").first()
          or services.framework_load_file(services.DEMO_FILES[IndexKind.SO], year=year, user=user))
    deadline = timezone.make_aware(datetime.combine(datetime(year, 12, 15), time(17)))
    rnd = services.round_open(fw, deadline=deadline, user=user)
    for sa in rnd.assessments.select_related("unit").order_by("unit__path"):
        assessment_fill_and_send(sa, user=user)
    for score in Score.objects.filter(assessment__round=rnd, criterion__survey=False, not_applicable=False,
                                      self_points__isnull=False).select_related("criterion", "assessment__unit"):
        short = zlib.crc32(f"appraise:{score.assessment.unit.code}:{score.criterion.code}".encode()) % 7 == 0
        points = max(score.self_points - Decimal("0.5"), Decimal("0")) if short else score.self_points
        services.score_appraise(score, user=user, points=points,
                                note="Thiếu tài liệu kiểm chứng" if points != score.self_points else "")
    for sa in rnd.assessments.all():
        services.self_assessment_transition(sa, user=user, action=review.ACCEPT)
    # a province publishes last year's index in the first quarter (the decision and the publication the same day)
    on = min(timezone.localdate(), date(year + 1, 3, 20))
    rnd = services.round_publish(rnd, user=user, decision=f"Quyết định số 35/QĐ-UBND ngày {on:%d/%m/%Y}",
                                 confirmed=True)
    rnd.published_at = timezone.make_aware(datetime.combine(on, time(15)))
    Round.objects.filter(pk=rnd.pk).update(published_at=rnd.published_at)
    return rnd


def round_some_sent(rnd: Round, *, user, count: int = 4) -> int:
    """A few departments of this year's round have sent their self-assessment (the appraiser has work); those
    with demo accounts keep theirs open (their focal point finds this year's self-assessment to do)."""
    sent = 0
    drafts = (rnd.assessments.filter(review_state=review.DRAFT).exclude(unit__memberships__isnull=False)
              .select_related("unit").order_by("unit__path"))
    for sa in drafts[:count]:
        assessment_fill_and_send(sa, user=user)
        sent += 1
    return sent
