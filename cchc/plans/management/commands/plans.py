"""`cchc plans load_demo` (a real plan of the demo province with some reports) and `cchc plans occurrences`."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DEMO = Path(__file__).resolve().parents[2] / "demo" / "ke-hoach-cchc-ha-tinh-2024.txt"


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
        from cchc.org.selectors import resolve_agency
        from cchc.plans import drafts, services
        from cchc.plans.importing import parse_file
        from cchc.plans.models import Occurrence, Plan, PlanImport

        User = get_user_model()
        office = User.objects.filter(memberships__role=access.PAR_OFFICE).first() or \
            User.objects.filter(is_superuser=True).first()
        if office is None:
            raise CommandError("Chưa có tài khoản Phòng CCHC hoặc quản trị; chạy `cchc load_demo` trước.")
        d = parse_file(DEMO).to_dict()
        if Plan.objects.filter(title=d["title"]).exists():
            self.stdout.write("Kế hoạch mẫu đã có.")
            return
        rows = drafts.rows_from_draft(d)
        amap = {t: services._resolution(resolve_agency(t, province=d.get("province")))
                for t in drafts.agencies(rows)}
        with actor(office):
            imp = PlanImport.objects.create(filename=DEMO.name, status=PlanImport.Status.REVIEW, draft=d, rows=rows,
                                            agency_map=amap, created_by=office, source_text=DEMO.read_text("utf-8"))
            plan = services.plan_import_confirm(imp=imp, user=office)
            # a few reports from the demo focal points so the dashboard has figures
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
                        services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
                    done += 1
        self.stdout.write(f"Đã nạp kế hoạch mẫu “{plan.title[:80]}”: {plan.tasks.count()} nhiệm vụ, "
                          f"{plan.occurrences.count()} kỳ báo cáo, {done} báo cáo mẫu.")
