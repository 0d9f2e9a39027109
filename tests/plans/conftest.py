"""Fixtures for the plans tests: confirmed plans built through the real import/confirm services."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


def gold(name: str) -> dict:
    return json.loads((DATA / "gold" / f"{name}.json").read_text(encoding="utf-8"))


def upload_plan(page, base, path, before_upload=None):
    """Browser: the office uploads the plan file ``path`` and waits for the review screen (``before_upload()`` runs
    once the file is chosen, e.g. a screenshot)."""
    page.goto(f"{base}/plans/upload/")
    page.set_input_files("input[name=file]", str(path))
    if before_upload is not None:
        before_upload()
    page.click("#upload-btn")
    page.wait_for_selector("#rows", timeout=60000)


def map_first_agency(page, unit_code, before_map=None) -> str:
    """Browser, review screen: map the first unresolved agency (else the first resolved one) to ``unit_code`` for
    every row naming it, and check it is said and remembered as an alias of the unit; returns the agency's name
    (``before_map()`` runs once the unit is picked)."""
    from cchc.org.models import UnitAlias

    row = page.locator("#agencies tr.unresolved").first
    if row.count() == 0:
        page.click("#resolved-agencies summary")
        row = page.locator("#agencies tbody tr").first
    agency = row.get_attribute("data-agency")
    row.scroll_into_view_if_needed()
    row.locator("select.picker").select_option(unit_code)
    if before_map is not None:
        before_map()
    row.locator("xpath=ancestor::section").locator("button[value=map_many]").first.click()
    page.wait_for_selector(".msg")
    assert "Đã gán" in page.locator(".messages").inner_text()
    assert UnitAlias.objects.filter(unit__code=unit_code, alias=agency).exists()
    return agency


def confirm_plan(page):
    """Browser, review screen: confirm the import; returns the plan created."""
    from cchc.plans.models import Plan

    page.click("#confirm-btn")
    page.wait_for_selector("#tasks", timeout=60000)
    return Plan.objects.get()


def confirm_draft(user, draft: dict, *, map_all=True):
    """Put ``draft`` through review (auto-resolved agencies) and confirm it, as the web flow does."""
    from cchc.plans import services

    imp = services.plan_import_create(user=user, draft=draft, filename="test.txt")
    return services.plan_import_confirm(imp=imp, user=user), imp


def small_draft(deadline_a="Quý II/2024", lead_b="UBND cấp xã", period="2024"):
    return {
        "kind": "Kế hoạch", "title": "Kế hoạch CCHC thử nghiệm năm 2024", "issuer": "UBND tỉnh Hà Tĩnh",
        "province": "Hà Tĩnh", "period": period, "document_number": "99/KH-UBND", "issue_date": "2024-01-05",
        "tables": [{
            "caption": "Nhiệm vụ", "columns": [],
            "sections": [{"number": "I", "title": "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"},
                         {"number": "II", "title": "XÂY DỰNG CHÍNH QUYỀN SỐ"}],
            "tasks": [
                {"number": "1", "section": "I", "title": "Rà soát thủ tục hành chính", "activities": ["Rà soát"],
                 "products": [], "lead": ["Sở Tư pháp"], "partners": ["Sở Nội vụ"], "deadline": deadline_a,
                 "budget": None, "note": None},
                {"number": "2", "section": "I", "title": "Báo cáo CCHC hằng quý", "activities": [], "products": [],
                 "lead": ["Sở Y tế", "Sở Tư pháp"], "partners": [], "deadline": "Hằng quý", "budget": None,
                 "note": None},
                {"number": "1", "section": "II", "title": "Số hóa hồ sơ", "activities": [], "products": [],
                 "lead": [lead_b], "partners": [], "deadline": "Trước 31/12/2024", "budget": None, "note": None},
            ]}],
        "targets": [
            {"text": "100% TTHC được công khai", "indicator": "TTHC công khai", "value": 100, "unit": "%",
             "year": 2024, "level": "tỉnh", "comparator": "="},
            {"text": "Trên 80% hồ sơ trực tuyến", "indicator": "Hồ sơ trực tuyến", "value": 80, "unit": "%",
             "year": None, "level": "xã", "comparator": ">"},
        ],
    }


@pytest.fixture
def small_plan(users):
    plan, _imp = confirm_draft(users["par_office"], small_draft())
    return plan
