"""The catalogue from an uploaded decision to its history: preview, confirm, amend, abolish; agencies resolved on the
decision date; .xlsx export and import (row/column errors in Vietnamese, all or nothing); search without diacritics
and filters; who may do what; the CLI; the selector the dossier indicators can use."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cchc.procedures import selectors, services
from cchc.procedures.models import Procedure, ProcedureDecision, ProcedureEvent, ProcedureImport
from tests.helpers import client_for as _client

pytestmark = pytest.mark.django_db

FIRST = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
Số: 101/QĐ-UBND
Hà Tĩnh, ngày 10 tháng 3 năm 2025
QUYẾT ĐỊNH
VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH LĨNH VỰC TƯ PHÁP

I. DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH

| TT | Mã TTHC | Tên thủ tục hành chính | Lĩnh vực | Thời hạn giải quyết | Cơ quan thực hiện | Phí, lệ phí | DVC TT |
|---|---|---|---|---|---|---|---|
| 1 | 1.001978 | Cấp Phiếu lý lịch tư pháp cho công dân | Lý lịch tư pháp | 10 ngày làm việc | Sở Tư pháp | 200.000 đồng/lần | Toàn trình |
| 2 | 2.001035 | Chứng thực giao dịch liên quan đến động sản | Chứng thực | 02 ngày làm việc | Sở Tư pháp | 50.000 đồng | Một phần |
| 3 | 2.001406 | Chứng thực văn bản phân chia di sản | Chứng thực | 02 ngày làm việc | Sở Tư pháp | 50.000 đồng | Một phần |
"""

SECOND = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
Số: 202/QĐ-UBND
Hà Tĩnh, ngày 20 tháng 8 năm 2025
QUYẾT ĐỊNH
VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI, BỔ SUNG VÀ BỊ BÃI BỎ LĨNH VỰC TƯ PHÁP

1. Danh mục thủ tục hành chính được sửa đổi, bổ sung

| TT | Mã TTHC | Tên thủ tục hành chính | Thời hạn giải quyết | Cơ quan thực hiện | Phí, lệ phí | DVC TT |
|---|---|---|---|---|---|---|
| 1 | 1.001978 | Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam | 07 ngày làm việc | Sở Tư pháp | 200.000 đồng/lần | Toàn trình |

2. Danh mục thủ tục hành chính bị bãi bỏ

