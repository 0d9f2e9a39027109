"""Reads of the notifications app; a user only ever sees their own notifications."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.core.shortcuts import first_or_404
from cchc.notifications.models import Notification, NotificationPreference


def notifications_for_user(user, *, unread_only: bool = False):
    if not user or not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def notifications_unread_count(user) -> int:
    return notifications_for_user(user, unread_only=True).count()


def notification_own_or_404(user, pk: int) -> Notification:
    """Another user's notification is "not found" (no existence leak)."""
    n = first_or_404(notifications_for_user(user), _("Không tìm thấy thông báo."), pk=pk)
    return n


def email_mode(user) -> str:
    pref = NotificationPreference.objects.filter(user=user).values_list("email_mode", flat=True).first()
    return pref or NotificationPreference.EmailMode.DIGEST.value
