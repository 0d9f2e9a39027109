"""The accounts that command-line work (demo content of the apps) is written as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from cchc.org import access


def first_holder(role: str, unit=None):
    """The first account holding ``role`` (an ``access`` role) — in ``unit`` when given —, or None."""
    holders = get_user_model().objects.filter(memberships__role=role)
    if unit is not None:
        holders = holders.filter(memberships__unit=unit)
    return holders.order_by("pk").first()


def demo_office():
    """The first CCHC office account; a CommandError when there is none yet (`cchc load_demo` makes it)."""
    office = first_holder(access.PAR_OFFICE)
    if office is None:
        raise CommandError("Chưa có tài khoản Phòng CCHC; chạy `cchc load_demo` trước.")
    return office


def office_account(*, or_admin: bool = True):
    """The account command-line work is written as when none is named: the first active CCHC office account
    (Sở Nội vụ), else (``or_admin``) the first active administrator; None when there is none."""
    User = get_user_model()
    office = User.objects.filter(memberships__role=access.PAR_OFFICE, is_active=True).order_by("pk").first()
    if office is None and or_admin:
        office = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    return office


def logging_office():
    """The account an import that only the CCHC office makes is logged as (`cchc index import-survey`,
    `import-external`): :func:`office_account` without the administrator; a CommandError when there is none."""
    office = office_account(or_admin=False)
    if office is None:
        raise CommandError("Cần một tài khoản Phòng CCHC để ghi nhật ký.")
    return office


def account_named(username: str, *, active: bool = True):
    """The account called ``username``: an active one, or any when ``active`` is False (`cchc dossiers --user`); a
    CommandError naming it when there is none."""
    users = get_user_model().objects.filter(username=username)
    user = (users.filter(is_active=True) if active else users).first()
    if user is None:
        raise CommandError(f"Không có tài khoản đang hoạt động “{username}”." if active
                           else f"Không có tài khoản {username}.")
    return user


def acting_user(username: str | None):
    """The account a command acts as (``--user``): the named active account (:func:`account_named`), else
    :func:`office_account`; a CommandError when there is none."""
    if username:
        return account_named(username)
    user = office_account()
    if user is None:
        raise CommandError("Chưa có tài khoản Phòng CCHC hoặc quản trị: tạo tài khoản trước, hoặc dùng --user.")
    return user
