"""Reads of the capacity app, scoped through cchc.org.access (unit of the current assignment / course organiser)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from cchc.capacity.models import Course, Evaluation, NeedsResponse, StaffAssignment
from cchc.core.vntext import fold_key
from cchc.org import access

# Targets of the seed plan (Bình Định plan implementing Đề án 905/QĐ-BNV, II.2): used when no plan in the
# database states them.
# Milestones (year, %, source) of the capacity plan under Đề án 905 (seed 000, section II.2), used until a
# confirmed plan in the plans app states its own.
DEFAULT_TARGETS = {
    "trained": [(2025, 85.0, "Đến năm 2025 trên 85% CBCCVC làm CCHC được cung cấp kiến thức, kỹ năng "
                             "(Kế hoạch thực hiện Đề án 905, mục II.2.a)"),
                (2030, 95.0, "Đến năm 2030 trên 95% CBCCVC làm CCHC được cung cấp kiến thức, kỹ năng "
                             "(Kế hoạch thực hiện Đề án 905, mục II.2.a)")],
    "materials": [(None, 100.0, "100% CBCCVC làm CCHC được tiếp cận bài giảng, tài liệu "
                                "(Kế hoạch thực hiện Đề án 905, mục II.2.b)")],
}
_TARGET_KEYS = {"trained": ("duoc cung cap", "kien thuc"), "materials": ("tiep can", "tai lieu")}


def milestone_for(milestones: list[tuple[int | None, float, str]], year: int) -> tuple[float, str]:
    """The target in force for ``year``: the nearest milestone at or after it, else the last one."""
    dated = sorted((m for m in milestones if m[0] is not None), key=lambda m: m[0])
    ahead = [m for m in dated if m[0] >= year]
    undated = [m for m in milestones if m[0] is None]
    chosen = ahead[0] if ahead else (undated[0] if undated else dated[-1])
    return chosen[1], chosen[2]


def assignments_current(user, on: date | None = None):
    qs = StaffAssignment.objects.select_related("staff", "staff__user", "unit")
    if on is None:
        qs = qs.filter(end_date__isnull=True)
    else:
        qs = qs.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return access.scope_units(user, qs, field="unit")


def plan_targets(year: int) -> dict[str, tuple[float, str]]:
    """Coverage targets in force for ``year``: from confirmed plans when they state them (their milestones
    replace the defaults for that indicator), else the seed plan's milestones."""
    milestones: dict[str, list] = {}
    try:
        from cchc.plans.models import Target
    except ImportError:  # pragma: no cover
        Target = None
    if Target is not None:
        for t in Target.objects.select_related("plan").filter(unit_of_measure="%").order_by("-pk")[:500]:
            text = fold_key(t.text)
            if "cchc" not in text and "cai cach hanh chinh" not in text:
                continue
            for key, words in _TARGET_KEYS.items():
                if all(w in text for w in words):
                    milestones.setdefault(key, []).append((t.year, t.value, f"{t.indicator} — {t.plan}"))
    return {key: milestone_for(milestones.get(key) or default, year) for key, default in DEFAULT_TARGETS.items()}


@dataclass
class CoverageRow:
    unit_id: int | None
    unit_name: str
    staff: int = 0
    trained: int = 0
    tested: int = 0
    passed: int = 0
    materials: int = 0

    def pct(self, n: int) -> float | None:
        return round(100.0 * n / self.staff, 1) if self.staff else None

    @property
    def trained_pct(self):
        return self.pct(self.trained)

    @property
    def tested_pct(self):
        return self.pct(self.tested)

    @property
    def passed_pct(self):
        return self.pct(self.passed)

    @property
    def materials_pct(self):
        return self.pct(self.materials)


