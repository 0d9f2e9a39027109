"""Browser walk of the office screen: add a client system, issue a token (shown once), call the API with it."""

import os

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_office_adds_a_system_and_issues_a_token(live_server, users, login, page):
    import urllib.request

    base = live_server.url
    login("par_office")
    page.goto(f"{base}/exchange/")
    page.fill("#client-form input[name=code]", "cong-quoc-gia")
    page.fill("#client-form input[name=name]", "Cổng CCHC quốc gia")
    page.check("#client-form input[value='index:read']")
    page.check("#client-form input[value='tasks:read']")
    page.click("#client-form button")
    page.wait_for_selector("#client-cong-quoc-gia")
    page.locator("#client-cong-quoc-gia").get_by_role("button", name="Cấp khóa mới").click()
    page.wait_for_selector("#secret")
    secret = page.locator("#secret").inner_text().strip()
    if os.environ.get("CCHC_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CCHC_SCREENSHOTS"], "exchange-office.png"), full_page=True)
    req = urllib.request.Request(f"{base}/api/v1/exchange/me", headers={"Authorization": f"Token {secret}"})
    with urllib.request.urlopen(req) as resp:  # noqa: S310 - the live test server
        assert resp.status == 200 and b'"cong-quoc-gia"' in resp.read()
    page.goto(f"{base}/exchange/")
    assert secret not in page.content()
