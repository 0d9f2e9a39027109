"""Web and API: upload → review → confirm, bad files, permissions (web + API), dashboard, exports, query counts."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cchc.core import review
from cchc.org.models import OrgUnit, UnitAlias
from cchc.plans import services
from cchc.plans.models import Occurrence, Plan, PlanImport, ProgressReport, Task
from tests.helpers import client_for, pdf_with_text
from tests.plans.conftest import DATA

pytestmark = pytest.mark.django_db


def _upload(c, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post("/plans/upload/", {"file": SimpleUploadedFile(name, data)})


def test_upload_review_map_agency_and_confirm(users):
    c = client_for(users["par_office"])
    seed = (DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt").read_bytes()
    resp = _upload(c, "ke-hoach-2024.txt", seed)
    assert resp.status_code == 302
    imp = PlanImport.objects.get()
    assert imp.status == PlanImport.Status.REVIEW and len(imp.rows) == 79
    page = c.get(resp.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rà soát kế hoạch" in html and 'name="c-0-title"' in html and "Văn bản nguồn" in html
    # edit a cell and split a row
    first_title = imp.rows[0]["title"]
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "cells",
                                                     "c-0-title": first_title + " (đã sửa)"})
    imp.refresh_from_db()
    assert imp.rows[0]["title"].endswith("(đã sửa)") and imp.version == 2
    # a stale form (old version) is refused, not applied
    c.post(f"/plans/imports/{imp.pk}/edit/", {"version": 1, "op": "cells", "c-0-title": "cũ"})
    imp.refresh_from_db()
    assert imp.rows[0]["title"].endswith("(đã sửa)")
    # map one agency (unresolved or not) to a unit: remembered as an alias
    text = next((t for t, r in imp.agency_map.items() if r["kind"] == "unresolved"), next(iter(imp.agency_map)))
    c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "map", "agency": text,
                                              "target": "T42.stp"})
    imp.refresh_from_db()
    assert imp.agency_map[text] == {"kind": "unit", "units": ["T42.stp"], "auto": False, "note": ""}
    assert UnitAlias.objects.filter(unit__code="T42.stp", alias=text).exists()
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "confirm"})
    plan = Plan.objects.get()
    assert resp.status_code == 302 and resp.url == f"/plans/{plan.pk}/"
    assert plan.tasks.count() == 79 and plan.targets.count() > 30
    assert Task.objects.filter(plan=plan, title__endswith="(đã sửa)").exists()
    assert c.get(resp.url).status_code == 200
    # re-import of the same file: review shows the differences, confirm does not duplicate
    resp = _upload(c, "ke-hoach-2024-sua.txt", seed)
    imp2 = PlanImport.objects.get(pk=resp.url.rstrip("/").split("/")[-1])
    assert imp2.plan_id == plan.pk
    assert "Khác biệt so với kế hoạch đã có" in c.get(resp.url).content.decode()
    c.post(f"/plans/imports/{imp2.pk}/edit/", {"version": imp2.version, "op": "confirm"})
    assert Plan.objects.count() == 1 and Task.objects.filter(plan=plan, is_active=True).count() == 79


@pytest.mark.parametrize("name,data,fragment", [
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
    ("hong.docx", b"PK\x03\x04 not really a zip", "docx"),
    ("trong.txt", "Báo cáo tình hình, không có bảng nhiệm vụ nào.\n".encode(), "trong.txt"),
])
def test_bad_files_show_message_and_write_nothing(users, name, data, fragment):
    c = client_for(users["par_office"])
    resp = _upload(c, name, data)
    assert resp.status_code == 400
    html = resp.content.decode()
    import re

    message = re.search(r'id="upload-error"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert fragment in message and len(message.strip()) > 20
    print(message)
    assert not PlanImport.objects.exists() and not Plan.objects.exists() and not Task.objects.exists()


def test_scanned_pdf_and_too_large(users, settings):
    from reportlab.pdfgen import canvas

    c = client_for(users["par_office"])
    buf = BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(50, 50, 200, 200, fill=1)  # an image-like page without a text layer
    pdf.showPage()
    pdf.save()
    resp = _upload(c, "scan.pdf", buf.getvalue())
    assert resp.status_code == 400 and not PlanImport.objects.exists()
    settings.CCHC_MAX_UPLOAD_MB = 1
    resp = _upload(c, "lon.txt", b"a" * (1024 * 1024 + 10))
    assert resp.status_code == 400 and "quá lớn" in resp.content.decode()
    assert not PlanImport.objects.exists()


def test_only_office_uploads(users):
    for role in ("focal_point", "viewer", "appraiser"):
        assert client_for(users[role]).get("/plans/upload/").status_code == 403


# ---------------------------------------------------------------- permissions, web and API

def _stp_occurrence(plan):
    return Occurrence.objects.get(plan=plan, unit__code="T42.stp", task__section="I", task__number="1")


def test_focal_point_cannot_read_or_edit_other_units_reports_web(users, small_plan):
    o = _stp_occurrence(small_plan)
    a, b = client_for(users["focal_point"]), client_for(users["focal_b"])
    assert a.get(f"/plans/occurrences/{o.pk}/").status_code == 200
    assert b.get(f"/plans/occurrences/{o.pk}/").status_code == 404
    resp = b.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 50, "action": "submit"})
    assert resp.status_code == 404 and not ProgressReport.objects.exists()
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 50, "action": "submit",
                                                  "result": "Đang rà soát"})
    assert resp.status_code == 302
    r = ProgressReport.objects.get()
    assert b.post(f"/plans/reports/{r.pk}/action/", {"action": "accept"}).status_code == 404
    # a focal point of the same unit cannot accept its own report
    assert a.post(f"/plans/reports/{r.pk}/action/", {"action": "accept"}).status_code == 403
    viewer = client_for(users["viewer"])
    assert viewer.get(f"/plans/occurrences/{o.pk}/").status_code == 200
    assert viewer.post(f"/plans/occurrences/{o.pk}/", {"status": "done"}).status_code == 403
    office = client_for(users["par_office"])
    office.post(f"/plans/reports/{r.pk}/action/", {"action": "accept", "version": r.version})
    r.refresh_from_db()
    assert r.review_state == review.ACCEPTED
    # dashboards and lists are scoped: focal_b never sees Sở Tư pháp
    html = b.get("/plans/dashboard/?today=2025-01-10").content.decode()
    assert 'data-unit="T42.stp"' not in html and 'data-unit="T42.syt"' in html
    assert "Sở Tư pháp" not in b.get("/plans/my/").content.decode()


def test_api_scoping_and_submit(users, small_plan):
    o = _stp_occurrence(small_plan)
    a, b = client_for(users["focal_point"]), client_for(users["focal_b"])
    mine = a.get("/api/plans/my/occurrences").json()
    assert o.pk in [x["id"] for x in mine] and all(x["unit_code"] == "T42.stp" for x in mine)
    assert all(x["unit_code"] == "T42.syt" for x in b.get("/api/plans/my/occurrences").json())
    assert b.get(f"/api/plans/occurrences/{o.pk}").status_code == 404
    resp = b.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 10},
                  content_type="application/json")
    assert resp.status_code == 404 and not ProgressReport.objects.exists()
    resp = a.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 10},
                  content_type="application/json")
    assert resp.status_code == 200 and resp.json()["review_state"] == "draft"
    rid, version = resp.json()["id"], resp.json()["version"]
    assert b.get(f"/api/plans/reports/{rid}").status_code == 404
    # stale version → 409, nothing overwritten
    resp = a.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 90,
                                                             "version": version + 5},
                  content_type="application/json")
    assert resp.status_code == 409 and resp.json()["code"] == "version_conflict"
    resp = a.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 60,
                                                             "version": version, "submit": True},
                  content_type="application/json")
    assert resp.status_code == 400 and resp.json()["code"] == "result_required"  # nothing written: not sent
    resp = a.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "in_progress", "percent": 60,
                                                             "result": "Đã rà soát 10 thủ tục",
                                                             "version": version, "submit": True},
                  content_type="application/json")
    assert resp.status_code == 200 and resp.json()["review_state"] == "submitted" and resp.json()["percent"] == 60
    resp = a.post(f"/api/plans/occurrences/{o.pk}/reports", {"status": "done"}, content_type="application/json")
    assert resp.status_code == 400
    plans = a.get("/api/plans/plans").json()
    assert [p["id"] for p in plans] == [small_plan.pk]
    tasks = a.get(f"/api/plans/plans/{small_plan.pk}/tasks").json()
    assert len(tasks) == 3 and tasks[0]["assignments"][0]["unit_code"] == "T42.stp"
    assert Client().get("/api/plans/plans").status_code == 401


def test_web_version_conflict_shows_message(users, small_plan):
    o = _stp_occurrence(small_plan)
    a = client_for(users["focal_point"])
    a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 10, "action": "save"})
    r = ProgressReport.objects.get()
    read_version = r.version  # what the focal point's open form holds
    services.progress_report_save(occurrence=o, user=users["unit_leader"], report=r, expected_version=r.version,
                                  data={"status": "in_progress", "percent": 70})
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 20, "action": "save",
                                                  "report": r.pk, "version": read_version})
    assert resp.status_code == 409 and "đã được người khác thay đổi" in resp.content.decode()
    r.refresh_from_db()
    assert r.percent == 70


def _real_pdf() -> bytes:
    """A PDF that opens (evidence is checked by parsing, not by its first bytes — issue 8 item 15)."""
    return pdf_with_text("Ket qua thuc hien")


def test_evidence_upload_via_web(users, small_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o = _stp_occurrence(small_plan)
    a = client_for(users["focal_point"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 10, "action": "save",
                                                  "evidence": SimpleUploadedFile("kq.pdf", _real_pdf())})
    assert resp.status_code == 302
    ev = ProgressReport.objects.get().evidence.get()
    assert ev.kind == "pdf"
    assert a.get(f"/plans/evidence/{ev.pk}/").status_code == 200
    assert client_for(users["focal_b"]).get(f"/plans/evidence/{ev.pk}/").status_code == 404  # not found, not forbidden
    resp = a.post(f"/plans/occurrences/{o.pk}/", {
        "status": "in_progress", "percent": 10, "action": "save", "report": ev.report_id,
        "version": ev.report.version, "evidence": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert resp.status_code == 400 and "không phải PDF" in resp.content.decode()


def test_plan_without_a_province_is_confirmed_only_after_choosing_one(users):
    """A plan whose text names no known province cannot be confirmed (its groups would expand to every
    province's units) until the office chooses the province on the review screen."""
    c = client_for(users["par_office"])
    seed = (DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt").read_text(encoding="utf-8")
    text = seed.replace("Hà Tĩnh", "Xứ Sở").replace("HÀ TĨNH", "XỨ SỞ")
    resp = _upload(c, "ke-hoach.txt", text.encode())
    imp = PlanImport.objects.get()
    html = c.get(resp.url).content.decode()
    assert 'id="province-form"' in html and "chưa xác định" in html
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "confirm"}, follow=True)
    assert "Chưa xác định được tỉnh" in resp.content.decode() and not Plan.objects.exists()
    imp.refresh_from_db()
    c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "province", "province": "Hà Tĩnh"})
    imp.refresh_from_db()
    assert imp.draft["province"].endswith("Hà Tĩnh")
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version, "op": "confirm"})
    plan = Plan.objects.get()
    assert resp.status_code == 302 and plan.province.name.endswith("Hà Tĩnh")
    assert not plan.tasks.filter(occurrences__unit__province__isnull=False).exclude(
        occurrences__unit__province=plan.province).exists()


