"""Shortcuts of views and selectors: one object or a 404, and a POST view's service call told as a message.

:func:`first_or_404` is ``get_object_or_404`` with our Vietnamese message (the first match of a scoped queryset).
A form-posting view calls its service through :func:`flash_call` and redirects either way::

    flash_call(request, lambda: services.report_regenerate(user=request.user, report=report),
               success=_("Đã lấy lại số liệu từ hệ thống."))
    return redirect("reports:detail", pk)

The service's refusal (a :class:`~cchc.core.errors.CodedError`, or the exception types given) becomes an error
message with its Vietnamese ``message``; otherwise ``success`` becomes a success message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext

from cchc.core.errors import CodedError


def flash_call(request, call: Callable[[], Any], *, success: str | Callable[[Any], str],
               errors: type[Exception] | tuple[type[Exception], ...] = CodedError) -> bool:
    """Run ``call()``; an ``errors`` exception becomes an error message (its ``message``), else ``success`` (a
    text, or a function of the call's result that returns one) a success message. Returns whether it succeeded."""
    try:
        result = call()
    except errors as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def first_or_404(qs, message: str | None = None, **lookup):
    """The first object of ``qs`` matching ``lookup`` (``pk=…``); none raises Http404 with ``message`` (translated
    by the caller; "Không tìm thấy." by default)."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404(message or gettext("Không tìm thấy."))
    return obj
