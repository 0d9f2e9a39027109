"""A CCHC office user uploads a published decision, checks the preview, confirms, then finds a procedure by typing
without diacritics and opens its history — in a real browser."""

from __future__ import annotations

import os

import pytest

from tests.procedures.test_flow import FIRST

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_upload_preview_confirm_search(live_server, users, login, page, tmp_path):
    path = tmp_path / "qd-101.txt"
    path.write_text(FIRST, encoding="utf-8")
    login("par_office")
    page.goto(f"{live_server.url}/procedures/")
    page.click("#upload-link")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-btn")
    page.wait_for_selector("#preview-rows")
    assert "Thêm mới: 3" in page.inner_text("#summary")
    if os.environ.get("CCHC_DOC_SCREENSHOTS"):
        page.screenshot(path="docs/img/procedures-preview.png", full_page=True)
    page.click("#confirm-btn")
    page.wait_for_selector("#procedures")
    page.fill("input[name=q]", "ly lich tu phap")
    page.click("#filter-form button")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#procedures tbody tr")
    assert rows.count() == 1 and "1.001978" in rows.first.inner_text()
    if os.environ.get("CCHC_DOC_SCREENSHOTS"):
        page.screenshot(path="docs/img/procedures-list.png", full_page=True)
    page.click("text=1.001978")
    page.wait_for_selector("#history")
    assert "101/QĐ-UBND" in page.inner_text("#history") and "Sở Tư pháp" in page.inner_text("#procedure-fields")
