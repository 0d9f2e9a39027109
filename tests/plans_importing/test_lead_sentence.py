"""A lead cell written as one sentence, "Sở Nội vụ chủ trì, phối hợp các Sở: …": lead Sở Nội vụ, the rest partners."""

from cchc.plans.importing.cells import split_lead_cell


def test_lead_sentence_with_listed_departments():
    cell = ("Sở Nội vụ chủ trì,\nphối hợp các Sở: Tư pháp, Kế hoạch và Đầu tư, Tài chính, Thông tin và Truyền\n"
            "thông, Văn phòng UBND tỉnh")
    lead, partners = split_lead_cell(cell)
    assert lead == ["Sở Nội vụ"]
    assert partners == ["Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Thông tin và Truyền thông",
                        "Văn phòng UBND tỉnh"]


def test_lead_sentence_with_a_collective_partner():
    assert split_lead_cell("Sở Nội vụ chủ trì, phối hợp các Sở, ban, ngành") == (["Sở Nội vụ"],
                                                                                  ["các Sở, ban, ngành"])
    assert split_lead_cell("Sở Tư pháp chủ trì và phối hợp với Sở Y tế") == (["Sở Tư pháp"], ["Sở Y tế"])


def test_plain_lead_cells_are_unchanged():
    assert split_lead_cell("Sở Nội vụ; Sở Tư pháp") == (["Sở Nội vụ", "Sở Tư pháp"], [])
    # a note in brackets is not a lead sentence
    assert split_lead_cell("Sở Khoa học và Công nghệ (chủ trì, phối hợp kiểm tra)") == (
        ["Sở Khoa học và Công nghệ (chủ trì, phối hợp kiểm tra)"], [])
    assert split_lead_cell("Các cơ quan chủ trì CCHC của tỉnh") == (["Các cơ quan chủ trì CCHC của tỉnh"], [])
    assert split_lead_cell("") == ([], [])


def test_seed_003_task_ii_1_gets_lead_and_partners_on_review():
    import os
    from pathlib import Path

    import pytest

    shared = Path(os.environ.get("CCHC_SHARED", "/work/shared"))
    seed = shared / "seeds" / "003_b1926edb0b823183.txt"
    if not seed.exists():
        pytest.skip(f"không có thư mục dữ liệu chung ({shared})")
    from cchc.plans.drafts import rows_from_draft
    from cchc.plans.importing import parse_file

    rows = rows_from_draft(parse_file(str(seed)).to_dict())
    row = next(r for r in rows if r["section"] == "II" and r["number"] == "1")
    assert row["lead"] == ["Sở Nội vụ"]
    assert {"Sở Tư pháp", "Sở Tài chính", "Văn phòng UBND tỉnh"} <= set(row["partners"])


def test_review_rows_split_the_lead_sentence_the_parser_keeps():
    """The parser keeps the sentence as the gold records it; the review rows (and so the confirmed plan) get the lead
    and the partners."""
    from cchc.plans.drafts import rows_from_draft

    draft = {"tables": [{"sections": [], "tasks": [{
        "number": "1", "section": "II", "title": "Bồi dưỡng", "activities": [], "products": [],
        "lead": ["Sở Nội vụ chủ trì, phối hợp các Sở: Tư pháp, Tài chính, Văn phòng UBND tỉnh"],
        "partners": ["Các cơ quan, đơn vị, địa phương liên quan"], "deadline": "Hàng năm"}]}]}
    row = rows_from_draft(draft)[0]
    assert row["lead"] == ["Sở Nội vụ"]
    assert row["partners"] == ["Các cơ quan, đơn vị, địa phương liên quan", "Sở Tư pháp", "Sở Tài chính",
                               "Văn phòng UBND tỉnh"]
