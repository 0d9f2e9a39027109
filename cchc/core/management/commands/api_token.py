from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.core.audit import actor
from cchc.core.models import ApiToken


class Command(BaseCommand):
    help = ("Tạo khóa API cho người dùng; khóa chỉ được in ra một lần (cơ sở dữ liệu chỉ lưu bản băm). "
            "Ví dụ: cchc api_token nguyenvana --scope write --days 30")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=["read", "write"], default="read",
                            help="read: chỉ đọc (mặc định); write: đọc và ghi")
        parser.add_argument("--days", type=int, default=90, help="số ngày hiệu lực (mặc định 90; 0 = không hết hạn)")
        parser.add_argument("--label", default="cli", help="ghi chú")

    def handle(self, *args, username, scope, days, label, **opts):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên “{username}”.")
        if days < 0 or days > 3650:
            raise CommandError("--days phải từ 0 đến 3650.")
        with actor(user):
            token, raw = ApiToken.issue(user, scope=scope, days=days or None, label=label)
        self.stdout.write(raw)
        until = token.expires_at.strftime("%d/%m/%Y") if token.expires_at else "không hết hạn"
        self.stderr.write(f"Khóa {token.prefix}… phạm vi {scope}, hiệu lực đến {until}. Hãy lưu lại ngay: "
                          "khóa không hiển thị lại được.")