def test_evidence_attached_and_sent_in_one_click(users, small_plan, settings, tmp_path):
    """Attaching files and pressing "Gửi Phòng CCHC" in one post keeps the files; a refused file sends nothing."""
    settings.MEDIA_ROOT = tmp_path
    o = _stp_occurrence(small_plan)
    a = client_for(users["focal_point"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    resp = a.post(f"/plans/occurrences/{o.pk}/", {
        "status": "in_progress", "percent": 40, "action": "submit", "result": "Đã rà soát",
        "evidence": [SimpleUploadedFile("kq.pdf", _real_pdf()), SimpleUploadedFile("bad.pdf", b"not a pdf")]})
    assert resp.status_code == 400 and "không phải PDF" in resp.content.decode()
    assert not ProgressReport.objects.filter(occurrence=o).exists()
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 40, "action": "submit",
                                                  "result": "Đã rà soát",
                                                  "evidence": SimpleUploadedFile("kq.pdf", _real_pdf())})
    assert resp.status_code == 302
    report = ProgressReport.objects.get(occurrence=o)
    assert report.review_state == "submitted" and report.evidence.count() == 1


# ---------------------------------------------------------------- dashboard, exports

def test_dashboard_figures_and_exports(users, small_plan):
    syt = OrgUnit.objects.get(code="T42.syt")
    q1 = Occurrence.objects.filter(unit=syt).order_by("due_date").first()
    Occurrence.objects.filter(pk=q1.pk).update(status="done", first_submitted_on=date(2024, 3, 25), on_time=True)
    c = client_for(users["par_office"])
    resp = c.get(f"/plans/dashboard/?plan={small_plan.pk}&today=2024-07-15")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "chart.umd.min.js" in html and 'id="chart-data"' in html
    # due by 15/7/2024: STP 30/6 + Q1,Q2 × (STP, SYT) = 5 expected, 1 reported
    assert 'id="t-expected">5<' in html and 'id="t-reported">1<' in html and 'id="t-late">4<' in html
    for table in ("units", "areas", "trend", "targets"):
        resp = c.get(f"/plans/dashboard/?plan={small_plan.pk}&today=2024-07-15&export={table}")
        assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
        ws = load_workbook(BytesIO(resp.content)).active
        assert ws.max_row >= 2
    resp = c.get("/plans/late/?today=2024-07-15&export=1")
    ws = load_workbook(BytesIO(resp.content)).active
    assert ws.max_row == 5  # header + 4 late lines
    assert {r[3] for r in ws.iter_rows(min_row=2, values_only=True)} == {"Sở Tư pháp tỉnh Hà Tĩnh", "Sở Y tế tỉnh Hà Tĩnh"}
    units = c.get("/plans/dashboard/?today=2024-07-15&export=units&area=procedures")
    rows = list(load_workbook(BytesIO(units.content)).active.iter_rows(values_only=True))
    syt_row = next(r for r in rows if r[0] == "T42.syt")
    assert syt_row[2:5] == (2, 1, 1) and syt_row[7] == 50.0


