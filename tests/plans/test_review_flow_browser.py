"""Browser walk of the review flow with the leader step on: the office returns a report → the focal point sees
the badge and the comment on the home page and the work page → fixes and resends → the leader approves → the
office accepts; the bell shows the notifications along the way."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_return_fix_resend_leader_approves_office_accepts(live_server, users, small_plan, login, page, settings):
    from cchc.core import review
    from cchc.plans import services
    from cchc.plans.models import Occurrence, ProgressReport

    settings.CCHC_LEADER_APPROVAL = True
    base = live_server.url
    o = Occurrence.objects.filter(plan=small_plan, task__number="1", task__section="I",
                                  unit__code="T42.stp").order_by("due_date").first()
    r = services.progress_report_save(occurrence=o, user=users["focal_point"], submit=True,
                                      data={"status": "in_progress", "percent": 30, "result": "Đang rà soát"})
    services.progress_report_transition(report=r, user=users["unit_leader"], action=review.APPROVE)

    # the office returns it with a comment
    login("par_office")
    page.goto(f"{base}/plans/review/")
    row = page.locator(f"#queue tr:has(a[href='/plans/occurrences/{o.pk}/'])")
    row.locator("input[name=comment]").fill("Thiếu số văn bản kết quả")
    row.locator("button[value=return]").click()
    page.wait_for_selector(".messages")
    assert ProgressReport.objects.get(pk=r.pk).review_state == review.RETURNED

    # the focal point sees the badge and the comment on the home page, then on the work page
    page.context.clear_cookies()
    login("focal_point")
    page.goto(f"{base}/")
    assert page.locator("#att-returned .badge").inner_text() == "1"
    assert "Thiếu số văn bản kết quả" in page.locator("#att-returned").inner_text()
    assert page.locator("#bell-count").inner_text() != ""
    page.locator("#att-returned > a").click()
    page.wait_for_selector("#my-work")
    work_row = page.locator(f"#my-work tr[data-occurrence='{o.pk}']")
    assert "Bị trả lại" in work_row.inner_text() and "Thiếu số văn bản kết quả" in work_row.inner_text()
    work_row.locator("a.btn").click()
    page.wait_for_selector("#report-form")
    assert "Thiếu số văn bản kết quả" in page.locator("#return-comment").inner_text()
    page.fill("textarea[name=result]", "Đã rà soát xong, văn bản 21/BC-STP")
    page.fill("input[name=output_number]", "21/BC-STP")
    page.fill("input[name=percent]", "80")
    assert "lãnh đạo" in page.locator("#submit-report").inner_text()
    page.click("#submit-report")
    page.wait_for_selector("#history")
    assert "Chờ lãnh đạo duyệt" in page.locator("#report-state").inner_text()
    r.refresh_from_db()
    assert r.review_state == review.LEADER_REVIEW and r.output_number == "21/BC-STP"

    # the leader approves from the home-page badge
    page.context.clear_cookies()
    login("unit_leader")
    page.goto(f"{base}/")
    assert page.locator("#att-approval .badge").inner_text() == "1"
    page.locator("#att-approval > a").click()
    page.wait_for_selector("#approvals")
    page.locator(f"#approvals tr[data-report='{r.pk}'] button[value=approve]").click()
    page.wait_for_selector(".messages")
    r.refresh_from_db()
    assert r.review_state == review.SUBMITTED and r.approved_by == users["unit_leader"]

    # the office accepts
    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{base}/plans/review/")
    page.locator(f"#queue tr:has(a[href='/plans/occurrences/{o.pk}/']) button[value=accept]").click()
    page.wait_for_selector(".messages")
    r.refresh_from_db()
    assert r.review_state == review.ACCEPTED

    # the focal point is told, in the bell and the list
    page.context.clear_cookies()
    login("focal_point")
    page.goto(f"{base}/notifications/")
    text = page.locator("#notifications").inner_text()
    assert "Báo cáo bị trả lại" in text and "Báo cáo được chấp nhận" in text
    page.locator("#mark-all").click()
    page.wait_for_selector(".messages")
    assert page.locator("#bell-count").count() == 0


@pytest.mark.usefixtures("transactional_db")
def test_occurrence_page_fits_a_phone(live_server, users, small_plan, login, page):
    """The report page of an occurrence with a report in its history is no wider than a 390 px phone (its tables
    scroll inside their .tablewrap)."""
    from cchc.plans import services
    from cchc.plans.models import Occurrence

    o = Occurrence.objects.filter(plan=small_plan, task__number="1", task__section="I",
                                  unit__code="T42.stp").order_by("due_date").first()
    services.progress_report_save(occurrence=o, user=users["focal_point"], submit=True,
                                  data={"status": "in_progress", "percent": 30, "output_number": "21/BC-STP",
                                        "result": "Đã rà soát 25 thủ tục hành chính thuộc thẩm quyền giải quyết"})
    login("focal_point")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/plans/occurrences/{o.pk}/")
    page.wait_for_selector("#history")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.usefixtures("transactional_db")
def test_leader_ticks_the_whole_page_and_approves_then_the_office_accepts_them_at_once(live_server, users, small_plan,
                                                                                        login, page, settings):
    from cchc.core import review
    from cchc.plans import services
    from cchc.plans.models import Occurrence, ProgressReport

    settings.CCHC_LEADER_APPROVAL = True
    lines = Occurrence.objects.filter(plan=small_plan, unit__code="T42.stp").order_by("due_date", "pk")[:3]
    reports = [services.progress_report_save(occurrence=o, user=users["focal_point"], submit=True,
                                             data={"status": "in_progress", "percent": 30, "result": "Đang làm"})
               for o in lines]
    ids = [r.pk for r in reports]
    login("unit_leader")
    page.goto(f"{live_server.url}/plans/my/?show=approval")
    page.check("#pick-all")
    assert page.locator("input[name=pick]:checked").count() == 3
    page.click("#approve-picked")
    page.wait_for_selector(".messages")
    assert set(ProgressReport.objects.filter(pk__in=ids).values_list("review_state", flat=True)) == {review.SUBMITTED}
    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{live_server.url}/plans/review/")
    page.check("#pick-all")
    page.click("#accept-picked")
    page.wait_for_selector(".messages")
    assert "Đã chấp nhận 3 báo cáo." in page.locator(".messages").inner_text()
    assert set(ProgressReport.objects.filter(pk__in=ids).values_list("review_state", flat=True)) == {review.ACCEPTED}
