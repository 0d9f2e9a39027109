import time

from django.core.management.base import BaseCommand

from cchc.core.jobs import reclaim_expired, run_pending


class Command(BaseCommand):
    help = ("Tác vụ nền. work: chạy liên tục (kể cả thu hồi tác vụ bị dừng giữa chừng); once: chạy một lượt; "
            "reclaim: chỉ thu hồi tác vụ hết hạn thuê (chạy lại hoặc đánh dấu lỗi) — dùng cho cron.")

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["work", "once", "reclaim"])

    def handle(self, *args, mode, **opts):
        if mode == "reclaim":
            out = reclaim_expired()
            self.stdout.write(f"Đã thu hồi: {len(out['requeued'])} tác vụ chạy lại, {len(out['failed'])} tác vụ "
                              "đánh dấu lỗi.")
            return
        while True:
            n = run_pending()
            if mode == "once":
                self.stdout.write(f"Đã chạy {n} tác vụ.")
                return
            if not n:
                time.sleep(2)