def test_dashboard_filter_errors_are_reported(users, small_plan):
    c = client_for(users["par_office"])
    resp = c.get("/plans/dashboard/?period=2024Q9")
    assert resp.status_code == 200 and "Kỳ “2024Q9” không hợp lệ" in resp.content.decode()
    # the period typed as people read it is the code's period
    by_code = c.get("/plans/late/?period=2024Q1&today=2024-07-15").content.decode()
    by_label = c.get("/plans/late/?period=Qu%C3%BD+I%2F2024&today=2024-07-15").content.decode()
    assert 'value="2024Q1"' in by_label and "không hợp lệ" not in by_label
    assert by_label.count("<tr") == by_code.count("<tr") > 1


def test_home_attention_items(users, small_plan):
    Occurrence.objects.filter(unit__code="T42.stp").update(due_date=date(2020, 1, 1))
    html = client_for(users["focal_point"]).get("/").content.decode()
    assert "quá hạn báo cáo" in html


def _grow(plan, n_units: int, reports_each: int = 2):
    """Add ``n_units`` departments with one occurrence each and some reports (for query-count checks)."""
    from cchc.org.models import UnitKind

    task = plan.tasks.order_by("order").first()
    sched = task.schedules.first()
    prov = plan.province
    start = OrgUnit.objects.filter(code__startswith="BENCHQ").count()
    units = []
    for i in range(start, start + n_units):
        units.append(OrgUnit.objects.create(code=f"BENCHQ{i}", name=f"Đơn vị thử {i}", kind=UnitKind.DEPARTMENT,
                                            parent=prov))
    occs = Occurrence.objects.bulk_create([
        Occurrence(task=task, schedule=sched, plan=plan, unit=u, period="2024", due_date=date(2024, 6, 30),
                   area=task.area, status="in_progress" if i % 2 else "not_started",
                   first_submitted_on=date(2024, 6, 1) if i % 2 else None, on_time=bool(i % 2))
        for i, u in enumerate(units)])
    ProgressReport.objects.bulk_create([ProgressReport(occurrence=o, unit=o.unit, status="in_progress", percent=10)
                                        for o in occs for _ in range(reports_each)])


