"""`cchc inspections load_demo`: this year's inspection plan of the demo province, issued, with three inspected
units — one concluded inspection with a finding that became a follow-up task of the unit, one in the current month,
and the demo's commune (the first commune by name, as `demo_users` picks it) visited in the coming weeks."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cchc.core.management.base import ActionCommand
from cchc.inspections import services
from cchc.inspections.models import InspectionPlan
from cchc.org import access
from cchc.org.management.accounts import demo_office, first_holder
from cchc.org.models import UnitKind
from cchc.org.selectors import home_units


class Command(ActionCommand):
    help = "Kiểm tra CCHC: nạp dữ liệu mẫu (load_demo)"

    def do_load_demo(self, opts):
        """Nạp kế hoạch kiểm tra mẫu của năm nay (chạy lại không sao)"""
        office = demo_office()
        chief = first_holder(access.APPRAISER) or office
        today = timezone.localdate()
        if InspectionPlan.objects.filter(year=today.year).exists():
            self.stdout.write("Kế hoạch kiểm tra mẫu đã có.")
            return
        plan = services.plan_create(user=office, year=today.year, target_share=35)
        services.plan_issue(user=office, plan=plan, document_number="01/KH-ĐKT",
                            issued_on=min(today, date(today.year, 1, 15)))
        units = home_units(today)
        # the commune's visit two weeks ahead (kept inside the plan's year), announced on its home page
        visit = max(today, min(today + timedelta(days=14), date(today.year, 12, 30)))
        picks = [(units.filter(kind=UnitKind.DEPARTMENT, standard_key="stp").first(), max(1, today.month - 2), None),
                 (units.filter(kind=UnitKind.DEPARTMENT, standard_key="syt").first(), today.month, None),
                 (units.filter(kind=UnitKind.COMMUNE).order_by("name").first(), visit.month, visit)]
        made = []
        for unit, month, starts in picks:
            if unit is None:
                continue
            made.append(services.inspection_add(
                user=office, plan=plan, unit=unit, month=month, chief=chief, members=[office], starts_on=starts,
                ends_on=starts and min(starts + timedelta(days=1), date(today.year, 12, 31))))
        if made:
            first = made[0]
            items = list(first.checklist.all())
            services.checklist_save(user=chief, inspection=first,
                                    results={it.pk: ("ok", "") for it in items})
            issue = next((it for it in items if it.area == "procedures"), items[0])
            services.finding_add(user=chief, inspection=first, checklist_item=issue,
                                 text="Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa",
                                 recommendation="Rà soát, niêm yết đủ và cập nhật thủ tục hành chính mới công bố",
                                 due_date=today + timedelta(days=30))
            services.inspection_conclude(user=chief, inspection=first, conclusion_number="01/TB-ĐKT",
                                         summary="Đơn vị triển khai đầy đủ các nhiệm vụ CCHC; còn một tồn tại về "
                                                 "công khai thủ tục hành chính cần khắc phục.")
        self.stdout.write(f"Đã nạp kế hoạch kiểm tra mẫu năm {plan.year}: {len(made)} đơn vị được kiểm tra.")
