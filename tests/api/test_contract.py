"""Issue 8 item 14: property-based contract test of the REST API (schemathesis 4, WSGI, inside pytest).

Every operation of /api/openapi.json is called with generated inputs — fitting the schema, and (negative mode)
not fitting it: out-of-range and wrong-typed parameters, missing fields — under a write token of the administrator, on a database holding a real
province tree and a confirmed plan. Checks: no 5xx, every status code documented, every body matching its
documented schema. Derandomised (the same examples each run) so CI is stable; CCHC_CONTRACT_EXAMPLES raises
the number of examples per operation for a deeper local run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis  # a pinned test dependency (pyproject [test]): CI must not skip this test silently
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.plans.conftest import small_plan  # noqa: E402,F401 - fixture

EXAMPLES = int(os.environ.get("CCHC_CONTRACT_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


def operations(prefix: str = "") -> list[tuple[str, str]]:
    """(path, method) of every operation of the API whose path starts with ``prefix``."""
    from cchc.api import api

    spec = api.get_openapi_schema()
    return [(path, method) for path, ops in spec["paths"].items() if path.startswith(prefix) for method in ops]


def contract_failures(api_schema, ops, secret: str) -> tuple[list[str], int]:
    """Call every operation of ``ops`` with generated inputs, fitting the schema and (negative mode) not, under
    ``Authorization: Token <secret>``, checking CHECKS. Returns the failures (one text each) and how many
    (operation, mode) runs passed."""
    failures, ran = [], 0
    for path, method in ops:
        operation = api_schema[path][method.upper()]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(headers={"Authorization": f"Token {secret}"})
                case.validate_response(response, checks=CHECKS)

            try:
                run()
                ran += 1
            except Unsatisfiable:
                if mode != GenerationMode.NEGATIVE:  # a free-text path has no invalid value: nothing to test
                    failures.append(f"{method.upper()} {path} ({mode}): no example could be generated")
            except Exception as exc:  # noqa: BLE001 - collect every operation's failure, report them together
                failures.append(f"{method.upper()} {path} ({mode}): {exc}")
    return failures, ran


@pytest.fixture
def api_schema():
    """The schema served by the WSGI app. Django closes the database connection at the end of each request
    (``close_old_connections``; inside the test's transaction on PostgreSQL that ends it), so — as Django's own
    test client does — the signal handlers are disconnected while schemathesis calls the app."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from cchc.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_honours_its_contract(api_schema, users, small_plan):  # noqa: F811
    """One database set-up (the province tree is slow to load), every operation in both modes."""
    from cchc.core.models import ApiToken

    _token, key = ApiToken.issue(users["admin"], scope="write")
    failures, ran = contract_failures(api_schema, operations(), key)
    assert ran >= len(operations()), ran
    assert not failures, "\n\n".join(failures)


def test_every_operation_documents_the_common_errors():
    from cchc.api import api

    spec = api.get_openapi_schema()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for code in ("401", "404", "422"):
                assert code in op["responses"], (method, path, code)
