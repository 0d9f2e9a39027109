"""The accounts that command-line work (demo content of the apps) is written as."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from cchc.org import access


def first_holder(role: str):
    """The first account holding ``role`` (an ``access`` role), or None."""
    return get_user_model().objects.filter(memberships__role=role).first()


def demo_office():
    """The first CCHC office account; a CommandError when there is none yet (`cchc load_demo` makes it)."""
    office = first_holder(access.PAR_OFFICE)
    if office is None:
        raise CommandError("Chưa có tài khoản Phòng CCHC; chạy `cchc load_demo` trước.")
    return office


def office_account():
    """The account command-line work is written as when none is named: the first active CCHC office account
    (Sở Nội vụ), else the first active administrator; None when there is neither."""
    User = get_user_model()
    return User.objects.filter(memberships__role=access.PAR_OFFICE, is_active=True).order_by("pk").first() \
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def acting_user(username: str | None):
    """The account a command acts as (``--user``): the named active account, else :func:`office_account`; a
    CommandError when there is none."""
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có tài khoản đang hoạt động “{username}”.")
        return user
    user = office_account()
    if user is None:
        raise CommandError("Chưa có tài khoản Phòng CCHC hoặc quản trị: tạo tài khoản trước, hoặc dùng --user.")
    return user
