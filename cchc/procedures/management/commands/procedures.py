"""`cchc procedures import FILE [--format json] [--dry-run] [--user NAME]`: read a "Quyết định công bố thủ tục hành
chính" (.docx, .pdf, .txt) or a catalogue sheet (.xlsx) into the catalogue and print the counts and the problems.
`cchc procedures load_demo`: a small published decision for the demo province."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc.core.audit import actor
from cchc.org.management.accounts import acting_user

DEMO_TEXT = """ỦY BAN NHÂN DÂN TỈNH {PROVINCE_UPPER}

Số: 99/QĐ-UBND

{PROVINCE}, ngày 15 tháng 01 năm 2025

QUYẾT ĐỊNH

VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH VÀ BỊ BÃI BỎ TRONG LĨNH VỰC CHỨNG THỰC

Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính;

Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính mới ban hành và bị bãi bỏ.

I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH

| TT | Mã TTHC | Tên thủ tục hành chính | Lĩnh vực | Thời hạn giải quyết | Cơ quan thực hiện | Phí, lệ phí | DVC TT (mức độ) |
|---|---|---|---|---|---|---|---|
| 1 | 2.000815 | Chứng thực bản sao từ bản chính giấy tờ, văn bản | Chứng thực | Ngay trong ngày tiếp nhận hồ sơ | Ủy ban nhân dân cấp xã | 2.000 đồng/trang | Một phần |
| 2 | 2.001035 | Chứng thực giao dịch liên quan đến tài sản là động sản | Chứng thực | Không quá 02 (hai) ngày làm việc | Ủy ban nhân dân cấp xã | 50.000 đồng/giao dịch | Một phần |
| 3 | 2.001019 | Chứng thực di chúc | Chứng thực | Không quá 02 (hai) ngày làm việc | Ủy ban nhân dân cấp xã | 50.000 đồng/giao dịch | Một phần |
| 4 | 1.001978 | Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam | Lý lịch tư pháp | 10 ngày làm việc | Sở Tư pháp | 200.000 đồng/lần | Toàn trình |
| 5 | 2.000908 | Cấp bản sao từ sổ gốc | Chứng thực | Ngay trong ngày | Sở Tư pháp | Không | Toàn trình |

II. DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ

| TT | Mã TTHC | Tên thủ tục hành chính | Tên VBQPPL quy định việc bãi bỏ | Lĩnh vực | Cơ quan thực hiện |
|---|---|---|---|---|---|
| 1 | 2.001406 | Chứng thực văn bản phân chia di sản là động sản | Nghị định số 280/2025/NĐ-CP | Chứng thực | Ủy ban nhân dân cấp xã |
"""


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nhập quyết định công bố (import FILE), nạp dữ liệu mẫu (load_demo)"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "load_demo"])
        parser.add_argument("file", nargs="?")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và xem trước, không ghi vào danh mục")
        parser.add_argument("--user", help="Tài khoản thực hiện (mặc định: tài khoản Phòng CCHC đầu tiên)")

    def handle(self, *args, **opts):
        from cchc.procedures import services

        if opts["action"] == "load_demo":
            user = acting_user(None)
            with actor(user):
                try:
                    province = settings.CCHC_PROVINCE  # the agencies resolve in the installation's province
                    text = DEMO_TEXT.replace("{PROVINCE_UPPER}", province.upper()).replace("{PROVINCE}", province)
                    out = services.procedure_import_file(user=user, data=text.encode("utf-8"), filename="qd-99-demo.txt")
                except services.ProcedureError as exc:
                    self.stdout.write(f"Danh mục thủ tục mẫu: {exc.message}")
                    return
            self.stdout.write(f"Đã nạp danh mục thủ tục mẫu: {out['entries']} thủ tục.")
            return
        if not opts.get("file"):
            raise CommandError("Dùng: cchc procedures import TỆP [--format json] [--dry-run]")
        path = Path(opts["file"])
        as_json = opts["format"] == "json"
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(as_json, "not_found", f"Không mở được tệp {path}.", exc)
        try:
            if path.suffix.lower() == ".xlsx":
                if opts["dry_run"]:
                    raise services.ProcedureError("invalid", "--dry-run chỉ dùng cho văn bản quyết định công bố.")
                user = acting_user(opts.get("user"))
                with actor(user):
                    counts, errors = services.procedures_import_xlsx(user=user, data=data, filename=path.name)
                if errors:
                    out = {"ok": False, "code": "invalid", "file": path.name, "problems": [str(e) for e in errors]}
                    self._print(out, as_json)
                    raise CommandError(f"Tệp {path.name} có {len(errors)} lỗi; chưa nhập dòng nào.")
                out = {"ok": True, "file": path.name, "applied": counts, "problems": []}
            else:
                user = None if opts["dry_run"] else acting_user(opts.get("user"))
                with actor(user):
                    out = {"ok": True, **services.procedure_import_file(user=user, data=data, filename=path.name,
                                                             dry_run=opts["dry_run"])}
        except services.ProcedureError as exc:
            self._fail(as_json, exc.code, exc.message, exc)
        self._print(out, as_json)

    def _fail(self, as_json: bool, code: str, message: str, exc: Exception):
        if as_json:
            self.stdout.write(json.dumps({"ok": False, "code": code, "message": message}, ensure_ascii=False))
        raise CommandError(message) from exc

    def _print(self, out: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str))
            return
        if "entries" in out:
            self.stdout.write(f"{out['file']}: Quyết định {out.get('number') or '?'} ngày {out.get('issue_date') or '?'}"
                              f" — {out['entries']} thủ tục có mã")
            labels = {"new": "công bố mới", "amended": "sửa đổi, bổ sung", "abolished": "bãi bỏ", "kept": "đang thực hiện"}
            self.stdout.write("  " + ", ".join(f"{labels[k]}: {v}" for k, v in out["by_status"].items() if v))
            if out.get("without_code"):
                self.stdout.write(f"  {out['without_code']} thủ tục chưa có mã (không nhập)")
        if out.get("applied"):
            a = out["applied"]
            self.stdout.write(f"  Danh mục: {a['added']} thêm mới, {a['amended']} sửa đổi, {a['abolished']} bãi bỏ, "
                              f"{a['unchanged']} không đổi")
        for p in out.get("problems", []):
            self.stdout.write(f"  ! {p}")
