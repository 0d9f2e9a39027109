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