@pytest.mark.parametrize("url", [
    "/plans/dashboard/?today=2024-12-01", "/plans/late/?today=2024-12-01", "/plans/", "/plans/my/",
    "/plans/review/",
])
def test_query_counts_do_not_grow_with_data(users, small_plan, url):
    c = client_for(users["par_office"])
    c.get(url)  # warm caches (sessions, content types)
    _grow(small_plan, 5)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url).status_code == 200
    _grow(small_plan, 60, reports_each=4)
    with CaptureQueriesContext(connection) as large:
        assert c.get(url).status_code == 200
    assert len(large) == len(small), (url, len(small), len(large))


def test_target_labels_on_the_targets_page_and_in_the_excel_export(users, small_plan):
    from cchc.plans.models import Target

    t = Target.objects.create(plan=small_plan, text="Phấn đấu năm 2025, 90% hồ sơ được số hóa.", indicator="Tỷ lệ hồ sơ "
                              "được số hóa", value=90, unit_of_measure="%", comparator=">=", year=2025, level="huyện")
    label = "Tỷ lệ hồ sơ được số hóa: tối thiểu 90% (năm 2025, cấp huyện)"
    assert t.label == label
    c = client_for(users["par_office"])
    assert label in c.get(f"/plans/{small_plan.pk}/targets/").content.decode()
    resp = c.get(f"/plans/dashboard/?plan={small_plan.pk}&export=targets")
    rows = list(load_workbook(BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "Chỉ tiêu" and label in [r[1] for r in rows[1:]]


# ---------------------------------------------------------------- the occurrence page: sending and showing


def test_a_progress_report_without_result_is_not_sent(users, small_plan):
    """"Kết quả thực hiện" empty: the report may be saved as a draft but not sent, done/100 % or not."""
    o = _stp_occurrence(small_plan)
    a = client_for(users["focal_point"])
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "done", "percent": 100, "result": "  ",
                                                  "completed_on": date(2024, 6, 1).isoformat(), "action": "submit"})
    page = resp.content.decode()
    assert resp.status_code == 400 and "Kết quả thực hiện" in page and "còn trống" in page
    assert not ProgressReport.objects.exists()
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"status": "in_progress", "percent": 20, "action": "save"})
    assert resp.status_code == 302  # a draft without result is fine
    r = ProgressReport.objects.get()
    with pytest.raises(services.PlanError) as e:
        services.progress_report_transition(report=r, user=users["focal_point"], action=review.SUBMIT)
    assert e.value.code == "result_required"
    r.refresh_from_db()
    assert r.review_state == review.DRAFT
    resp = a.post(f"/plans/occurrences/{o.pk}/", {"report": r.pk, "version": r.version, "status": "done",
                                                  "percent": 100, "completed_on": date(2024, 6, 1).isoformat(),
                                                  "result": "Đã rà soát 25 thủ tục", "action": "submit"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.review_state in (review.SUBMITTED, review.LEADER_REVIEW)
    # "Không áp dụng" is sent with its reason
    o2 = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp").exclude(pk=o.pk).first()
    resp = a.post(f"/plans/occurrences/{o2.pk}/", {"status": "not_applicable", "na_reason": "Không có TTHC",
                                                   "action": "submit"})
    assert resp.status_code == 302


def test_period_codes_are_shown_as_labels(users, small_plan):
    o = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp", period__contains="Q").first()
    assert o is not None and o.period == "2024Q" + o.period[-1]
    a = client_for(users["focal_point"])
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}[o.period[-1]]
    page = a.get(f"/plans/occurrences/{o.pk}/").content.decode()
    assert f"Quý {roman}/2024" in page and o.period not in page
    work = a.get("/plans/my/").content.decode()
    assert f"Quý {roman}/2024" in work and f">{o.period}<" not in work


def test_period_label_filter():
    from cchc.core.templatetags.vi import period_label

    assert [period_label(c) for c in ("2024Q1", "2024S1", "2024S2", "2024", "202401", "", None, "xyz")] == [
        "Quý I/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "Năm 2024", "Tháng 01/2024", "", "", "xyz"]


def test_due_date_once_and_plan_header_without_empty_parts(users, small_plan):
    o = _stp_occurrence(small_plan)
    a = client_for(users["focal_point"])
    due = o.due_date.strftime("%d/%m/%Y")
    Task.objects.filter(pk=o.task_id).update(deadline=due)
    page = a.get(f"/plans/occurrences/{o.pk}/").content.decode()
    dd = page[page.index('id="due"'):page.index("</dd>", page.index('id="due"'))]
    assert dd.count(due) == 1
    Task.objects.filter(pk=o.task_id).update(deadline="Quý II/2024")
    page = a.get(f"/plans/occurrences/{o.pk}/").content.decode()
    dd = page[page.index('id="due"'):page.index("</dd>", page.index('id="due"'))]
    assert due in dd and "(Quý II/2024)" in dd
    Plan.objects.filter(pk=small_plan.pk).update(document_number="")
    page = a.get(f"/plans/{small_plan.pk}/").content.decode()
    meta = page[page.index('id="plan-meta"'):page.index("</p>", page.index('id="plan-meta"'))]
    assert "·  ·" not in meta and "· ·" not in meta and "UBND tỉnh Hà Tĩnh" in meta


def test_occurrence_history_table_is_in_a_tablewrap_and_reads_as_cards_on_a_phone(users, small_plan):
    o = _stp_occurrence(small_plan)
    page = client_for(users["focal_point"]).get(f"/plans/occurrences/{o.pk}/").content.decode()
    assert '<div class="tablewrap"><table class="table cards" id="history">' in page


def test_the_work_list_is_named_for_whose_work_it_lists(users, small_plan):
    # the office's list holds every unit's work: it is not "my unit's work" (session 21 walkthrough)
    office = client_for(users["par_office"]).get("/plans/my/").content.decode()
    focal = client_for(users["focal_point"]).get("/plans/my/").content.decode()
    assert "<h1>Việc của các đơn vị</h1>" in office and "Việc của đơn vị tôi" not in office
    assert "<h1>Việc của đơn vị tôi</h1>" in focal


def test_tasks_with_the_same_number_and_title_are_told_apart_by_their_activity(users, small_plan):
    # the 2024 plan splits "2.1 Ban hành các văn bản QPPL …" into two tasks, one activity each: the work list showed two
    # identical rows (session 21 walkthrough); a task with a single activity shows it
    a = client_for(users["focal_point"])
    items = a.get("/plans/my/").context["items"]
    assert items, "the focal point has open work in the small plan"
    task = items[0].task
    Task.objects.filter(pk=task.pk).update(activities=["3.2. Xây dựng các dự thảo văn bản"])
    page = a.get("/plans/my/").content.decode()
    assert "3.2. Xây dựng các dự thảo văn bản" in page


def test_late_and_dashboard_exports_read_as_a_civil_servant_expects(users, small_plan):
    """The plans' exports bypassed the shared writer: a sheet named "Sheet", every column 13 wide, due dates shown
    2024-03-31, the period as its code "2024Q1", no filter, and "nhiem-vu-qua-han.xlsx" whatever the period."""
    c = client_for(users["par_office"])
    resp = c.get("/plans/late/?today=2024-07-15&export=1")
    assert resp["Content-Disposition"] == 'attachment; filename="nhiem-vu-qua-han-2024-07-15.xlsx"'
    ws = load_workbook(BytesIO(resp.content)).active
    assert ws.title == "Nhiệm vụ quá hạn" and ws.freeze_panes == "A2" and ws.auto_filter.ref
    head = [c.value for c in ws[1]]
    due, period = ws.cell(2, head.index("Hạn") + 1), ws.cell(2, head.index("Kỳ") + 1)
    assert isinstance(due.value, date) and due.number_format == "DD/MM/YYYY"
    assert period.value.startswith(("Quý", "Năm", "6 tháng", "Tháng"))
    assert ws.column_dimensions["C"].width > ws.column_dimensions["B"].width  # the task's name, not 13 like the rest
    units = c.get("/plans/dashboard/?today=2024-07-15&export=units&period=2024Q1")
    assert units["Content-Disposition"].endswith('hoan-thanh-theo-don-vi-2024Q1.xlsx"')
    ws = load_workbook(BytesIO(units.content)).active
    assert ws.title == "Theo đơn vị"
    rows = list(ws.iter_rows(min_row=2, values_only=True))  # a total line, as on the dashboard
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2] == sum(r[2] for r in rows[:-1])
    areas = list(load_workbook(BytesIO(c.get("/plans/dashboard/?today=2024-07-15&export=areas").content))
                 .active.iter_rows(min_row=2, values_only=True))
    assert areas[-1][0] == "Tổng cộng" and areas[-1][1] == sum(r[1] for r in areas[:-1])


def test_a_late_line_of_a_unit_merged_since_says_who_carries_on_its_work(users, small_plan):
    """Sở Giao thông vận tải ended on 28/02/2025 (merged into Sở Xây dựng): its 2024 line is still late, as a fact,
    and the list says the unit has ended and which unit carries on its work, on the page and in the export."""
    from cchc.org.models import Membership, Role
    from cchc.plans.models import Occurrence, Task

    gtvt = OrgUnit.objects.get(code="T42.sgtvt")
    task = Task.objects.filter(plan=small_plan).first()
    o = Occurrence.objects.create(task=task, schedule=task.schedules.first(), plan=small_plan, unit=gtvt,
                                  area=task.area, period="2024Q1", due_date=date(2024, 3, 31))
    # the successor's focal point answers for the old department's line (no account of an ended unit remains)
    fp = users["focal_point"].__class__.objects.create_user(username="daumoi.sxd", first_name="Ngô Văn Xây")
    Membership.objects.create(user=fp, role=Role.FOCAL_POINT, unit=OrgUnit.objects.get(code="T42.sxd"))
    c = client_for(users["par_office"])
    html = c.get("/plans/late/?today=2026-12-01").content.decode()
    row = html[html.index(f'data-occurrence="{o.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "đã kết thúc hoạt động ngày 28/02/2025; nay là Sở Xây dựng tỉnh Hà Tĩnh" in row
    assert "Ngô Văn Xây" in row
    stp_rows = [r for r in html.split("<tr")[1:] if "Sở Tư pháp tỉnh Hà Tĩnh" in r]
    assert stp_rows and not any("kết thúc hoạt động" in r for r in stp_rows)
    ws = load_workbook(BytesIO(c.get("/plans/late/?today=2026-12-01&export=1").content)).active
    head = [x.value for x in ws[1]]
    notes = {r[head.index("Đơn vị")]: r[head.index("Ghi chú về đơn vị")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert notes[gtvt.name].startswith("đã kết thúc hoạt động ngày 28/02/2025") and not notes["Sở Tư pháp tỉnh Hà Tĩnh"]


def test_a_follow_up_report_starts_from_the_last_one_and_a_done_line_folds_it(users, small_plan, settings):
    """The next report of a line starts from what was last reported (status, %, result), not from 0 %; once the line
    is done and its report accepted, a further report is offered folded as an addition."""
    settings.CCHC_LEADER_APPROVAL = False
    o = _stp_occurrence(small_plan)
    fp, office = users["focal_point"], users["par_office"]
    c = client_for(fp)
    r = services.progress_report_save(occurrence=o, user=fp, submit=True,
                                      data={"status": "in_progress", "percent": 40, "result": "Đã rà soát 10 TTHC"})
    services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
    page = c.get(f"/plans/occurrences/{o.pk}/").content.decode()
    form = page[page.index('id="report-form"'):page.index("</form>", page.index('id="report-form"'))]
    assert '<option value="in_progress" selected>' in form and 'name="percent" min="0" max="100" value="40"' in form
    assert "Đã rà soát 10 TTHC</textarea>" in form and 'id="supplement"' not in page
    assert 'class="table cards" id="history"' in page and 'data-label="Kết quả">Đã rà soát 10 TTHC' in page
    r = services.progress_report_save(occurrence=o, user=fp, submit=True,
                                      data={"status": "done", "percent": 100, "result": "Đã rà soát 25 TTHC",
                                            "completed_on": o.due_date.isoformat()})
    services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
    page = c.get(f"/plans/occurrences/{o.pk}/").content.decode()
    folded = page[page.index('<details class="card" id="supplement">'):page.index("</details>",
                                                                              page.index('id="supplement"'))]
    assert 'id="report-form"' in folded and "Báo cáo bổ sung" in folded and 'value="100"' in folded
