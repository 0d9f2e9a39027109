"""`cchc plan parse FILE --format json` prints one JSON object with the gold field names."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from .conftest import SEEDS


@pytest.mark.django_db
def test_plan_parse_json_has_the_contract_fields():
    out = io.StringIO()
    call_command("plan", "parse", str(SEEDS[0]), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"title", "issuer", "province", "period", "tables", "targets"} <= set(data)
    task = data["tables"][0]["tasks"][0]
    for key in ("number", "section", "title", "activities", "products", "lead", "partners", "deadline", "budget",
                "note", "schedule", "lead_units", "partner_units", "unresolved"):
        assert key in task
    # every agency is either resolved or listed as unresolved — never dropped
    for table in data["tables"]:
        for t in table["tasks"]:
            shown = {u["input"] for u in t["lead_units"] + t["partner_units"]} | set(t["unresolved"])
            assert set(t["lead"]) | set(t["partners"]) <= shown
    assert {"text", "indicator", "value", "unit", "year", "level"} <= set(data["targets"][0])
