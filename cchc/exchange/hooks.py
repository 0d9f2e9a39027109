"""What the exchange app contributes to the shared pages (auto-discovered by cchc.site; see cchc.core.hooks)."""

from cchc.core import hooks

DEMO_CLIENTS = [
    ("bao-cao-tinh", "Hệ thống thông tin báo cáo của tỉnh", "Văn phòng UBND tỉnh",
     ["tasks:read", "targets:read", "indicators:read", "index:read", "reports:read"], None, 120),
    ("phan-mem-stp", "Phần mềm quản lý văn bản, điều hành của Sở Tư pháp", "Văn phòng Sở Tư pháp",
     ["tasks:read", "targets:read", "measurements:write"], "stp", 60),
]


@hooks.register("demo", order=80)
def load_demo(stdout=None):
    """Two client systems (no token: the office issues them on /exchange/); nothing when they exist."""
    from django.contrib.auth import get_user_model

    from cchc.exchange import services
    from cchc.exchange.models import ClientSystem
    from cchc.org import access
    from cchc.org.models import OrgUnit

    office = get_user_model().objects.filter(memberships__role=access.PAR_OFFICE, is_active=True).order_by("pk") \
        .first()
    if office is None:
        return
    for code, name, contact, scopes, unit_suffix, rate in DEMO_CLIENTS:
        if ClientSystem.objects.filter(code=code).exists():
            continue
        unit = None
        if unit_suffix:
            unit = OrgUnit.objects.filter(code__endswith=f".{unit_suffix}", valid_to__isnull=True,
                                          memberships__isnull=False).order_by("code").first()
            if unit is None:
                continue
        services.client_save(user=office, code=code, name=name, contact=contact, scopes=scopes, unit=unit,
                             rate_limit_per_minute=rate)
    if stdout is not None:
        stdout.write(f"Hệ thống kết nối: {ClientSystem.objects.count()}")
