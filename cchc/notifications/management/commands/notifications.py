"""`cchc notifications digest`: e-mail each user one digest of their unread notifications (run daily, e.g.
from cron: `0 7 * * * cchc send_reminders && cchc notifications digest`). `cchc notifications kinds` lists the
registered kinds."""

from __future__ import annotations

from cchc.core.management.base import ActionCommand


class Command(ActionCommand):
    help = "Thông báo: gửi thư tổng hợp hằng ngày (digest), liệt kê các loại thông báo (kinds)"

    def do_digest(self, opts):
        """Gửi mỗi người một thư tổng hợp các thông báo chưa đọc"""
        from cchc.notifications.services import digest_send

        out = digest_send()
        self.stdout.write(f"Đã gửi {out['emails']} thư tổng hợp ({out['notifications']} thông báo).")

    def do_kinds(self, opts):
        """Liệt kê các loại thông báo đã đăng ký"""
        from cchc.notifications import kinds

        for k in kinds.registered():
            self.stdout.write(f"{k.code}\t{k.app}\t{k.label}")
