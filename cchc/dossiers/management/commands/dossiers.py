"""`cchc dossiers import FILE` and `cchc dossiers indicators --from YYYY-MM --to YYYY-MM [--unit CODE] --format json`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.management.base import ActionCommand
from cchc.org.management.accounts import account_named


class Command(ActionCommand):
    help = "Hồ sơ TTHC và bộ chỉ số 766: nhập tệp xuất từ hệ thống một cửa, tính chỉ số theo đơn vị và kỳ."

    def handle(self, *args, **opts):
        from cchc.dossiers import engine

        try:
            super().handle(*args, **opts)
        except engine.DossierError as exc:
            raise CommandError(str(exc)) from exc

    def args_import(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="default",
                            help="hệ thống nguồn (nhập lại cùng nguồn và kỳ thì thay thế)")
        parser.add_argument("--accept-valid", action="store_true", help="nhập các dòng hợp lệ khi tệp có dòng lỗi")
        parser.add_argument("--map", action="append", default=[], metavar="TIÊU_ĐỀ=cột",
                            help="ánh xạ tiêu đề cột của tệp sang tên chuẩn; được lưu cho nguồn này")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--user", default=None, metavar="TÊN_ĐĂNG_NHẬP",
                            help="người nhập (nhật ký); khi có, số đo các chỉ tiêu kế hoạch liên kết được cập nhật")

    def do_import(self, opts):
        """Nhập tệp CSV/XLSX/Parquet"""
        from cchc.dossiers import services

        extra = {}
        for item in opts["map"]:
            header, _sep, name = item.partition("=")
            if not _sep:
                raise CommandError(f"--map {item}: cần dạng 'Tiêu đề trong tệp=tên_cột_chuẩn'.")
            extra[header] = name.strip()
        user = account_named(opts["user"], active=False) if opts["user"] else None
        report = services.dossier_import_cli(opts["file"], source=opts["source"], accept_valid=opts["accept_valid"],
                                             extra_map=extra, user=user)
        self._print_import(report, opts["format"])
        if not report.accepted:
            raise CommandError(f"Tệp {report.file} bị từ chối: {report.refused_count} dòng lỗi "
                               "(dùng --accept-valid để chỉ nhập các dòng hợp lệ).")

    def args_measurements(self, parser):
        parser.add_argument("--period", required=True, help="mã kỳ: 202503, 2025Q1, 2025S1, 2025")
        parser.add_argument("--user", required=True, metavar="TÊN_ĐĂNG_NHẬP", help="tài khoản Phòng CCHC ghi số đo")

    def do_measurements(self, opts):
        """Ghi số đo các chỉ tiêu kế hoạch liên kết với chỉ số 766"""
        from cchc.core.audit import actor
        from cchc.dossiers import feeds

        user = account_named(opts["user"], active=False)
        try:
            with actor(user):
                res = feeds.measure_period(user=user, period=opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Kỳ {res['period']}: ghi {res['saved']} số đo, {res['unchanged']} không đổi.")
        for line in res["skipped"]:
            self.stderr.write(line)

    def args_indicators(self, parser):
        parser.add_argument("--from", dest="from_ym", required=True, metavar="YYYY-MM")
        parser.add_argument("--to", dest="to_ym", required=True, metavar="YYYY-MM")
        parser.add_argument("--unit", default=None)
        parser.add_argument("--sync-counts", default=None,
                            help="CSV unit_id,reported_count: số hồ sơ trên hệ thống báo cáo (chỉ số 1.4)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def do_indicators(self, opts):
        """Tính chỉ số 766 theo đơn vị"""
        from cchc.dossiers import engine
        from cchc.dossiers.selectors import data_dir, units_attach

        start, end = engine.month_range(opts["from_ym"], opts["to_ym"])
        sync = _read_sync_counts(opts["sync_counts"]) if opts["sync_counts"] else None
        result = units_attach(engine.indicators(data_dir(), start, end, unit=opts["unit"], sync_counts=sync))
        result["from"], result["to"] = opts["from_ym"], opts["to_ym"]
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1, default=str))
        else:
            self._print_text(result)

    def _print_import(self, report, fmt):
        if fmt == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
            return
        for issue in report.refused:
            self.stderr.write(issue.text())
        if report.refused_count > len(report.refused):
            self.stderr.write(f"... và {report.refused_count - len(report.refused)} dòng lỗi khác")
        if report.accepted:
            self.stdout.write(f"{report.file}: đọc {report.rows_read} dòng, nhập {report.rows_imported}, "
                              f"từ chối {report.refused_count}, thay thế {report.replaced} hồ sơ đã có.")

    def _print_text(self, result):
        for u in result["units"]:
            name = u["org_unit"]["name"] if u["org_unit"] else u["unit_id"]
            self.stdout.write(f"{name}: {u['total'] if u['total'] is not None else 'N/A'} điểm "
                              f"(trên {u['total_max_available']} điểm tính được)")
            for i in u["indicators"]:
                r = "N/A" if i["ratio"] is None else i["ratio"]
                self.stdout.write(f"  {i['id']:5} {i['numerator']}/{i['denominator']} = {r}  → {i['points']}")


def _read_sync_counts(path) -> dict[str, int]:
    out = {}
    with open(Path(path), encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out[row["unit_id"].strip()] = int(row["reported_count"])
            except (KeyError, ValueError, AttributeError):
                raise CommandError(f"{path}, dòng {n}: cần cột unit_id và reported_count (số nguyên).") from None
    return out
