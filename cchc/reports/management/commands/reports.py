"""`cchc reports load_demo`: the demo province's reports — for the year the apps hold the most figures for (the
demo plan's), when it is over, Sở Tư pháp's and Sở Y tế's sent and accepted and the province's report issued; for
the period being reported on now, Sở Tư pháp's sent with its narrative, Sở Y tế's still a draft, and the province
report consolidating them (not issued)."""

from __future__ import annotations

import json

from django.utils import timezone

from cchc.core import review
from cchc.core.management.base import ActionCommand
from cchc.org import access
from cchc.org.management.accounts import demo_office, first_holder
from cchc.org.models import UnitKind
from cchc.org.selectors import home_province, home_units
from cchc.reports import catalog
from cchc.reports.models import period_bounds

TEXTS = {
    "I.1": "Lãnh đạo đơn vị quán triệt, chỉ đạo triển khai Kế hoạch CCHC năm; phân công rõ người, rõ việc, rõ "
           "thời hạn; định kỳ kiểm điểm tiến độ tại các cuộc họp giao ban.",
    "I.4": "Đăng tải tin, bài về CCHC trên Trang thông tin điện tử của đơn vị; niêm yết, công khai thủ tục hành "
           "chính tại Bộ phận Một cửa.",
    "III.1": "Các nhiệm vụ trọng tâm được triển khai đúng kế hoạch; giải quyết hồ sơ thủ tục hành chính cơ bản "
             "đúng hạn.",
    "III.2": "Một số nhiệm vụ còn chậm do chờ hướng dẫn của cấp trên; đội ngũ làm công tác CCHC còn kiêm nhiệm.",
    "IV.1": "Tập trung hoàn thành các nhiệm vụ còn chậm; nâng cao tỷ lệ hồ sơ trực tuyến toàn trình.",
    "V.1": "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC cho công chức đầu mối.",
}


class Command(ActionCommand):
    help = "Báo cáo CCHC định kỳ: nạp dữ liệu mẫu (load_demo)"

    def args_load_demo(self, parser):
        parser.add_argument("--year", type=int, help="năm báo cáo (mặc định: năm có nhiều số liệu nhất gần đây)")

    def do_load_demo(self, opts):
        """Nạp báo cáo CCHC mẫu (chạy lại không sao)"""
        from cchc.reports.models import period_rule

        office = demo_office()
        today = timezone.localdate()
        prov = home_province(today)
        due_kind, due_year = catalog.due_period(today, period_rule())
        year, kind = self._period(opts.get("year"), prov, today)
        made = []
        if (year, kind) != (due_year, due_kind):
            # the year the apps hold the most figures for (the demo plan's) is done: its reports were sent,
            # accepted and the province's report issued
            made += self._period_reports(office, prov, today, year, kind, done=True)
        made += self._period_reports(office, prov, today, due_year, due_kind, done=False)
        self.stdout.write(f"Đã nạp {len(made)} báo cáo CCHC mẫu." if made else "Báo cáo mẫu đã có.")

    def _period_reports(self, office, prov, today, year, kind, *, done: bool) -> list:
        """Sở Tư pháp's report sent (by its focal point, approved by its leader where that step is on), Sở Y tế's
        — sent too when the period is done, else still a draft — and the province's report consolidating them,
        issued when the period is done. Nothing when the period already has reports."""
        from cchc.reports import services
        from cchc.reports.models import Report

        if Report.objects.filter(year=year, period_kind=kind).exists():
            return []
        units = home_units(today).filter(kind=UnitKind.DEPARTMENT)
        made = []
        for key, send in (("stp", True), ("syt", done)):
            unit = units.filter(standard_key=key).first()
            if unit is None:
                continue
            writer = first_holder(access.FOCAL_POINT, unit) or office
            r = services.report_create(user=writer, unit=unit, year=year, period_kind=kind)
            services.report_text_save(user=writer, report=r, narrative=TEXTS if send else {"I.1": TEXTS["I.1"]},
                                      manual={"5:2.2": {"value": "2", "note": "Xét tuyển viên chức"}} if send else None,
                                      signer_title="Giám đốc")
            if send:
                services.report_transition(user=writer, report=r, action=review.SUBMIT)
                if r.review_state == review.LEADER_REVIEW:
                    leader = first_holder(access.UNIT_LEADER, unit)
                    services.report_transition(user=leader, report=r, action=review.APPROVE)
                if done:
                    services.report_transition(user=office, report=r, action=review.ACCEPT)
            made.append(r)
        if prov is not None:
            p = services.report_create(user=office, unit=prov, year=year, period_kind=kind)
            services.report_consolidate(user=office, report=p)
            if done:
                end = period_bounds(kind, year)[1]
                services.report_issue(user=office, report=p, number=f"{300 + year % 100}/BC-UBND",
                                      issued_on=min(today, end))
            made.append(p)
        self.stdout.write(f"{catalog.period_label(kind, year)}: {len(made)} báo cáo"
                          + (" (đã ban hành báo cáo của tỉnh)" if done and prov is not None else ""))
        return made

    @staticmethod
    def _period(year, prov, today):
        """The year asked for (yearly report), else the recent year the apps hold the most figures for (the demo
        plan may be an earlier year's); the current year's period so far when it has the most."""
        from cchc.reports import figures

        if year:
            return year, catalog.YEAR
        best, best_n = today.year, -1
        units = figures.report_units(prov) if prov is not None else []
        for y in (today.year, today.year - 1, today.year - 2):
            start, end = period_bounds(catalog.YEAR, y)
            got = figures.collect(units, start, end)
            n = len(json.dumps([got["rows"], got["facts"], got["tables"]]))  # how much the apps have to say
            if n > best_n:
                best, best_n = y, n
        if best != today.year:
            return best, catalog.YEAR
        kind = catalog.Q1 if today.month <= 4 else catalog.H1 if today.month <= 7 else \
            catalog.Q3 if today.month <= 10 else catalog.YEAR
        return best, kind
