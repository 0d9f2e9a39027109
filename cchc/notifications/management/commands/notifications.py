"""`cchc notifications digest`: e-mail each user one digest of their unread notifications (run daily, e.g.
from cron: `0 7 * * * cchc send_reminders && cchc notifications digest`). `cchc notifications kinds` lists the
registered kinds."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Thông báo: gửi thư tổng hợp hằng ngày (digest), liệt kê các loại thông báo (kinds)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("digest", help="Gửi mỗi người một thư tổng hợp các thông báo chưa đọc")
        sub.add_parser("kinds", help="Liệt kê các loại thông báo đã đăng ký")

    def handle(self, *args, **opts):
        if opts["action"] == "kinds":
            from cchc.notifications import kinds

            for k in kinds.registered():
                self.stdout.write(f"{k.code}\t{k.app}\t{k.label}")
            return
        from cchc.notifications.services import digest_send

        out = digest_send()
        self.stdout.write(f"Đã gửi {out['emails']} thư tổng hợp ({out['notifications']} thông báo).")
