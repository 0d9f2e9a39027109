"""Periodic reports: figures from the owner apps, the narrative kept across regenerations, the issued report
frozen with its snapshot, the unit report through the review loop, consolidation, permissions, the .docx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.core import review
from cchc.org.models import OrgUnit
from cchc.reports import catalog, documents, services
from cchc.reports.models import Report
from tests.helpers import client_for as _client
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def calendar_rule(settings):
    """The data of these tests are dated for the calendar rule (1 January to 31 March); the cut-off rule, the
    default, has its own tests in test_period_rule.py."""
    settings.CCHC_REPORT_PERIOD_RULE = catalog.CALENDAR


def _unit_report(users, platform_data):
    return services.report_create(user=users["focal_point"], unit=platform_data["stp"], year=YEAR,
                                  period_kind=catalog.Q1)


def test_unit_report_figures_come_from_the_apps(users, platform_data):
    r = _unit_report(users, platform_data)
    rows = r.figures["rows"]
    # Sở Tư pháp: 3 tasks in the year's plan, 1 fully done by 31/3 (task 2 done late counts as done too)
    assert rows["1:2.1"]["value"] == 3 and rows["1:2.2"]["value"] == 2
    assert rows["1:3.1"]["value"] == 1 and rows["1:3.2"]["value"] == 0
    assert rows["1:3.3.1"]["value"] == 2 and rows["1:3.3.2"]["value"] == 0
    assert rows["1:5"]["value"] == 1 and rows["1:5.1"]["value"] == 4 and rows["1:5.2"]["value"] == 0
    facts = r.figures["facts"]
    assert any("2/3 nhiệm vụ" in f for f in facts["I.2"])
    assert any("75,00%" in f for f in facts["II.2"])  # 3 of 4 answers ≥ 4
    late = r.figures["tables"]["I.2"][0]["rows"]
    assert [row[1] for row in late] == ["Nhiệm vụ 3"] and late[0][5] == "Chờ hướng dẫn của Bộ Nội vụ"
    values = catalog.annex_values(rows, {})
    assert values["1:2"]["value"] == pytest.approx(66.67) and values["1:2"]["source"] == "computed"
    blank = {row.key for row in catalog.blank_rows(values)}
    assert "2:1" in blank and "1:2.1" not in blank and len(blank) > 60


def test_regenerate_keeps_narrative_and_manual_figures(users, platform_data):
    r = _unit_report(users, platform_data)
    services.report_text_save(user=users["focal_point"], report=r, narrative={"III.2": "Thiếu biên chế."},
                       manual={"5:2.1": {"value": "3", "note": "thi tuyển"}})
    platform_data["syt"]  # untouched
    from cchc.plans.models import Occurrence

    Occurrence.objects.filter(task__title="Nhiệm vụ 3").update(status="done", completed_on="2026-03-30")
    services.report_regenerate(user=users["focal_point"], report=r)
    r.refresh_from_db()
    assert r.narrative["III.2"] == "Thiếu biên chế." and r.manual["5:2.1"] == {"value": 3, "note": "thi tuyển"}
    assert r.figures["rows"]["1:2.2"]["value"] == 3
    with pytest.raises(services.ReportError) as e:
        services.report_text_save(user=users["focal_point"], report=r, narrative={}, manual={"5:2.1": {"value": "ba"}})
    assert e.value.code == "bad_number" and "Biểu mẫu 5, chỉ tiêu 2.1" in e.value.message
    with pytest.raises(services.ReportError):
        services.report_text_save(user=users["focal_point"], report=r, narrative={"IX.9": "x"})


def test_submit_freezes_review_loop_and_consolidation(users, platform_data):
    r = _unit_report(users, platform_data)
    services.report_text_save(user=users["focal_point"], report=r, narrative={"V.1": "Đề nghị tập huấn thêm."},
                       manual={"5:2.2": {"value": "4"}})
    services.report_transition(user=users["unit_leader"], report=r, action=review.SUBMIT)
    r.refresh_from_db()
    assert r.review_state == review.SUBMITTED and r.frozen and r.snapshot["rows"]["1:2.1"]["value"] == 3
    with pytest.raises(services.ReportError) as e:
        services.report_regenerate(user=users["unit_leader"], report=r)
    assert e.value.code == "report_frozen"
    with pytest.raises(review.TransitionError):
        services.report_transition(user=users["focal_point"], report=r, action=review.ACCEPT)
    services.report_transition(user=users["par_office"], report=r, action=review.ACCEPT)

    prov = OrgUnit.objects.get(code="T42")
    with pytest.raises(PermissionDenied):
        services.report_create(user=users["focal_point"], unit=prov, year=YEAR, period_kind=catalog.Q1)
    p = services.report_create(user=users["par_office"], unit=prov, year=YEAR, period_kind=catalog.Q1)
    assert p.level == catalog.PROVINCE and p.figures["rows"]["1:2.1"]["value"] == 5  # both units' tasks of the year
    done = services.report_consolidate(user=users["par_office"], report=p)
    p.refresh_from_db()
    assert done["units"] == [platform_data["stp"].name]
    assert p.manual["5:2.2"]["value"] == 4 and "1 đơn vị" in p.manual["5:2.2"]["note"]
    assert f"- {platform_data['stp'].name}: Đề nghị tập huấn thêm." in p.narrative["V.1"]
    services.report_consolidate(user=users["par_office"], report=p)  # twice: the unit's text is not repeated
    p.refresh_from_db()
    assert p.narrative["V.1"].count("Đề nghị tập huấn thêm.") == 1


def test_issued_report_is_frozen_with_its_snapshot(users, platform_data):
    prov = OrgUnit.objects.get(code="T42")
    p = services.report_create(user=users["par_office"], unit=prov, year=YEAR, period_kind=catalog.Q1)
    services.report_text_save(user=users["par_office"], report=p, narrative={"I.1": "Chỉ đạo quyết liệt."})
    with pytest.raises(services.ReportError) as e:
        services.report_issue(user=users["par_office"], report=p)
    assert e.value.code == "number_required"
    services.report_issue(user=users["par_office"], report=p, number="12/BC-UBND")
    p.refresh_from_db()
    before = documents.annex_table(p)
    from cchc.plans.models import Occurrence

    Occurrence.objects.update(status="done", completed_on="2026-03-01")  # the data changes after issuing
    for call in (lambda: services.report_regenerate(user=users["par_office"], report=p),
                 lambda: services.report_text_save(user=users["par_office"], report=p, narrative={"I.1": "khác"})):
        with pytest.raises(services.ReportError) as e:
            call()
        assert e.value.code == "report_frozen"
    p.refresh_from_db()
    assert documents.annex_table(p) == before and p.snapshot["narrative"]["I.1"] == "Chỉ đạo quyết liệt."
    text = "\n".join(par.text for par in Document(io.BytesIO(documents.report_docx(p))).paragraphs)
    assert "Chỉ đạo quyết liệt." in text and "12/BC-UBND" in text


def test_permissions_unit_cannot_read_or_change_another_units_report(users, platform_data):
    r = _unit_report(users, platform_data)
    other = _client(users["focal_b"])  # Sở Y tế
    for url in (f"/reports/{r.pk}/", f"/reports/{r.pk}/report.docx", f"/reports/{r.pk}/annex.xlsx"):
        assert other.get(url).status_code == 404
    assert other.post(f"/reports/{r.pk}/save/", {"text_I.1": "x"}).status_code == 404
    assert other.post(f"/reports/{r.pk}/regenerate/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.report_text_save(user=users["viewer"], report=r, narrative={"I.1": "x"})
    with pytest.raises(PermissionDenied):
        services.report_create(user=users["focal_b"], unit=platform_data["stp"], year=YEAR, period_kind=catalog.H1)
    assert _client(users["viewer"]).get(f"/reports/{r.pk}/").status_code == 200  # own unit: read only
    assert _client(users["focal_point"]).get("/reports/status/").status_code == 403
    page = _client(users["focal_b"]).get("/reports/").content.decode()
    assert f"/reports/{r.pk}/" not in page
    with pytest.raises(services.ReportError) as e:
        _unit_report(users, platform_data)
    assert e.value.code == "report_exists"


def test_screens_create_edit_submit_and_office_status(users, platform_data):
    c = _client(users["focal_point"])
    resp = c.post("/reports/new/", {"period": "q1", "year": YEAR, "unit": platform_data["stp"].pk})
    r = Report.objects.get(unit=platform_data["stp"], year=YEAR, period_kind="q1")
    assert resp.status_code == 302 and resp["Location"] == f"/reports/{r.pk}/"
    page = c.get(resp["Location"]).content.decode()
    assert "Nhiệm vụ 3" in page and catalog.NO_DATA in page and 'name="text_III.2"' in page
    c.post(f"/reports/{r.pk}/save/", {"version": r.version, "text_III.2": "Khó khăn về nhân lực",
                                      "manual_5:2.1": "2", "mnote_5:2.1": ""})
    r.refresh_from_db()
    assert r.narrative["III.2"] == "Khó khăn về nhân lực" and r.manual["5:2.1"]["value"] == 2
    c.post(f"/reports/{r.pk}/review/", {"version": r.version, "action": "submit"})
    r.refresh_from_db()
    assert r.review_state in (review.LEADER_REVIEW, review.SUBMITTED)
    office = _client(users["par_office"])
    page = office.get(f"/reports/status/?year={YEAR}&period=q1").content.decode()
    assert "Chưa báo cáo" in page and platform_data["syt"].name in page
    wb = load_workbook(io.BytesIO(c.get(f"/reports/{r.pk}/annex.xlsx").content))
    assert wb.sheetnames[:7] == [f"Biểu mẫu {i}" for i in range(1, 8)] and "Chưa có số liệu" in wb.sheetnames
    bm1 = {row[0]: row for row in wb["Biểu mẫu 1"].iter_rows(min_row=2, values_only=True)}
    assert bm1["2.1"][3] == 3 and bm1["1"][4] == catalog.NO_DATA


def test_docx_follows_decree_30(users, platform_data):
    r = _unit_report(users, platform_data)
    doc = Document(io.BytesIO(documents.report_docx(r)))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [20, 20, 30, 15]
    fonts = {run.font.name for p in doc.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    sizes = {run.font.size.pt for p in doc.paragraphs for run in p.runs if run.text.strip()}
    assert sizes <= {11, 12, 13, 14}
    head = doc.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head.cell(0, 1).text
    assert "SỞ TƯ PHÁP" in head.cell(0, 0).text and "Số:" in head.cell(1, 0).text  # the province only once
    # not issued yet: day and month left to fill at signing, the year printed as the province's drafts do
    assert head.cell(1, 1).text.endswith(f"ngày      tháng      năm {timezone.localdate().year}")
    text = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in text
    parts = [t for t in text if t.split(". ")[0] in ("I", "II", "III", "IV", "V")]
    assert [t.split(".")[0] for t in parts] == ["I", "II", "III", "IV", "V"]
    assert "PHỤ LỤC" in text and any(t.startswith(catalog.NO_DATA) for t in text)
    annex = [t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 5]
    assert len(annex) == 7
    assert sum(len(t.rows) - 1 for t in annex) == len(catalog.ROWS)
    bm1 = {row.cells[0].text: row.cells[3].text for row in annex[0].rows[1:]}
    assert bm1["2.1."] == "3" and bm1["2."] == "66,67"
    notes = {row.cells[0].text: row.cells[4].text for t in annex for row in t.rows[1:]}
    assert notes["1."] == "" and catalog.NO_DATA not in notes.values()  # blank cells, listed once after the annex
    r.issued_on = date(YEAR, 3, 20)
    text = [p.text for p in Document(io.BytesIO(documents.report_docx(r))).paragraphs]
    assert "PHỤ LỤC" in text and not any(t.startswith(catalog.NO_DATA) for t in text)  # the signed copy: no to-do list
    assert any("Nơi nhận:" in c.text for t in doc.tables for c in t.rows[0].cells)


def test_leader_step_return_unfreezes_and_commune_signature(users, platform_data, settings):
    settings.CCHC_LEADER_APPROVAL = True
    r = _unit_report(users, platform_data)
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW and r.frozen  # Sở Tư pháp has a leader account
    services.report_transition(user=users["unit_leader"], report=r, action=review.APPROVE)
    with pytest.raises(review.TransitionError) as e:
        services.report_transition(user=users["par_office"], report=r, action=review.RETURN)
    assert e.value.code == "comment_required"
    services.report_transition(user=users["par_office"], report=r, action=review.RETURN, comment="Bổ sung số liệu BM5")
    r.refresh_from_db()
    assert r.review_state == review.RETURNED and not r.frozen and r.snapshot == {}
    services.report_regenerate(user=users["focal_point"], report=r)  # editable again

    commune = users["commune_focal"].memberships.first().unit
    c = services.report_create(user=users["commune_focal"], unit=commune, year=YEAR, period_kind=catalog.YEAR)
    doc = Document(io.BytesIO(documents.report_docx(c)))
    sign = next(t for t in doc.tables if "Nơi nhận:" in t.cell(0, 0).text).cell(0, 1).text
    assert "TM. ỦY BAN NHÂN DÂN" in sign and "CHỦ TỊCH" in sign
    text = [p.text for p in doc.paragraphs]
    assert not any("nhiệm vụ Chính phủ" in t for t in text)  # I.5 is the province's only
    assert f"năm {YEAR} và phương hướng, nhiệm vụ năm {YEAR + 1}" in "\n".join(text)


def test_home_page_items(users, platform_data):
    from cchc.reports.attention import items

    r = _unit_report(users, platform_data)
    services.report_create(user=users["par_office"], unit=OrgUnit.objects.get(code="T42"), year=YEAR,
                           period_kind=catalog.Q1)
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    office = items(users["par_office"])
    assert next(i for i in office if i["key"] == "reports_review")["count"] == 1
    missing = next(i for i in office if i["key"].startswith("reports_missing"))
    assert missing["count"] > 1 and "quý I" in missing["label"]  # every sở and commune but Sở Tư pháp
    services.report_transition(user=users["par_office"], report=r, action=review.RETURN, comment="Thiếu số liệu")
    mid_quarter = date(YEAR, 2, 1)  # quý I ends 31/3 (calendar rule here): not yet reminded
    assert [i["key"] for i in items(users["focal_point"], mid_quarter)] == ["reports_returned"]
    assert items(users["focal_b"], mid_quarter) == []
    assert "Báo cáo CCHC định kỳ bị trả lại" in _client(users["focal_point"]).get("/").content.decode()


def test_office_is_told_which_units_have_not_sent_the_period_due_before_starting_the_province_report(
        users, platform_data):
    from cchc.reports.attention import items

    def missing(day):
        return [i for i in items(users["par_office"], day) if i["key"].startswith("reports_missing")]

    assert missing(date(YEAR, 2, 1)) == []  # mid-quarter, no province report being compiled: nothing yet
    near_end = date(YEAR, 3, 20)  # 11 days before quý I's last day (calendar rule here)
    [item] = missing(near_end)
    assert f"quý I năm {YEAR}" in item["label"] and item["count"] > 1
    assert f"year={YEAR}&period={catalog.Q1}" in item["url"]
    r = _unit_report(users, platform_data)
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    assert missing(near_end)[0]["count"] == item["count"] - 1  # Sở Tư pháp sent its report
    services.report_create(user=users["par_office"], unit=OrgUnit.objects.get(code="T42"), year=YEAR,
                           period_kind=catalog.Q1)
    assert len(missing(near_end)) == 1  # the province report of the same period: one line, not two


def test_home_page_reminds_a_unit_of_the_report_due_and_its_leader_of_approvals(users, platform_data, settings):
    from cchc.reports.attention import items

    def keys(user, day):
        return {i["key"]: i for i in items(users[user], day)}

    near_end = date(YEAR, 3, 20)  # 11 days before quý I's last day: every reporting unit without a sent report
    due = keys("focal_b", near_end)["reports_due"]
    assert due["label"] == f"Báo cáo CCHC quý I năm {YEAR} của đơn vị chưa gửi" and due["level"] == "warning"
    assert "reports_due" in keys("commune_focal", near_end) and "reports_due" in keys("unit_leader", near_end)
    assert keys("viewer", near_end) == {} and "reports_due" not in keys("par_office", near_end)
    settings.CCHC_LEADER_APPROVAL = True
    r = _unit_report(users, platform_data)  # Sở Tư pháp's quý I report, a draft: still due
    assert "reports_due" in keys("focal_point", near_end)
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)  # to the leader
    assert "reports_due" not in keys("focal_point", near_end)
    approval = keys("unit_leader", near_end)["reports_approval"]
    assert approval["count"] == 1 and "reports_approval" not in keys("focal_b", near_end)
    assert "reports_due" in keys("focal_b", near_end)  # another unit's report does not count for Sở Y tế
    services.report_transition(user=users["unit_leader"], report=r, action=review.APPROVE)
    assert "reports_approval" not in keys("unit_leader", near_end)


def _form(page: str, form_id: str) -> str:
    start = page.index(f'id="{form_id}"')
    return page[start:page.index("</form>", start)]


def test_send_button_saves_what_is_typed_then_sends(users, platform_data, settings):
    """The send button is part of the report's form: what is typed is saved, then sent (in the snapshot)."""
    settings.CCHC_LEADER_APPROVAL = True
    r = _unit_report(users, platform_data)
    c = _client(users["focal_point"])
    page = c.get(f"/reports/{r.pk}/").content.decode()
    assert 'id="submit-report"' in _form(page, "report-form")
    resp = c.post(f"/reports/{r.pk}/save/", {"version": r.version, "action": "submit",
                                             "text_III.2": "Khó khăn về nhân lực", "manual_5:2.1": "2"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.narrative["III.2"] == "Khó khăn về nhân lực" and r.manual["5:2.1"]["value"] == 2
    assert r.review_state == review.LEADER_REVIEW and r.frozen
    assert r.snapshot["narrative"]["III.2"] == "Khó khăn về nhân lực"


def test_send_with_a_stale_version_saves_nothing_and_sends_nothing(users, platform_data):
    r = _unit_report(users, platform_data)
    stale = r.version
    services.report_text_save(user=users["unit_leader"], report=r, narrative={"V.1": "Của lãnh đạo"})
    c = _client(users["focal_point"])
    resp = c.post(f"/reports/{r.pk}/save/", {"version": stale, "action": "submit", "text_V.1": "Cũ"}, follow=True)
    r.refresh_from_db()
    assert r.review_state == review.DRAFT and r.narrative["V.1"] == "Của lãnh đạo"
    assert "người khác thay đổi" in resp.content.decode()


def test_refused_sending_keeps_what_was_typed(users, platform_data):
    """A sending refused after the save (here: the report is still empty of content) keeps what was typed and
    says it was saved."""
    commune = users["commune_focal"].memberships.first().unit
    r = services.report_create(user=users["commune_focal"], unit=commune, year=YEAR, period_kind=catalog.Q1)
    c = _client(users["commune_focal"])
    resp = c.post(f"/reports/{r.pk}/save/", {"version": r.version, "action": "submit", "signer_name": "Nguyễn Văn A"},
                  follow=True)
    r.refresh_from_db()
    assert r.review_state == review.DRAFT and r.signer_name == "Nguyễn Văn A"
    assert "Đã lưu nội dung nhưng chưa gửi được báo cáo" in resp.content.decode()


def test_send_button_says_where_the_report_goes(users, platform_data, settings):
    settings.CCHC_LEADER_APPROVAL = True
    r = _unit_report(users, platform_data)
    focal = _form(_client(users["focal_point"]).get(f"/reports/{r.pk}/").content.decode(), "report-form")
    assert "Gửi lãnh đạo đơn vị duyệt" in focal and "Gửi Sở Nội vụ" not in focal  # Sở Tư pháp has a leader
    leader = _form(_client(users["unit_leader"]).get(f"/reports/{r.pk}/").content.decode(), "report-form")
    assert "Gửi Sở Nội vụ" in leader and "Gửi lãnh đạo đơn vị duyệt" not in leader
    settings.CCHC_LEADER_APPROVAL = False
    focal = _form(_client(users["focal_point"]).get(f"/reports/{r.pk}/").content.decode(), "report-form")
    assert "Gửi Sở Nội vụ" in focal


def test_a_report_with_no_content_is_not_sent(users, platform_data):
    commune = users["commune_focal"].memberships.first().unit  # no data of the platform for this commune
    r = services.report_create(user=users["commune_focal"], unit=commune, year=YEAR, period_kind=catalog.Q1)
    c = _client(users["commune_focal"])
    page = c.get(f"/reports/{r.pk}/").content.decode()
    assert "Báo cáo chưa có nội dung" in page
    with pytest.raises(services.ReportError) as e:
        services.report_transition(user=users["commune_focal"], report=r, action=review.SUBMIT)
    assert e.value.code == "report_empty"
    resp = c.post(f"/reports/{r.pk}/review/", {"version": r.version, "action": "submit"}, follow=True)
    r.refresh_from_db()
    assert r.review_state == review.DRAFT and not r.frozen
    assert "Báo cáo chưa có nội dung" in resp.content.decode()

    # partly filled: sent, with a warning line before
    services.report_text_save(user=users["commune_focal"], report=r, narrative={"III.2": "Thiếu cán bộ"})
    page = c.get(f"/reports/{r.pk}/").content.decode()
    n = len(catalog.sections_for(r.level))
    assert f"{n - 1}/{n} mục chưa có nội dung đơn vị viết" in page
    services.report_transition(user=users["commune_focal"], report=r, action=review.SUBMIT)
    r.refresh_from_db()
    assert r.review_state in (review.SUBMITTED, review.LEADER_REVIEW)


def test_office_reminds_the_units_that_have_not_reported(users, platform_data):
    """The status page listed 84 units with no way to chase the missing ones: it filters them and reminds their
    focal points and leaders (once a day; a unit that has sent is not told; a unit cannot remind)."""
    from cchc.notifications.models import Notification
    from cchc.reports import notifications

    r = _unit_report(users, platform_data)  # Sở Tư pháp sends; Sở Y tế and the commune do not
    services.report_text_save(user=users["focal_point"], report=r, narrative={"V.1": "Nội dung"})
    r.refresh_from_db()
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT, expected_version=r.version)
    office = _client(users["par_office"])
    page = office.get(f"/reports/status/?year={YEAR}&period=q1&show=missing").content.decode()
    assert platform_data["syt"].name in page and f">{platform_data['stp'].name}<" not in page and 'id="remind"' in page
    assert _client(users["focal_b"]).post("/reports/status/remind/", {"year": YEAR, "period": "q1"}).status_code == 403
    assert not Notification.objects.filter(kind=notifications.REMIND).exists()
    resp = office.post("/reports/status/remind/", {"year": YEAR, "period": "q1", "show": "missing"}, follow=True)
    assert resp.redirect_chain[-1][0].endswith("show=missing")  # back to the filtered list
    told = set(Notification.objects.filter(kind=notifications.REMIND).values_list("user_id", flat=True))
    assert users["focal_b"].pk in told and users["commune_focal"].pk in told
    assert users["focal_point"].pk not in told and users["unit_leader"].pk not in told  # Sở Tư pháp has sent
    assert "Đã nhắc" in resp.content.decode() and "quý I năm" in Notification.objects.filter(
        user=users["focal_b"], kind=notifications.REMIND).get().title
    n = Notification.objects.filter(kind=notifications.REMIND).count()
    office.post("/reports/status/remind/", {"year": YEAR, "period": "q1"})
    assert Notification.objects.filter(kind=notifications.REMIND).count() == n  # not twice on one day


def test_a_report_waiting_for_its_leader_is_shown_apart_from_the_units_that_have_not_sent(users, platform_data,
                                                                                          settings):
    """A report the focal point sent that waits for the unit leader's approval is not received by the office, but
    it is not "chưa báo cáo" either: the status page, the office's home page and the reminder say so apart."""
    from cchc.notifications.models import Notification
    from cchc.reports import notifications, selectors
    from cchc.reports.attention import items

    settings.CCHC_LEADER_APPROVAL = True
    services.report_create(user=users["par_office"], unit=OrgUnit.objects.get(code="T42"), year=YEAR,
                           period_kind=catalog.Q1)  # the province report being compiled: the home page item
    r = _unit_report(users, platform_data)
    services.report_transition(user=users["focal_point"], report=r, action=review.SUBMIT)
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW
    status = selectors.submission_status(users["par_office"], YEAR, catalog.Q1)
    stages = {row["unit"].pk: row["stage"] for row in status["rows"]}
    assert stages[platform_data["stp"].pk] == selectors.WITH_LEADER
    assert stages[platform_data["syt"].pk] == selectors.NOT_SENT
    assert (status["sent"], status["with_leader"], status["missing"]) == (0, 1, status["total"] - 1)

    office = _client(users["par_office"])
    page = office.get(f"/reports/status/?year={YEAR}&period=q1").content.decode()
    summary = page[page.index('id="status-summary"'):page.index("</p>", page.index('id="status-summary"'))]
    assert f"<strong>{status['total'] - 1}</strong> đơn vị chưa gửi báo cáo" in summary
    assert "<strong>1</strong> đơn vị đầu mối đã gửi, đang chờ lãnh đạo đơn vị duyệt (Sở Nội vụ chưa nhận)" in summary
    row = page[page.index(f">{platform_data['stp'].name}<"):]
    row = row[:row.index("</tr>")]
    assert "Chờ lãnh đạo đơn vị duyệt" in row and "Chưa báo cáo" not in row
    assert f'Nhắc {status["total"]} đơn vị Sở Nội vụ chưa nhận báo cáo' in page

    mid_quarter = date(YEAR, 2, 1)  # only the period of the province report being compiled
    home = {i["key"].removesuffix(f"_{YEAR}_{catalog.Q1}"): i for i in items(users["par_office"], mid_quarter)
            if i["key"].startswith("reports_")}
    assert home["reports_missing"]["count"] == status["total"] - 1
    assert home["reports_with_leader"]["count"] == 1 and "chờ lãnh đạo đơn vị duyệt" in home["reports_with_leader"][
        "label"]

    services.report_remind_missing(user=users["par_office"], year=YEAR, period_kind=catalog.Q1)
    told = dict(Notification.objects.filter(kind=notifications.REMIND).values_list("user_id", "title"))
    assert "chờ lãnh đạo đơn vị duyệt" in told[users["unit_leader"].pk]
    assert users["focal_point"].pk not in told  # it has sent; its leader is the one to act
    assert "chưa gửi báo cáo" in told[users["focal_b"].pk]


def test_an_empty_year_points_to_the_years_that_hold_the_users_reports(users, platform_data):
    _unit_report(users, platform_data)  # Sở Tư pháp, YEAR
    other = YEAR + 1 if YEAR < timezone.localdate().year else YEAR - 1
    page = _client(users["focal_point"]).get("/reports/", {"year": other}).content.decode()
    assert "Chưa có báo cáo nào trong năm này." in page
    assert f'<span id="other-years">Có báo cáo các năm: <a href="?year={YEAR}">{YEAR}</a></span>' in page
    assert f'<option value="{YEAR}"' in page
    # another unit's report is no reason to point anywhere
    assert 'id="other-years"' not in _client(users["focal_b"]).get("/reports/", {"year": other}).content.decode()
