"""Browser: ask without diacritics, see the cited answer, open the source passage; ask an unanswerable
question, send it to the office, answer it as the office, then find it through search."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "cchc" / "knowledge" / "demo"


@pytest.mark.usefixtures("transactional_db")
def test_ask_cited_answer_then_office_loop(live_server, users, login, page):
    from cchc.knowledge import services

    f = next(DEMO.glob("002_*.txt"))
    services.document_add(data=f.read_bytes(), filename=f.name)

    login("focal_point")
    page.goto(f"{live_server.url}/kb/")
    page.fill("[data-testid=kb-q]", "ty le nop ho so truc tuyen nam 2024")
    page.press("[data-testid=kb-q]", "Enter")
    answer = page.locator("[data-testid=kb-answer]")
    assert "70%" in answer.inner_text()
    assert "Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm 2024" in answer.inner_text()
    assert answer.locator("strong.answer").count() >= 1
    page.click("[data-testid=kb-source]")
    page.wait_for_load_state("networkidle")
    target = page.locator(".passage:target")
    assert "nộp hồ sơ trực tuyến đạt 70%" in target.inner_text()

    page.goto(f"{live_server.url}/kb/?q=" + "Thu tuc cap ho chieu pho thong can giay to gi")
    assert "Chưa tìm thấy câu trả lời" in page.locator("[data-testid=kb-noanswer]").inner_text()
    page.click("[data-testid=kb-send]")
    page.wait_for_load_state("networkidle")
    assert "Đã gửi câu hỏi" in page.content()

    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{live_server.url}/kb/office/")
    assert "Sở Tư pháp" in page.locator("main").inner_text()
    page.click("text=Trả lời")
    page.fill("textarea[name=answer]", "Hồ sơ cấp hộ chiếu phổ thông gồm tờ khai và ảnh chân dung theo quy định.")
    page.click("[data-testid=kb-answer-submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/kb/?q=ho chieu pho thong")
    answer = page.locator("[data-testid=kb-answer]")
    assert "tờ khai và ảnh chân dung" in answer.inner_text()


@pytest.mark.usefixtures("transactional_db")
def test_secondary_filters_fold_on_a_phone_and_stay_open_when_set(live_server, users, login, page):
    login("viewer")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/kb/")
    kind = page.locator("select[name=kind]")
    assert page.locator("[data-testid=kb-q]").is_visible() and not kind.is_visible()
    page.click("details.morefilters > summary")
    assert kind.is_visible()
    page.goto(f"{live_server.url}/kb/?q=chi+tieu&year=2024")  # a filter set: shown, so the user sees why
    assert page.locator("input[name=year]").is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/kb/")
    assert kind.is_visible() and not page.locator("details.morefilters > summary").is_visible()
