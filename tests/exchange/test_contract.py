"""Issue 13 part 4: property-based contract test of the exchange API (schemathesis, as tests/api/test_contract.py)
under a client system's token with every scope, on a database holding the province tree, a confirmed plan with a
measurement (and a deleted one), a published index round and imported dossiers. Checks: no 5xx, every status code documented, every
body matching its documented schema, in positive and negative generation modes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.api.test_contract import api_schema, contract_failures, operations  # noqa: F401 - fixture
from tests.dossiers.test_engine import write_csv
from tests.dossiers.test_site import ROWS

PREFIX = "/api/v1/exchange/"


@pytest.mark.django_db
def test_exchange_operations_honour_their_contract(api_schema, make_client, small_plan, tmp_path,  # noqa: F811
                                                   settings, org_tree):
    from cchc.assessment.models import Framework, Round
    from cchc.exchange.models import Deletion
    from cchc.plans.models import Measurement

    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    call_command("dossiers", "import", str(write_csv(tmp_path / "march.csv", ROWS)), stdout=io.StringIO())
    stp = org_tree["T42.stp"]
    fw = Framework.objects.create(year=2025, unit_kind="so", title="Bộ tiêu chí 2025")
    Round.objects.create(framework=fw, deadline=timezone.now(), published_at=timezone.now(), decision="QĐ 1",
                         published_results=[{"rank": 1, "unit_id": stp.pk, "unit": stp.name, "points": "80.000",
                                             "maximum": "100.000", "index": "80.000", "class": "Khá",
                                             "previous_rank": None, "rank_change": None}])
    Measurement.objects.create(target=small_plan.targets.first(), unit=stp, period="2024", value=70)
    Measurement.objects.create(target=small_plan.targets.first(), unit=stp, period="2023", value=60).delete()
    assert Deletion.objects.filter(kind="measurement").exists()  # GET /deleted has a row to serve
    _client, secret = make_client(rate=100_000)
    ops = operations(PREFIX)
    assert len(ops) >= 10, ops  # incl. POST /measurements/batch and GET /deleted
    assert (f"{PREFIX}measurements/batch", "post") in ops and (f"{PREFIX}deleted", "get") in ops
    failures, ran = contract_failures(api_schema, ops, secret)
    assert ran >= len(ops), ran
    assert not failures, "\n\n".join(failures)


def test_exchange_operations_are_documented_in_vietnamese():
    from cchc.api import api

    spec = api.get_openapi_schema()
    for path, method in operations(PREFIX):
        op = spec["paths"][path][method]
        assert op.get("summary") and op.get("description"), (method, path)
        assert "429" in {str(k) for k in op["responses"]}, (method, path)
        if not path.endswith("/me"):
            assert "Phạm vi cần có" in op["description"], (method, path)
