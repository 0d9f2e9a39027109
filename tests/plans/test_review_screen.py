"""The plan review screen: full-width rows, one picker per distinct unresolved agency applied to every row that names
it, keyboard navigation between rows, a source pane in a font with Vietnamese stacked diacritics. Server-side checks
run everywhere; the browser walk needs chromium (marker ``browser``)."""

from __future__ import annotations

import os

import pytest

from tests.plans.conftest import DATA

SEED = DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt"
SHOTS = os.environ.get("CCHC_SHOTS", "/tmp")


def _client(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def _import(user):
    from cchc.plans import services
    from cchc.plans.models import PlanImport

    imp = services.plan_import_start(user=user, filename=SEED.name, data=SEED.read_bytes())
    imp.refresh_from_db()
    assert imp.status == PlanImport.Status.REVIEW
    return imp


def _shared_unresolved(imp) -> tuple[str, list[int]]:
    """The unresolved agency text named by the most rows (at least two)."""
    uses = {}
    for i, row in enumerate(imp.rows):
        for a in set(row.get("lead", []) + row.get("partners", [])):
            if imp.agency_map.get(a, {}).get("kind") == "unresolved":
                uses.setdefault(a, []).append(i)
    text, rows = max(uses.items(), key=lambda kv: len(kv[1]))
    assert len(rows) >= 2, "the seed should name an unresolved agency on several rows"
    return text, rows


def test_map_many_resolves_each_text_once_for_all_rows(users):
    from cchc.org.models import UnitAlias
    from cchc.plans.models import PlanImport

    imp = _import(users["par_office"])
    text, rows = _shared_unresolved(imp)
    html = _client(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode()
    # one line per distinct unresolved text (not one per row), and each row shows its agencies as chips
    assert html.count(f'<tr class="unresolved" data-agency="{text}"') == 1
    assert html.count(f'class="chip unresolved" data-agency="{text}"') == len(rows)
    # picker options are rendered once (a template cloned by the script), not once per agency
    assert html.count('value="T42.stp"') <= 1
    unresolved_before = sum(1 for r in imp.agency_map.values() if r["kind"] == "unresolved")
    resp = _client(users["par_office"]).post(f"/plans/imports/{imp.pk}/edit/", {
        "version": imp.version, "op": "map_many", "agency-0": text, "target-0": "T42.stp",
        "agency-1": "không chọn", "target-1": ""})
    assert resp.status_code == 302
    imp = PlanImport.objects.get(pk=imp.pk)
    assert imp.agency_map[text]["kind"] == "unit" and imp.agency_map[text]["units"] == ["T42.stp"]
    assert sum(1 for r in imp.agency_map.values() if r["kind"] == "unresolved") == unresolved_before - 1
    assert UnitAlias.objects.filter(unit__code="T42.stp", alias=text).exists()
    html = _client(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode()
    assert f'class="chip unresolved" data-agency="{text}"' not in html
    assert html.count(f'class="chip" data-agency="{text}"') == len(rows)


def test_map_many_with_stale_version_changes_nothing(users):
    from cchc.plans.models import PlanImport

    imp = _import(users["par_office"])
    text, _rows = _shared_unresolved(imp)
    c = _client(users["par_office"])
    resp = c.post(f"/plans/imports/{imp.pk}/edit/", {"version": imp.version - 1 if imp.version > 1 else 99,
                                                     "op": "map_many", "agency-0": text, "target-0": "T42.stp"},
                  follow=True)
    assert resp.status_code == 200
    assert PlanImport.objects.get(pk=imp.pk).agency_map[text]["kind"] == "unresolved"


def test_review_screen_has_no_cut_boxes_and_a_vietnamese_safe_source_font(users):
    imp = _import(users["par_office"])
    html = _client(users["par_office"]).get(f"/plans/imports/{imp.pk}/").content.decode()
    # deadlines and titles are growing text boxes, never one-line inputs that cut "Trước 25/12/2024"
    assert 'name="c-0-deadline"' in html and '<input name="c-0-deadline"' not in html
    assert '<input name="c-0-title"' not in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("plans/review.css"), encoding="utf-8").read()
    rule = css[css.index("pre.source{"):]
    rule = rule[:rule.index("}")]
    assert "monospace" not in rule and "Noto Sans" in rule and "pre-wrap" in rule


# ---------------------------------------------------------------------------------------------- browser

@pytest.mark.browser
@pytest.mark.usefixtures("transactional_db")
def test_browser_resolve_once_and_keyboard(live_server, users, login, page):
    from cchc.plans.models import PlanImport

    imp = _import(users["par_office"])
    text, rows = _shared_unresolved(imp)
    login("par_office")
    page.goto(f"{live_server.url}/plans/imports/{imp.pk}/")
    page.wait_for_function("window.cchcReviewReady === true")
    assert page.locator("#row-count").inner_text() == "79"
    assert page.locator(".task-row").count() == 79
    page.screenshot(path=f"{SHOTS}/review-desktop.png")
    # the deadline box shows the whole text (it grows; nothing is cut)
    box = page.locator("textarea[name=c-0-deadline]")
    assert box.evaluate("t => t.scrollHeight <= t.clientHeight + 2")
    # the agency named on several rows is one line of the agency table
    chips = page.locator(".task-row .chip.unresolved").filter(has_text=text[:30])
    assert chips.count() >= len(rows)
    page.evaluate("""([t]) => {
        const tr = [...document.querySelectorAll('#agencies tr.unresolved')].find(r => r.dataset.agency === t);
        const sel = tr.querySelector('select.picker');
        sel.value = 'T42.stp';
        sel.dispatchEvent(new Event('change', {bubbles: true}));
    }""", [text])
    page.click("#map-all-btn")
    page.wait_for_selector(".msg")
    assert "Đã gán 1 cơ quan" in page.locator(".messages").inner_text()
    assert PlanImport.objects.get(pk=imp.pk).agency_map[text]["units"] == ["T42.stp"]
    # every row that named it now shows it resolved
    remaining = page.evaluate("""([t]) => [...document.querySelectorAll('.task-row .chip')]
        .filter(c => c.dataset.agency === t).map(c => c.classList.contains('unresolved'))""", [text])
    assert len(remaining) >= len(rows) and not any(remaining)
    page.wait_for_function("window.cchcReviewReady === true")

    # keyboard: j/k and arrows move the focus between rows, a marks reviewed and moves on, Enter edits, Esc leaves
    page.focus("#row-0")
    active = "() => document.activeElement.id"
    page.keyboard.press("j")
    assert page.evaluate(active) == "row-1"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == "row-2"
    page.keyboard.press("k")
    assert page.evaluate(active) == "row-1"
    page.keyboard.press("a")
    assert page.evaluate(active) == "row-2"
    assert "seen" in page.locator("#row-1").get_attribute("class")
    assert page.locator("#reviewed-count").inner_text() == "1"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.name") == "c-2-title"
    page.keyboard.type(" x")  # typing j/k inside a box types, it does not move
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.name") == "c-2-title"
    page.keyboard.press("Escape")
    assert page.evaluate(active) == "row-2"
    # the source pane opens on the row's text
    page.keyboard.press("s")
    assert page.locator("#source-pane").is_visible()
    assert page.locator("#source-text mark").count() == 1
    page.screenshot(path=f"{SHOTS}/review-desktop-source.png")
    page.keyboard.press("s")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/plans/imports/{imp.pk}/")
    page.wait_for_function("window.cchcReviewReady === true")
    page.screenshot(path=f"{SHOTS}/review-phone.png")
    page.locator("#row-3").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/review-phone-row.png")
    # no horizontal scrolling of the page on a phone
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