| TT | Mã TTHC | Tên thủ tục hành chính | Tên VBQPPL quy định việc bãi bỏ | Lĩnh vực |
|---|---|---|---|---|
| 1 | 2.001406 | Chứng thực văn bản phân chia di sản | Nghị định số 280/2025/NĐ-CP | Chứng thực |
"""


def _upload(client, text: str, name: str = "qd.txt"):
    f = io.BytesIO(text.encode("utf-8"))
    f.name = name
    return client.post(reverse("procedures:upload"), {"file": f})


def test_upload_preview_confirm_then_amend_and_abolish(users):
    office = _client(users["par_office"])
    resp = _upload(office, FIRST)
    assert resp.status_code == 302
    imp = ProcedureImport.objects.get()
    page = office.get(resp["Location"]).content.decode()
    assert "101/QĐ-UBND" in page and "Thêm mới: 3" in page and not Procedure.objects.exists()  # a GET writes nothing
    resp = office.post(reverse("procedures:preview", args=[imp.pk]), {"action": "apply"})
    assert resp.status_code == 302
    p = Procedure.objects.get(code="1.001978")
    assert (p.status, p.time_days, p.fee_amount, p.online, p.field) == ("new", 10, 200000, "full", "Lý lịch tư pháp")
    assert p.agency is not None and p.agency.code == "T42.stp"  # resolved with the org resolver on 10/3/2025
    assert p.decision.number == "101/QĐ-UBND" and str(p.decision.issued_on) == "2025-03-10"

    # the second decision: one amended (time limit 10 → 7), one abolished; the third untouched
    _upload(office, SECOND)
    imp2 = ProcedureImport.objects.filter(state="pending").get()
    rows = {r["code"]: r for r in services.draft_preview_rows(imp2.draft)}
    assert rows["1.001978"]["action"] == "amend" and rows["1.001978"]["changes"]["time_days"] == [10, 7]
    assert rows["2.001406"]["action"] == "abolish"
    office.post(reverse("procedures:preview", args=[imp2.pk]), {"action": "apply"})
    p.refresh_from_db()
    assert (p.status, p.time_days, p.field) == ("amended", 7, "Tư pháp")  # no field column: the title's field
    assert Procedure.objects.get(code="2.001406").status == "abolished"
    assert Procedure.objects.get(code="2.001035").status == "new"
    history = [(e.decision.number, e.status) for e in selectors.procedure_history(p)]
    assert history == [("202/QĐ-UBND", "amended"), ("101/QĐ-UBND", "new")]
    detail = office.get(reverse("procedures:detail", args=["1.001978"])).content.decode()
    assert "202/QĐ-UBND" in detail and "101/QĐ-UBND" in detail and "Sửa đổi, bổ sung" in detail
    assert "<strong>Số ngày giải quyết</strong>: 10 → 7" in detail

    # the same decision twice is refused, nothing changes
    _upload(office, SECOND)
    imp3 = ProcedureImport.objects.filter(state="pending").get()
    with pytest.raises(services.ProcedureError) as exc:
        services.procedure_import_apply(user=users["par_office"], imp=imp3)
    assert exc.value.code == "already_imported" and "202/QĐ-UBND" in exc.value.message
    assert ProcedureEvent.objects.count() == 5


def test_refused_document_shows_a_message_and_keeps_nothing(users):
    office = _client(users["par_office"])
    resp = _upload(office, "Kế hoạch cải cách hành chính năm 2025\n\nNhiệm vụ: rà soát thủ tục.", "kh.txt")
    assert resp.status_code == 400
    assert "Không tìm thấy danh mục thủ tục hành chính" in resp.content.decode()
    assert not ProcedureImport.objects.exists()


def test_who_may_do_what(users):
    services.procedure_import_file(user=users["par_office"], data=FIRST.encode(), filename="qd.txt")
    for name in ("viewer", "focal_point", "commune_focal", "appraiser"):
        c = _client(users[name])
        assert c.get(reverse("procedures:index")).status_code == 200
        assert c.get(reverse("procedures:detail", args=["1.001978"])).status_code == 200
        assert c.get(reverse("procedures:upload")).status_code == 403
        assert _upload(c, SECOND).status_code == 403
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied from the service itself
        services.procedure_import_file(user=users["focal_point"], data=SECOND.encode(), filename="qd2.txt")
    assert Client().get(reverse("procedures:index")).status_code == 302  # sign in first
    assert _client(users["admin"]).get(reverse("procedures:upload")).status_code == 200


def test_search_without_diacritics_and_filters(users):
    services.procedure_import_file(user=users["par_office"], data=FIRST.encode(), filename="qd.txt")
    c = _client(users["viewer"])

    def codes(**params):
        page = c.get(reverse("procedures:index"), params).content.decode()
        return sorted(x for x in ("1.001978", "2.001035", "2.001406") if x in page)

    assert codes(q="ly lich tu phap") == ["1.001978"]
    assert codes(q="CHỨNG THỰC phan chia") == ["2.001406"]
    assert codes(q="dong san") == ["2.001035"] and codes(q="ong san") == []  # words, not any substring
    assert codes(q="2.0010") == ["2.001035"]
    assert codes(field="Chứng thực") == ["2.001035", "2.001406"]
    assert codes(online="full") == ["1.001978"]
    assert codes(level="province") == ["1.001978", "2.001035", "2.001406"]
    assert codes(status="abolished") == []
    unit = Procedure.objects.get(code="1.001978").agency_id
    assert codes(agency=str(unit)) == ["1.001978", "2.001035", "2.001406"]


def test_xlsx_export_then_import_round_trip_and_errors(users):
    office = users["par_office"]
    services.procedure_import_file(user=office, data=FIRST.encode(), filename="qd.txt")
    resp = _client(office).get(reverse("procedures:index"), {"q": "chung thuc", "format": "xlsx"})
    wb = load_workbook(io.BytesIO(resp.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực") and len(rows) == 3  # the filter's rows

    # edit the sheet: a new procedure, a changed fee, and two bad rows → nothing written
    ws = wb.active
    ws.append(["1.000123", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "Trong ngày", None, "UBND cấp xã", "Không", None,
               "Toàn trình", "Không", "Công bố mới", "15/QĐ-UBND", "01/02/2025"])
    ws.append(["9.99", "Mã sai", "", "", "", None, "", "", None, "", "", "Công bố mới", "", ""])
    ws.append(["1.000124", "Cấp độ sai", "", "Cấp thôn", "", "mười", "", "", None, "", "", "Công bố mới", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    counts, errors = services.procedures_import_xlsx(user=office, data=buf.getvalue())
    messages = [str(e) for e in errors]
    assert counts == {} and len(errors) == 3, messages
    assert any("Dòng 5, cột A (Mã TTHC)" in m and "9.99" in m for m in messages)
    assert any("Dòng 6, cột D (Cấp thực hiện)" in m for m in messages)
    assert any("Dòng 6, cột F (Số ngày giải quyết)" in m for m in messages)
    assert not Procedure.objects.filter(code="1.000123").exists()

    ws.delete_rows(5, 2)
    ws["I2"] = 60000
    buf = io.BytesIO()
    wb.save(buf)
    counts, errors = services.procedures_import_xlsx(user=office, data=buf.getvalue(), filename="sua.xlsx")
    assert errors == [] and counts["added"] == 1 and counts["amended"] == 1, counts
    new = Procedure.objects.get(code="1.000123")
    assert (new.level, new.online, new.fee_amount, new.paper_result, new.time_days) == \
        ("commune", "full", 0, False, 0)
    assert new.decision.source == ProcedureDecision.Source.EXCEL and new.decision.number == "15/QĐ-UBND"
    assert Procedure.objects.get(code=rows[1][0]).fee_amount == 60000


def test_xlsx_upload_screen_lists_errors(users):
    wb = Workbook()
    wb.active.append(["Mã TTHC", "Tên thủ tục hành chính", "Tình trạng"])
    wb.active.append(["1.000999", "Thủ tục", "Đã hủy"])
    buf = io.BytesIO()
    wb.save(buf)
    f = io.BytesIO(buf.getvalue())
    f.name = "danh-muc.xlsx"
    resp = _client(users["par_office"]).post(reverse("procedures:upload"), {"file": f})
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "Dòng 2, cột C (Tình trạng)" in page or "Dòng 2, cột L (Tình trạng)" in page
    assert not Procedure.objects.exists()


def test_cli_import_prints_counts_and_problems(users, tmp_path, capsys):
    path = tmp_path / "qd-101.txt"
    path.write_text(FIRST, encoding="utf-8")
    call_command("procedures", "import", str(path), "--format", "json", "--dry-run")
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["entries"] == 3 and out["by_status"]["new"] == 3 and out["actions"]["add"] == 3
    assert not Procedure.objects.exists()
    call_command("procedures", "import", str(path), "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out["applied"]["added"] == 3 and Procedure.objects.count() == 3
    bad = tmp_path / "plan.txt"
    bad.write_text("Kế hoạch năm 2025", encoding="utf-8")
    with pytest.raises(Exception) as exc:  # noqa: PT011 - CommandError
        call_command("procedures", "import", str(bad), "--format", "json")
    assert "Không tìm thấy danh mục" in str(exc.value)
    assert json.loads(capsys.readouterr().out)["code"] == "not_procedure_list"


def test_names_for_codes_for_dossier_indicators(users):
    services.procedure_import_file(user=users["par_office"], data=FIRST.encode(), filename="qd.txt")
    Procedure.objects.create(code="3.000527.H42", name="Đăng ký cai nghiện", status="new", field="Phòng chống ma túy")
    got = selectors.names_for_codes(["1.001978", "3.000527", "9.999999", ""])
    assert got["1.001978"]["name"].startswith("Cấp Phiếu lý lịch") and got["3.000527"]["field"] == "Phòng chống ma túy"
    assert "9.999999" not in got


def test_demo_data(users):
    call_command("procedures", "load_demo")
    assert Procedure.objects.filter(status="new").count() == 5 and Procedure.objects.filter(status="abolished").count() == 1
    call_command("procedures", "load_demo")  # twice: refused as already imported, nothing doubled
    assert Procedure.objects.count() == 6 and ProcedureDecision.objects.count() == 1


def test_preview_lists_the_rows_without_a_code(users):
    office = _client(users["par_office"])
    text = FIRST + "| 4 |  | Cấp bản sao trích lục lý lịch tư pháp | Lý lịch tư pháp | 10 ngày làm việc | Sở Tư pháp | " \
                   "Không | Một phần |\n"
    resp = _upload(office, text)
    imp = ProcedureImport.objects.get()
    assert imp.draft["without_code"] == [{"name": "Cấp bản sao trích lục lý lịch tư pháp", "table": 1, "row": 5}]
    page = office.get(resp["Location"]).content.decode()
    assert "1 thủ tục chưa có mã TTHC sẽ không được nhập" in page
    assert "Bảng 1, dòng 5: Cấp bản sao trích lục lý lịch tư pháp" in page and "Thêm mới: 3" in page
