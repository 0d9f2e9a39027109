"""An initiative from proposal to the public list, in a real browser: a unit's focal point proposes it with an
attachment (on a phone), a council member scores it, the office recognises it with its commendation, another unit
declares it applies it, and the public page (no sign-in) lists it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_initiative_journey_to_the_public_list(live_server, users, login, page, tmp_path):
    from docx import Document

    from cchc.initiatives.models import Initiative

    attachment = tmp_path / "mo-ta.docx"  # a real Word file (a fake PDF is refused, as it should be)
    doc = Document()
    doc.add_paragraph("Mô tả sáng kiến: số hóa hồ sơ khi tiếp nhận.")
    doc.save(attachment)
    page.set_viewport_size({"width": 390, "height": 844})
    login("focal_point")
    page.goto(f"{live_server.url}/initiatives/")
    page.fill("#propose-form input[name=title]", "Bộ phận một cửa không giấy")
    page.fill("#propose-form input[name=authors]", "Lê Văn Cường")
    page.fill("#propose-form textarea[name=description]", "Số hóa toàn bộ hồ sơ khi tiếp nhận; giảm 30 % thời gian.")
    page.set_input_files("#propose-form input[name=attachment]", str(attachment))
    with page.expect_navigation():
        page.click("#propose-form button")
    ini = Initiative.objects.get(title="Bộ phận một cửa không giấy")
    assert ini.status == Initiative.Status.PROPOSED and ini.attachment
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll on a phone
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    login("appraiser")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    for code, value in (("novelty", "25"), ("effect", "32,5"), ("replicable", "15"), ("scope", "8")):
        page.fill(f"#score-form input[name=score-{code}]", value)
    with page.expect_navigation():
        page.click("#score-form button")
    assert "80,5" in page.inner_text("#mean")
    page.context.clear_cookies()

    login("par_office")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    page.check("#decide-form input[value=recognise]")
    page.fill("#decide-form input[name=decision_number]", "123/QĐ-UBND")
    page.fill("#decide-form input[name=commendation]", "Bằng khen của Chủ tịch UBND tỉnh")
    with page.expect_navigation():
        page.click("#decide-form button")
    assert "Được công nhận" in page.inner_text("#ini-status")
    page.context.clear_cookies()

    login("focal_b")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    from django.utils import timezone

    page.fill("#replicate-form input[name=started_on]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("#replicate-form textarea[name=result]", "Giảm 20 % thời gian tiếp nhận")
    with page.expect_navigation():
        page.click("#replicate-form button")
    assert "Sở Y tế" in page.inner_text("#replications")
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/initiatives/public/")
    listed = page.inner_text("#public-initiatives")
    assert "Bộ phận một cửa không giấy" in listed and "123/QĐ-UBND" in listed
