from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, roles allowed or None for every signed-in user)
NAV_ITEMS = [
    ("home", _("Trang chủ"), None),
    ("org:unit_list", _("Đơn vị"), None),
    ("plans:index", _("Kế hoạch"), None),
    ("knowledge:search", _("Tra cứu, hỏi đáp"), None),
    ("exams:index", _("Kiểm tra kiến thức"), None),
    ("assessment:index", _("Chỉ số CCHC"), None),
    ("inspections:index", _("Kiểm tra CCHC"), None),
    ("initiatives:index", _("Sáng kiến"), None),
    ("capacity:index", _("Đội ngũ CCHC"), ("admin", "par_office", "unit_leader", "focal_point", "appraiser")),
    ("surveys:index", _("Khảo sát hài lòng"), None),
    ("dossiers:index", _("Chỉ số 766"), None),
    ("core:audit_list", _("Nhật ký"), ("admin", "par_office")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    from cchc.org.access import has_role

    items = []
    for name, label, roles in NAV_ITEMS:
        if roles and not has_role(user, *roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url) and url != "/"
                      or request.path == url})
    return {"nav_items": items}
