"""Journey of one quarter for one province (Hà Tĩnh): the CCHC office imports a plan, reviews and confirms it; the
focal point of Sở Tư pháp reports on a task and sends it; the unit leader approves; the office returns it with a
comment; the focal point sees the badge and comment, fixes and resends; the leader approves; the office accepts;
the dashboard counts it.

Screenshots for docs/user-guide.md are written only with CCHC_DOC_SCREENSHOTS=1 (so CI never rewrites the docs):
    CCHC_DOC_SCREENSHOTS=1 pytest tests/e2e/test_quarter_journey.py
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.plans.conftest import DATA, confirm_plan, map_first_agency, upload_plan

pytestmark = pytest.mark.browser

IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
SEED = DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt"  # Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024
COMMENT = "Thiếu số văn bản kết quả"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
QUARTER = "2024Q1"


def _shot(page, name, viewport=None):
    """Viewport-only PNG for the user guide, only when CCHC_DOC_SCREENSHOTS=1."""
    if os.environ.get("CCHC_DOC_SCREENSHOTS") != "1":
        return
    if viewport:
        page.set_viewport_size(viewport)
    IMG.mkdir(parents=True, exist_ok=True)
    path = IMG / f"journey-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    try:  # 256 colours keep the committed images small; plain PNG if Pillow is not installed
        from PIL import Image
    except ImportError:
        pass
    else:
        with Image.open(path) as im:
            small = im.convert("RGB").quantize(colors=256)
        small.save(path, optimize=True)
    if viewport:
        page.set_viewport_size(DESKTOP)


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def _decide(button, report):
    """Click a review button (approve, return, accept), wait for the page's message, reload the report."""
    button.click()
    button.page.wait_for_selector(".messages")
    report.refresh_from_db()


def _dashboard(page, base, plan):
    """The office's dashboard for the quarter, Sở Tư pháp only, as at the quarter's last day."""
    page.goto(f"{base}/plans/dashboard/?plan={plan.pk}&period={QUARTER}&unit=T42.stp&today=2024-03-31")
    return {k: int(page.locator(f"#t-{k}").inner_text()) for k in ("expected", "reported", "done")}


