"""CCHC index at province scale: `make bench-index`.

A province of 34 sở + 100 xã, a 100-criterion framework per unit kind (8 areas; leaves bound in turn to the
platform's measures: tasks done, reports on time, targets attained, plan issued, documents published, staff
tested, pass rate; the rest scored by hand) and a year of tracked data (occurrences, measurements, documents,
CCHC staff and exam attempts), in a fresh database. Times, in the same run and process:
- prefill of every unit of both rounds from the measures (seconds),
- results (index, rank, class) of both rounds and the lost-points view (ms, median of BENCH_REPEAT),
- the baseline: one plain aggregate query over the same score lines (SUM per self-assessment).
Query counts are those of one prefill and of one results + lost-points computation.

SQLite by default (temporary file). BENCH_DATABASE_URL=postgres://user@host:port/cchc_bench… runs on PostgreSQL
(the database is dropped and recreated: never point it at real data).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import harness  # noqa: E402

PG_URL, TMP = harness.django_in_process("index")
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

YEAR = 2024
N_SO, N_XA = int(os.environ.get("BENCH_SO", "34")), int(os.environ.get("BENCH_XA", "100"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
MEASURES = [("plans.tasks_done_pct", "bands"), ("plans.reports_on_time_pct", "bands"),
            ("plans.targets_attained_pct", "linear"), ("knowledge.plan_issued", "timeliness"),
            ("knowledge.documents_published", "count"), ("exams.staff_tested_pct", "bands"),
            ("exams.pass_rate", "bands")]
PARAMS = {"bands": {"bands": [{"min": 90, "points": 1}, {"min": 70, "points": "0.5"}, {"min": 0, "points": 0}]},
          "linear": {"target": 100}, "timeliness": {"late": "0.5"}, "count": {"per_item": "0.25"}}


def framework_items() -> list[dict]:
    """8 areas, 100 leaves of 1 point; every third leaf bound to a measure."""
    items, n = [], 0
    sizes = [13, 12, 13, 12, 13, 12, 13, 12]
    for a, size in enumerate(sizes, start=1):
        items.append({"code": str(a), "title": f"Lĩnh vực {a}", "max_points": str(size)})
        for k in range(1, size + 1):
            n += 1
            it = {"code": f"{a}.{k}", "title": f"Tiêu chí {a}.{k}", "max_points": "1"}
            if n % 3 == 0:
                key, rule = MEASURES[(n // 3) % len(MEASURES)]
                it.update(measure=key, rule_type=rule, params=PARAMS[rule])
            items.append(it)
    return items


def generate(rnd: random.Random) -> dict:
    from django.contrib.auth import get_user_model

    from cchc.capacity.models import StaffAssignment, StaffMember
    from cchc.exams.models import Attempt, Campaign
    from cchc.knowledge.models import Document
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind
    from cchc.plans.models import Measurement, Occurrence, Plan, Schedule, Target, Task

    User = get_user_model()
    with transaction.atomic():
        prov = OrgUnit(code="BENCH", name="Tỉnh Thử Nghiệm Chỉ Số", kind=UnitKind.PROVINCE)
        prov.save()
        members = [OrgUnit(code=f"BENCH.s{i}", name=f"Sở thử nghiệm {i}", kind=UnitKind.DEPARTMENT, parent=prov,
                           province=prov, depth=1) for i in range(N_SO)]
        members += [OrgUnit(code=f"BENCH.x{i}", name=f"UBND xã Thử Nghiệm {i}", kind=UnitKind.COMMUNE, parent=prov,
                            province=prov, depth=1) for i in range(N_XA)]
        members = OrgUnit.objects.bulk_create(members)
        for u in members:
            u.path = f"{prov.path}{u.pk}/"
        OrgUnit.objects.bulk_update(members, ["path"])
        office = User.objects.create_user("bench_office", password="Bench@2024!x")
        Membership.objects.create(user=office, unit=prov, role=Role.PAR_OFFICE)
        plan = Plan.objects.create(title="Kế hoạch CCHC năm 2024", province=prov, period="2024",
                                   issue_date=date(2024, 1, 5))
        tasks = Task.objects.bulk_create([Task(plan=plan, key=f"b{i}", order=i, number=str(i), title=f"Nhiệm vụ {i}")
                                          for i in range(60)])
        scheds = Schedule.objects.bulk_create([Schedule(task=t, kind="recurring", text="Hằng quý") for t in tasks])
        quarters = [(f"2024Q{q}", date(2024, q * 3, 28)) for q in (1, 2, 3, 4)]
        occs = []
        for u in members:
            for ti in rnd.sample(range(len(tasks)), 10):
                for period, due in quarters:
                    roll = rnd.random()
                    status = "done" if roll < 0.8 else ("done_late" if roll < 0.9 else "in_progress")
                    first = due + timedelta(days=rnd.randint(-15, 5))
                    occs.append(Occurrence(task=tasks[ti], schedule=scheds[ti], plan=plan, unit=u, period=period,
                                           due_date=due, status=status, first_submitted_on=first,
                                           on_time=first <= due))
        Occurrence.objects.bulk_create(occs, batch_size=2000)
        targets = Target.objects.bulk_create([Target(plan=plan, order=i, text=f"Chỉ tiêu {i}", indicator=f"CT {i}",
                                                     value=80 + i, year=YEAR) for i in range(10)])
        Measurement.objects.bulk_create([Measurement(target=t, unit=u, period=f"{YEAR}Q{q}",
                                                     value=rnd.uniform(60, 100))
                                         for u in members for t in targets for q in (2, 4)], batch_size=2000)
        docs = []
        for u in members:
            issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 60))
            docs.append(Document(title=f"Kế hoạch cải cách hành chính năm 2024 của {u.name}", kind="plan",
                                 issued_on=issued, unit=u))
            docs += [Document(title=f"Tin bài CCHC {k} của {u.name}", unit=u) for k in range(rnd.randint(0, 6))]
        Document.objects.bulk_create(docs, batch_size=1000)
        Document.objects.update(created_at=timezone.make_aware(datetime(YEAR, 6, 1)))
        users = User.objects.bulk_create([User(username=f"bench_staff_{u.pk}_{k}", password="!")
                                          for u in members for k in range(4)])
        staff = StaffMember.objects.bulk_create([StaffMember(full_name=us.username, user=us) for us in users])
        StaffAssignment.objects.bulk_create([StaffAssignment(staff=s, unit=members[i // 4], role="part_time",
                                                             start_date=date(2023, 1, 1))
                                             for i, s in enumerate(staff)])
        camp = Campaign.objects.create(title="Kiểm tra kiến thức CCHC 2024", opens_at=timezone.make_aware(
            datetime(YEAR, 9, 1)), closes_at=timezone.make_aware(datetime(YEAR, 9, 30)))
        at = timezone.make_aware(datetime(YEAR, 9, 5))
        Attempt.objects.bulk_create([
            Attempt(campaign=camp, user=us, unit=members[i // 4], status="submitted", started_at=at, deadline=at,
                    submitted_at=at, score=s, max_score=10, passed=s >= 5)
            for i, us in enumerate(users) if rnd.random() < 0.75 for s in [rnd.randint(2, 10)]], batch_size=2000)
    return {"office": office, "units": members, "occurrences": len(occs), "documents": len(docs),
            "staff": len(users)}


def main():
    from cchc.assessment import selectors, services
    from cchc.assessment.models import Score

    engine = "PostgreSQL" if PG_URL else "SQLite"
    print(f"== bench-index trên {engine} ==")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    data = generate(random.Random(20241215))
    office = data["office"]
    rounds = []
    deadline = timezone.make_aware(datetime(YEAR + 1, 1, 15))
    for kind in ("so", "xa"):
        fw = services.framework_create(framework_items(), year=YEAR, unit_kind=kind, title=f"Bộ tiêu chí {kind}",
                                       user=office)
        rounds.append(services.round_open(fw, deadline=deadline, user=office, prefill_now=False))
    if PG_URL:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    n_units = sum(r.assessments.count() for r in rounds)
    n_lines = Score.objects.filter(assessment__round__in=rounds).count()
    print(f"  dữ liệu tạo trong {time.perf_counter() - t0:.1f} s: {n_units} đơn vị, {data['occurrences']} kỳ báo cáo, "
          f"{data['documents']} tài liệu, {data['staff']} cán bộ, {n_lines} dòng điểm")

    t = time.perf_counter()
    with CaptureQueriesContext(connection) as q_prefill:
        filled = sum(services.round_prefill(r, user=office) for r in rounds)
    prefill_s = time.perf_counter() - t

    # the units score the other criteria themselves (not timed): a realistic spread of 0 – 1 point
    from decimal import Decimal

    from cchc.assessment.services import _update_rows

    rnd = random.Random(7)
    todo = list(Score.objects.filter(assessment__round__in=rounds, self_points__isnull=True))
    for s in todo:
        s.self_points = Decimal(rnd.choice(["1", "1", "1", "0.75", "0.5", "0"]))
    with transaction.atomic():
        _update_rows(Score, todo, ["self_points"])

    def timed(fn):
        fn()
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    with CaptureQueriesContext(connection) as q_results:
        ranked = [selectors.round_results(r) for r in rounds]
    with CaptureQueriesContext(connection) as q_lost:
        top = selectors.lost_points(rounds[1])
    results_ms = timed(lambda: [selectors.round_results(r) for r in rounds])
    lost_ms = timed(lambda: [selectors.lost_points(r) for r in rounds])
    baseline_ms = timed(lambda: list(Score.objects.filter(assessment__round__in=rounds)
                                     .values("assessment_id").annotate(s=Sum("self_points"))))
    criteria = rounds[0].framework.criteria.filter(is_leaf=True).count()
    print(f"index: units={n_units} criteria={criteria} prefill_s={prefill_s:.2f} results_ms={results_ms:.1f} "
          f"lost_points_ms={lost_ms:.1f} queries={len(q_prefill)}+{len(q_results)}+{len(q_lost)} "
          f"baseline_aggregate_ms={baseline_ms:.1f}")
    print(f"  ({filled} dòng được điền số liệu; truy vấn: điền {len(q_prefill)}, kết quả 2 đợt {len(q_results)}, "
          f"điểm bị mất {len(q_lost)}; đơn vị đứng đầu sở: {ranked[0][0].extra['name']} "
          f"{float(ranked[0][0].index):.2f}%; tiêu chí mất nhiều điểm nhất ở xã: {top[0]['code']})")


if __name__ == "__main__":
    main()
