"""`cchc capacity load_demo|follow_successions` — the capacity app from the command line."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Đội ngũ CCHC: load_demo (dữ liệu mẫu), follow_successions (chuyển phân công theo sắp xếp đơn vị)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load_demo", help="Nạp dữ liệu mẫu (chạy lại không sao)")
        sub.add_parser("follow_successions", help="Chuyển phân công của đơn vị đã sắp xếp sang đơn vị kế thừa")

    def handle(self, *args, **opts):
        if opts["action"] == "load_demo":
            from cchc.capacity.demo import load

            load(self.stdout)
        else:
            from cchc.capacity.services import assignments_follow_successions

            self.stdout.write(f"Đã chuyển {assignments_follow_successions()} phân công sang đơn vị kế thừa.")