def coverage_by_unit(user, *, year: int) -> tuple[list[CoverageRow], CoverageRow]:
    """Per unit (current assignments the user may see): trained this year, tested this year, passed, has access."""
    from cchc.exams.models import Attempt

    assignments = list(assignments_current(user))
    staff_ids = [a.staff_id for a in assignments]
    from cchc.capacity.models import Enrolment

    trained = set(Enrolment.objects.filter(staff_id__in=staff_ids, completed=True,
                                           completed_on__year=year).values_list("staff_id", flat=True))
    user_of = {a.staff_id: a.staff.user_id for a in assignments if a.staff.user_id}
    tested_users, passed_users = set(), set()
    for uid, passed in Attempt.objects.filter(user_id__in=user_of.values(), submitted_at__year=year).exclude(
            status="in_progress").values_list("user_id", "passed"):
        tested_users.add(uid)
        if passed:
            passed_users.add(uid)
    rows: dict[int, CoverageRow] = {}
    for a in assignments:
        r = rows.setdefault(a.unit_id, CoverageRow(a.unit_id, a.unit.name))
        r.staff += 1
        r.trained += a.staff_id in trained
        uid = user_of.get(a.staff_id)
        r.tested += uid in tested_users
        r.passed += uid in passed_users
        r.materials += bool(uid and a.staff.user.is_active)
    total = CoverageRow(None, _("Toàn tỉnh") if access.sees_all(user) else _("Tổng cộng"))
    for r in rows.values():
        for f in ("staff", "trained", "tested", "passed", "materials"):
            setattr(total, f, getattr(total, f) + getattr(r, f))
    return sorted(rows.values(), key=lambda r: r.unit_name), total


def courses_visible(user):
    if access.sees_all(user):
        return Course.objects.select_related("organiser")
    own = access.scope_units(user, Course.objects.all(), field="organiser").values("pk")
    mine = Q(enrolments__staff__user=user)
    return Course.objects.filter(Q(pk__in=own) | mine).distinct().select_related("organiser")


def evaluation_summary(course: Course | None = None, *, user=None):
    """Averages per course and per trainer (1–5): of one course, or of the courses `user` may see."""
    qs = Evaluation.objects.all()
    if course is not None:
        qs = qs.filter(course=course)
    if user is not None:
        qs = qs.filter(course__in=courses_visible(user).values("pk"))
    fields = dict(n=Count("pk"), content=Avg("content"), method=Avg("method"), trainer=Avg("trainer_score"),
                  usefulness=Avg("usefulness"))
    per_course = list(qs.values("course_id", "course__title").annotate(**fields).order_by("course__title"))
    per_trainer = list(qs.exclude(trainer=None).values("trainer_id", "trainer__name").annotate(**fields)
                       .order_by("trainer__name"))
    return per_course, per_trainer


def needs_summary(survey) -> dict:
    responses = list(NeedsResponse.objects.filter(survey=survey).select_related("unit"))
    by_area: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in responses:
        for a in r.areas:
            by_area[a][0] += 1
            by_area[a][1] += r.learners
    formats = dict(NeedsResponse._meta.get_field("format").flatchoices)
    periods = dict(NeedsResponse._meta.get_field("period").flatchoices)
    return {"responses": responses, "units": len(responses), "learners": sum(r.learners for r in responses),
            "by_area": sorted(by_area.items(), key=lambda kv: -kv[1][0]),
            "by_format": Counter(r.format for r in responses).most_common(),
            "by_period": sorted(Counter(r.period for r in responses).items()),
            # the same figures with the Vietnamese labels of the choices (for pages and exports)
            "by_format_labels": [(str(formats.get(f, f)), n) for f, n in Counter(r.format for r in responses)
                                 .most_common()],
            "by_period_labels": [(str(periods.get(p, p)), n) for p, n in sorted(Counter(r.period for r in responses)
                                                                              .items())]}


def trainers_with_counts():
    from cchc.capacity.models import Trainer

    return Trainer.objects.annotate(n_sessions=Count("sessions", distinct=True),
                                    n_courses=Count("sessions__course", distinct=True)).order_by("name")


def material_candidates(user, q: str | None, *, limit: int = 50):
    """Knowledge-base documents ``user`` may see; with ``q``, only those whose number or title contains it
    (diacritic-insensitive), at most ``limit``."""
    from cchc.knowledge.selectors import documents_visible

    qs = documents_visible(user)
    if q is None:
        return qs
    key = fold_key(q)
    ids = []
    for pk, title, number in qs.order_by("-issued_on", "-created_at").values_list("pk", "title", "number"):
        if not key or key in fold_key(f"{number} {title}"):
            ids.append(pk)
            if len(ids) >= limit:
                break
    return qs.filter(pk__in=ids).order_by("-issued_on", "-created_at")
