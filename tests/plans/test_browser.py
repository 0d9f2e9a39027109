"""Browser walk: upload a seed plan, fix one agency, confirm; a focal point reports; dashboard and late list move."""

import pytest

from tests.helpers import sideways
from tests.plans.conftest import DATA, confirm_plan, map_first_agency, upload_plan

pytestmark = pytest.mark.browser


def _late_total(page, base):
    page.goto(f"{base}/plans/late/")
    return int(page.locator("#late-total").inner_text())


@pytest.mark.usefixtures("transactional_db")
def test_upload_review_confirm_report_dashboard(live_server, users, login, page):
    from cchc.plans.models import ProgressReport

    base = live_server.url
    login("par_office")
    upload_plan(page, base, DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt")
    assert page.locator("#row-count").inner_text() == "79"
    assert "KẾ HOẠCH" in page.locator("pre.source").inner_text()
    # fix one agency: map it to Sở Tư pháp (remembered as an alias)
    map_first_agency(page, "T42.stp")
    plan = confirm_plan(page)
    assert plan.tasks.count() == 79
    late_before = _late_total(page, base)
    assert late_before > 0  # a 2024 plan: everything still open is late today
    page.goto(f"{base}/plans/dashboard/?plan={plan.pk}")
    reported_before = int(page.locator("#t-reported").inner_text().replace(".", ""))
    page.wait_for_function("window.cchcChartsReady === true")  # Chart.js served locally, no internet

    # the focal point of Sở Tư pháp reports one task as done
    page.context.clear_cookies()
    login("focal_point")
    page.goto(f"{base}/plans/my/")
    page.locator("#my-work a.btn").first.click()
    page.wait_for_selector("#report-form")
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=result]", "Đã ban hành văn bản triển khai.")
    page.fill("input[name=output_number]", "15/BC-STP")
    page.fill("input[name=completed_on]", "2024-12-20")
    page.click("#submit-report")
    page.wait_for_selector("#history")
    assert "Đã gửi" in page.locator("#history").inner_text()
    assert ProgressReport.objects.filter(review_state="submitted", output_number="15/BC-STP").count() == 1

    # the office sees it on the dashboard and the late list shrinks
    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{base}/plans/dashboard/?plan={plan.pk}")
    assert int(page.locator("#t-reported").inner_text().replace(".", "")) == reported_before + 1
    assert _late_total(page, base) == late_before - 1

    # a leader reads the dashboard on a phone: a card per area, unit and quarter, nothing to scroll sideways (no
    # scroll box at all), the name across the card, then each count beside its rate, label and figure on one line
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/plans/dashboard/?plan={plan.pk}")
    found = sideways(page)
    assert found["page"] <= 0 and not found["outside"] and not found["boxes"], found
    card = page.locator("#by-unit tbody tr").first
    name, done, rate = (card.locator("td").nth(i).bounding_box() for i in (0, 4, 8))
    assert name["width"] >= 290 and done["y"] > name["y"], (name, done)
    assert abs(rate["y"] - done["y"]) < 2 and rate["x"] > done["x"] + done["width"] - 2, (done, rate)
    assert [card.locator("td").nth(i).get_attribute("data-label") for i in (4, 8)] == ["Hoàn thành", "% hoàn thành"]
    for table in ("#by-area", "#trend"):
        assert page.locator(f"{table} tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "grid"
    # and the plan's tasks as cards: nothing to scroll sideways, the task's name in full width
    page.goto(f"{base}/plans/{plan.pk}/")
    assert page.evaluate("() => { const w = document.querySelector('#tasks').closest('.tablewrap');"
                         " return w.scrollWidth <= w.clientWidth; }")
    assert page.locator("#tasks td.task-title").first.bounding_box()["width"] >= 300