@pytest.mark.usefixtures("transactional_db")
def test_one_quarter_for_one_province(live_server, users, login, page, settings):
    from cchc.core import review
    from cchc.plans.models import Occurrence, ProgressReport

    settings.CCHC_LEADER_APPROVAL = True
    assert settings.CCHC_PROVINCE == "Hà Tĩnh"
    base = live_server.url

    # 1. the office uploads the province's plan
    login("par_office")
    upload_plan(page, base, SEED, before_upload=lambda: _shot(page, "01-upload"))
    assert page.locator("#row-count").inner_text() == "79"
    assert "Hà Tĩnh" in page.locator("pre.source").inner_text()

    # 2. review: one agency mapped to Sở Tư pháp through the agency table (remembered as an alias)
    map_first_agency(page, "T42.stp", before_map=lambda: _shot(page, "02-review-agency"))

    # 3. confirm: the plan and its tasks exist
    plan = confirm_plan(page)
    assert plan.tasks.count() == 79
    _shot(page, "03-plan-confirmed")
    before = _dashboard(page, base, plan)

    # 4. the focal point of Sở Tư pháp opens "Việc của đơn vị tôi" (phone) and reports on a task
    _switch(page, login, "focal_point")
    page.goto(f"{base}/plans/my/")
    assert page.locator("h1").inner_text() == "Việc của đơn vị tôi"
    first = page.locator("#my-work tbody tr[data-occurrence]").first
    occ_pk = int(first.get_attribute("data-occurrence"))
    o = Occurrence.objects.get(pk=occ_pk)
    assert o.unit.code == "T42.stp" and o.plan_id == plan.pk
    assert "Quý I/2024" in first.inner_text()  # sorted by due date: the first quarter's work comes first (its label)
    _shot(page, "04-my-work-phone", PHONE)
    first.locator("a.btn").click()
    page.wait_for_selector("#report-form")
    # only asked for "không áp dụng"; the page script hides it after load, so wait for it (was a race in CI)
    expect(page.locator("textarea[name=na_reason]")).to_be_hidden()
    page.select_option("select[name=status]", "done")
    # the form follows the status: a done task is 100 % and gets a completion date to check
    assert page.input_value("input[name=percent]") == "100"
    assert page.input_value("input[name=completed_on]") != ""
    page.fill("textarea[name=result]", "Đã ban hành văn bản triển khai.")
    page.fill("input[name=completed_on]", "2024-12-20")
    assert "lãnh đạo" in page.locator("#submit-report").inner_text()
    _shot(page, "05-report-form")
    page.click("#submit-report")
    page.wait_for_selector("#history")
    assert "Chờ lãnh đạo duyệt" in page.locator("#report-state").inner_text()
    r = ProgressReport.objects.get(occurrence=o)
    assert r.review_state == review.LEADER_REVIEW

    # 5. the unit leader approves it
    _switch(page, login, "unit_leader")
    page.goto(f"{base}/")
    assert page.locator("#att-approval .badge").inner_text() == "1"
    page.locator("#att-approval > a").click()
    page.wait_for_selector("#approvals")
    _shot(page, "06-leader-approves")
    _decide(page.locator(f"#approvals tr[data-report='{r.pk}'] button[value=approve]"), r)
    assert r.review_state == review.SUBMITTED and r.approved_by == users["unit_leader"]

    # 6. the office returns it with a comment
    _switch(page, login, "par_office")
    page.goto(f"{base}/plans/review/")
    qrow = page.locator(f"#queue tr:has(a[href='/plans/occurrences/{o.pk}/'])")
    qrow.locator("input[name=comment]").fill(COMMENT)
    _shot(page, "07-office-returns")
    _decide(qrow.locator("button[value=return]"), r)
    assert r.review_state == review.RETURNED and r.review_comment == COMMENT

    # 7. the focal point sees the returned badge and the comment, fixes and resends
    _switch(page, login, "focal_point")
    page.goto(f"{base}/plans/my/")
    assert page.locator("#tab-returned .badge").inner_text() == "1"
    work_row = page.locator(f"#my-work tr[data-occurrence='{o.pk}']")
    assert "Bị trả lại" in work_row.inner_text() and COMMENT in work_row.inner_text()
    page.click("#tab-returned")
    page.wait_for_url("**show=returned**")
    assert page.locator("#my-work tbody tr[data-occurrence]").count() == 1
    if os.environ.get("CCHC_DOC_SCREENSHOTS") == "1":
        page.set_viewport_size(PHONE)
        page.locator(f"#my-work tr[data-occurrence='{o.pk}'] .work-state").scroll_into_view_if_needed()
        _shot(page, "08-returned-phone")
        page.set_viewport_size(DESKTOP)
    work_row = page.locator(f"#my-work tr[data-occurrence='{o.pk}']")
    work_row.locator("a.btn").click()
    page.wait_for_selector("#report-form")
    assert COMMENT in page.locator("#return-comment").inner_text()
    page.fill("textarea[name=result]", "Đã ban hành văn bản triển khai, kèm số văn bản.")
    page.fill("input[name=output_number]", "21/BC-STP")
    _shot(page, "09-fix-resend")
    page.click("#submit-report")
    page.wait_for_selector("#history")
    assert "Chờ lãnh đạo duyệt" in page.locator("#report-state").inner_text()
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW and r.output_number == "21/BC-STP"

    # 8. the leader approves again
    _switch(page, login, "unit_leader")
    page.goto(f"{base}/plans/my/?show=approval")
    _decide(page.locator(f"#approvals tr[data-report='{r.pk}'] button[value=approve]"), r)
    assert r.review_state == review.SUBMITTED

    # 9. the office accepts
    _switch(page, login, "par_office")
    page.goto(f"{base}/plans/review/")
    _decide(page.locator(f"#queue tr:has(a[href='/plans/occurrences/{o.pk}/']) button[value=accept]"), r)
    assert r.review_state == review.ACCEPTED
    page.goto(f"{base}/plans/occurrences/{o.pk}/")
    assert "đã được chấp nhận" in page.locator("#occ-status").inner_text()
    _shot(page, "10-accepted")

    # 10. the dashboard shows the figure: one more reported and done for the quarter's plan
    after = _dashboard(page, base, plan)
    page.wait_for_function("window.cchcChartsReady === true")
    _shot(page, "11-dashboard")
    assert before["expected"] > 0 and after["expected"] == before["expected"]
    assert after["reported"] == before["reported"] + 1
    assert after["done"] == before["done"] + 1
