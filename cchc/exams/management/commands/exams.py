"""`cchc exams load_demo|close_overdue|import|export|regrade` — the exams app from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.management.base import ActionCommand


class Command(ActionCommand):
    help = "Kiểm tra kiến thức: load_demo, close_overdue, import, export, regrade"

    def do_load_demo(self, opts):
        """Nạp ngân hàng câu hỏi mẫu và kỳ kiểm tra mẫu (chạy lại không sao)"""
        from cchc.exams.demo.loader import load

        load(self.stdout)

    def do_close_overdue(self, opts):
        """Tự động nộp các bài làm đã hết giờ"""
        from cchc.exams.services import attempts_close_overdue

        self.stdout.write(f"Đã tự động nộp {attempts_close_overdue()} bài làm hết giờ.")

    def args_import(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["xlsx", "gift", "aiken"], default=None)
        parser.add_argument("--topic", default="", help="Mã chủ đề mặc định")
        parser.add_argument("--valid-only", action="store_true", help="Nhập các câu hợp lệ, liệt kê các câu bị từ chối")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")

    def do_import(self, opts):
        """Nhập câu hỏi từ tệp .xlsx, GIFT hoặc Aiken (định dạng nhận theo nội dung; có lỗi thì không nhập
        gì, trừ khi --valid-only)"""
        from cchc.exams import services
        from cchc.exams.models import Topic

        path = Path(opts["path"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        default = None
        if opts["topic"]:
            default = services.topic_resolve(opts["topic"])
            if default is None:
                raise CommandError(f"Không có chủ đề «{opts['topic']}» (có: "
                                   + ", ".join(Topic.objects.values_list("code", flat=True)) + ")")
        mode = services.IMPORT_PREVIEW if opts["dry_run"] else (
            services.IMPORT_VALID if opts["valid_only"] else services.IMPORT_ALL_OR_NOTHING)
        report = services.questions_import_file(path.read_bytes(), path.name, fmt=opts["format"] or "auto",
                                      default_topic=default, mode=mode)
        for w in report.warnings:
            self.stderr.write(f"{path.name}: lưu ý, {w}")
        for e in report.errors:
            self.stderr.write(f"{path.name}: {e}")
        if report.errors and mode == services.IMPORT_ALL_OR_NOTHING:
            raise CommandError(f"{len(report.errors)} lỗi — không nhập câu hỏi nào (dùng --valid-only để nhập các "
                               "câu hợp lệ).")
        verb = "Sẽ nhập" if mode == services.IMPORT_PREVIEW else "Đã nhập"
        self.stdout.write(f"{verb} ({report.fmt}) {report.created} câu mới, {report.versioned} phiên bản mới, "
                          f"{report.unchanged} không đổi, {report.duplicates} trùng bỏ qua; "
                          f"{len(report.refused_lines)} câu bị từ chối.")

    def args_export(self, parser):
        parser.add_argument("--format", choices=["xlsx", "gift", "aiken"], default="gift")
        parser.add_argument("--output", "-o", default="-")

    def do_export(self, opts):
        """Xuất ngân hàng câu hỏi"""
        from cchc.exams import aiken, gift, services, sheet
        from cchc.exams.models import Question

        data = services.questions_export(Question.objects.filter(is_active=True))
        fmt = opts["format"]
        payload = sheet.write_xlsx(data) if fmt == "xlsx" else (
            gift.export_gift(data) if fmt == "gift" else aiken.export_aiken(data)[0]).encode("utf-8")
        if opts["output"] == "-":
            sys.stdout.buffer.write(payload)
        else:
            Path(opts["output"]).write_bytes(payload)
            self.stdout.write(f"Đã xuất {len(data)} câu hỏi vào {opts['output']}")

    def args_regrade(self, parser):
        parser.add_argument("campaign_id", type=int)

    def do_regrade(self, opts):
        """Chấm lại một kỳ kiểm tra"""
        from cchc.exams.models import Campaign
        from cchc.exams.services import campaign_regrade

        campaign = Campaign.objects.filter(pk=opts["campaign_id"]).first()
        if campaign is None:
            raise CommandError("Không có kỳ kiểm tra này.")
        self.stdout.write(f"Đã chấm lại; {campaign_regrade(campaign)} bài thay đổi điểm.")
