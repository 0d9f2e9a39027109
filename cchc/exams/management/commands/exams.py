"""`cchc exams load_demo|close_overdue|import|export|regrade` — the exams app from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Kiểm tra kiến thức: load_demo, close_overdue, import, export, regrade"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load_demo", help="Nạp ngân hàng câu hỏi mẫu và kỳ kiểm tra mẫu (chạy lại không sao)")
        sub.add_parser("close_overdue", help="Tự động nộp các bài làm đã hết giờ")
        imp = sub.add_parser("import", help="Nhập câu hỏi từ tệp .xlsx, GIFT hoặc Aiken (có lỗi thì không nhập gì)")
        imp.add_argument("path")
        imp.add_argument("--format", choices=["xlsx", "gift", "aiken"], default=None)
        imp.add_argument("--topic", default="", help="Mã chủ đề mặc định")
        exp = sub.add_parser("export", help="Xuất ngân hàng câu hỏi")
        exp.add_argument("--format", choices=["xlsx", "gift", "aiken"], default="gift")
        exp.add_argument("--output", "-o", default="-")
        rg = sub.add_parser("regrade", help="Chấm lại một kỳ kiểm tra")
        rg.add_argument("campaign_id", type=int)

    def handle(self, *args, **opts):
        getattr(self, f"do_{opts['action']}")(opts)

    def do_load_demo(self, opts):
        from cchc.exams.demo.loader import load

        load(self.stdout)

    def do_close_overdue(self, opts):
        from cchc.exams.services import close_overdue

        self.stdout.write(f"Đã tự động nộp {close_overdue()} bài làm hết giờ.")

    def do_import(self, opts):
        from cchc.exams import aiken, gift, services, sheet

        path = Path(opts["path"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        fmt = opts["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else
                                 "gift" if ".gift" in path.name.lower() else "aiken")
        data = path.read_bytes()
        parsed = {"xlsx": sheet.read_xlsx, "gift": gift.parse_gift, "aiken": aiken.parse_aiken}[fmt](
            data, default_topic=opts["topic"])
        report = services.import_questions(parsed)
        if not report.ok:
            for e in report.errors:
                self.stderr.write(f"{path.name}: {e}")
            raise CommandError(f"{len(report.errors)} lỗi — không nhập câu hỏi nào.")
        self.stdout.write(f"Đã nhập {report.created} câu mới, {report.versioned} phiên bản mới, "
                          f"{report.unchanged} không đổi.")

    def do_export(self, opts):
        from cchc.exams import aiken, gift, services, sheet
        from cchc.exams.models import Question

        data = services.export_questions(Question.objects.filter(is_active=True))
        fmt = opts["format"]
        payload = sheet.write_xlsx(data) if fmt == "xlsx" else (
            gift.export_gift(data) if fmt == "gift" else aiken.export_aiken(data)[0]).encode("utf-8")
        if opts["output"] == "-":
            sys.stdout.buffer.write(payload)
        else:
            Path(opts["output"]).write_bytes(payload)
            self.stdout.write(f"Đã xuất {len(data)} câu hỏi vào {opts['output']}")

    def do_regrade(self, opts):
        from cchc.exams.models import Campaign
        from cchc.exams.services import regrade_campaign

        campaign = Campaign.objects.filter(pk=opts["campaign_id"]).first()
        if campaign is None:
            raise CommandError("Không có kỳ kiểm tra này.")
        self.stdout.write(f"Đã chấm lại; {regrade_campaign(campaign)} bài thay đổi điểm.")
