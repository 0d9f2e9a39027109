"""Province-scale dataset for the plans app (used by bench/plans_bench.py).

``generate(units=2000, occurrences_per_unit=10, reports_per_occurrence=10)`` creates, with bulk inserts:
a synthetic province with ``units`` member units (departments and communes), one plan with 120 tasks
across the CCHC areas, ``units × occurrences_per_unit`` occurrences (≥ 20,000) with realistic
statuses and submission dates, and ``reports_per_occurrence`` progress reports each (≥ 200,000).
Deterministic (seeded). Call after Django is set up and migrated.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

AREAS = ["direction", "institutions", "procedures", "organisation", "civil_service", "public_finance",
         "digital"]


def generate(*, units: int = 2000, occurrences_per_unit: int = 10, reports_per_occurrence: int = 10,
             seed: int = 20241215, stdout=print) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from cchc.org.models import Membership, OrgUnit, Role, UnitKind
    from cchc.plans.models import Occurrence, Plan, ProgressReport, Schedule, Task

    rnd = random.Random(seed)
    with transaction.atomic():
        prov = OrgUnit(code="BENCH", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
        prov.save()
        members = []
        for i in range(units):
            kind = UnitKind.DEPARTMENT if i < 40 else UnitKind.COMMUNE
            name = f"Sở thử nghiệm {i}" if kind == UnitKind.DEPARTMENT else f"UBND xã Thử Nghiệm {i}"
            members.append(OrgUnit(code=f"BENCH.{i}", name=name, kind=kind, parent=prov, province=prov,
                                   depth=1, name_key=name.lower()))
        members = OrgUnit.objects.bulk_create(members, batch_size=1000)
        for u in members:
            u.path = f"{prov.path}{u.pk}/"
        OrgUnit.objects.bulk_update(members, ["path"], batch_size=1000)

        User = get_user_model()
        office = User.objects.create_user("bench_office", password="Bench@2024!x", first_name="Phòng CCHC")
        Membership.objects.create(user=office, unit=prov, role=Role.PAR_OFFICE)
        focal = User.objects.create_user("bench_focal", password="Bench@2024!x", first_name="Đầu mối")
        Membership.objects.create(user=focal, unit=members[0], role=Role.FOCAL_POINT)
        fps = [Membership(user=focal, unit=u, role=Role.FOCAL_POINT) for u in members[1:5]]
        Membership.objects.bulk_create(fps)

        plan = Plan.objects.create(title="Kế hoạch CCHC tỉnh Thử Nghiệm giai đoạn 2024-2025", issuer="UBND tỉnh",
                                   province=prov, period="2024-2025", document_number="1/KH-UBND",
                                   issue_date=date(2024, 1, 5), created_by=office)
        tasks = Task.objects.bulk_create([
            Task(plan=plan, key=f"0|{i // 20}|{i}|bench", order=i, section=str(i // 20 + 1), number=str(i),
                 title=f"Nhiệm vụ thử nghiệm số {i}", lead_text=["UBND cấp xã"], deadline="Hằng quý",
                 area=AREAS[i % len(AREAS)]) for i in range(120)])
        schedules = Schedule.objects.bulk_create([
            Schedule(task=t, kind="recurring", text="Hằng quý", spec={"kind": "recurring", "frequency": "quarterly"})
            for t in tasks])
        periods = [(f"{y}Q{q}", date(y, q * 3, 30 if q in (2, 3) else 31)) for y in (2024, 2025) for q in (1, 2, 3, 4)]
        today = date(2025, 6, 15)
        occs = []
        for u in members:
            picks = rnd.sample(range(len(tasks) * len(periods)), occurrences_per_unit)
            for p in picks:
                ti, pi = divmod(p, len(periods))
                period, due = periods[pi]
                status, first, on_time, done_on = "not_started", None, False, None
                if due <= today + timedelta(days=30):
                    roll = rnd.random()
                    if roll < 0.55:
                        first = due + timedelta(days=rnd.randint(-20, 10))
                        on_time = first <= due
                        status = "done" if rnd.random() < 0.7 else "in_progress"
                        done_on = first if status == "done" else None
                        if status == "done" and done_on > due:
                            status = "done_late"
                    elif roll < 0.65:
                        status = "in_progress"
                occs.append(Occurrence(task=tasks[ti], schedule=schedules[ti], plan=plan, unit=u, period=period,
                                       due_date=due, area=tasks[ti].area, status=status, completed_on=done_on,
                                       percent=100 if status.startswith("done") else rnd.choice([0, 20, 50, 80]),
                                       first_submitted_on=first, on_time=on_time, accepted=status.startswith("done")))
        occs = Occurrence.objects.bulk_create(occs, batch_size=2000)
        stdout(f"  {len(members)} đơn vị, {len(tasks)} nhiệm vụ, {len(occs)} kỳ báo cáo")
        batch, n_reports = [], 0
        for o in occs:
            for k in range(reports_per_occurrence):
                last = k == reports_per_occurrence - 1
                batch.append(ProgressReport(occurrence=o, unit_id=o.unit_id, status=o.status if last else "in_progress",
                                            percent=o.percent if last else 10 * k, result=f"Báo cáo lần {k + 1}",
                                            review_state="accepted" if not last or o.accepted else "submitted",
                                            created_by=focal))
            if len(batch) >= 5000:
                ProgressReport.objects.bulk_create(batch)
                n_reports += len(batch)
                batch = []
        if batch:
            ProgressReport.objects.bulk_create(batch)
            n_reports += len(batch)
        stdout(f"  {n_reports} báo cáo tiến độ")
    return {"province": prov, "plan": plan, "office": office, "focal": focal, "units": len(members),
            "occurrences": len(occs), "reports": n_reports, "today": today}
