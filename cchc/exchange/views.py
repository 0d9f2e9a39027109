"""The office's screen of client systems (/exchange/): add and change systems, issue and revoke their tokens.
A new secret is shown once, on the page that answers the issuing POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import CodedError
from cchc.core.params import BadParameter, int_param
from cchc.exchange import services
from cchc.exchange.models import ClientSystem
from cchc.exchange.scopes import SCOPES
from cchc.org import access
from cchc.org.models import OrgUnit

OFFICE = (access.ADMIN, access.PAR_OFFICE)


def _context(request, **extra):
    clients = list(ClientSystem.objects.select_related("unit", "user"))
    for c in clients:
        c.token_list = list(services.tokens_of(c))
    return {"clients": clients, "scopes": SCOPES, **extra}


def _form_values(request):
    unit_code = (request.POST.get("unit") or "").strip()
    unit = None
    if unit_code:
        unit = OrgUnit.objects.filter(code=unit_code).first()
        if unit is None or not access.can_view_unit(request.user, unit):
            raise ValidationError({"unit": _("Không tìm thấy đơn vị có mã “%(c)s”.") % {"c": unit_code[:40]}})
    rate = int_param(request.POST.get("rate"), name="rate", default=60, min_value=1, max_value=100_000,
                     label=_("Số yêu cầu tối đa mỗi phút"))
    return {"name": request.POST.get("name", ""), "contact": request.POST.get("contact", ""),
            "scopes": request.POST.getlist("scopes"), "unit": unit, "rate_limit_per_minute": rate}


def _errors(request, exc):
    if isinstance(exc, ValidationError):
        for field, msgs in exc.message_dict.items():
            for m in msgs:
                messages.error(request, f"{field}: {m}")
    else:
        messages.error(request, getattr(exc, "message", str(exc)))


@access.login_and_role_required(*OFFICE)
def index(request):
    if request.method == "POST":
        try:
            client = services.client_save(user=request.user, code=request.POST.get("code", ""),
                                          **_form_values(request))
        except (ValidationError, BadParameter, CodedError) as exc:
            _errors(request, exc)
            return render(request, "exchange/index.html", _context(request, posted=request.POST), status=400)
        messages.success(request, _("Đã thêm hệ thống kết nối “%(n)s”.") % {"n": client.name})
        return redirect("exchange:index")
    return render(request, "exchange/index.html", _context(request))


@require_POST
@access.login_and_role_required(*OFFICE)
def client_edit(request, pk: int):
    client = get_object_or_404(ClientSystem, pk=pk)
    try:
        services.client_save(user=request.user, client=client, code=client.code,
                             is_active=request.POST.get("is_active") == "on", **_form_values(request))
    except (ValidationError, BadParameter, CodedError) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã lưu hệ thống “%(n)s”.") % {"n": client.name})
    return redirect("exchange:index")


@require_POST
@access.login_and_role_required(*OFFICE)
def token_issue(request, pk: int):
    client = get_object_or_404(ClientSystem, pk=pk)
    try:
        days = int_param(request.POST.get("days"), name="days", default=365, min_value=1, max_value=3650,
                         label=_("Số ngày hiệu lực"))
        token, secret = services.token_issue(user=request.user, client=client, days=days,
                                             label=request.POST.get("label", ""))
    except (BadParameter, CodedError) as exc:
        _errors(request, exc)
        return redirect("exchange:index")
    return render(request, "exchange/index.html", _context(request, new_secret=secret, new_token=token,
                                                           new_client=client))


@require_POST
@access.login_and_role_required(*OFFICE)
def token_revoke(request, pk: int, token_id: int):
    client = get_object_or_404(ClientSystem, pk=pk)
    token = get_object_or_404(services.tokens_of(client), pk=token_id)
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa %(p)s….") % {"p": token.prefix})
    return redirect("exchange:index")
