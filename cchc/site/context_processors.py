from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

ASSESS = _("Đánh giá")
# (url name, label, roles allowed or None for every signed-in user, menu group or None for the top bar)
NAV_ITEMS = [
    ("home", _("Trang chủ"), None, None),
    ("org:unit_list", _("Đơn vị"), None, None),
    ("plans:index", _("Kế hoạch"), None, None),
    ("knowledge:search", _("Tra cứu, hỏi đáp"), None, None),
    ("exams:index", _("Kiểm tra kiến thức"), None, None),
    ("capacity:index", _("Đội ngũ CCHC"), ("admin", "par_office", "unit_leader", "focal_point", "appraiser"), None),
    ("assessment:index", _("Chỉ số CCHC"), None, ASSESS),
    ("surveys:index", _("Khảo sát hài lòng"), None, ASSESS),
    ("procedures:index", _("Thủ tục hành chính"), None, ASSESS),
    ("dossiers:index", _("Chỉ số 766"), None, ASSESS),
    ("inspections:index", _("Kiểm tra CCHC"), None, ASSESS),
    ("initiatives:index", _("Sáng kiến"), None, ASSESS),
    ("reports:index", _("Báo cáo"), None, None),
    ("exchange:index", _("Kết nối hệ thống"), ("admin", "par_office"), None),
    ("core:audit_list", _("Nhật ký"), ("admin", "par_office"), None),
]


def navigation(request):
    """``nav_items``: top-bar entries; an entry with ``children`` is a menu (the yearly assessment tools), placed
    where its first child is, so the bar stays on one line."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    from cchc.org.access import has_role

    items, groups = [], {}
    for name, label, roles, group in NAV_ITEMS:
        if roles and not has_role(user, *roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        entry = {"url": url, "label": label, "active": request.path.startswith(url) and url != "/"
                 or request.path == url}
        if group is None:
            items.append(entry)
            continue
        if group not in groups:
            groups[group] = {"label": group, "children": [], "active": False}
            items.append(groups[group])
        groups[group]["children"].append(entry)
        groups[group]["active"] = groups[group]["active"] or entry["active"]
    return {"nav_items": items}
