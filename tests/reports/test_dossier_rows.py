"""Biểu mẫu 3, mục 3.1–3.2 (dossiers settled on time by sở, ngành and by UBND cấp xã) filled from the 766
dossier data the dossiers app imported, through its report_figures provider."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cchc.org.models import OrgUnit
from cchc.reports import catalog, documents, services
from tests.dossiers.test_engine import row, write_csv
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_annex_dossier_rows_from_the_766_data(tmp_path, settings, users):
    commune = users["commune_focal"].memberships.first().unit
    rows = [
        row("TP1", unit_id="T42.stp", received_at=f"{YEAR}-02-02", due_at=f"{YEAR}-02-10", finished_at=f"{YEAR}-02-05"),
        row("TP2", unit_id="T42.stp", received_at=f"{YEAR}-02-02", due_at=f"{YEAR}-02-04", finished_at=f"{YEAR}-02-09"),
        row("YT1", unit_id="T42.syt", received_at=f"{YEAR}-03-03", due_at=f"{YEAR}-03-10", finished_at=f"{YEAR}-03-04"),
        row("X1", unit_id=commune.code, received_at=f"{YEAR}-01-05", due_at=f"{YEAR}-01-08",
            finished_at=f"{YEAR}-01-07", channel="2"),
        row("OUT", unit_id="T42.stp", received_at=f"{YEAR}-05-02", due_at=f"{YEAR}-05-10",
            finished_at=f"{YEAR}-05-05"),  # after quý I
    ]
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    call_command("dossiers", "import", str(write_csv(tmp_path / "q1.csv", rows)), stdout=io.StringIO())
    prov = services.report_create(user=users["par_office"], unit=OrgUnit.objects.get(code="T42"), year=YEAR,
                                  period_kind=catalog.Q1)
    got = {k: v["value"] for k, v in prov.figures["rows"].items() if k.startswith("3:")}
    assert got == {"3:3.1.1": 3, "3:3.1.2": 2, "3:3.2.1": 1, "3:3.2.2": 1}
    table = {r["key"]: r for r in documents.annex_table(prov)}
    assert table["3:3.1"]["text"] == "66,67" and table["3:3.1"]["source"] == "computed"
    assert table["3:3.2"]["text"] == "100"
    assert table["3:1.1"]["note"] == catalog.NO_DATA  # no procedure catalogue on the platform yet
    assert any("trực tuyến" in f for f in prov.figures["facts"]["II.2"])
    unit = services.report_create(user=users["focal_point"], unit=OrgUnit.objects.get(code="T42.stp"), year=YEAR,
                                  period_kind=catalog.Q1)
    assert {k: v["value"] for k, v in unit.figures["rows"].items() if k.startswith("3:")} == {
        "3:3.1.1": 2, "3:3.1.2": 1}
