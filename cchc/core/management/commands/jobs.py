import time

from django.core.management.base import BaseCommand

from cchc.core.jobs import run_pending


class Command(BaseCommand):
    help = "Chạy các tác vụ nền đang chờ (work: chạy liên tục; once: chạy một lượt)"

    def add_arguments(self, parser):
        parser.add_argument("mode", choices=["work", "once"])

    def handle(self, *args, mode, **opts):
        while True:
            n = run_pending()
            if mode == "once":
                self.stdout.write(f"Đã chạy {n} tác vụ.")
                return
            if not n:
                time.sleep(2)
