"""`cchc exchange …`: client systems of the exchange API and their tokens, from the command line.

    cchc exchange clients
    cchc exchange add bao-cao-tinh --name "Hệ thống báo cáo tỉnh" --scope tasks:read,targets:read --rate 120
    cchc exchange set bao-cao-tinh --scope tasks:read,measurements:write --unit T42.stp --inactive
    cchc exchange token bao-cao-tinh --days 365      # prints the secret once
    cchc exchange revoke cchc_AbCdEf                  # by the token's prefix (as listed)
    cchc exchange purge-keys                          # forget Idempotency-Keys older than the setting's days
    cchc exchange purge-deleted                       # forget tombstones older than CCHC_EXCHANGE_TOMBSTONE_DAYS
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import CodedError
from cchc.exchange import services
from cchc.exchange.models import ClientSystem
from cchc.exchange.scopes import SCOPES


class Command(BaseCommand):
    help = "Hệ thống kết nối của API trao đổi dữ liệu: thêm, sửa, cấp và thu hồi khóa."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="as_user", default=None,
                            help="tài khoản thực hiện (Phòng CCHC hoặc quản trị; mặc định: quản trị đầu tiên)")
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("clients", help="liệt kê các hệ thống và khóa")
        for name in ("add", "set"):
            p = sub.add_parser(name, help="thêm hệ thống" if name == "add" else "sửa hệ thống")
            p.add_argument("code")
            p.add_argument("--name", required=name == "add")
            p.add_argument("--contact", default=None)
            p.add_argument("--scope", default=None, help="các phạm vi, cách nhau bởi dấu phẩy: " + ", ".join(SCOPES))
            p.add_argument("--unit", default=None, help="mã đơn vị giới hạn (\"\" = toàn tỉnh)")
            p.add_argument("--rate", type=int, default=None, help="số yêu cầu tối đa mỗi phút, mỗi khóa (mặc định 60)")
            if name == "set":
                p.add_argument("--active", dest="active", action="store_true", default=None)
                p.add_argument("--inactive", dest="active", action="store_false")
        t = sub.add_parser("token", help="cấp khóa mới (in ra một lần)")
        t.add_argument("code")
        t.add_argument("--days", type=int, default=365, help="số ngày hiệu lực (mặc định 365; 0 = không hết hạn)")
        t.add_argument("--label", default="cli")
        r = sub.add_parser("revoke", help="thu hồi khóa theo tiền tố")
        r.add_argument("prefix")
        sub.add_parser("purge-keys", help="xóa các Idempotency-Key đã hết hạn")
        sub.add_parser("purge-deleted", help="xóa các bản ghi “đã xóa” cũ hơn CCHC_EXCHANGE_TOMBSTONE_DAYS ngày")

    def handle(self, *args, action, as_user, **opts):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(self._actor(as_user), **opts)
        except ValidationError as exc:
            lines = [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]
            raise CommandError("; ".join(lines)) from None
        except (CodedError, PermissionDenied, ValueError) as exc:
            raise CommandError(getattr(exc, "message", None) or str(exc)) from None

    def _actor(self, username):
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng đang hoạt động tên “{username}”.")
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("Chưa có tài khoản quản trị: dùng --as TEN_DANG_NHAP (Phòng CCHC).")
        return user

    def _client(self, code) -> ClientSystem:
        client = ClientSystem.objects.filter(code=code).first()
        if client is None:
            raise CommandError(f"Không có hệ thống kết nối mã “{code}”.")
        return client

    def _unit(self, code):
        from cchc.org.models import OrgUnit

        if not code:
            return None
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị mã “{code}”.")
        return unit

    def do_clients(self, user, **opts):
        for c in ClientSystem.objects.select_related("unit"):
            state = "hoạt động" if c.is_active else "đang dừng"
            self.stdout.write(f"{c.code}\t{c.name}\t{','.join(c.scopes)}\t{c.unit.code if c.unit_id else 'toàn tỉnh'}"
                              f"\t{c.rate_limit_per_minute}/phút\t{state}")
            for t in services.tokens_of(c):
                until = t.expires_at.strftime("%d/%m/%Y %H:%M") if t.expires_at else "không hết hạn"
                self.stdout.write(f"  {t.prefix}…\t{t.label}\thết hạn {until}")

    def do_add(self, user, *, code, name, contact, scope, unit, rate, **opts):
        client = services.client_save(user=user, code=code, name=name, contact=contact or "",
                                      scopes=scope or "", unit=self._unit(unit),
                                      rate_limit_per_minute=rate or 60)
        self.stdout.write(f"Đã thêm {client.code}: {', '.join(client.scopes) or '(chưa có phạm vi)'}")

    def do_set(self, user, *, code, name, contact, scope, unit, rate, active, **opts):
        c = self._client(code)
        client = services.client_save(
            user=user, client=c, code=c.code, name=name if name is not None else c.name,
            contact=contact if contact is not None else c.contact,
            scopes=scope if scope is not None else c.scopes,
            unit=self._unit(unit) if unit is not None else c.unit,
            rate_limit_per_minute=rate if rate is not None else c.rate_limit_per_minute,
            is_active=active if active is not None else c.is_active)
        self.stdout.write(f"Đã lưu {client.code}: {', '.join(client.scopes)}")

    def do_token(self, user, *, code, days, label, **opts):
        token, raw = services.token_issue(user=user, client=self._client(code), days=days or None, label=label)
        self.stdout.write(raw)
        until = token.expires_at.strftime("%d/%m/%Y") if token.expires_at else "không hết hạn"
        self.stderr.write(f"Khóa {token.prefix}… của {code}, hiệu lực đến {until}. Hãy lưu lại ngay: khóa không "
                          "hiển thị lại được.")

    def do_revoke(self, user, *, prefix, **opts):
        from cchc.core.models import ApiToken

        prefix = prefix.rstrip("…. ")
        tokens = list(ApiToken.objects.filter(prefix=prefix, user__client_system__isnull=False))
        if len(tokens) != 1:
            raise CommandError(f"Không tìm thấy đúng một khóa của hệ thống kết nối có tiền tố “{prefix}”.")
        services.token_revoke(user=user, token=tokens[0])
        self.stdout.write(f"Đã thu hồi khóa {prefix}….")

    def do_purge_keys(self, user, **opts):
        self.stdout.write(f"Đã xóa {services.idempotency_purge()} Idempotency-Key hết hạn.")

    def do_purge_deleted(self, user, **opts):
        days = services.tombstone_days()
        self.stdout.write(f"Đã xóa {services.deletions_purge()} bản ghi “đã xóa” cũ hơn {days} ngày.")
