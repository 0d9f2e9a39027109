"""Issue 13 part 4: the exchange API — scopes, rate limit, incremental pulls, idempotent pushes, unit scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.core.models import ApiToken

pytestmark = pytest.mark.django_db


def test_me_names_the_client_and_its_scopes(make_client, api_for):
    client, secret = make_client(scopes=["tasks:read"], unit="T42.stp")
    resp = api_for(secret).get("me")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["code"] == "bao-cao-tinh" and body["scopes"] == ["tasks:read"] and body["unit_code"] == "T42.stp"
