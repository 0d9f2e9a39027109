"""`cchc capacity follow_successions|load_demo` — the capacity app from the command line."""

from __future__ import annotations

from cchc.core.management.base import ActionCommand


class Command(ActionCommand):
    help = "Đội ngũ CCHC: follow_successions (chuyển phân công theo sắp xếp đơn vị), load_demo (dữ liệu mẫu)"

    def do_follow_successions(self, opts):
        """Chuyển phân công của đơn vị đã sắp xếp sang đơn vị kế thừa"""
        from cchc.capacity.services import assignments_follow_successions

        self.stdout.write(f"Đã chuyển {assignments_follow_successions()} phân công sang đơn vị kế thừa.")

    def do_load_demo(self, opts):
        """Nạp dữ liệu mẫu (chạy lại không sao)"""
        from cchc.capacity.demo import load

        load(self.stdout)
