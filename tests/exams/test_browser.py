"""A civil servant takes a test in a real browser: answers, reloads mid-way, resumes, submits, reads the result."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _mmss(text: str) -> int:
    m, s = text.strip().split(":")
    return int(m) * 60 + int(s)


@pytest.mark.usefixtures("transactional_db")
def test_take_reload_resume_submit(live_server, users, campaign, login, page):
    from cchc.exams.models import Attempt
    from cchc.knowledge.models import Document

    Document.objects.create(title="Nghị định về cung cấp thông tin và dịch vụ công trực tuyến", number="42/2022/NĐ-CP",
                            kind="decree", area="digital", status="published")
    login("viewer")
    page.goto(f"{live_server.url}/exams/")
    page.click(f"[data-testid=start-{campaign.pk}]")
    page.wait_for_url(re.compile(r"/exams/attempts/\d+/$"))
    attempt = Attempt.objects.get(user=users["viewer"])
    items = list(attempt.items.select_related("version", "area"))
    assert page.locator("fieldset.q").count() == len(items) == 6
    # on a phone a question's text reads inside its box (a wrapped legend is not crossed by the fieldset's border)
    # and each answer is a tap target of a finger's height
    page.set_viewport_size({"width": 390, "height": 844})
    boxes = page.evaluate("""() => [...document.querySelectorAll('fieldset.q')].map(fs => ({
        fs: fs.getBoundingClientRect().top, legend: fs.querySelector('legend').getBoundingClientRect().top,
        border: parseFloat(getComputedStyle(fs).borderTopWidth),
        labels: [...fs.querySelectorAll('label')].map(l => l.getBoundingClientRect().height)}))""")
    for b in boxes:
        assert b["legend"] >= b["fs"] + b["border"], b
        assert min(b["labels"]) >= 40, b
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    def choose(it):
        v = it.version
        good = it.area.code != "digital"  # answer the digital-government questions wrongly
        ids = v.correct_ids if good else [x for x in v.option_ids if x not in v.correct_ids][:1]
        for oid in ids:
            page.check(f'input[name="q{it.position}"][value="{oid}"]')
        page.wait_for_function("document.getElementById('savestate').textContent.includes('Đã lưu tất cả')")
        return ids

    chosen = {it.position: choose(it) for it in items[:3]}
    before = _mmss(page.locator("#timer").inner_text())
    page.wait_for_timeout(1500)
    page.reload()
    page.wait_for_selector("#timer")
    page.wait_for_function("document.getElementById('timer').textContent !== '--:--'")
    after = _mmss(page.locator("#timer").inner_text())
    assert 0 < after <= before <= 30 * 60
    assert page.url.endswith(f"/exams/attempts/{attempt.pk}/")
    for pos, ids in chosen.items():
        for oid in ids:
            assert page.locator(f'input[name="q{pos}"][value="{oid}"]').is_checked()
    checked = page.locator("fieldset.q input:checked").count()
    assert checked == sum(len(v) for v in chosen.values())
    for it in items[3:]:
        chosen[it.position] = choose(it)
    page.on("dialog", lambda d: d.accept())
    page.click("#submitbtn")
    page.wait_for_url(re.compile(r"/result/$"))
    attempt.refresh_from_db()
    assert attempt.status == "submitted"
    for it in attempt.items.all():
        assert it.selected == sorted(chosen[it.position])
    n_digital = sum(1 for it in items if it.area.code == "digital")
    assert attempt.score == len(items) - n_digital
    assert page.locator("#percent").inner_text().startswith(f"{attempt.percent:.1f}".replace(".", ","))
    remediation = page.locator("#remediation").inner_text()
    assert "Chính phủ điện tử" in remediation and "0,0%" in remediation
    assert "42/2022/NĐ-CP" in remediation  # knowledge-base document of the weak area
    assert page.locator("#remediation .sources li").count() >= 1  # source references of the missed questions


@pytest.mark.usefixtures("transactional_db")
def test_campaign_results_read_on_a_phone_without_sideways_scrolling(live_server, users, campaign, login, page):
    """A unit leader follows the campaign on a phone: the per-unit figures and each person's result are cards (both
    tables scrolled sideways inside their box at 390 px)."""
    from cchc.exams import services
    from tests.exams.conftest import answer_all
    from tests.helpers import sideways

    for who in ("focal_point", "viewer"):
        attempt = services.attempt_start(users[who], campaign)
        answer_all(users[who], attempt)
        services.attempt_submit(users[who], attempt.pk)
    login("unit_leader")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/exams/campaigns/{campaign.pk}/")
    assert page.locator("#units tbody tr").count() >= 1 and page.locator("#attempts tbody tr").count() == 2
    got = sideways(page)
    assert got["page"] <= 0 and not got["outside"] and not got["boxes"], got
