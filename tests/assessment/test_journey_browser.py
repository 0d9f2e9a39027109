"""Browser journey of the yearly index: the office imports a framework and opens the round → a unit self-assesses
with the prefilled score and its evidence → the council appraises → the office publishes → the public page shows
the ranking.

Screenshots for docs/user-guide.md (section VII) are written only with CCHC_DOC_SCREENSHOTS=1:
    CCHC_DOC_SCREENSHOTS=1 pytest tests/assessment/test_journey_browser.py
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def _shot(page, name):
    if os.environ.get("CCHC_DOC_SCREENSHOTS") != "1":
        return
    IMG.mkdir(parents=True, exist_ok=True)
    path = IMG / f"index-{name}.png"
    page.screenshot(path=str(path), full_page=False)
    try:  # 256 colours keep the committed images small
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=256).save(path, optimize=True)

HEAD = ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm", "Tài liệu kiểm chứng", "Cách chấm", "Tham số",
        "Số liệu tự động"]
ROWS = [
    ["1", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "3,0", "", "", "", "", ""],
    ["1.1", "Ban hành kế hoạch CCHC", "1,0", "Đúng hạn: 1; muộn: 0,5", "Kế hoạch CCHC", "manual", "", ""],
    ["1.2", "Kết quả thực hiện nhiệm vụ", "2,0", "", "Phụ lục thống kê", "linear", "target = 100",
     "plans.tasks_done_pct"],
    ["2", "KHẢO SÁT CÁN BỘ, CÔNG CHỨC", 15, "", "", "survey", "", ""],
]


@pytest.mark.usefixtures("transactional_db")
def test_import_selfassess_appraise_publish(live_server, users, login, page, tmp_path):
    from cchc.assessment.models import Framework, Score
    from cchc.core.excel import write_xlsx
    from cchc.plans.models import Occurrence, Status
    from tests.plans.conftest import confirm_draft, small_draft

    base = live_server.url
    confirm_draft(users["par_office"], small_draft())
    occs = list(Occurrence.objects.filter(unit__code="T42.stp", due_date__year=2024))
    Occurrence.objects.filter(pk__in=[o.pk for o in occs[:1]]).update(status=Status.DONE)
    sheet = tmp_path / "bo-tieu-chi-so-2024.xlsx"
    sheet.write_bytes(write_xlsx([("Bộ tiêu chí", HEAD, ROWS)]))

    # the office imports the framework and opens the round
    login("par_office")
    page.goto(f"{base}/index/frameworks/import/")
    page.set_input_files("input[name=file]", str(sheet))
    page.fill("input[name=year]", "2024")
    page.select_option("select[name=unit_kind]", "so")
    page.click("form.form button.btn.primary")
    page.wait_for_selector("#criteria")
    assert "Kết quả thực hiện nhiệm vụ" in page.locator("#criteria").inner_text()
    _shot(page, "01-framework")
    page.fill("#open-round input[name=deadline]", "2099-12-31")
    page.click("#open-round button")
    page.wait_for_selector(".messages")
    fw = Framework.objects.get(year=2024, unit_kind="so")
    assert fw.locked and fw.round.assessments.count() > 1

    # the unit sees the prefilled figure, scores the rest and submits
    page.context.clear_cookies()
    login("focal_point")
    page.goto(f"{base}/index/")
    page.click("#assessments a")
    page.wait_for_selector("#sheet")
    row12 = page.locator("#sheet tr", has_text="Kết quả thực hiện nhiệm vụ")
    assert f"1/{len(occs)} nhiệm vụ đến hạn trong năm đã hoàn thành" in row12.inner_text()
    row12.scroll_into_view_if_needed()
    _shot(page, "02-self-assessment")
    row11 = page.locator("#sheet tr", has_text="Ban hành kế hoạch CCHC")
    row11.locator("input[name=points]").fill("1")
    row11.locator("textarea[name=evidence_text]").fill("Kế hoạch 12/KH-STP ngày 10/01/2024")
    row11.locator("button").click()
    page.wait_for_selector(".messages")
    page.click("#submit-sa")
    page.wait_for_selector(".messages")
    assert "Đã gửi" in page.locator("#sa-state").inner_text()
    sa_id = Score.objects.filter(assessment__unit__code="T42.stp", assessment__round=fw.round).first().assessment_id
    # the other units send theirs too (a ranking is published only once every unit has sent and been appraised)
    from cchc.assessment import services
    from cchc.core import review
    from tests.assessment.test_services import _fill_all

    for sa in fw.round.assessments.exclude(pk=sa_id):
        _fill_all(sa, users["par_office"], value="0.5")
        sa.refresh_from_db()
        services.self_assessment_transition(sa, user=users["par_office"], action=review.SUBMIT)

    # the office forms the council and assigns the criteria to the chair
    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{base}/index/rounds/{fw.round.pk}/council/")
    page.select_option("#form-council select[name=chair]", str(users["appraiser"].pk))
    page.select_option("#form-council select[name=members]", [str(users["unit_leader"].pk)])  # not admin: no unit
    page.click("#form-council button")
    page.wait_for_selector("#members")
    row = page.locator("#members tr", has_text="appraiser")
    row.locator("input[name=codes]").fill("1.1, 1.2")
    row.locator("button").click()
    page.wait_for_selector(".messages")

    # the chair appraises the unit's two criteria and locks
    page.context.clear_cookies()
    login("appraiser")
    page.goto(f"{base}/index/rounds/{fw.round.pk}/council/")
    q = page.locator("#queue tr", has_text="1.1 Ban hành").filter(has_text="Sở Tư pháp")
    q.locator("input[name=points]").fill("0,5")
    q.locator("input[name=reason]").fill("Ban hành muộn")
    q.locator("button").click()
    page.wait_for_selector(".messages")
    q = page.locator("#queue tr", has_text="1.2 Kết quả").filter(has_text="Sở Tư pháp")
    q.locator("input[name=points]").fill(q.locator("input[name=points]").input_value() or "1")
    q.locator("input[name=reason]").fill("Theo số liệu")
    q.locator("button").click()
    page.wait_for_selector(".messages")
    _shot(page, "03-council")
    page.click("#lock-council")
    page.wait_for_selector("#council-locked")
    assert Score.objects.get(assessment_id=sa_id, criterion__code="1.1").appraised_points == 0.5

    # the office publishes; anyone can read the ranking
    page.context.clear_cookies()
    login("par_office")
    page.goto(f"{base}/index/rounds/{fw.round.pk}/results/")
    _shot(page, "04-results")
    assert page.locator("#publish-problems").count() == 0
    page.fill("#publish input[name=decision]", "Quyết định 99/QĐ-UBND ngày 20/01/2025")
    page.check("#publish input[name=confirm]")
    page.click("#publish button")
    page.wait_for_selector("#published")
    page.context.clear_cookies()
    page.goto(f"{base}/index/public/")
    page.click("#published-rounds a")
    page.wait_for_selector("#public-results")
    _shot(page, "05-public")
    first = page.locator("#public-results tbody tr").first.inner_text()
    assert "Sở Tư pháp" in first and "99/QĐ-UBND" in page.content()
