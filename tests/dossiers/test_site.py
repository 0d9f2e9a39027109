"""The 766 page, drill-down, Excel export and the CLI contract, scoped by unit (Django, database)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PASSWORD
from tests.dossiers.test_engine import row, write_csv

pytestmark = pytest.mark.django_db

ROWS = [
    # Sở Tư pháp: one on time, one late (finished after due)
    row("TP1", unit_id="T42.stp", received_at="2025-03-02", due_at="2025-03-10", finished_at="2025-03-05"),
    row("TP2", unit_id="T42.stp", received_at="2025-03-02", due_at="2025-03-04", finished_at="2025-03-09"),
    # Sở Y tế: on time
    row("YT1", unit_id="T42.syt", received_at="2025-03-03", due_at="2025-03-10", finished_at="2025-03-04"),
    # a unit id of the one-stop system that matches no org unit
    row("X1", unit_id="MOTCUA-99", received_at="2025-03-03", due_at="2025-03-10", finished_at="2025-03-12"),
]


@pytest.fixture
def data(tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    call_command("dossiers", "import", str(write_csv(tmp_path / "march.csv", ROWS)), stdout=io.StringIO())
    return settings.CCHC_DOSSIERS_DIR


def _client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_cli_indicators_json_contract(data, org_tree):
    out = io.StringIO()
    call_command("dossiers", "indicators", "--from", "2025-03", "--to", "2025-03", "--format", "json", stdout=out)
    res = json.loads(out.getvalue())
    units = {u["unit_id"]: u for u in res["units"]}
    assert set(units) == {"T42.stp", "T42.syt", "MOTCUA-99"}
    stp = units["T42.stp"]
    assert stp["org_unit"]["code"] == "T42.stp" and units["MOTCUA-99"]["org_unit"] is None
    i21 = next(i for i in stp["indicators"] if i["id"] == "2.1")
    assert (i21["numerator"], i21["denominator"], i21["ratio"], i21["points"]) == (1, 2, 50.0, 10.0)
    assert {g["id"] for g in stp["groups"]} == {"1", "2", "3", "4", "5"}
    assert res["assumptions"] and any("Chỉ số 2.1" in a for a in res["assumptions"])
    out = io.StringIO()
    call_command("dossiers", "indicators", "--from", "2025-03", "--to", "2025-03", "--unit", "T42.syt",
                 "--format", "json", stdout=out)
    assert [u["unit_id"] for u in json.loads(out.getvalue())["units"]] == ["T42.syt"]


def test_cli_refuses_a_file_with_bad_rows(tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "d"
    path = write_csv(tmp_path / "bad.csv", [row("1", received_at="hôm qua")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 dòng lỗi"):
        call_command("dossiers", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert "Dòng 2, cột received_at" in err.getvalue()


def test_office_sees_every_unit_and_drills_down(data, client, users):
    c = _client(client, users["par_office"])
    html = c.get("/dossiers/?from=2025-03&to=2025-03").content.decode()
    assert "Sở Tư pháp" in html and "MOTCUA-99" in html
    late = c.get("/dossiers/late/T42.stp/?from=2025-03&to=2025-03").content.decode()
    assert "TP2" in late and "TP1" not in late
    resp = c.get("/dossiers/?from=2025-03&to=2025-03&format=xlsx")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(resp.content)).worksheets[0]
    names = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "MOTCUA-99" in names and len(names) == 3
    head = [c.value for c in ws[1]]  # the indicators named, not "2.1 (%)" / "2.1 điểm"
    assert "2.1. Hồ sơ xử lý trước hạn, đúng hạn: tỷ lệ (%)" in head and "2.1. Điểm (tối đa 20)" in head


def test_a_unit_sees_only_itself(data, client, users):
    c = _client(client, users["focal_point"])  # Sở Tư pháp
    html = c.get("/dossiers/?from=2025-03&to=2025-03").content.decode()
    assert "Sở Tư pháp" in html and "Sở Y tế" not in html and "MOTCUA-99" not in html
    assert c.get("/dossiers/late/T42.stp/?from=2025-03&to=2025-03").status_code == 200
    assert c.get("/dossiers/late/T42.syt/?from=2025-03&to=2025-03").status_code == 404
    assert c.get("/dossiers/late/MOTCUA-99/?from=2025-03&to=2025-03").status_code == 404


def test_bad_month_is_said_in_vietnamese(data, client, users):
    html = _client(client, users["par_office"]).get("/dossiers/?from=2025-13&to=2025-03").content.decode()
    assert "Kỳ không hợp lệ" in html


def test_anonymous_is_sent_to_login(client, data):
    assert client.get("/dossiers/").status_code == 302


def test_cli_sync_counts_give_1_4(data, tmp_path, org_tree):
    counts = tmp_path / "sync.csv"
    counts.write_text("unit_id,reported_count\nT42.stp,4\n", encoding="utf-8")
    out = io.StringIO()
    call_command("dossiers", "indicators", "--from", "2025-03", "--to", "2025-03", "--sync-counts", str(counts),
                 "--format", "json", stdout=out)
    units = {u["unit_id"]: u for u in json.loads(out.getvalue())["units"]}
    i14 = next(i for i in units["T42.stp"]["indicators"] if i["id"] == "1.4")
    # 2 dossiers in our system (no synced column: all count as synced) against 4 on the reporting system
    assert (i14["numerator"], i14["denominator"], i14["ratio"], i14["points"]) == (2, 4, 50.0, 3.0)
    assert not any(i["id"] == "1.4" for i in units["T42.syt"]["indicators"])


def test_ranking_unit_page_and_paged_late_list(data, client, users, monkeypatch):
    from cchc.dossiers import views

    c = _client(client, users["par_office"])
    html = c.get("/dossiers/?from=2025-03&to=2025-03").content.decode()
    assert 'table class="table cards" id="scores"' in html and "/dossiers/unit/T42.stp/" in html
    # per level: the two departments together (TP1 on time, TP2 late, YT1 on time → 2/3), the raw id apart
    assert 'id="levels"' in html and "Sở, ban, ngành" in html and "66,67%" in html
    assert "Mã đơn vị không có trong danh mục" in html
    page = c.get("/dossiers/unit/T42.stp/?from=2025-02&to=2025-03").content.decode()
    assert 'id="months"' in page and "2025-02" in page and "2025-03" in page and 'id="procedures"' in page
    assert c.get("/dossiers/unit/T42.syt/?from=2025-03&to=2025-03").status_code == 200
    monkeypatch.setattr(views, "PAGE", 1)
    ROWS_LATE = [r for r in ROWS if r["unit_id"] == "MOTCUA-99"]
    assert ROWS_LATE  # one late dossier of MOTCUA-99 (finished after due)
    late = c.get("/dossiers/late/MOTCUA-99/?from=2025-03&to=2025-03").content.decode()
    assert "X1" in late and 'rel="next"' not in late
    # a unit user may not open another unit's page
    c2 = _client(client, users["focal_point"])
    assert c2.get("/dossiers/unit/T42.syt/?from=2025-03&to=2025-03").status_code == 404
    assert 'id="levels"' not in c2.get("/dossiers/?from=2025-03&to=2025-03").content.decode()


def test_rank_shares_equal_totals():
    from cchc.dossiers.selectors import rows_rank

    rows = rows_rank([{"t": 9}, {"t": 7}, {"t": 7}, {"t": 5}, {"t": None}], lambda r: r["t"])
    assert [r["rank"] for r in rows] == [1, 2, 2, 4, None]


def test_late_dossiers_and_the_unit_page_name_the_procedure_from_the_catalogue(data, client, users):
    from cchc.procedures.models import Procedure

    Procedure.objects.create(code="T1", name="Cấp phiếu lý lịch tư pháp cho công dân Việt Nam", field="Lý lịch tư pháp")
    c = _client(client, users["par_office"])
    late = c.get("/dossiers/late/T42.stp/?from=2025-03&to=2025-03").content.decode()
    assert "TP2" in late and "Cấp phiếu lý lịch tư pháp" in late
    page = c.get("/dossiers/unit/T42.stp/?from=2025-03&to=2025-03").content.decode()
    assert "Cấp phiếu lý lịch tư pháp" in page


def test_figures_per_field_of_the_procedures_from_the_catalogue(tmp_path, settings, client, users):
    from cchc.dossiers import selectors
    from cchc.procedures.models import Procedure

    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    rows = [row("A1", unit_id="T42.stp", tthc_code="2.000001", received_at="2025-03-02", due_at="2025-03-10",
                finished_at="2025-03-05"),
            row("A2", unit_id="T42.stp", tthc_code="2.000001", received_at="2025-03-02", due_at="2025-03-04",
                finished_at="2025-03-09"),
            row("B1", unit_id="T42.stp", tthc_code="1.012507.H05", received_at="2025-03-03", due_at="2025-03-10",
                finished_at="2025-03-04"),
            row("C1", unit_id="T42.syt", tthc_code="9.999999", received_at="2025-03-03", due_at="2025-03-10",
                finished_at="2025-03-04")]
    call_command("dossiers", "import", str(write_csv(tmp_path / "m.csv", rows)), stdout=io.StringIO())
    Procedure.objects.create(code="2.000001", name="Chứng thực bản sao", field="Chứng thực")
    Procedure.objects.create(code="1.012507", name="Đăng ký khai sinh", field="Hộ tịch")  # national code of .H05
    from datetime import date
    got = {u["label"]: u for u in selectors.field_scores(users["par_office"], date(2025, 3, 1), date(2025, 4, 1))}
    assert set(got) == {"Chứng thực", "Hộ tịch", "Thủ tục chưa có trong danh mục TTHC"}
    i21 = {k: next(i for i in u["indicators"] if i["id"] == "2.1") for k, u in got.items()}
    assert (i21["Chứng thực"]["numerator"], i21["Chứng thực"]["denominator"]) == (1, 2)
    assert (i21["Hộ tịch"]["numerator"], i21["Hộ tịch"]["denominator"]) == (1, 1)
    assert selectors.field_scores(users["focal_point"], date(2025, 3, 1), date(2025, 4, 1)) == []  # not province-wide
    own = selectors.field_scores(users["focal_point"], date(2025, 3, 1), date(2025, 4, 1), unit="T42.stp")
    assert {u["label"] for u in own} == {"Chứng thực", "Hộ tịch"}
    c = _client(client, users["par_office"])
    assert 'id="fields"' in c.get("/dossiers/?from=2025-03&to=2025-03").content.decode()


def test_demo_dossiers_are_imported_through_the_cli_for_the_province_units(tmp_path, settings, users):
    from cchc.dossiers import demo, engine

    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    out = io.StringIO()
    demo.load_demo(out)
    assert "Đã nạp 20000 hồ sơ TTHC mẫu" in out.getvalue()
    from datetime import date
    res = engine.indicators(settings.CCHC_DOSSIERS_DIR, date(2024, 1, 1), date(2025, 1, 1))
    units = {u["unit_id"] for u in res["units"]}
    assert "T42.stp" in units and len(units) >= 10
    received = sum(u["received"] for u in res["units"])
    assert 5000 < received < 12000  # about 2024's share of the 20,000 spread from 1/1/2024 to today
    demo.load_demo(io.StringIO())  # a second run leaves the office's data alone
    res2 = engine.indicators(settings.CCHC_DOSSIERS_DIR, date(2024, 1, 1), date(2025, 1, 1))
    assert sum(u["received"] for u in res2["units"]) == received


def test_calculation_notes_speak_to_the_office_not_to_developers(data, client, users):
    """The card "Giả định tính toán" is read by CCHC officers: plain Vietnamese, no field names, null/N/A or emoji."""
    import re

    html = _client(client, users["par_office"]).get("/dossiers/?from=2025-03&to=2025-03").content.decode()
    card = html[html.index("Giả định tính toán"):]
    card = card[:card.index("</section>")]
    assert "Khi không có hồ sơ nào để tính trong kỳ, tỷ lệ và điểm để trống (không tính)" in card
    for jargon in ("null", "N/A", "legal_days", "no_due", "max_available", "§", "⚠", "❌"):
        assert jargon not in card, jargon
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", card)  # no snake_case field name


def test_calculation_notes_go_through_gettext(data, client, users, monkeypatch):
    from cchc.dossiers import engine, selectors

    monkeypatch.setattr(selectors, "_", lambda text: "EN:" + text)
    res = selectors.unit_scores(users["par_office"], *engine.month_range("2025-03", "2025-03"))
    assert res["assumptions"] == ["EN:" + a for a in engine.ASSUMPTIONS]


def test_late_list_names_the_unit_and_the_months_in_vietnamese(data, client, users):
    c = _client(client, users["par_office"])
    late = c.get("/dossiers/late/T42.stp/?from=2025-01&to=2025-12").content.decode()
    h1 = late[late.index("<h1>"):late.index("</h1>")]
    assert "Sở Tư pháp" in h1 and "T42.stp" not in h1
    assert "tháng 01/2025 – tháng 12/2025" in h1 and "2025-01" not in h1
    # a raw one-stop id (no org unit) keeps its id; one month alone is written once
    raw = c.get("/dossiers/late/MOTCUA-99/?from=2025-03&to=2025-03").content.decode()
    assert "MOTCUA-99 (tháng 03/2025)" in raw


def test_period_boxes_are_month_inputs_with_the_same_parameters(data, client, users):
    html = _client(client, users["par_office"]).get("/dossiers/?from=2025-03&to=2025-04").content.decode()
    assert '<input type="month" name="from" value="2025-03"' in html
    assert '<input type="month" name="to" value="2025-04"' in html
