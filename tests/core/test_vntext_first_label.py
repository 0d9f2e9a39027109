"""cchc.core.vntext.first_label: a ladder of text tests as a table (pure, no database)."""

from cchc.core.vntext import first_label
from cchc.plans.importing.targets import _comparator
from cchc.procedures.parsing import _role, level_of_agency, parse_online

RULES = ((r"^ma\b", "code"), ("ten", "name"), (r"ghi chu$", "note"))


def test_first_matching_rule_wins_else_default():
    assert first_label("ma tthc ten", RULES) == "code"
    assert first_label("so ten", RULES) == "name"
    assert first_label("ghi chu", RULES) == "note"
    assert first_label("khac", RULES) is None
    assert first_label("khac", RULES, "") == ""


def test_the_tables_read_as_the_ladders_did():
    assert _role("Mã TTHC") == "code" and _role("Mã số") == "code" and _role("Mã") == "code"
    assert _role("Tên VBQPPL quy định việc bãi bỏ") == "abolish_basis"
    assert _role("Phí, lệ phí") == "fee" and _role("Lệ phí") == "fee" and _role("Ghi chú") == "note"
    assert _role("") is None and _role("Cột khác") is None
    assert parse_online("Toàn trình") == "full" and parse_online("Một phần") == "partial"
    assert parse_online("Trực tiếp") == "none" and parse_online("") == ""
    assert level_of_agency("UBND cấp xã") == "commune" and level_of_agency("Sở Tư pháp") == "province"
    assert level_of_agency("Cục Hàng hải (Số 8 Phường Ngọc Hà)") == "central"
    cases = {"đạt ít nhất 80%": ">=", "đạt trên 90%": ">", "tối đa 5%": "<=", "dưới 3%": "<",
             "đạt 70% trở lên": ">=", "đạt 60%": "="}
    for text, expected in cases.items():
        start = text.index("%") - 2
        assert _comparator(text, start, start + 3) == expected, text
