"""`cchc plans load_demo` (a real plan of the demo province with some reports) and `cchc plans occurrences`."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DEMO = Path(__file__).resolve().parents[2] / "demo" / "ke-hoach-cchc-ha-tinh-2024.txt"


# Shares of the demo's progress for work already due (the rest is still open, hence late): a plan that is being
# carried out, not one nobody reports on. Drawn per occurrence from a hash, so a reload gives the same picture.
DEMO_MIX = (("done", 62), ("done_late", 13), ("in_progress", 9), ("not_applicable", 3), ("open", 13))
DEMO_MIX_FUTURE = (("in_progress", 45), ("done", 10), ("open", 45))


def _pick(key: int, mix) -> str:
    import hashlib

    n = int(hashlib.sha256(str(key).encode()).hexdigest()[:8], 16) % sum(w for _k, w in mix)
    for kind, weight in mix:
        if n < weight:
            return kind
        n -= weight
    return mix[-1][0]


def demo_progress(plan, *, office, today) -> int:
    """Progress reports for the demo plan's occurrences, dated around each due date (done on time: reported a
    few days before the due date; done late: some weeks after it; in progress: a partial report). Written in bulk
    (thousands of lines); occurrences that already have a report are left as they are. Returns the number made."""
    from datetime import datetime, time, timedelta

    from django.db.models import F
    from django.db.models.functions import Coalesce

    from cchc.core import review
    from cchc.org import access
    from cchc.org.models import Membership
    from cchc.plans import occurrences as occ
    from cchc.plans.models import Occurrence, ProgressReport

    tz = timezone.get_current_timezone()
    # a unit with a focal point reports through it; the others' reports were keyed in by the office (paper reports)
    reporter = {m.unit_id: m.user for m in Membership.objects.filter(role=access.FOCAL_POINT, unit__isnull=False)
                .select_related("user").order_by("-pk")}
    reports, updates = [], []
    for o in Occurrence.objects.filter(plan=plan, reports__isnull=True).order_by("pk"):
        kind = _pick(o.pk * 7919 + o.unit_id, DEMO_MIX if o.due_date < today else DEMO_MIX_FUTURE)
        if kind == "open":
            continue
        spread = (o.pk * 31 + o.unit_id) % 20
        if kind == "done":
            completed = min(today, o.due_date - timedelta(days=spread))
            submitted = completed + timedelta(days=1) if completed + timedelta(days=1) <= o.due_date else completed
        elif kind == "done_late":
            completed = o.due_date + timedelta(days=7 + spread * 3)
            if completed >= today:
                kind, completed = "in_progress", None
            submitted = completed or min(today, o.due_date + timedelta(days=3))
        else:
            completed = None
            submitted = min(today, o.due_date - timedelta(days=spread) if kind == "in_progress" else o.due_date)
        status = kind if kind != "done" else occ.DONE
        percent = 100 if kind in occ.DONE_STATUSES else (30 + spread * 3 if kind == "in_progress" else 0)
        accepted = kind in (occ.DONE, occ.DONE_LATE, occ.NOT_APPLICABLE)
        at = timezone.make_aware(datetime.combine(submitted, time(9, 0)), tz)
        reports.append(ProgressReport(
            occurrence=o, unit_id=o.unit_id, status=status, percent=percent, completed_on=completed,
            result="Đã hoàn thành theo kế hoạch." if completed else (
                "Nhiệm vụ không phát sinh tại đơn vị." if kind == occ.NOT_APPLICABLE else "Đang triển khai."),
            output_number=f"{(o.pk % 300) + 1}/BC" if completed else "",
            na_reason="Không phát sinh tại đơn vị trong kỳ." if kind == occ.NOT_APPLICABLE else "",
            created_by=reporter.get(o.unit_id, office), review_state=review.ACCEPTED if accepted else review.SUBMITTED,
            submitted_at=at, submitted_by=reporter.get(o.unit_id, office),
            reviewed_at=at + timedelta(days=2) if accepted else None, reviewed_by=office if accepted else None))
        o.status, o.percent, o.completed_on, o.accepted = status, percent, completed, accepted
        o.first_submitted_on = submitted
        o.updated_at = timezone.now()  # bulk_update does not apply auto_now
        o.on_time = occ.on_time(submitted, o.due_date, services_timely_days())
        updates.append(o)
    ProgressReport.objects.bulk_create(reports, batch_size=500)
    # written when it was sent, not when the demo was loaded (auto_now_add stamps the creation)
    ProgressReport.objects.filter(occurrence__plan=plan, pk__in=[r.pk for r in reports]).update(
        created_at=F("submitted_at"), updated_at=Coalesce(F("reviewed_at"), F("submitted_at")))
    Occurrence.objects.bulk_update(updates, ["status", "percent", "completed_on", "accepted", "first_submitted_on",
                                             "on_time", "updated_at"], batch_size=500)
    return len(reports)


def services_timely_days() -> int:
    from cchc.plans.services import timely_days

    return timely_days()


class Command(BaseCommand):
    help = "Kế hoạch CCHC: nạp dữ liệu mẫu (load_demo), tạo lại kỳ báo cáo (occurrences)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load_demo", "occurrences"])

    def handle(self, *args, action, **opts):
        if action == "load_demo":
            self._load_demo()
        else:
            from cchc.plans.models import Task
            from cchc.plans.services import occurrences_sync

            n = sum(occurrences_sync(t) for t in Task.objects.filter(is_active=True).select_related("plan"))
            self.stdout.write(f"Đã tạo {n} kỳ báo cáo còn thiếu.")

    def _load_demo(self):
        from cchc.core import review
        from cchc.core.audit import actor
        from cchc.org import access
        from cchc.org.management.accounts import first_holder, office_account
        from cchc.plans import services
        from cchc.plans.models import Occurrence, Plan

        User = get_user_model()
        office = office_account()
        if office is None:
            raise CommandError("Chưa có tài khoản Phòng CCHC hoặc quản trị; chạy `cchc load_demo` trước.")
        d, source_text = services.plan_read(DEMO.read_bytes(), DEMO.name)  # the upload's pipeline
        if Plan.objects.filter(title=d["title"]).exists():
            self.stdout.write("Kế hoạch mẫu đã có.")
            return
        with actor(office):
            imp = services.plan_import_create(user=office, draft=d, filename=DEMO.name, source_text=source_text)
            plan = services.plan_import_confirm(imp=imp, user=office)
            # a few reports from the demo focal points through the real services (review flow, audit)
            today = timezone.localdate()
            done = 0
            for user in User.objects.filter(memberships__role=access.FOCAL_POINT):
                occs = Occurrence.objects.filter(plan=plan, unit__in=access.user_units(user)).order_by("due_date")[:3]
                for i, o in enumerate(occs):
                    data = {"status": "done", "completed_on": min(today, o.due_date).isoformat(),
                            "result": "Đã triển khai theo kế hoạch.", "output_number": f"{10 + i}/BC"} if i == 0 \
                        else {"status": "in_progress", "percent": 40, "result": "Đang triển khai."}
                    with actor(user):
                        r = services.progress_report_save(occurrence=o, user=user, data=data, submit=True)
                    if i == 0:
                        if r.review_state == review.LEADER_REVIEW:  # the unit leader approves first (setting)
                            leader = first_holder(access.UNIT_LEADER, r.unit)
                            with actor(leader):
                                services.progress_report_transition(report=r, user=leader, action=review.APPROVE)
                        services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
                    done += 1
            done += demo_progress(plan, office=office, today=today)
        self.stdout.write(f"Đã nạp kế hoạch mẫu “{plan.title[:80]}”: {plan.tasks.count()} nhiệm vụ, "
                          f"{plan.occurrences.count()} kỳ báo cáo, {done} báo cáo mẫu.")
