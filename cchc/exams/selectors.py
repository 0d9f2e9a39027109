"""Reads of the exams app, always scoped through cchc.org.access.

Who sees what:
- an examinee sees only their own attempts (and their results when the campaign's policy allows);
- a unit leader also sees the attempts of their unit and its sub-units (Attempt.unit, the unit through which the
  examinee belonged to the campaign's population); focal points — usually examinees themselves — see their unit's
  aggregated figures (``unit_summary``) but not colleagues' individual attempts;
- admin, Sở Nội vụ (par_office) and appraisers see every attempt of the province.
The answer key (correct options, explanations) of an attempt is shown to the office at any time and to everyone
else only when the campaign publishes it: review allowed, results visible, and the campaign closed or its results
published by the office (``answer_key_visible``) — never to an examinee, nor a colleague, while it is running.
Bank and campaign management is for admin and par_office (access.edits_all).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.exams import grading, item_stats
from cchc.exams.grading import weak_topics
from cchc.exams.models import Attempt, AttemptItem, AttemptStatus, Campaign, GradeChange, Topic
from cchc.org import access

RESULT_ROLES = (access.ADMIN, access.PAR_OFFICE, access.APPRAISER, access.UNIT_LEADER, access.FOCAL_POINT)
FINISHED = (AttemptStatus.SUBMITTED, AttemptStatus.AUTO_SUBMITTED)


def user_can_manage(user) -> bool:
    return access.edits_all(user)


def user_can_see_results(user) -> bool:
    return access.has_role(user, *RESULT_ROLES)


def attempts_visible(user, campaign: Campaign | None = None):
    """Attempts ``user`` may read: their own; every attempt for the office and appraisers; their units'
    attempts for a unit leader."""
    qs = Attempt.objects.select_related("campaign", "user", "unit")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if not user or not user.is_authenticated:
        return qs.none()
    if access.sees_all(user):
        return qs
    return qs.filter(Q(user_id=user.pk) | access.led_units_q(user))


def campaign_answers_published(campaign: Campaign, now=None) -> bool:
    """The campaign's publication rule allows showing its answer key: review allowed, results visible, and the
    campaign closed or its results published by the office."""
    from django.utils import timezone

    now = now or timezone.now()
    return bool(campaign.review_allowed and campaign.results_visible(now)
                and (now >= campaign.closes_at or campaign.results_published))


def answer_key_visible(user, attempt: Attempt, now=None) -> bool:
    """Correct options and explanations of ``attempt`` for ``user`` (who may already read the attempt)."""
    return user_can_manage(user) or campaign_answers_published(attempt.campaign, now)


def score_visible(user, attempt: Attempt, now=None) -> bool:
    """The score of ``attempt`` for ``user``: the office and appraisers always; the examinee and their unit
    leader when the campaign's results policy allows."""
    return access.sees_all(user) or attempt.campaign.results_visible(now)


def attempt_get(user, pk: int) -> Attempt | None:
    return attempts_visible(user).filter(pk=pk).first()


def campaigns_open_for(user, now=None):
    from django.utils import timezone

    from cchc.org.models import Membership

    now = now or timezone.now()
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    out = []
    for c in Campaign.objects.filter(is_published=True, closes_at__gt=now).prefetch_related("units"):
        if campaign_eligible_unit(user, c, memberships) is not None:
            out.append(c)
    return out


def campaign_rows(user, now=None) -> list[dict]:
    """The campaigns open to ``user`` with where they stand in each: ``open`` (the attempt in progress, or None),
    ``used`` (attempts taken), ``finished`` (one submitted or timed out), ``can_start``. Attempts are read as of
    ``now`` without writing (:func:`attempt_as_of`). The exams page and the home page read them here."""
    from django.utils import timezone

    now = now or timezone.now()
    campaigns = campaigns_open_for(user, now)
    attempts = [attempt_as_of(a, now) for a in Attempt.objects.filter(user=user, campaign__in=campaigns)]
    rows = []
    for c in campaigns:
        mine = [a for a in attempts if a.campaign_id == c.pk]
        rows.append({"campaign": c, "used": len(mine),
                     "open": next((a for a in mine if a.status == AttemptStatus.IN_PROGRESS), None),
                     "finished": any(a.status != AttemptStatus.IN_PROGRESS for a in mine),
                     "can_start": c.is_open(now) and len(mine) < c.attempts_allowed})
    return rows


