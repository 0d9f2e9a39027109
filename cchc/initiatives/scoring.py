"""The council's score sheet for a reform initiative — pure Python.

DEFAULT_SHEET is an editable default (not an official text: no national score sheet for CCHC initiatives was
found; provinces' emulation plans ask for "tính mới, hiệu quả, khả năng nhân rộng"). Each criterion has a code, a
label and a maximum; a member's sheet gives a score per criterion; the initiative's score is the mean of the
members' totals, and it is proposed for recognition at ``RECOGNITION_THRESHOLD`` points or more (the office
decides)."""

from __future__ import annotations

DEFAULT_SHEET = (
    ("novelty", "Tính mới, sáng tạo", 30),
    ("effect", "Hiệu quả mang lại (thời gian, chi phí, sự hài lòng)", 40),
    ("replicable", "Khả năng nhân rộng", 20),
    ("scope", "Phạm vi ảnh hưởng", 10),
)
RECOGNITION_THRESHOLD = 50.0


def check_sheet(scores: dict[str, object], sheet=DEFAULT_SHEET) -> tuple[dict[str, float], list[str]]:
    """Validated scores {code: value} and the Vietnamese errors (missing, not a number, outside [0, max])."""
    out: dict[str, float] = {}
    errors: list[str] = []
    for code, label, maximum in sheet:
        raw = scores.get(code)
        if raw is None or str(raw).strip() == "":
            errors.append(f"Chưa chấm tiêu chí «{label}».")
            continue
        try:
            value = float(str(raw).replace(",", "."))
        except ValueError:
            errors.append(f"Điểm tiêu chí «{label}» phải là số (nhận được «{str(raw)[:20]}»).")
            continue
        if not 0 <= value <= maximum:
            errors.append(f"Điểm tiêu chí «{label}» phải từ 0 đến {maximum}.")
            continue
        out[code] = value
    return out, errors


def total(scores: dict[str, float]) -> float:
    return round(sum(scores.values()), 2)


def mean_total(totals: list[float]) -> float | None:
    return round(sum(totals) / len(totals), 2) if totals else None


def proposed_outcome(mean: float | None) -> str:
    """"recognise" / "reject" / "" (no score yet)."""
    if mean is None:
        return ""
    return "recognise" if mean >= RECOGNITION_THRESHOLD else "reject"
