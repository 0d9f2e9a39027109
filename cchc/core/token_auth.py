"""`Authorization: Token <secret>` for the APIs: the one base of the user API's and the exchange API's token
authentication (``cchc.api.TokenAuth``, ``cchc.exchange.auth.ClientTokenAuth``).

A header without a valid :class:`~cchc.core.models_token.ApiToken` authenticates nobody; a valid token is handed to
the derived class's ``accept``, which refuses it or signs its user in with :func:`token_sign_in`."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import APIKeyHeader


class HeaderTokenAuth(APIKeyHeader):
    """`Authorization: Token <secret>`: None for another header or an unknown, expired or inactive secret, else what
    :meth:`accept` makes of the token. The OpenAPI scheme is named after the derived class."""

    param_name = "Authorization"

    def authenticate(self, request, key):
        token = header_token(key)
        if token is None:
            return None
        return self.accept(request, token)

    def accept(self, request, token):
        """The request's user for a valid ``token`` (after :func:`token_sign_in`), None, or a refusal raised."""
        raise NotImplementedError


def header_token(key):
    """The valid :class:`~cchc.core.models_token.ApiToken` of an ``Authorization`` header value ``Token <secret>``;
    None for another kind of header or an unknown, expired or inactive secret. (This API and the exchange API.)"""
    if not key or not key.startswith("Token "):
        return None
    from cchc.core.models_token import ApiToken

    return ApiToken.find(key[6:])


def token_sign_in(request, token):
    """The accepted token's user becomes the request's user and its audit actor; the token's ``last_used_at`` is
    refreshed at most every five minutes (bookkeeping, not audited). Returns the user."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    request.user = token.user
    _audit_actor(token.user)
    return token.user


def _audit_actor(user) -> None:
    """The audit middleware ran before the token was read: name the token's user as the actor of this request."""
    from auditlog.context import auditlog_value

    try:
        ctx = auditlog_value.get()
    except LookupError:
        return
    if ctx.get("actor") is None:
        ctx["actor"] = user
