"""Browser walk on a phone: upload an export, fix the mapping, read the refused row, import the valid rows, see the
unit's figures; every page fits the 390 px screen (tables as cards)."""

import pytest

from tests.dossiers.test_import_screen import BAD, GOOD, _csv

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_import_on_a_phone(live_server, users, login, page, tmp_path, settings):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    page.set_viewport_size({"width": 390, "height": 844})
    login("par_office")
    base = live_server.url
    export = tmp_path / "motcua.csv"
    export.write_bytes(_csv(GOOD + [BAD]))
    page.goto(f"{base}/dossiers/import/")
    page.fill("input[name=source]", "motcua-tinh")
    page.set_input_files("input[name=file]", str(export))
    page.click("#upload-btn")
    page.wait_for_selector("#mapping")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the unknown header is proposed as not used; the user maps it to the unit column
    assert page.input_value("select#map-1") == ""
    page.select_option("select#map-1", "unit_id")
    page.click("#confirm-btn")
    page.wait_for_selector("#refused")
    assert "Dòng 5, cột received_at" in page.inner_text("#refused")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#accept-valid-btn")
    page.wait_for_selector("text=Đã nhập")
    assert "nhập 3 dòng, 1 dòng lỗi" in page.inner_text("#import-status")
    page.goto(f"{base}/dossiers/unit/T42.stp/?from=2025-03&to=2025-03")
    assert "2025-03" in page.inner_text("#months")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
