"""Fixtures of the exchange API tests: client systems made through the service, with their tokens."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.plans.conftest import small_plan  # noqa: F401 - fixture

ALL_SCOPES = ["tasks:read", "targets:read", "measurements:write", "indicators:read", "index:read", "reports:read"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit windows of another test must not count here
    yield
    cache.clear()


@pytest.fixture
def make_client(users):
    """make_client(code, scopes=..., unit=None, rate=1000) → (ClientSystem, secret)."""
    from cchc.exchange import services
    from cchc.org.models import OrgUnit

    def _make(code="bao-cao-tinh", scopes=ALL_SCOPES, unit=None, rate=1000, days=30):
        unit_obj = OrgUnit.objects.get(code=unit) if unit else None
        client = services.client_save(user=users["par_office"], code=code, name=f"Hệ thống {code}", scopes=scopes,
                                      contact="Trung tâm CNTT", unit=unit_obj, rate_limit_per_minute=rate)
        _token, secret = services.token_issue(user=users["par_office"], client=client, days=days)
        return client, secret

    return _make


class Api:
    """GET/POST against /api/v1/exchange/ with a token."""

    def __init__(self, secret: str):
        self.secret = secret
        self.http = Client(enforce_csrf_checks=True)

    def get(self, path: str, **params):
        return self.http.get(f"/api/v1/exchange/{path}", params, HTTP_AUTHORIZATION=f"Token {self.secret}")

    def post(self, path: str, data: dict, key: str | None = None):
        headers = {"HTTP_AUTHORIZATION": f"Token {self.secret}"}
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        return self.http.post(f"/api/v1/exchange/{path}", data, content_type="application/json", **headers)

    def walk(self, path: str, **params) -> list[dict]:
        """Every item of a list, page after page."""
        items, cursor = [], None
        for _ in range(1000):
            resp = self.get(path, **params, **({"cursor": cursor} if cursor else {}))
            assert resp.status_code == 200, resp.content
            body = resp.json()
            items += body["items"]
            cursor = body["next_cursor"]
            if not cursor:
                return items
        raise AssertionError("no end of pages")


@pytest.fixture
def api_for():
    return Api
