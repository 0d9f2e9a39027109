"""Demo data (idempotent): the real structure of the installation's province (setting CCHC_PROVINCE) before and after
1 July 2025 — its departments, districts and communes, and the provinces merged into it — demo users, and each app's
demo content (the ``demo`` hook of each app's hooks.py, see cchc.core.hooks).

Only the home province is loaded: an installation serves one province, whose screens never show another province's
units, and another province's plan is not turned into tasks (so the 63/34 provinces' departments are not needed;
`cchc org load` loads them all when wanted, e.g. to resolve names in reference documents)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from cchc.core.hooks import get_hooks
from cchc.org.loading import load_admin_units
from cchc.org.models import Membership, OrgUnit, Role, UnitKind

DEMO_PASSWORD = "Cchc@2024!demo"


def demo_users(province_name: str):
    from cchc.org.selectors import province_find

    prov = province_find(province_name)
    snv = OrgUnit.objects.filter(province=prov, standard_key="snv", valid_to__isnull=True).first()
    stp = OrgUnit.objects.filter(province=prov, standard_key="stp", valid_to__isnull=True).first()
    commune = OrgUnit.objects.filter(province=prov, kind=UnitKind.COMMUNE, valid_to__isnull=True).order_by("name").first()
    spec = [
        ("admin", "Quản trị hệ thống", Role.ADMIN, None, True),
        ("cchc", "Nguyễn Văn An (Phòng CCHC)", Role.PAR_OFFICE, snv, False),
        ("lanhdao.tinh", "Võ Thị Hoa (Lãnh đạo UBND tỉnh)", Role.UNIT_LEADER, prov, False),
        ("lanhdao.stp", "Trần Thị Bình (Lãnh đạo Sở Tư pháp)", Role.UNIT_LEADER, stp, False),
        ("daumoi.stp", "Lê Văn Cường (Đầu mối CCHC Sở Tư pháp)", Role.FOCAL_POINT, stp, False),
        ("daumoi.xa", "Phạm Thị Dung (Đầu mối CCHC cấp xã)", Role.FOCAL_POINT, commune, False),
        ("thamdinh", "Hoàng Văn Em (Thành viên thẩm định)", Role.APPRAISER, snv, False),
        ("xem", "Đỗ Thị Giang (Chỉ xem)", Role.VIEWER, stp, False),
    ]
    User = get_user_model()
    out = []
    for username, full, role, unit, superuser in spec:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": full, "is_staff": superuser, "is_superuser": superuser, "email": f"{username}@example.vn"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        out.append((username, full, unit.name if unit else "—"))
    return out


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không sao)"

    def add_arguments(self, parser):
        parser.add_argument("--all-provinces", action="store_true",
                            help="Nạp thêm đơn vị của cả 34 tỉnh (chậm hơn; không hiện trên màn hình của tỉnh)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **opts):
        province = settings.CCHC_PROVINCE
        # the installation's province with its departments, districts and communes (and its predecessors)
        load_admin_units(provinces=None if opts["all_provinces"] else [province], communes=True)
        users = demo_users(province)
        for load in get_hooks("demo"):  # each installed app's demo content (its hooks.py), in their order
            try:
                load()
            except Exception as exc:  # noqa: BLE001 - show and continue: one app's demo must not block the rest
                self.stderr.write(f"Không nạp được dữ liệu mẫu của {load.__module__.split('.')[1]}: {exc}")
        if not opts["quiet"]:
            self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % DEMO_PASSWORD)
            for username, full, unit in users:
                self.stdout.write(f"  {username:<12} {full} — {unit}")
