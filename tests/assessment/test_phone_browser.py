"""The index pages fit a 390 px phone: the self-assessment sheet, the results, the framework and the public ranking (wide tables scroll
inside their ``.tablewrap``, the page itself does not; the sheet, the ranking and the criteria do not scroll at all)."""

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_index_pages_fit_a_phone(live_server, users, login, page, rnd):
    from cchc.assessment import services
    from cchc.assessment.models import SelfAssessment
    from tests.assessment.test_publish import publishable
    from tests.conftest import unit

    publishable(rnd, users)
    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    page.set_viewport_size({"width": 390, "height": 844})
    login("par_office")
    base = live_server.url
    widths = {}
    # a ranking is read without scrolling sideways: its own box does not scroll either (rank, unit, index, class)
    overflow = "(s) => { const w = document.querySelector(s).closest('.tablewrap'); return w.scrollWidth - w.clientWidth; }"
    for path in (f"/index/a/{sa.pk}/", f"/index/rounds/{rnd.pk}/results/", f"/index/frameworks/{rnd.framework_id}/",
                 "/index/"):
        page.goto(base + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        if "/frameworks/" in path:
            _criteria_read_as_an_indented_list(page)
        if "/results/" in path:
            assert page.evaluate(overflow, "#results") <= 0
            assert page.locator("#results td.idx").first.is_visible()
            assert not page.locator("#results td.wide").first.is_visible()
    services.round_publish(rnd, user=users["par_office"], decision="Quyết định số 141/QĐ-UBND ngày 14/01/2025",
                           confirmed=True)
    page.context.clear_cookies()
    page.goto(f"{base}/index/public/{rnd.pk}/")
    widths["public"] = page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate(overflow, "#public-results") <= 0
    assert "%" in page.locator("#public-results tbody tr").first.inner_text()
    print(widths)
    assert all(w <= 390 for w in widths.values()), widths


def _criteria_read_as_an_indented_list(page):
    """A framework's criteria on a phone: a card each, nothing to scroll sideways (no scroll box at all), a criterion
    a step further right than its parent, its code and maximum points on its first line, its words across the card."""
    from tests.helpers import sideways

    found = sideways(page)
    assert found["page"] <= 0 and not found["outside"] and not found["boxes"], found
    boxes = {}
    for code in ("1", "1.1", "1.1.1"):
        row = page.locator("#criteria tbody tr").filter(has=page.locator("td.code", has_text=re.compile(rf"^{re.escape(code)}$"))).first
        boxes[code] = {cell: row.locator(f"td.{cell}").bounding_box() for cell in ("code", "title", "points")}
    assert boxes["1"]["code"]["x"] < boxes["1.1"]["code"]["x"] < boxes["1.1.1"]["code"]["x"], boxes
    for code, b in boxes.items():
        assert abs(b["points"]["y"] - b["code"]["y"]) < 4 and b["title"]["y"] > b["code"]["y"], (code, b)
        assert b["title"]["width"] >= 250, (code, b)


@pytest.mark.usefixtures("transactional_db")
def test_the_sheet_is_filled_on_a_phone_as_cards(live_server, users, login, page, rnd):
    """A focal point fills the sheet on a phone: each criterion a card as wide as the screen's column (nothing to
    scroll sideways to reach the score form), the note boxes full width, the send button named for its recipient."""
    from cchc.assessment.models import SelfAssessment
    from tests.conftest import unit

    sa = SelfAssessment.objects.get(round=rnd, unit=unit("T42.stp"))
    page.set_viewport_size({"width": 390, "height": 844})
    login("focal_point")
    page.goto(f"{live_server.url}/index/a/{sa.pk}/")
    sizes = page.evaluate("""() => ({wrap: document.querySelector('#sheet').parentElement.clientWidth,
        sheet: document.querySelector('#sheet').scrollWidth,
        form: document.querySelector('#sheet .score-form').getBoundingClientRect().width,
        box: document.querySelector('#sheet .score-form textarea').getBoundingClientRect().width,
        head: getComputedStyle(document.querySelector('#sheet thead')).display})""")
    assert sizes["sheet"] <= sizes["wrap"] and sizes["head"] == "none", sizes
    assert sizes["box"] >= sizes["form"] - 2, sizes
    assert page.locator("#submit-sa").inner_text() == "Gửi Phòng CCHC"


@pytest.mark.usefixtures("transactional_db")
def test_a_confirm_box_sits_before_its_sentence(live_server, users, login, page, rnd):
    """A checkbox of a form (here the office's “I confirm publishing”) keeps its size, before its sentence, instead
    of stretching over a line of its own."""
    login("par_office")
    page.goto(f"{live_server.url}/index/rounds/{rnd.pk}/results/")
    box = page.locator("input[name=confirm]").bounding_box()
    text = page.locator("label:has(input[name=confirm])").bounding_box()
    assert box["width"] < 40 and abs(box["y"] - text["y"]) < 12, (box, text)
