"""Shortcuts of views and selectors: one object or a 404, and a POST view's service call told as a message.

:func:`first_or_404` is ``get_object_or_404`` with our Vietnamese message (the first match of a scoped queryset).
A form-posting view calls its service through :func:`flash_call` and redirects either way::

    flash_call(request, lambda: services.report_regenerate(user=request.user, report=report),
               success=_("Đã lấy lại số liệu từ hệ thống."))
    return redirect("reports:detail", pk)

The service's refusal (a :class:`~cchc.core.errors.CodedError`, or the exception types given) becomes an error
message with its Vietnamese ``message``; otherwise ``success`` becomes a success message. :func:`flash_redirect`
does both steps, and can send a success to the page of the object the call created::

    return flash_redirect(request, create, success=_("Đã lập báo cáo."), to=lambda r: ("reports:detail", r.pk),
                          failed_to="reports:index")

and :func:`acting_on` makes the one helper of a kind of object (find it for the user, call, message, its page).
A view that shows its form again puts the service's refusal on it with :func:`refusal_on_form`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext

from cchc.core.errors import CodedError

_REFUSED = object()


def refusal_on_form(form, exc: Exception) -> None:
    """Put a service's refusal on ``form``: a Django ``ValidationError`` by field, or a
    :class:`~cchc.core.errors.CodedError` on its ``extra["field"]``; a field the form does not have (or none) gives
    a non-field error. The form checks the input's shape, the service the rules; the user sees both in one place."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        refused = exc.message_dict.items()
    elif isinstance(exc, ValidationError):
        refused = [(None, exc.messages)]
    else:
        refused = [(getattr(exc, "extra", {}).get("field"), [getattr(exc, "message", str(exc))])]
    for field, errors in refused:
        form.add_error(field if field in form.fields else None, errors)


def _flashed(request, call: Callable[[], Any], success, errors):
    """``call()``'s result after a success message, or ``_REFUSED`` after an error message."""
    try:
        result = call()
    except errors as exc:
        messages.error(request, exc.message)
        return _REFUSED
    messages.success(request, success(result) if callable(success) else success)
    return result


def flash_call(request, call: Callable[[], Any], *, success: str | Callable[[Any], str],
               errors: type[Exception] | tuple[type[Exception], ...] = CodedError) -> bool:
    """Run ``call()``; an ``errors`` exception becomes an error message (its ``message``), else ``success`` (a
    text, or a function of the call's result that returns one) a success message. Returns whether it succeeded."""
    return _flashed(request, call, success, errors) is not _REFUSED


def flash_redirect(request, call: Callable[[], Any], *, success: str | Callable[[Any], str], to,
                   errors: type[Exception] | tuple[type[Exception], ...] = CodedError, failed_to=None):
    """:func:`flash_call`, then the redirect that ends the view. ``to`` (after a success) is a URL name, a tuple
    ``(URL name, *args)`` or a function of the call's result that returns one (the page of what the call created);
    after a refusal ``failed_to``, by default ``to`` (then not a function)."""
    result = _flashed(request, call, success, errors)
    if result is _REFUSED:
        target = failed_to or to
    else:
        target = to(result) if callable(to) else to
    return redirect(*target) if isinstance(target, tuple) else redirect(target)


def acting_on(load: Callable[[Any, Any], Any], page: str, *,
              errors: type[Exception] | tuple[type[Exception], ...] = CodedError):
    """The end of every form-posting view on one object of a kind: ``load(user, pk)`` finds it (a scoped
    ``*_or_404``), ``act(obj)`` runs as in :func:`flash_call`, then the object's page (URL name ``page``, its pk)::

        _on_report = acting_on(selectors.report_or_404, "reports:detail")
        ...
        return _on_report(request, pk, lambda report: services.report_regenerate(user=request.user, report=report),
                          success=_("Đã lấy lại số liệu từ hệ thống."))
    """
    default_errors = errors

    def act_on(request, pk, act: Callable[[Any], Any], *, success: str | Callable[[Any], str],
               errors: type[Exception] | tuple[type[Exception], ...] = default_errors):
        obj = load(request.user, pk)
        return flash_redirect(request, lambda: act(obj), success=success, errors=errors, to=(page, obj.pk))

    return act_on


def first_or_404(qs, message: str | None = None, **lookup):
    """The first object of ``qs`` matching ``lookup`` (``pk=…``); none raises Http404 with ``message`` (translated
    by the caller; "Không tìm thấy." by default)."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404(message or gettext("Không tìm thấy."))
    return obj
