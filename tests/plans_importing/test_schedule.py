"""Schedule parsing for every deadline string of the gold files, plus the issue's examples."""

from __future__ import annotations

import json

import pytest

from cchc.plans.importing.schedule import parse_deadline

from .conftest import DATA


def _gold_deadlines() -> list[str]:
    out = set()
    for f in sorted((DATA / "gold").glob("*.json")):
        for table in json.loads(f.read_text(encoding="utf-8"))["tables"]:
            out.update(t["deadline"] for t in table["tasks"] if t["deadline"])
    return sorted(out)


@pytest.mark.parametrize("text", _gold_deadlines())
def test_every_gold_deadline_parses(text):
    s = parse_deadline(text, default_year=2024)
    assert s["kind"] != "unknown"
    assert s["text"] == text
    if s["kind"] == "once":
        assert len(s["due"]) == 10
    if s["kind"] == "combined":
        assert len(s["parts"]) >= 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trước 25/12/2023", {"kind": "once", "due": "2023-12-25"}),
        ("Tháng 01/2024", {"kind": "once", "due": "2024-01-31"}),
        ("Tháng 2/2024", {"kind": "once", "due": "2024-02-29"}),
        ("Quý IV/2024", {"kind": "once", "due": "2024-12-31"}),
        ("Quý I năm 2022", {"kind": "once", "due": "2022-03-31"}),
        ("Năm 2024", {"kind": "once", "due": "2024-12-31"}),
        ("Hằng năm", {"kind": "recurring", "frequency": "yearly"}),
        ("Quý I hằng năm", {"kind": "recurring", "frequency": "yearly", "quarter": 1}),
        ("Trước ngày 15/12 hằng năm", {"kind": "recurring", "frequency": "yearly", "day": 15, "month": 12}),
        ("Tháng 12 hàng năm", {"kind": "recurring", "frequency": "yearly", "month": 12}),
        ("Thường xuyên", {"kind": "continuous"}),
        ("Năm 2024-2026", {"kind": "range", "start": "2024-01-01", "end": "2026-12-31"}),
        ("Quý I-IV năm 2024", {"kind": "range", "start": "2024-01-01", "end": "2024-12-31"}),
        ("Quý II, III/2024", {"kind": "range", "start": "2024-04-01", "end": "2024-09-30"}),
        ("Sau khi Bộ Nội vụ công bố TTHC", {"kind": "event", "event": "Sau khi Bộ Nội vụ công bố TTHC"}),
        ("Khi có hướng dẫn của Trung ương", {"kind": "event"}),
    ],
)
def test_examples(text, expected):
    s = parse_deadline(text)
    for k, v in expected.items():
        assert s[k] == v, (k, s)


def test_combined_and_quarter_without_year():
    s = parse_deadline("Năm 2023; Hàng năm")
    assert s["kind"] == "combined"
    assert [p["kind"] for p in s["parts"]] == ["once", "recurring"]
    assert parse_deadline("Quý II", default_year=2024)["due"] == "2024-06-30"
    assert parse_deadline("Quý II")["kind"] == "unknown"  # no year known: never guessed


@pytest.mark.parametrize("text", ["", "   ", "31/02/2024", "xyz", None, "Quý IX/2024"])
def test_bad_input_never_raises(text):
    assert parse_deadline(text)["kind"] in {"unknown", "event"}
