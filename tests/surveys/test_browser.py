"""A citizen answers on a phone from the QR link (JavaScript on, and off)."""

import pytest
from playwright.sync_api import expect

from cchc.surveys import services
from cchc.surveys.models import Item, Response

pytestmark = pytest.mark.browser


def _phone(_browser, js=True):
    ctx = _browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True, java_script_enabled=js)
    ctx.set_default_timeout(15000)
    return ctx


def _fill(page, rnd, level="5"):
    for it in Item.objects.filter(section__version=rnd.version).order_by("section__order", "order"):
        box = page.locator(f"#q{it.pk}")
        if not box.is_visible():
            continue
        if it.kind == "likert5":
            box.locator(f"input[value='{level}']").check()
        elif it.kind in ("single", "multiple"):
            box.locator("input").first.check()
        else:
            box.locator("textarea").fill("Cán bộ nhiệt tình, hướng dẫn chu đáo")


@pytest.mark.usefixtures("transactional_db")
def test_citizen_answers_on_a_phone_from_the_qr_link(live_server, users, make_round, _browser):
    rnd = make_round()
    _batch, codes = services.codes_create(users["focal_point"], rnd, 1)
    ctx = _phone(_browser)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/s/{codes[0][:4]}-{codes[0][4:]}/")
    assert "Tiếp cận dịch vụ" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    apology = Item.objects.get(section__version=rnd.version, code="kq_xin_loi")
    on_time = Item.objects.get(section__version=rnd.version, code="kq_dung_hen")
    expect(page.locator(f"#q{apology.pk}")).to_be_hidden()  # conditional: hidden until "Không"
    with page.expect_response(lambda r: r.request.method == "POST"):  # answers are kept as they are given
        page.locator(f"#q{on_time.pk} input[value='Không']").check()
    expect(page.locator(f"#q{apology.pk}")).to_be_visible()
    page.reload()  # an abandoned form comes back with what was answered
    assert page.locator(f"#q{on_time.pk} input[value='Không']").is_checked()
    expect(page.locator(f"#q{apology.pk}")).to_be_visible()
    _fill(page, rnd)
    page.locator(f"#q{on_time.pk} input[value='Không']").check()
    page.locator(f"#q{apology.pk} input[value='Có']").check()
    tap = page.locator("label.opt").first.bounding_box()
    assert tap["height"] >= 44  # large tap targets
    page.click("button[value=submit]")
    expect(page.locator("[data-testid=thanks]")).to_be_visible()
    resp = Response.objects.get()
    assert resp.answers.get(item=apology).choices == ["Có"]
    assert ctx.cookies() == []
    page.goto(f"{live_server.url}/s/{codes[0]}/")
    assert "đã được dùng" in page.locator("main").inner_text()
    ctx.close()


@pytest.mark.usefixtures("transactional_db")
def test_form_works_with_javascript_off(live_server, users, make_round, _browser):
    rnd = make_round()
    _batch, codes = services.codes_create(users["focal_point"], rnd, 1)
    ctx = _phone(_browser, js=False)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/s/")
    page.fill("#code", codes[0].lower())
    page.click("button[type=submit]")
    assert "Tiếp cận dịch vụ" in page.locator("main").inner_text()
    _fill(page, rnd, level="4")
    page.click("button[value=submit]")
    expect(page.locator("[data-testid=thanks]")).to_be_visible()
    assert Response.objects.count() == 1
    ctx.close()


@pytest.mark.usefixtures("transactional_db")
def test_paper_entry_reads_on_a_phone(live_server, users, make_round, login, page):
    """Keying a paper form on a phone: each question reads inside its box (a wrapped question is not crossed by the
    box's border) and each option keeps its button beside its words."""
    rnd = make_round()
    login("focal_point")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/surveys/rounds/{rnd.pk}/paper/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = page.evaluate("""() => [...document.querySelectorAll('main fieldset')].map(fs => ({
        fs: fs.getBoundingClientRect().top + parseFloat(getComputedStyle(fs).borderTopWidth),
        legend: fs.querySelector('legend').getBoundingClientRect().top,
        options: [...fs.querySelectorAll('label.inline')].map(l => {
            const i = l.querySelector('input').getBoundingClientRect(), t = l.getBoundingClientRect();
            return {boxes: l.getClientRects().length, top: t.top, input: i.top, height: t.height}; })}))""")
    assert len(boxes) > 10
    for b in boxes:
        assert b["legend"] >= b["fs"], b
        for o in b["options"]:  # one box an option: "2 – Không hài / lòng" no longer breaks across two lines' ends
            assert o["boxes"] == 1 and o["top"] <= o["input"] < o["top"] + o["height"], o
