"""The web import: upload, Vietnamese headers recognised, mapping confirmed and remembered per source, the job,
bad rows reported (file, row, column, reason) and never dropped silently, re-import replacing; the CLI reusing the
mapping; plan targets and assessment measures fed by the indicators."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cchc.dossiers.models import DossierImport, DossierSource, TargetLink
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Vietnamese headers of a one-stop export; "Cơ quan xử lý" is not a known variant (mapped by hand to unit_id),
# "Ghi chú nội bộ" is not used
VN_HEAD = ["Mã hồ sơ", "Cơ quan xử lý", "Mã TTHC", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Ngày kết thúc", "Ghi chú nội bộ"]
GOOD = [
    ["HS1", "T42.stp", "1.001", "trực tuyến", "02/03/2025 08:00", "10/03/2025", "05/03/2025", "x"],
    ["HS2", "T42.stp", "1.001", "trực tiếp", "03/03/2025", "04/03/2025", "09/03/2025", ""],
    ["HS3", "T42.syt", "1.002", "2", "03/03/2025", "10/03/2025", "04/03/2025", ""],
]
BAD = ["HS4", "T42.stp", "1.001", "fax", "hôm qua", "", "", ""]


def _csv(rows, head=VN_HEAD) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


@pytest.fixture
def office(client, users, tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    client.login(username="par_office", password=PASSWORD)
    return client


def _upload(c, data: bytes, name="motcua.csv", source="motcua-tinh"):
    resp = c.post("/dossiers/import/", {"source": source, "file": SimpleUploadedFile(name, data)})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    return DossierImport.objects.latest("pk")


def _confirm(c, imp, fix=None, **extra):
    post = {"action": "confirm", **{f"map-{i}": imp.mapping.get(h, "") for i, h in enumerate(imp.headers)}, **extra}
    for header, name in (fix or {}).items():
        post[f"map-{imp.headers.index(header)}"] = name
    return c.post(f"/dossiers/import/{imp.pk}/", post)


def _received(c, month="2025-03"):
    out = io.StringIO()
    call_command("dossiers", "indicators", "--from", month, "--to", month, "--format", "json", stdout=out)
    return {u["unit_id"]: u["received"] for u in json.loads(out.getvalue())["units"]}


def test_upload_map_refuse_then_import_valid_rows(office):
    imp = _upload(office, _csv(GOOD + [BAD]))
    # Vietnamese headers recognised; the unknown ones proposed as not used
    assert imp.mapping["Mã hồ sơ"] == "dossier_id" and imp.mapping["Ngày tiếp nhận"] == "received_at"
    assert imp.mapping["Cơ quan xử lý"] == "" and imp.mapping["Ghi chú nội bộ"] == ""
    page = office.get(f"/dossiers/import/{imp.pk}/").content.decode()
    assert 'id="mapping"' in page and "02/03/2025 08:00" in page  # sample values help the user

    # confirming without the unit column is refused, in Vietnamese, and nothing is queued
    html = _confirm(office, imp).content.decode()
    assert "Thiếu cột bắt buộc" in html and "mã đơn vị" in html
    imp.refresh_from_db()
    assert imp.status == DossierImport.Status.MAPPING

    resp = _confirm(office, imp, {"Cơ quan xử lý": "unit_id"})
    assert resp.status_code == 302
    imp.refresh_from_db()
    # the mapping is remembered for the source
    assert DossierSource.objects.get(name="motcua-tinh").mapping["Cơ quan xử lý"] == "unit_id"
    # one bad row: the whole file is refused, the row listed with file, row, column and reason
    assert imp.status == DossierImport.Status.REFUSED and imp.report["refused_count"] == 1
    html = office.get(f"/dossiers/import/{imp.pk}/").content.decode()
    assert 'id="refused"' in html and "motcua.csv" in html and "Dòng 5, cột channel" in html
    assert "Dòng 5, cột received_at" in html and "hôm qua" in html
    assert _received(office) == {}  # nothing imported
    xlsx = office.get(f"/dossiers/import/{imp.pk}/?format=xlsx")
    from openpyxl import load_workbook

    lines = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in lines] == [("motcua.csv", 5), ("motcua.csv", 5)]

    # the user chooses to import the valid rows: done, the bad row still reported
    office.post(f"/dossiers/import/{imp.pk}/", {"action": "accept_valid"})
    imp.refresh_from_db()
    assert imp.status == DossierImport.Status.DONE
    assert (imp.report["rows_imported"], imp.report["refused_count"]) == (3, 1)
    assert "Dòng 5" in office.get(f"/dossiers/import/{imp.pk}/").content.decode()
    assert _received(office) == {"T42.stp": 2, "T42.syt": 1}
    assert not list((office_dir(imp)).glob("*"))  # the uploaded copy is removed once imported


def office_dir(imp):
    from cchc.dossiers.services import data_dir

    return data_dir() / "uploads"


def test_saved_mapping_is_reused_and_reimport_replaces(office):
    imp = _upload(office, _csv(GOOD))
    _confirm(office, imp, {"Cơ quan xử lý": "unit_id"})
    assert _received(office) == {"T42.stp": 2, "T42.syt": 1}
    # next export of the same source: the remembered mapping is proposed at once
    again = _upload(office, _csv(GOOD[:2]), name="motcua-lan2.csv")
    assert again.mapping["Cơ quan xử lý"] == "unit_id"
    _confirm(office, again)
    again.refresh_from_db()
    assert again.status == DossierImport.Status.DONE and again.report["replaced"] == 2
    # same source, unit and month: replaced, not added; Sở Y tế, absent from the new file, keeps its dossier
    assert _received(office) == {"T42.stp": 2, "T42.syt": 1}
    # the CLI uses the mapping saved on the screen for --source
    path = office_dir(again).parent / "cli.csv"
    path.write_bytes(_csv(GOOD))
    call_command("dossiers", "import", str(path), "--source", "motcua-tinh", stdout=io.StringIO())
    assert _received(office) == {"T42.stp": 2, "T42.syt": 1}
    assert DossierImport.objects.filter(filename="cli.csv", status=DossierImport.Status.DONE).exists()


def test_xlsx_upload(office):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả"])
    ws.append(["X1", "T42.stp", "2025-03-02", "2025-03-10"])
    buf = io.BytesIO()
    wb.save(buf)
    imp = _upload(office, buf.getvalue(), name="xuat.xlsx")
    assert imp.mapping == {"Mã hồ sơ": "dossier_id", "Mã đơn vị": "unit_id", "Ngày tiếp nhận": "received_at",
                           "Ngày hẹn trả": "due_at"}
    _confirm(office, imp)
    imp.refresh_from_db()
    assert imp.status == DossierImport.Status.DONE and imp.report["rows_imported"] == 1


def test_xlsx_with_a_duplicate_header_is_said_with_its_columns_and_not_kept(office, settings):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Mã hồ sơ", None])
    ws.append(["X1", "T42.stp", "2025-03-02", "X1b", None])
    buf = io.BytesIO()
    wb.save(buf)
    html = office.post("/dossiers/import/", {"source": "s", "file": SimpleUploadedFile("xuat.xlsx", buf.getvalue())}
                       ).content.decode()
    assert "Tệp xuat.xlsx: dòng 1 có tiêu đề trùng nhau “Mã hồ sơ” ở các cột A, D" in html
    assert not DossierImport.objects.exists()
    assert not list((settings.CCHC_DOSSIERS_DIR / "uploads").glob("*"))  # the copy is removed


def test_bad_file_is_said_and_not_kept(office):
    html = office.post("/dossiers/import/", {"source": "s", "file": SimpleUploadedFile("a.pdf", b"%PDF")}
                       ).content.decode()
    assert "chỉ nhận CSV, XLSX hoặc Parquet" in html
    assert not DossierImport.objects.exists()


def test_only_the_office_imports(client, users, tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "d"
    client.login(username="focal_point", password=PASSWORD)
    assert client.get("/dossiers/import/").status_code == 403
    assert client.post("/dossiers/import/", {"source": "s", "file": SimpleUploadedFile("a.csv", _csv(GOOD))}
                       ).status_code == 403
    assert client.get("/dossiers/links/").status_code == 403
    assert not DossierImport.objects.exists()


def test_import_is_audited(office):
    from auditlog.models import LogEntry

    imp = _upload(office, _csv(GOOD))
    _confirm(office, imp, {"Cơ quan xử lý": "unit_id"})
    assert LogEntry.objects.get_for_object(imp).exists()
    assert LogEntry.objects.get_for_object(DossierSource.objects.get(name="motcua-tinh")).exists()


# ---------------------------------------------------------------- feeding plans and assessment


@pytest.fixture
def target(org_tree):
    from cchc.plans.models import Plan, Target

    plan = Plan.objects.create(title="Kế hoạch CCHC năm 2025", province=org_tree["T42"])
    return Target.objects.create(plan=plan, text="Tỷ lệ hồ sơ trực tuyến đạt 50%", indicator="Tỷ lệ hồ sơ trực tuyến",
                                 value=50, year=2025)


def test_linked_target_gets_measurements_after_import_and_on_demand(office, target):
    from cchc.plans.models import Measurement

    resp = office.post("/dossiers/links/", {"action": "add", "target": target.pk, "indicator": "3.3",
                                            "period_kind": "year"})
    assert resp.status_code == 302 and TargetLink.objects.get().indicator == "3.3"
    imp = _upload(office, _csv(GOOD))
    _confirm(office, imp, {"Cơ quan xử lý": "unit_id"})
    got = {(m.unit.code, m.period): m.value for m in Measurement.objects.filter(target=target)}
    # Sở Tư pháp: HS1 online of 2 received → 50 %; Sở Y tế: HS3 online of 1 → 100 %
    assert got == {("T42.stp", "2025"): 50.0, ("T42.syt", "2025"): 100.0}
    assert "3.3" in Measurement.objects.filter(target=target).first().note
    # on demand for a quarter (the screen): one measurement per unit, then nothing changes the second time
    office.post("/dossiers/links/", {"action": "measure", "period": "2025Q1"})
    assert Measurement.objects.filter(target=target, period="2025Q1").count() == 2
    html = office.post("/dossiers/links/", {"action": "measure", "period": "2025Q1"}).content.decode()
    assert "ghi 0 số đo, 2 không đổi" in html
    assert "Mã kỳ không hợp lệ" in office.post("/dossiers/links/", {"action": "measure", "period": "quy 1"}
                                               ).content.decode()


def test_assessment_measures(office, org_tree):
    from decimal import Decimal

    from cchc.assessment import measures

    imp = _upload(office, _csv(GOOD))
    _confirm(office, imp, {"Cơ quan xử lý": "unit_id"})
    assert measures.get("dossiers.766_2.1") is not None
    units = [org_tree["T42.stp"], org_tree["T42.syt"], org_tree["T42.stttt"]]
    got = measures.compute("dossiers.766_2.1", units, 2025)
    # Sở Tư pháp: HS1 on time, HS2 late → 50 %; Sở Y tế 100 %; Sở TT-TT has no dossier → absent (no data)
    assert {k: v.value for k, v in got.items()} == {org_tree["T42.stp"].pk: Decimal("50.0"),
                                                     org_tree["T42.syt"].pk: Decimal("100.0")}
    assert got[org_tree["T42.stp"].pk].formula.startswith("1/2 hồ sơ")
    assert measures.compute("dossiers.766_3.3", units, 2025)[org_tree["T42.stp"].pk].value == Decimal("50.0")
