"""Demo question bank: real CCHC questions written from the seed plans and public regulations (pure Python).

Every question names its source. Seed plans: Bình Định plan implementing Đề án 905 (QĐ 2022), Sở Nội vụ Bình Định
KH CCHC 2021–2025, Hà Tĩnh KH CCHC năm 2024, Khánh Hòa Đề án 1718/QĐ-UBND (21/7/2023), Bình Định KH thực hiện
CTr 20-CTr/TU. Public regulations are cited by number and date.

The questions are data, in ``bank.json`` next to this module: ``sources`` names the seed documents; each question
has ``topic``, ``difficulty``, ``text``, then ``options`` (a '*' before each correct one; more than one '*' makes a
multiple-choice question) or ``answer`` (a true/false statement: true or false), ``source`` (``{HT2024}`` stands
for the named source) and an optional ``explanation``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from cchc.exams.qdata import MULTIPLE, SINGLE, TRUEFALSE, Option, QuestionData, truefalse_options

# (code, name, parent code)
TOPICS = [
    ("direction", "Công tác chỉ đạo, điều hành CCHC", None),
    ("direction.plan", "Kế hoạch, báo cáo, kiểm tra CCHC", "direction"),
    ("direction.index", "Chỉ số CCHC, SIPAS và các chỉ số đánh giá", "direction"),
    ("direction.capacity", "Năng lực đội ngũ làm công tác CCHC", "direction"),
    ("institutions", "Cải cách thể chế", None),
    ("procedures", "Cải cách thủ tục hành chính", None),
    ("procedures.onestop", "Cơ chế một cửa, một cửa liên thông", "procedures"),
    ("procedures.control", "Kiểm soát thủ tục hành chính", "procedures"),
    ("organisation", "Cải cách tổ chức bộ máy hành chính nhà nước", None),
    ("civil_service", "Cải cách chế độ công vụ", None),
    ("public_finance", "Cải cách tài chính công", None),
    ("digital", "Xây dựng, phát triển Chính phủ điện tử, Chính phủ số", None),
    ("digital.online", "Dịch vụ công trực tuyến", "digital"),
]

BANK_FILE = Path(__file__).with_name("bank.json")


@functools.cache
def _bank() -> dict:
    return json.loads(BANK_FILE.read_text(encoding="utf-8"))


def _question(entry: dict, sources: dict[str, str]) -> QuestionData:
    if "answer" in entry:
        kind, opts = TRUEFALSE, truefalse_options(entry["answer"])
    else:
        opts = [Option(o[1:].strip(), True) if o.startswith("*") else Option(o.strip(), False) for o in entry["options"]]
        kind = MULTIPLE if sum(o.correct for o in opts) > 1 else SINGLE
    return QuestionData(text=entry["text"], kind=kind, options=opts, topic=entry["topic"],
                        difficulty=entry["difficulty"], explanation=entry.get("explanation", ""),
                        source_ref=entry["source"].format_map(sources))


def demo_questions() -> list[QuestionData]:
    """A fresh copy of the demo bank with stable refs CCHC-001 … (normalised)."""
    bank = _bank()
    out = []
    for i, entry in enumerate(bank["questions"], start=1):
        qd = _question(entry, bank["sources"])
        qd.ref, qd.line = f"CCHC-{i:03d}", i
        out.append(qd.normalise())
    return out
