"""The inspection outline and coverage arithmetic (no database)."""

from cchc.inspections import checklist


def test_default_outline_has_every_area_once_with_items():
    items, errors = checklist.parse_outline(checklist.DEFAULT_OUTLINE)
    assert errors == []
    areas = [it["area"] for it in items]
    assert set(areas) == {"direction", "institutions", "procedures", "organisation", "civil_service",
                          "public_finance", "digital"}
    assert items[0]["code"] == "I.1" and items[-1]["code"].startswith("VII.")
    # headings are not items; numbering of items restarts per heading
    assert not any(it["text"].isupper() for it in items)
    assert [it["code"] for it in items if it["area"] == "institutions"] == ["II.1", "II.2"]


def test_outline_items_keep_their_text_without_numbers_and_refuse_orphans():
    items, errors = checklist.parse_outline("III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH\n1. Công khai TTHC\na) Một cửa\n")
    assert errors == []
    assert [(it["code"], it["area"], it["text"]) for it in items] == [
        ("III.1", "procedures", "Công khai TTHC"), ("III.2", "procedures", "Một cửa")]
    _items, errors = checklist.parse_outline("Nội dung không có tiêu đề\nII. CẢI CÁCH THỂ CHẾ\nRà soát VBQPPL\n")
    assert len(errors) == 1 and errors[0].line == 1 and "Dòng 1" in errors[0].message
    _items, errors = checklist.parse_outline("   \n")
    assert errors and "chưa có nội dung" in errors[0].message


def test_outline_text_round_trip():
    items, _ = checklist.parse_outline(checklist.DEFAULT_OUTLINE)
    again, errors = checklist.parse_outline(checklist.outline_text(items))
    assert errors == [] and again == items


def test_units_needed_rounds_up_and_coverage_rows():
    assert checklist.units_needed(34, 35) == 12
    assert checklist.units_needed(100, 35) == 35
    assert checklist.units_needed(0, 35) == 0
    rows, total = checklist.coverage_rows({"department": ("Sở", 20), "commune": ("Xã", 80)},
                                          {"department": 7, "commune": 28})
    assert [r.share for r in rows] == [35.0, 35.0] and (total.total, total.inspected, total.share) == (100, 35, 35.0)
