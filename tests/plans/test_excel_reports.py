"""A unit reports on many task lines at once through Excel ("Việc của đơn vị tôi"): the template of the lines it
may report on, filled in and uploaded — every row through progress_report_save, all rows or none."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from openpyxl import load_workbook

from cchc.core import review
from cchc.core.reviewable import transitions_of
from cchc.plans import occurrences as occ
from cchc.plans import services
from cchc.plans.models import Occurrence, ProgressReport
from cchc.plans.services import reporting
from tests.helpers import client_for, controls_without_a_name

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def leader_on(settings):
    settings.CCHC_LEADER_APPROVAL = True
    return settings


def _lines(code="T42.stp"):
    return list(Occurrence.objects.filter(unit__code=code, status__in=occ.OPEN_STATUSES).order_by("due_date", "pk"))


def _template(client, query="") -> bytes:
    resp = client.get(f"/plans/my/?{query}template=1")
    assert resp.status_code == 200 and resp["Content-Type"] == XLSX
    return resp.content


class Filled:
    """The downloaded template opened with openpyxl, filled by header and line id, saved back to bytes."""

    def __init__(self, data: bytes):
        self.wb = load_workbook(io.BytesIO(data))
        self.ws = self.wb.active
        self.header = 2
        self.col = {c.value: c.column for c in self.ws[self.header] if c.value}
        self.row_of = {self.ws.cell(r, 1).value: r for r in range(self.header + 1, self.ws.max_row + 1)}

    def ids(self) -> list[int]:
        return list(self.row_of)

    def set(self, pk, **cells) -> int:
        r = self.row_of[pk]
        for header, value in cells.items():
            self.ws.cell(r, self.col[header]).value = value
        return r

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


def _upload(client, data: bytes, action="submit", name="bao-cao.xlsx", query=""):
    f = io.BytesIO(data)
    f.name = name
    return client.post(f"/plans/my/{query}", {"file": f, "action": action})


def _messages(resp) -> str:
    return " ".join(str(m) for m in resp.context["messages"]) if resp.context else ""


def test_template_lists_the_users_open_lines_only_prefilled(users, small_plan):
    fp = users["focal_point"]
    mine = _lines()
    waiting, drafted = mine[0], mine[1]
    services.progress_report_save(occurrence=waiting, user=fp, submit=True,
                                  data={"status": "in_progress", "percent": 20, "result": "Đã rà soát"})
    services.progress_report_save(occurrence=drafted, user=fp,
                                  data={"status": "in_progress", "percent": 35, "result": "Nháp đang viết"})
    sheet = Filled(_template(client_for(fp)))
    assert sorted(sheet.ids()) == sorted(o.pk for o in mine if o != waiting)  # not the line waiting for review
    assert not {o.pk for o in _lines("T42.syt")} & set(sheet.ids())  # nor another unit's
    ws = sheet.ws
    assert "Sở Tư pháp" in ws["A1"].value and timezone.localdate().strftime("%d/%m/%Y") in ws["A1"].value
    assert list(sheet.col)[:12] == list(services.REPORT_HEADERS[:12])
    assert ws.freeze_panes == "A3" and ws.column_dimensions["M"].hidden  # the stamp column kept out of sight
    assert ws["A2"].comment is not None and "giữ nguyên" in ws["A2"].comment.text
    status_list = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert "Đang thực hiện" in status_list.formula1 and "G3" in str(status_list.sqref)
    r = sheet.row_of[drafted.pk]  # a line with a draft starts from it
    assert [ws.cell(r, sheet.col[h]).value for h in ("Tình trạng", "Tỷ lệ hoàn thành (%)", "Kết quả thực hiện")] == [
        "Đang thực hiện", 35, "Nháp đang viết"]
    assert ws.cell(r, sheet.col["Hạn"]).number_format == "DD/MM/YYYY"
    # the page's tab decides the lines: nothing is due within 14 days of today (the plan is of 2024)
    assert Filled(_template(client_for(fp), "show=soon&")).ids() == []
    # another unit's focal point gets its own lines only
    assert set(Filled(_template(client_for(users["focal_b"]))).ids()) == {o.pk for o in _lines("T42.syt")}


def test_round_trip_saves_then_sends_the_filled_rows_to_the_leader(users, small_plan, leader_on):
    fp = users["focal_point"]
    c = client_for(fp)
    sheet = Filled(_template(c))
    first, second = sheet.ids()[:2]
    sheet.set(first, **{"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": 40,
                        "Kết quả thực hiện": "Đã rà soát 12 thủ tục"})
    sheet.set(second, **{"Tình trạng": "Hoàn thành", "Kết quả thực hiện": "Đã ban hành báo cáo",
                         "Số, ký hiệu văn bản kết quả": "15/BC-STP", "Ngày hoàn thành": date(2024, 3, 20)})
    filled = sheet.bytes()
    resp = _upload(c, filled, action="save")
    assert resp.status_code == 302
    assert sorted(ProgressReport.objects.values_list("occurrence_id", "review_state")) == sorted([
        (first, review.DRAFT), (second, review.DRAFT)])
    resp = c.get(resp["Location"])
    assert "Đã lưu nháp 2 báo cáo" in _messages(resp) and f"bỏ qua {len(sheet.ids()) - 2} dòng" in _messages(resp)
    # the same file sent: the drafts it wrote go to the unit's leader (the other rows are still as the template)
    resp = _upload(c, filled, action="submit")
    assert resp.status_code == 302, resp.context["import_errors"]
    reports = {r.occurrence_id: r for r in ProgressReport.objects.all()}
    assert len(reports) == 2 and {r.review_state for r in reports.values()} == {review.LEADER_REVIEW}
    assert (reports[first].percent, reports[first].result) == (40, "Đã rà soát 12 thủ tục")
    assert (reports[second].status, reports[second].completed_on, reports[second].output_number) == (
        "done", date(2024, 3, 20), "15/BC-STP")
    assert all(t["action"] == review.SUBMIT for r in reports.values() for t in transitions_of(r)[-1:])
    assert all(LogEntry.objects.get_for_object(r).filter(actor=fp).exists() for r in reports.values())
    assert "Đã gửi 2 báo cáo (2 báo cáo chờ lãnh đạo đơn vị duyệt)" in _messages(c.get(resp["Location"]))
    # headers in another order, case and without diacritics still read; the lines now waiting are refused
    wb = load_workbook(io.BytesIO(filled))
    ws = wb.active
    ws.move_range("G2:H20", cols=10)
    ws["Q2"], ws["R2"] = "TINH TRANG", "ty le hoan thanh (%)"
    buf = io.BytesIO()
    wb.save(buf)
    out = services.progress_reports_import_xlsx(user=fp, data=buf.getvalue(), filename="x.xlsx", submit=True)
    assert [re.sub(r"dòng \d+", "dòng N", e) for e in out.errors] == [
        "Tệp x.xlsx, dòng N, cột A (Mã dòng): báo cáo trước của dòng này đang chờ duyệt; chưa thể báo cáo tiếp."] * 2


def test_a_bad_row_refuses_the_whole_file_naming_file_row_and_column(users, small_plan):
    fp = users["focal_point"]
    c = client_for(fp)
    sheet = Filled(_template(c))
    a, b, d, e = sheet.ids()[:4]
    ra = sheet.set(a, **{"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": 40, "Kết quả thực hiện": "Tốt"})
    rb = sheet.set(b, **{"Tỷ lệ hoàn thành (%)": 150, "Kết quả thực hiện": "Quá tay"})
    rd = sheet.set(d, **{"Tình trạng": "Xong rồi", "Ngày hoàn thành": "hôm qua"})
    re_ = sheet.set(e, **{"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": 10})  # no result, sent
    foreign = _lines("T42.syt")[0].pk
    sheet.ws.cell(sheet.ws.max_row + 1, 1).value = foreign
    rf = sheet.ws.max_row
    sheet.ws.cell(rf, sheet.col["Tỷ lệ hoàn thành (%)"]).value = 50
    resp = _upload(c, sheet.bytes(), name="bao-cao-quy.xlsx")
    assert resp.status_code == 400
    errors = resp.context["import_errors"]
    assert errors[0] == (f"Tệp bao-cao-quy.xlsx, dòng {rb}, cột H (Tỷ lệ hoàn thành (%)): Tỷ lệ hoàn thành phải từ "
                         "0 đến 100.")
    assert any(x.startswith(f"Tệp bao-cao-quy.xlsx, dòng {rd}, cột G (Tình trạng): “Xong rồi” không phải") for x in
               errors)
    assert f"Tệp bao-cao-quy.xlsx, dòng {rd}, cột K (Ngày hoàn thành): “hôm qua” không phải ngày (dùng " \
        "dd/mm/yyyy)." in errors  # every problem of the row, not only its first
    assert any(x.startswith(f"Tệp bao-cao-quy.xlsx, dòng {re_}, cột I (Kết quả thực hiện): Chưa gửi được") for x in
               errors)
    assert errors[-1] == (f"Tệp bao-cao-quy.xlsx, dòng {rf}, cột A (Mã dòng): không tìm thấy dòng nhiệm vụ mã "
                          f"“{foreign}” trong các việc bạn được báo cáo.")  # whose it is is not said
    assert not any(f"dòng {ra}," in x for x in errors)
    page = resp.content.decode()
    assert "import-errors" in page and "Sở Y tế" not in page
    assert not ProgressReport.objects.exists()
    # a date typed as text is read; a date that is not one is said at its cell
    sheet.set(d, **{"Tình trạng": "Hoàn thành", "Kết quả thực hiện": "Xong", "Ngày hoàn thành": "31/02/2024"})
    out = services.progress_reports_import_xlsx(user=fp, data=sheet.bytes(), filename="f.xlsx")
    assert f"Tệp f.xlsx, dòng {rd}, cột K (Ngày hoàn thành): “31/02/2024” không phải ngày (dùng dd/mm/yyyy)." in \
        out.errors


def test_nothing_is_written_when_a_save_is_refused_midway(users, small_plan, monkeypatch):
    """All or nothing also once writing has begun (a line sent meanwhile, a version changed): the rows saved before
    the refused one are undone with it — the transaction, not the checks before it."""
    fp = users["focal_point"]
    sheet = Filled(services.progress_report_template_xlsx(user=fp, occurrences=_lines(), today=date(2024, 6, 1)))
    ids = sheet.ids()[:3]
    rows = [sheet.set(pk, **{"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": 30,
                             "Kết quả thực hiện": f"Dòng {pk}"}) for pk in ids]
    real, calls = reporting.progress_report_save, []

    def save_then_refuse_the_second(**kw):
        calls.append(kw["occurrence"].pk)
        if len(calls) == 2:
            raise services.PlanError("pending", "Báo cáo trước đang chờ duyệt; chưa thể tạo báo cáo mới.")
        return real(**kw)

    monkeypatch.setattr(reporting, "progress_report_save", save_then_refuse_the_second)
    audited = LogEntry.objects.count()
    out = services.progress_reports_import_xlsx(user=fp, data=sheet.bytes(), filename="f.xlsx", submit=True)
    assert calls == ids  # the first row was written, the third still checked
    assert out.errors == [f"Tệp f.xlsx, dòng {rows[1]}, cột A (Mã dòng): Báo cáo trước đang chờ duyệt; chưa thể tạo "
                          "báo cáo mới."]
    assert (out.submitted, out.saved) == (0, 0)
    assert not ProgressReport.objects.exists() and LogEntry.objects.count() == audited
    assert Occurrence.objects.get(pk=ids[0]).first_submitted_on is None


def test_another_units_focal_point_cannot_report_on_the_first_units_lines(users, small_plan):
    sheet = Filled(_template(client_for(users["focal_point"])))
    for pk in sheet.ids()[:2]:
        sheet.set(pk, **{"Tình trạng": "Đang thực hiện", "Tỷ lệ hoàn thành (%)": 50, "Kết quả thực hiện": "Xong"})
    data = sheet.bytes()
    resp = _upload(client_for(users["focal_b"]), data)
    assert resp.status_code == 400
    assert len(resp.context["import_errors"]) == len(sheet.ids())  # every row of it, filled or not
    assert all("không tìm thấy dòng nhiệm vụ" in e for e in resp.context["import_errors"])
    assert _upload(client_for(users["viewer"]), data).status_code == 403  # reads the unit, reports on nothing
    assert not ProgressReport.objects.exists()


def test_the_page_offers_the_template_and_a_labelled_upload(users, small_plan):
    page = client_for(users["focal_point"]).get("/plans/my/?show=late").content.decode()
    assert 'href="?show=late&amp;template=1"' in page and "Tải mẫu Excel báo cáo" in page
    assert 'id="report-import"' in page and controls_without_a_name(page) == []
    viewer = client_for(users["viewer"]).get("/plans/my/").content.decode()
    assert "report-import" not in viewer and "Tải mẫu Excel báo cáo" not in viewer
