"""The published results as a decision annex (.docx) in the style of Nghị định 30/2020/NĐ-CP: A4, margins 20–30 mm,
Times New Roman 13–14, "Phụ lục" heading, the title in capitals, "(Kèm theo Quyết định …)" in italics, a bordered
table (STT | Đơn vị | Điểm tối đa | Điểm đạt được | Chỉ số | Xếp loại | Xếp hạng) with numbers the Vietnamese way.
No Django."""

from __future__ import annotations

from cchc.assessment import scoring
from cchc.core.vndates import format_date_draft
from cchc.core.vntext import format_number

KIND_TITLES = {"so": "CÁC SỞ, BAN, NGÀNH", "xa": "UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU", "huyen": "UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
               "tinh": "TỈNH"}


def _num(value, places=2) -> str:
    return format_number(scoring.dec(value), places)


def annex_docx(rows: list[dict], *, year: int, unit_kind: str, decision: str = "", province: str = "",
               draft_year: int | None = None) -> bytes:
    """The annex through the shared writer (cchc.core.official_docx.build_annex): A4, margins, page numbers from page 2,
    the header row repeated on every page, columns sized by their content. STT counts the lines; the rank, which
    ties share ("1, 1, 1, 4"), has its own column. The units are named without the ``province`` the title implies
    ("Sở Tư pháp", as the province's appraisal report lists them). Until the ``decision`` is named, its number and
    date are left blank, the ``draft_year`` (the year the decision will be signed) printed."""
    from cchc.core import official_docx as od

    title = f"KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {KIND_TITLES.get(unit_kind, '')}".strip()
    basis = (f"(Kèm theo {decision})" if decision else
             f"(Kèm theo Quyết định số      /QĐ-UBND {format_date_draft(None, year=draft_year)})")
    headers = ["STT", "Đơn vị", "Điểm tối đa", "Điểm đạt được", "Chỉ số (%)", "Xếp loại", "Xếp hạng"]
    lines = [[str(i), od.without_province(r["unit"], province)]
             + ([_num(r["maximum"]), _num(r["points"]), _num(r["index"]), r["class"], str(r["rank"])]
                if r.get("ranked", True) else ["", "", "", "", r["reason"]])  # a draft annex: not received, not ranked
             for i, r in enumerate(rows, start=1)]
    return od.build_annex([od.Paragraph("Phụ lục", bold=True, align="center"),
                           od.Paragraph(title, bold=True, align="center"),
                           od.Paragraph(basis, italic=True, align="center"),
                           od.Table(headers, lines)])
