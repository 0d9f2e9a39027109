"""An initiative from proposal to the public list, in a real browser: a unit's focal point proposes it with an
attachment (on a phone), a council member scores it, the office recognises it with its commendation, another unit
declares it applies it, and the public page (no sign-in) lists it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _submit(page, form, fields):
    """Fill the fields of ``form`` (a CSS selector → value) and submit it, waiting for the next page."""
    for selector, value in fields.items():
        page.fill(f"{form} {selector}", value)
    with page.expect_navigation():
        page.click(f"{form} button")


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
    page.set_input_files("#propose-form input[name=attachment]", str(attachment))
    _submit(page, "#propose-form", {
        "input[name=title]": "Bộ phận một cửa không giấy", "input[name=authors]": "Lê Văn Cường",
        "textarea[name=description]": "Số hóa toàn bộ hồ sơ khi tiếp nhận; giảm 30 % thời gian."})
    ini = Initiative.objects.get(title="Bộ phận một cửa không giấy")
    assert ini.status == Initiative.Status.PROPOSED and ini.attachment
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll on a phone
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    login("appraiser")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    _submit(page, "#score-form", {f"input[name=score-{code}]": value for code, value in (
        ("novelty", "25"), ("effect", "32,5"), ("replicable", "15"), ("scope", "8"))})
    assert "80,5" in page.inner_text("#mean")
    page.context.clear_cookies()

    login("par_office")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    page.check("#decide-form input[value=recognise]")
    _submit(page, "#decide-form", {"input[name=decision_number]": "123/QĐ-UBND",
                                   "input[name=commendation]": "Bằng khen của Chủ tịch UBND tỉnh"})
    assert "Được công nhận" in page.inner_text("#ini-status")
    page.context.clear_cookies()

    login("focal_b")
    page.goto(f"{live_server.url}/initiatives/{ini.pk}/")
    from django.utils import timezone

    _submit(page, "#replicate-form", {"input[name=started_on]": timezone.localdate().strftime("%d/%m/%Y"),
                                      "textarea[name=result]": "Giảm 20 % thời gian tiếp nhận"})
    assert "Sở Y tế" in page.inner_text("#replications")
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/initiatives/public/")
    listed = page.inner_text("#public-initiatives")
    assert "Bộ phận một cửa không giấy" in listed and "123/QĐ-UBND" in listed
