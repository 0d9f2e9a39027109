"""Notification list, mark read (POST), e-mail preference (POST). Thin: rules in services/selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.notifications import selectors, services
from cchc.notifications.models import NotificationPreference
from cchc.org.access import login_and_role_required


@login_and_role_required()
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notifications_for_user(request.user, unread_only=unread_only)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "items": page.object_list, "unread_only": unread_only,
        "unread": selectors.notifications_unread_count(request.user), "email_mode": selectors.email_mode(request.user),
        "email_modes": NotificationPreference.EmailMode.choices})


@require_POST
@login_and_role_required()
def mark_read(request):
    """POST id=<pk> (one; 404 when it is not the user's) or all=1; optional next=<local url> to follow."""
    if request.POST.get("all"):
        n = services.notifications_mark_read(user=request.user)
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": n})
        return redirect("notifications:list")
    try:
        pk = int(request.POST.get("id") or 0)
    except ValueError:
        pk = 0
    item = selectors.notification_own_or_404(request.user, pk)
    services.notifications_mark_read(user=request.user, ids=[item.pk])
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(nxt)
    return redirect("notifications:list")


@require_POST
@login_and_role_required()
def preferences(request):
    try:
        services.email_mode_set(user=request.user, mode=request.POST.get("email_mode", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu tùy chọn nhận thư."))
    return redirect("notifications:list")
