"""Authentication of the exchange API: a client system's token (``Authorization: Token …``), its rate limit, and
the client's rights bound to the request.

The token is the project's one kind (:class:`cchc.core.models_token.ApiToken`), issued to the client system's
service account. A user's own token, or a session, is refused here (403): the exchange endpoints answer systems,
whose scopes and units the CCHC office sets. Conversely cchc.api refuses a client system's token on every other
endpoint."""

from __future__ import annotations

from cchc.core.errors import CodedError
from cchc.core.token_auth import HeaderTokenAuth, token_sign_in
from cchc.exchange import ratelimit
from cchc.exchange import scopes as sc


class RateLimited(CodedError):
    status = 429

    def __init__(self, retry_after: int, limit: int):
        super().__init__("rate_limited", f"Khóa API đã dùng quá {limit} yêu cầu trong một phút; hãy thử lại sau "
                                         f"{retry_after} giây.", retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


def bind(user, client) -> None:
    """The client system's rights as the permission layer (cchc.org.access) reads them, for this request only:
    never stored as memberships, so a service account is in no unit's lists, campaigns or notifications.
    Bound to a unit: that unit and its descendants (read; write with measurements:write). Not bound: the whole
    province (read all; write all with measurements:write)."""
    from cchc.org import access
    from cchc.org.models import Membership

    if client.unit_id:
        role = access.FOCAL_POINT if client.writes else access.VIEWER
    else:
        role = access.PAR_OFFICE if client.writes else access.APPRAISER
    user._cchc_memberships = [Membership(user=user, unit=client.unit, role=role)]


class ClientTokenAuth(HeaderTokenAuth):
    """`Authorization: Token <secret>` of a client system (issued by `cchc exchange token CODE`)."""

    def accept(self, request, token):
        from cchc.exchange.models import ClientSystem

        client = ClientSystem.objects.select_related("unit").filter(user_id=token.user_id).first()
        if client is None:
            raise CodedError("not_client", "Khóa API này là khóa của một người dùng: API trao đổi dữ liệu chỉ nhận "
                                           "khóa do Phòng CCHC cấp cho hệ thống kết nối.")
        if not client.is_active:
            return None
        wait = ratelimit.hit(token.pk, client.rate_limit_per_minute)
        if wait is not None:
            raise RateLimited(wait, client.rate_limit_per_minute)
        bind(token.user, client)
        request.exchange_client, request.exchange_token = client, token
        return token_sign_in(request, token)


def need(request, scope: str | None):
    """The request's client system, when its scopes include ``scope`` (any client when None); else 403 with a
    Vietnamese message."""
    client = getattr(request, "exchange_client", None)
    if client is None:
        raise CodedError("not_client", "API trao đổi dữ liệu chỉ nhận khóa của hệ thống kết nối.")
    if scope and not client.has_scope(scope):
        raise CodedError("scope_missing", sc.missing_message(scope), scope=scope)
    return client


client_auth = ClientTokenAuth()
