import re

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_focal_point_sees_own_unit_and_not_another(live_server, users, login, page):
    login("focal_point")
    assert page.locator("h1").first.inner_text().startswith("Xin chào")
    assert page.locator("#my-units").inner_text().strip() == "Sở Tư pháp tỉnh Hà Tĩnh"
    page.click("#my-units a")
    assert page.locator("#unit-name").inner_text() == "Sở Tư pháp tỉnh Hà Tĩnh"
    resp = page.goto(f"{live_server.url}/org/units/T42.syt/")
    assert resp.status == 404
    assert "Không tìm thấy" in page.content()
    assert not re.search("Sở Y tế tỉnh Hà Tĩnh", page.locator("main").inner_text())


@pytest.mark.usefixtures("transactional_db")
def test_mobile_menu(live_server, users, login, page):
    page.set_viewport_size({"width": 390, "height": 800})
    login("viewer")
    assert not page.locator(".mainnav").is_visible()
    # one row on a phone: brand, bell and menu button; the user's name and links open with the menu
    assert page.locator("#bell").is_visible()
    assert not page.locator(".userbox .username").is_visible()
    assert not page.get_by_role("button", name="Đăng xuất").is_visible()
    bar, bell = page.locator(".topbar").bounding_box(), page.locator("#bell").bounding_box()
    assert bar["height"] < 80 and bell["y"] < bar["y"] + bar["height"]
    page.click("label.navbtn")
    assert page.locator(".mainnav").is_visible()
    assert page.locator(".userbox .username").is_visible()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
