"""`cchc send_reminders`: the daily job that e-mails focal points N days before and after due dates."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


def _days(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn báo cáo nhiệm vụ CCHC (chạy hằng ngày)"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument("--before", help="Số ngày trước hạn, ví dụ 3 hoặc 7,3")
        parser.add_argument("--after", help="Số ngày sau hạn, ví dụ 1,7")

    def handle(self, *args, **opts):
        from cchc.core.vndates import parse_date_input
        from cchc.plans.services import reminders_send

        try:
            today = parse_date_input(opts.get("date"))
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {opts['date']} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)") from exc
        out = reminders_send(today=today, before=_days(opts["before"]) if opts.get("before") else None,
                             after=_days(opts["after"]) if opts.get("after") else None)
        self.stdout.write(f"Đã gửi {out['emails']} thư nhắc cho {out['occurrences']} kỳ báo cáo.")