def topics_by_id() -> dict[int, Topic]:
    return {t.pk: t for t in Topic.objects.all()}


@dataclass
class UnitRow:
    unit_id: int | None
    unit_name: str
    eligible: int = 0
    participants: int = 0
    passed: int = 0
    average: float | None = None
    distribution: list[int] = field(default_factory=lambda: [0] * 10)

    @property
    def participation(self) -> float | None:
        return round(100.0 * self.participants / self.eligible, 1) if self.eligible else None

    @property
    def pass_rate(self) -> float | None:
        return round(100.0 * self.passed / self.participants, 1) if self.participants else None


def attempts_finished(qs, now=None) -> list[Attempt]:
    """The finished attempts of ``qs`` as they stand at ``now``: submitted ones, and open ones whose time ran out
    shown auto-submitted and graded in memory (:func:`attempt_as_of`) — reading never writes."""
    from django.utils import timezone

    now = now or timezone.now()
    overdue = Q(status=AttemptStatus.IN_PROGRESS, deadline__lte=deadline_cutoff(now))
    return [attempt_as_of(a, now) for a in qs.filter(Q(status__in=FINISHED) | overdue)]


def attempts_listed(user, campaign: Campaign, now=None) -> list[Attempt]:
    """Finished attempts ``user`` may list with their scores (campaign page, export): the office and appraisers
    always; a unit leader their units' once the campaign's results are visible; everyone their own then."""
    qs = attempts_visible(user, campaign)
    if not access.sees_all(user) and not campaign.results_visible(now):
        return []
    return attempts_finished(qs, now)


def attempts_best(campaign: Campaign, qs=None, now=None) -> list[Attempt]:
    """One finished attempt per examinee: the best score (ties: the earliest)."""
    qs = (qs if qs is not None else Attempt.objects.filter(campaign=campaign)).select_related("user", "unit")
    attempts = sorted(attempts_finished(qs, now), key=lambda a: (a.user_id, -(a.percent or 0), a.number))
    best: dict[int, Attempt] = {}
    for a in attempts:
        best.setdefault(a.user_id, a)
    return list(best.values())


def campaign_eligible_counts(campaign: Campaign) -> dict[int, int]:
    """Examinees expected per unit: users with a membership in the target units (and roles)."""
    from cchc.org.models import Membership

    targets = list(campaign.units.all())
    qs = Membership.objects.filter(unit__isnull=False)
    if targets:
        qs = qs.filter(access.under_paths_q([t.path for t in targets]))
    if campaign.roles:
        qs = qs.filter(role__in=campaign.roles)
    counts: dict[int, set[int]] = defaultdict(set)
    seen_users: set[int] = set()
    for user_id, unit_id in qs.order_by("pk").values_list("user_id", "unit_id"):
        if user_id in seen_users:
            continue
        seen_users.add(user_id)
        counts[unit_id].add(user_id)
    return {k: len(v) for k, v in counts.items()}


