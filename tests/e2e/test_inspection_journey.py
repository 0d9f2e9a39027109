"""Journey of one inspection in a real browser: the office plans the year's inspections and schedules Sở Tư pháp with
a team; the chief records the checklist and a shortcoming; the unit's focal point (on a phone) follows the link and
reports the fix; the office accepts it; the finding reads "Đã khắc phục" and the year summary counts it."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


@pytest.mark.usefixtures("transactional_db")
def test_inspection_from_plan_to_closed_finding(live_server, users, login, page):
    from cchc.core import review
    from cchc.inspections.models import Finding, Inspection, InspectionPlan
    from cchc.org.models import OrgUnit
    from cchc.plans.models import ProgressReport

    base = live_server.url
    stp = OrgUnit.objects.get(code="T42.stp")

    # 1. the office makes this year's plan (default outline) and schedules Sở Tư pháp
    login("par_office")
    page.goto(f"{base}/inspections/")
    page.click("#plan-form button")
    page.wait_for_selector("#coverage")
    plan = InspectionPlan.objects.get()
    assert len(plan.outline) > 15
    page.select_option("#inspection-form select[name=unit]", str(stp.pk))
    page.select_option("#inspection-form select[name=month]", "3")
    page.select_option("#inspection-form select[name=chief]", str(users["appraiser"].pk))
    page.click("#inspection-form button")
    page.wait_for_selector("#inspections tr[data-unit='T42.stp']")
    assert page.locator("#cov-inspected").inner_text() == "1"
    ins = Inspection.objects.get()

    # 2. the chief records the checklist and a shortcoming with a due date
    _switch(page, login, "appraiser")
    page.goto(f"{base}/inspections/")
    page.click(f"#my-inspections a[href='/inspections/{ins.pk}/']")
    page.wait_for_selector("#checklist-form")
    first = ins.checklist.first()
    page.select_option(f"select[name=result-{first.pk}]", "ok")
    page.click("#save-checklist")
    page.wait_for_selector(".messages")
    item = ins.checklist.filter(area="procedures").first()
    page.select_option("#finding-form select[name=checklist_item]", str(item.pk))
    page.fill("#finding-form textarea[name=text]", "Chưa niêm yết đủ thủ tục hành chính")
    page.fill("#finding-form input[name=due_date]", (timezone.localdate() + timedelta(days=20)).strftime("%d/%m/%Y"))
    page.click("#finding-form button")
    page.wait_for_selector("#findings tr[data-finding]")
    finding = Finding.objects.get()
    assert page.locator(f"#findings tr[data-finding='{finding.pk}']").get_attribute("data-state") == "open"

    # 3. the unit's focal point, on a phone, follows the link and reports the fix
    _switch(page, login, "focal_point")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/inspections/{ins.pk}/")
    assert page.locator("#checklist-form").count() == 0  # the inspected unit reads, it does not score itself
    page.click(f"#findings tr[data-finding='{finding.pk}'] a.fix-link")
    page.wait_for_selector("#report-form")
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=result]", "Đã niêm yết đủ 100% thủ tục hành chính.")
    page.click("#submit-report")
    page.wait_for_selector("#history")
    report = ProgressReport.objects.get(occurrence__task_id=finding.task_id)
    assert report.review_state == review.SUBMITTED
    page.set_viewport_size(DESKTOP)

    # 4. the office accepts; the finding is fixed and the year summary counts it
    _switch(page, login, "par_office")
    page.goto(f"{base}/plans/review/")
    page.locator(f"#queue tr:has(a[href='/plans/occurrences/{report.occurrence_id}/']) button[value=accept]").click()
    page.wait_for_selector(".messages")
    page.goto(f"{base}/inspections/{ins.pk}/")
    assert page.locator(f"#findings tr[data-finding='{finding.pk}']").get_attribute("data-state") == "done"
    assert "Đã khắc phục" in page.locator("#findings").inner_text()
    page.goto(f"{base}/inspections/summary/?year={plan.year}")
    assert page.locator("#n-findings").inner_text() == "1" and page.locator("#n-done").inner_text() == "1"
