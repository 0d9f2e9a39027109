"""Browser journey: a unit's focal point opens "Báo cáo", creates the quarter report, writes its assessment,
saves, downloads the .docx and reads it with python-docx; the same page on a phone has no sideways scroll."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.reports.conftest import YEAR

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_create_quarter_report_and_download_docx(live_server, users, platform_data, login, page, settings):
    from cchc.reports.models import Report

    settings.CCHC_LEADER_APPROVAL = True

    base = live_server.url
    login("focal_point")
    page.goto(f"{base}/")
    page.click("nav >> text=Báo cáo")
    page.wait_for_selector("#create-form")
    page.select_option("#create-form select[name=period]", "q1")
    page.fill("#create-form input[name=year]", str(YEAR))
    page.click("#create-report")
    page.wait_for_selector("#report-form")
    assert f"quý I năm {YEAR}" in page.locator("h1").inner_text()
    # the default period rule: the legal cut-off, 15/12 of the year before to 14/3 (task 2 was finished on 25/3)
    assert page.locator("#report-period").inner_text() == \
        f"Số liệu tính từ ngày 15/12/{YEAR - 1} đến ngày 14/03/{YEAR}"
    assert "1/3 nhiệm vụ" in page.locator("#sec-I\\.2").inner_text()  # from the plans app
    assert "Số liệu chưa có trên hệ thống" in page.locator("#blank-list").inner_text()
    page.fill("textarea[name='text_III.2']", "Công chức đầu mối kiêm nhiệm, chưa được tập huấn.")
    page.fill("input[name='manual_5:2.1']", "2")
    page.click("#save-report")
    page.wait_for_selector(".msg")
    assert "Đã lưu" in page.locator(".messages").inner_text()
    with page.expect_download() as info:
        page.click("#download-docx")
    path = info.value.path()
    doc = Document(io.BytesIO(open(path, "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and f"quý I năm {YEAR}" in text
    assert "Công chức đầu mối kiêm nhiệm, chưa được tập huấn." in text
    assert "Kế hoạch CCHC năm" in text and "PHỤ LỤC" in text
    bm5 = [t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ tiêu thống kê"][4]
    assert {r.cells[0].text: r.cells[3].text for r in bm5.rows[1:]}["2.1."] == "2"
    report = Report.objects.get(unit=platform_data["stp"], year=YEAR, period_kind="q1")
    assert report.narrative["III.2"].startswith("Công chức đầu mối")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # typed, not saved, then sent: the send button saves what is typed (nothing lost), labelled by where it goes
    page.set_viewport_size({"width": 1280, "height": 900})
    assert "Gửi lãnh đạo đơn vị duyệt" in page.locator("#submit-report").inner_text()  # Sở Tư pháp has a leader
    assert "chưa có nội dung đơn vị viết" in page.locator("#report-completeness").inner_text()
    page.fill("textarea[name='text_V.1']", "Đề nghị mở lớp tập huấn cho công chức đầu mối.")
    page.click("#submit-report")
    page.wait_for_selector(".messages")
    assert "Đã lưu nội dung và gửi báo cáo" in page.locator(".messages").inner_text()
    report.refresh_from_db()
    assert report.narrative["V.1"] == "Đề nghị mở lớp tập huấn cho công chức đầu mối."
    assert report.review_state == "leader_review" and report.snapshot["narrative"]["V.1"].startswith("Đề nghị")
