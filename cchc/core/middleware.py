"""Request-edge middleware: the real client address behind a trusted proxy, refusal of NUL bytes and bad
parameters with a Vietnamese 400, and one structured log line per request."""

from __future__ import annotations

import json
import logging
import time

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cchc.core.clientip import client_ip
from cchc.core.params import BadParameter

logger = logging.getLogger("cchc.request")
# Paths whose requests are logged without the client address (anonymous survey answers, cchc.surveys.public).
ANONYMOUS_PREFIXES = ("/s/",)


class TrustedProxyMiddleware:
    """Set ``REMOTE_ADDR`` to the real client address when the request came through a proxy listed in
    ``settings.TRUSTED_PROXIES``, and drop ``X-Forwarded-For`` so nothing further down (django-axes, the audit
    log) can be fooled by a header a client wrote itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_ip(request)
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        request.META.pop("HTTP_X_REAL_IP", None)
        return self.get_response(request)


def _bad_request(request, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "bad_request"}, status=400)
    try:
        body = render_to_string("400.html", {"message": message}, request=request)
    except Exception:  # noqa: BLE001 - the plain message is enough if the page cannot render
        body = message
    return HttpResponse(body, status=400)


def _has_nul(querydict) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in querydict.lists())


class EdgeGuardMiddleware:
    """Refuse input that no view should see: NUL characters (PostgreSQL cannot store them in text) in the query
    string, form fields or a JSON body — and turn :class:`~cchc.core.params.BadParameter` raised by a view into
    a 400 with its Vietnamese message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            return _bad_request(request, _("Địa chỉ hoặc tham số chứa ký tự NUL (\\0) không hợp lệ."))
        if request.method in ("POST", "PUT", "PATCH"):
            ctype = request.content_type or ""
            if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                try:
                    if _has_nul(request.POST):
                        return _bad_request(request, _("Dữ liệu gửi lên chứa ký tự NUL (\\0) không hợp lệ."))
                except Exception:  # noqa: BLE001,S110 - a malformed body is the view's (and Django's) business
                    pass
            elif ctype == "application/json":
                body = request.body
                if b"\\u0000" in body or b"\x00" in body:
                    return _bad_request(request, _("Dữ liệu JSON chứa ký tự NUL (\\u0000) không hợp lệ."))
                if _nonfinite_json(body):
                    return _bad_request(request, _("Dữ liệu JSON chứa giá trị số không hữu hạn (NaN/Infinity)."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return _bad_request(request, exception.message)
        return None


def _nonfinite_json(body: bytes) -> bool:
    """JSON bodies with NaN / Infinity (Python's json accepts them; they are not JSON and PostgreSQL refuses them
    in numeric columns)."""
    if not any(tok in body for tok in (b"NaN", b"Infinity")):
        return False
    found = []

    def constant(name):
        found.append(name)
        return 0

    try:
        json.loads(body, parse_constant=constant)
    except ValueError:
        return False
    return bool(found)


class RequestLogMiddleware:
    """One line per request: ``GET /plans/ 200 12.3ms user=…`` (text) or the same fields as JSON keys."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        ms = round((time.perf_counter() - start) * 1000, 1)
        user = getattr(request, "user", None)
        username = getattr(user, "username", None) if user is not None and user.is_authenticated else None
        status = response.status_code
        # the public survey pages (/s/…) are anonymous: their client address is not written anywhere
        ip = "-" if request.path.startswith(ANONYMOUS_PREFIXES) else request.META.get("REMOTE_ADDR", "-")
        level = logging.ERROR if status >= 500 else logging.WARNING if status in (401, 403, 429) else logging.INFO
        logger.log(level, "%s %s %s %sms user=%s ip=%s", request.method, request.path, status, ms, username or "-", ip,
                   extra={"method": request.method, "path": request.path, "status": status, "ms": ms,
                          "user": username, "ip": None if ip == "-" else ip})
        return response


class ChosenLanguageMiddleware:
    """The UI language is Vietnamese unless the user chose another in the language switch (the cookie that
    ``set_language`` writes). Unlike Django's LocaleMiddleware the browser's Accept-Language is not followed: an
    office computer with an English Chrome must still show the Vietnamese UI."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        lang = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response