def unit_summary(user, campaign: Campaign) -> tuple[list[UnitRow], UnitRow]:
    """Per-unit rows (units the user may see) and the total row over those units."""
    from cchc.org.models import OrgUnit

    visible = access.visible_unit_ids(user)
    eligible = campaign_eligible_counts(campaign)
    attempts = attempts_best(campaign)
    rows: dict[int | None, UnitRow] = {}
    unit_ids = set(eligible) | {a.unit_id for a in attempts}
    if visible is not None:
        unit_ids &= visible
    names = dict(OrgUnit.objects.filter(pk__in=[u for u in unit_ids if u]).values_list("pk", "name"))
    for uid in unit_ids:
        rows[uid] = UnitRow(uid, names.get(uid, "—"), eligible=eligible.get(uid, 0))
    sums: dict[int | None, float] = defaultdict(float)
    for a in attempts:
        if a.unit_id not in rows:
            continue
        r = rows[a.unit_id]
        r.participants += 1
        r.passed += bool(a.passed)
        sums[a.unit_id] += a.percent or 0.0
        r.distribution[min(9, int((a.percent or 0) // 10))] += 1
    total = UnitRow(None, _("Tổng cộng"))
    tsum = 0.0
    for uid, r in rows.items():
        if r.participants:
            r.average = round(sums[uid] / r.participants, 1)
        total.eligible += r.eligible
        total.participants += r.participants
        total.passed += r.passed
        tsum += sums[uid]
        total.distribution = [x + y for x, y in zip(total.distribution, r.distribution, strict=True)]
    if total.participants:
        total.average = round(tsum / total.participants, 1)
    return sorted(rows.values(), key=lambda r: r.unit_name), total


def item_analysis(campaign: Campaign):
    """Moodle-style statistics over first finished attempts. Returns (test_stat, [(ItemStat, version)])."""
    from cchc.exams.models import QuestionVersion

    first = list(Attempt.objects.filter(campaign=campaign, number=1, status__in=FINISHED).values_list("pk", flat=True))
    per_attempt: dict[int, dict[int, tuple[float, float]]] = defaultdict(dict)
    slots: dict[int, list[float]] = defaultdict(list)
    max_total = 0.0
    latest_version: dict[int, int] = {}
    for att_id, qid, vid, mark, mx, _pos in AttemptItem.objects.filter(attempt_id__in=first).order_by(
            "attempt_id", "position").values_list("attempt_id", "version__question_id", "version_id", "mark",
                                                  "max_mark", "position"):
        per_attempt[att_id][qid] = (mark or 0.0, mx)
        slots[att_id].append(mark or 0.0)
        latest_version[qid] = max(vid, latest_version.get(qid, 0))
    if first and slots:
        max_total = float(len(next(iter(slots.values()))))
    stats = item_stats.item_analysis(list(per_attempt.values()))
    versions = {v.question_id: v for v in QuestionVersion.objects.filter(pk__in=latest_version.values())
                .select_related("question", "topic")}
    test = item_stats.test_statistics(list(slots.values()), max_total)
    return test, [(s, versions.get(s.key)) for s in stats]


def campaign_commendation(user, campaign: Campaign, limit: int = 20) -> list[Attempt]:
    """Top results (passed only): highest percent, then shortest time."""
    if not access.sees_all(user) and not campaign.results_visible():
        return []
    visible = attempts_visible(user, campaign)
    best = [a for a in attempts_best(campaign, visible) if a.passed]
    best.sort(key=lambda a: (-(a.percent or 0), (a.submitted_at - a.started_at).total_seconds()
                             if a.submitted_at else 1e9, a.user.get_full_name() or a.user.username))
    return best[:limit]


@dataclass
class Recommendation:
    topic: Topic
    percent: float
    documents: list = field(default_factory=list)   # knowledge-base documents of that CCHC area
    sources: list[str] = field(default_factory=list)  # source references of the questions missed


def attempt_remediation(attempt: Attempt) -> list[Recommendation]:
    """Weak CCHC areas of an attempt (below the pass mark), with documents to study."""
    topics = topics_by_id()
    scores = {int(k): (v[0], v[1]) for k, v in (attempt.topic_scores or {}).items()}
    weak = weak_topics(scores, attempt.campaign.pass_percent)
    missed = defaultdict(list)
    items = getattr(attempt, "graded_items", None) or attempt.items.select_related("version")
    for it in items:
        if (it.mark or 0) < it.max_mark and it.version.source_ref:
            if it.version.source_ref not in missed[it.area_id]:
                missed[it.area_id].append(it.version.source_ref)
    out = []
    for tid, pct in weak:
        topic = topics.get(tid)
        if topic is None:
            continue
        sources = missed.get(tid, [])[:8]
        out.append(Recommendation(topic, pct, _kb_documents(attempt.user, topic, sources), sources))
    return out


def _kb_documents(user, topic: Topic, sources: list[str], limit: int = 5) -> list:
    """Knowledge-base documents to study for a weak topic, among those ``user`` may read, best first:
    the documents the missed questions cite by number ("Nghị định 61/2018/NĐ-CP, Điều 5"), then the
    documents filed under the topic's CCHC area, then the documents whose passages best match the topic's
    name (documents uploaded without an area are still found). Empty when the knowledge app has none."""
    try:
        from cchc.knowledge import selectors as kb
        from cchc.knowledge.analysis import doc_numbers
    except ImportError:  # pragma: no cover - knowledge app absent
        return []
    visible = kb.documents_visible(user).filter(status="published")
    found: dict[int, object] = {}

    def add(docs) -> None:
        for d in docs:
            if len(found) < limit:
                found.setdefault(d.pk, d)

    cited = [k for ref in sources for k in doc_numbers(ref)]
    if cited:
        by_key = {d.number_key: d for d in visible.filter(number_key__in=cited)}
        add(by_key[k] for k in dict.fromkeys(cited) if k in by_key)
    if len(found) < limit:
        add(visible.filter(area=topic.area).exclude(pk__in=list(found)).order_by("-issued_on", "pk")[:limit])
    if len(found) < limit:
        result = kb.library_search(user=user, text=topic.name, k=limit * 3)
        add(h.document for h in result.hits if h.document.status == "published")
    return list(found.values())


def attempt_counts(campaign: Campaign, user=None) -> dict[str, int]:
    """Attempts per status; with ``user`` (not province-wide) only those of the units the user may see."""
    qs = Attempt.objects.filter(campaign=campaign)
    if user is not None and not access.sees_all(user):
        qs = access.scope_units(user, qs)
    rows = qs.values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


# --------------------------------------------------------------------------- read-time rules (services use them)

GRACE_SECONDS = 3  # answers already in flight when the clock reaches zero are still accepted for this long


def deadline_cutoff(now):
    """Attempts whose deadline is at or before this instant have run out of time (the one expiry rule: the
    deadline plus :data:`GRACE_SECONDS`); querysets filter ``deadline__lte=cutoff(now)`` / ``deadline__gt``."""
    return now - timedelta(seconds=GRACE_SECONDS)


def time_up(deadline, now) -> bool:
    return deadline <= deadline_cutoff(now)


def campaign_eligible_unit(user, campaign: Campaign, memberships: list | None = None):
    """The unit through which ``user`` belongs to the campaign's population, or None (``memberships``: the
    user's, when already read)."""
    from cchc.org.models import Membership

    targets = list(campaign.units.all())
    roles = set(campaign.roles or [])
    if memberships is None:
        memberships = Membership.objects.filter(user=user).select_related("unit")
    for m in memberships:
        if m.unit is None or (roles and m.role not in roles):
            continue
        if not targets or any(m.unit.path.startswith(t.path) for t in targets):
            return m.unit
    return None


def attempt_grade_in_memory(attempt: Attempt, items: list[AttemptItem]) -> grading.AttemptGrade:
    """Mark ``items`` (the attempt's slots, versions loaded) on the objects and grade them; writes nothing."""
    manual = set(GradeChange.objects.filter(item__attempt=attempt).values_list("item_id", flat=True))
    graded = []
    for it in items:
        v = it.version
        it.mark = grading.item_mark(it.max_mark, v.kind, v.correct_ids, v.option_ids, it.selected,
                                    current=it.mark, manual=it.pk in manual, weights=v.weights)
        graded.append(grading.GradedItem(it.area_id, it.mark, it.max_mark))
    return grading.grade_attempt(graded, attempt.campaign.pass_percent)


def attempt_is_overdue(attempt: Attempt, now=None) -> bool:
    """An open attempt whose time (plus the grace for a last save in flight) has run out."""
    now = now or timezone.now()
    return attempt.status == AttemptStatus.IN_PROGRESS and time_up(attempt.deadline, now)


def attempt_as_of(attempt: Attempt, now=None) -> Attempt:
    """The attempt as it stands at ``now``, without writing (GET pages and the API's state read).

    An overdue open attempt is shown auto-submitted at its deadline and graded in memory; the graded slots are
    kept on ``attempt.graded_items``. It is stored by ``attempts_close_overdue`` (the periodic ``cchc exams close_overdue``)
    or by the examinee's next POST (save, submit, start), which all finalise it the same way.
    """
    if not attempt_is_overdue(attempt, now):
        return attempt
    items = list(attempt.items.select_related("version"))
    result = attempt_grade_in_memory(attempt, items)
    attempt.status = AttemptStatus.AUTO_SUBMITTED
    attempt.submitted_at = attempt.deadline
    attempt_grade_apply(attempt, result, now or timezone.now())
    attempt.graded_items = items
    attempt.provisional = True
    return attempt


def attempt_grade_apply(attempt: Attempt, result: grading.AttemptGrade, now) -> None:
    attempt.score = result.score
    attempt.max_score = result.max_score
    attempt.percent = result.percent
    attempt.passed = result.passed
    attempt.topic_scores = {str(k): [s, m] for k, (s, m) in result.by_topic.items()}
    attempt.graded_at = now
