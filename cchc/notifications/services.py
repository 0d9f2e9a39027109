"""Writes of the notifications app: ``users_notify`` (called by the owning apps' services, one line each),
mark read, preferences, immediate e-mail and the daily digest (one e-mail per user with the unread items).

E-mail goes through Django's mail (settings.EMAIL_BACKEND: console by default, locmem in tests, SMTP in
production). Notification rows are written in the caller's transaction; e-mails leave only after it commits.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.vntext import nfc
from cchc.notifications import kinds
from cchc.notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
EmailMode = NotificationPreference.EmailMode


def site_url() -> str:
    return str(getattr(settings, "CCHC_SITE_URL", "") or "http://localhost:8000").rstrip("/")


def url_absolute(url: str) -> str:
    return f"{site_url()}{url}" if url.startswith("/") else url


def _user_ids(users) -> list[int]:
    out = []
    for u in users or ():
        pk = getattr(u, "pk", u)
        if pk is not None and pk not in out:
            out.append(int(pk))
    return out


def email_modes(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's e-mail mode (users without a preference row get the default: daily digest)."""
    user_ids = list(user_ids)
    modes = dict.fromkeys(user_ids, EmailMode.DIGEST.value)
    modes.update(NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "email_mode"))
    return modes


def users_notify(users, kind: str, title: str, *, body: str = "", url: str = "", key: str = "",
           emailed: bool = False) -> list[Notification]:
    """Notify ``users`` (users or ids; duplicates and inactive accounts skipped) of one event.

    ``key`` makes the call idempotent per user (e.g. "report:12:returned:v3"); ``emailed=True`` when the
    caller already e-mailed the content (reminders), so neither the immediate mail nor the digest repeats it.
    Users who chose immediate e-mail get one mail per notification after the transaction commits.
    """
    if kinds.get(kind) is None:
        raise ValueError(f"Loại thông báo chưa đăng ký: {kind}")
    ids = _user_ids(users)
    if not ids:
        return []
    active = set(get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    ids = [i for i in ids if i in active]
    if key:
        seen = set(Notification.objects.filter(user_id__in=ids, key=key).values_list("user_id", flat=True))
        ids = [i for i in ids if i not in seen]
    if not ids:
        return []
    now = timezone.now()
    title, body = nfc(title).strip()[:300], nfc(body or "").strip()
    rows = Notification.objects.bulk_create([
        Notification(user_id=i, kind=kind, title=title, body=body, url=(url or "")[:500], key=key[:200],
                     emailed_at=now if emailed else None) for i in ids])
    if not emailed:
        modes = email_modes(ids)
        immediate = {n.user_id for n in rows if modes.get(n.user_id) == EmailMode.IMMEDIATE}
        if immediate:
            pks = [n.pk for n in rows if n.user_id in immediate]  # set by bulk_create (SQLite, PostgreSQL)
            transaction.on_commit(lambda: emails_send_immediate(pks))
    return rows


def _mail_text(items: list[Notification]) -> str:
    lines = []
    for n in items:
        lines.append(f"- [{kinds.label(n.kind)}] {n.title}")
        if n.body:
            lines.extend(f"  {line}" for line in n.body.splitlines()[:6])
        if n.url:
            lines.append(f"  {url_absolute(n.url)}")
    return "\n".join(lines)


def emails_send_immediate(pks: list[int]) -> int:
    """E-mail each notification of ``pks`` not yet e-mailed (users with an address); returns mails sent."""
    sent = 0
    for n in Notification.objects.filter(pk__in=pks, emailed_at__isnull=True).select_related("user"):
        if not n.user.email:
            continue
        try:
            send_mail(subject=f"[CCHC] {n.title}"[:200],
                      message=_("Kính gửi %(name)s,\n\n%(items)s\n\nXem tất cả thông báo: %(url)s\n")
                      % {"name": n.user.get_full_name() or n.user.username, "items": _mail_text([n]),
                         "url": url_absolute("/notifications/")},
                      from_email=None, recipient_list=[n.user.email])
        except Exception:  # noqa: BLE001 - the digest retries what could not be sent now
            logger.exception("notification mail %s failed", n.pk)
            continue
        Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def digest_send(*, now=None) -> dict:
    """One e-mail per user listing the unread notifications not yet e-mailed (users whose mode is not "none"
    and who have an address); the listed notifications are marked e-mailed. Run daily
    (``cchc notifications digest``)."""
    now = now or timezone.now()
    pending = (Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True, created__lte=now)
               .select_related("user").order_by("user_id", "created", "pk"))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        by_user[n.user_id].append(n)
    modes = email_modes(by_user)
    emails = notified = 0
    for user_id, items in by_user.items():
        user = items[0].user
        if modes.get(user_id) == EmailMode.NONE or not user.email or not user.is_active:
            continue
        subject = (_("[CCHC] %(count)s thông báo mới") % {"count": len(items)} if len(items) > 1
                   else f"[CCHC] {items[0].title}")
        send_mail(subject=subject[:200],
                  message=_("Kính gửi %(name)s,\n\nBạn có %(count)s thông báo chưa đọc trên hệ thống quản lý "
                            "CCHC:\n\n%(items)s\n\nXem tất cả thông báo: %(url)s\n")
                  % {"name": user.get_full_name() or user.username, "count": len(items), "items": _mail_text(items),
                     "url": url_absolute("/notifications/")},
                  from_email=None, recipient_list=[user.email])
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        emails += 1
        notified += len(items)
    return {"emails": emails, "notifications": notified}


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when ``ids`` is None); returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def email_mode_set(*, user, mode: str) -> NotificationPreference:
    if mode not in EmailMode.values:
        raise ValueError(_("Tùy chọn nhận thư không hợp lệ: %(mode)s") % {"mode": mode})
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    if pref.email_mode != mode:
        pref.email_mode = mode
        pref.save()
    return pref
