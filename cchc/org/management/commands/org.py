import json
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.errors import CodedError
from cchc.core.management.base import ActionCommand
from cchc.core.vndates import parse_date_input
from cchc.org import selectors, services
from cchc.org.loading import ensure_catalogue, load_admin_units
from cchc.org.management.accounts import acting_user
from cchc.org.models import OrgUnit


class Command(ActionCommand):
    help = "Tổ chức: resolve | load | import | export"

    def args_resolve(self, parser):
        parser.add_argument("text")
        parser.add_argument("--province", default=None)
        parser.add_argument("--on", default=None, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def do_resolve(self, opts):
        """Xác định đơn vị từ tên cơ quan như trong văn bản"""
        on = None
        if opts["on"]:
            try:
                on = parse_date_input(opts["on"])
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {opts['on']} (dùng YYYY-MM-DD)") from exc
        ensure_catalogue()
        res = selectors.agency_resolve(opts["text"], province=opts["province"], on=on)
        out = {k: res[k] for k in ("input", "status", "units", "group", "confidence")}
        out["note"] = res.get("note", "")
        if opts["format"] == "json":
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(f"{out['status']} ({out['confidence']}): "
                              + (", ".join(u["name"] for u in out["units"]) or out["group"] or "—"))

    def args_load(self, parser):
        parser.add_argument("--province", action="append", default=None,
                            help="Chỉ nạp tỉnh này (tên sau 01/7/2025 hoặc tỉnh cũ); lặp lại được")
        parser.add_argument("--no-communes", action="store_true")

    def do_load(self, opts):
        """Nạp đơn vị hành chính (trước và sau 01/7/2025) và các sở, ngành"""
        stats = load_admin_units(provinces=opts["province"], communes=not opts["no_communes"])
        self.stdout.write(f"Đã nạp {stats['provinces']} tỉnh; {stats['units']} đơn vị mới; "
                          f"{stats['successions']} quan hệ sắp xếp mới.")

    def args_import(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", default=None, metavar="TÊN_ĐĂNG_NHẬP",
                            help="tài khoản Phòng CCHC thực hiện (nhật ký); mặc định tài khoản Phòng CCHC đầu tiên")

    def do_import(self, opts):
        """Nhập đơn vị và tên gọi khác từ Excel"""
        p = Path(opts["path"])
        if not p.exists():
            raise CommandError(f"Không tìm thấy tệp {p}")
        user = acting_user(opts["user"])
        try:
            report = services.units_import_xlsx(p.read_bytes(), user=user, filename=p.name)
        except CodedError as exc:
            raise CommandError(exc.message) from None
        if not report.ok:
            for m in report.messages():
                self.stderr.write(m)
            raise CommandError(f"{p.name}: có {len(report.errors)} lỗi, chưa ghi dữ liệu nào.")
        self.stdout.write(f"Đã nhập {report.created} đơn vị mới, cập nhật {report.updated}.")

    def args_export(self, parser):
        parser.add_argument("path")

    def do_export(self, opts):
        """Xuất đơn vị ra Excel"""
        Path(opts["path"]).write_bytes(services.units_export_xlsx(OrgUnit.objects.order_by("path")))
        self.stdout.write(f"Đã xuất ra {opts['path']}")

