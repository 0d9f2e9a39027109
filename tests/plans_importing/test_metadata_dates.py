"""Issue date: the document's own dateline, never a date quoted from a legal basis."""

from pathlib import Path

import pytest

from cchc.core.docmeta import _issue_date
from cchc.plans.importing import parse_file

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@pytest.mark.parametrize("seed,expected", [("000", None), ("001", None), ("003", "2023-07-21")])
def test_issue_date_of_seeds(seed, expected):
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    assert parse_file(path).issue_date == expected


def test_issue_date_from_letterhead_and_attachment_line():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 12/KH-UBND\nHà Tĩnh, ngày 05 tháng 3 năm 2024\nKẾ HOẠCH\n"
            "Cải cách hành chính năm 2024\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")
    assert _issue_date(text.splitlines()) == "2024-03-05"
    text2 = ("KẾ HOẠCH\nCải cách hành chính\n(Ban hành kèm theo Quyết định số 99/QĐ-UBND ngày 10/01/2024 của UBND tỉnh)\n"
             "Căn cứ Luật ngày 19 tháng 6 năm 2015;\n")
    assert _issue_date(text2.splitlines()) == "2024-01-10"
