"""Question bank as an Excel sheet (pure Python + openpyxl): one question per row.

Columns (header row 1, Vietnamese names, any order, diacritics optional):
Mã câu hỏi | Chủ đề | Loại | Mức độ | Câu hỏi | A | B | C | D | E | F | Đáp án đúng | Giải thích | Nguồn
"Đáp án đúng" is a letter ("B"), several letters for multiple choice ("A, C"), or "Đúng"/"Sai" for true/false.
Date cells are read as dd/mm/yyyy (``core.vndates``), decimal numbers with a decimal comma, and cells typed in a
TCVN3/VNI font are converted to Unicode with a warning.
"""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.utils import get_column_letter

from cchc.core.vndates import format_date_short
from cchc.core.vntext import fold_key, nfc
from cchc.exams.qdata import (
    DIFFICULTY_LABELS,
    KIND_LABELS,
    MULTIPLE,
    SINGLE,
    TRUEFALSE,
    Option,
    ParseResult,
    QuestionData,
    convert_legacy_cells,
    finish,
    parse_kind,
    set_difficulty,
    truefalse_options,
)

OPTION_LETTERS = "ABCDEF"
HEADERS = ["Mã câu hỏi", "Chủ đề", "Loại", "Mức độ", "Câu hỏi", *OPTION_LETTERS, "Đáp án đúng", "Giải thích",
           "Nguồn"]
_FIELDS = {"ma cau hoi": "ref", "ma": "ref", "chu de": "topic", "loai": "kind", "loai cau hoi": "kind",
           "muc do": "difficulty", "cau hoi": "text", "noi dung": "text", "noi dung cau hoi": "text",
           "dap an dung": "answer", "dap an": "answer", "giai thich": "explanation", "nguon": "source_ref",
           "nguon tham khao": "source_ref", "can cu": "source_ref"}
for _l in OPTION_LETTERS:
    _FIELDS[_l.lower()] = _l
    _FIELDS[f"phuong an {_l.lower()}"] = _l


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        text = format_date_short(v)
        return text if v.time() == dt.time(0, 0) else f"{text} {v:%H:%M}"
    if isinstance(v, dt.date):
        return format_date_short(v)
    if isinstance(v, dt.time):
        return f"{v:%H:%M}"
    if isinstance(v, bool):
        return "Đúng" if v else "Sai"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.10g}".replace(".", ",")
    return nfc(str(v)).strip()


def parse_rows(rows: list[list], *, default_topic: str = "") -> ParseResult:
    """Parse sheet rows (first row = header). Row numbers in errors are Excel row numbers (header = 1)."""
    result = ParseResult()
    try:
        _parse_rows(rows, default_topic, result)
    except Exception as exc:  # noqa: BLE001 - a parser must never crash the import
        result.error(0, f"Không đọc được bảng câu hỏi: {exc}")
        return result
    return finish(result)


def _parse_rows(rows, default_topic, result: ParseResult):
    if not rows:
        result.error(0, "Bảng trống: thiếu dòng tiêu đề.")
        return
    rows = convert_legacy_cells([[_cell(v) for v in row] for row in rows], result)
    cols: dict[str, int] = {}
    for i, h in enumerate(rows[0]):
        key = _FIELDS.get(fold_key(h))
        if key and key not in cols:
            cols[key] = i
    missing = [name for key, name in (("text", "Câu hỏi"), ("answer", "Đáp án đúng")) if key not in cols]
    if "A" not in cols or "B" not in cols:
        missing.append("A, B")
    if missing:
        result.error(1, "Thiếu cột: " + ", ".join(missing) + ".")
        return

    def col(key):
        return get_column_letter(cols[key] + 1) if key in cols else ""

    for r, row in enumerate(rows[1:], start=2):
        row = list(row) + [""] * (max(cols.values()) + 1 - len(row))
        values = {k: row[i] for k, i in cols.items()}
        if not any(values.values()):
            continue
        q = QuestionData(text=values.get("text", ""), topic=values.get("topic") or default_topic, line=r,
                         explanation=values.get("explanation", ""), source_ref=values.get("source_ref", ""),
                         ref=values.get("ref", ""))
        errors_before = len(result.errors)
        kind_text = values.get("kind", "")
        kind = parse_kind(kind_text) if kind_text else None
        if kind_text and kind is None:
            result.error(r, f"Loại câu hỏi không hợp lệ: «{kind_text}» "
                         "(một đáp án, nhiều đáp án, đúng/sai).", col("kind"))
        diff_text = values.get("difficulty", "")
        if diff_text:
            set_difficulty(q, diff_text, result, r, col("difficulty"))
        answer = values.get("answer", "")
        if kind == TRUEFALSE or (kind is None and fold_key(answer) in ("dung", "sai", "true", "false")):
            q.kind = TRUEFALSE
            if fold_key(answer) not in ("dung", "sai", "true", "false"):
                result.error(r, f"Câu Đúng/Sai cần đáp án «Đúng» hoặc «Sai», không phải «{answer}».",
                             col("answer"))
            q.options = truefalse_options(fold_key(answer) in ("dung", "true"))
        else:
            options = []
            for letter in OPTION_LETTERS:
                if letter in cols:
                    text = values.get(letter, "")
                    if text:
                        options.append((letter, text))
            present = [x[0] for x in options]
            if present != list(OPTION_LETTERS[:len(present)]):
                result.error(r, "Các phương án phải điền liên tục từ cột A (không bỏ trống ở giữa).",
                             col(present[-1]) if present else col("A"))
            letters = [x.upper() for x in re.split(r"[,;\s]+", answer) if x.strip()]
            if not letters:
                result.error(r, "Thiếu đáp án đúng.", col("answer"))
            for letter in letters:
                if letter not in present:
                    result.error(r, f"Đáp án «{letter}» không có trong các phương án đã điền.",
                                 col("answer"))
            q.options = [Option(text, letter in letters) for letter, text in options]
            q.kind = kind or (MULTIPLE if len(letters) > 1 else SINGLE)
        if len(result.errors) == errors_before:
            result.questions.append(q)


def read_xlsx(data: bytes, *, default_topic: str = "") -> ParseResult:
    from cchc.core.excel import ExcelError, all_sheet_rows

    try:
        sheets = all_sheet_rows(data, "tệp câu hỏi", active_first=False)
    except ExcelError as exc:
        message = exc.message if exc.code == "too_large_inflated" else \
            f"Tệp không phải bảng tính Excel .xlsx hợp lệ ({exc.message})"
        result = ParseResult()
        result.error(0, message)
        return result
    rows = [list(r) for r in sheets[0][1]]
    return parse_rows(rows, default_topic=default_topic)


def question_row(q: QuestionData) -> list:
    letters = [OPTION_LETTERS[i] for i in q.correct_indexes() if i < len(OPTION_LETTERS)]
    if q.kind == TRUEFALSE:
        answer = "Đúng" if q.options and q.options[0].correct else "Sai"
        opts = ["", "", "", "", "", ""]
    else:
        answer = ", ".join(letters)
        opts = [q.options[i].text if i < len(q.options) else "" for i in range(len(OPTION_LETTERS))]
    return [q.ref, q.topic, KIND_LABELS.get(q.kind, q.kind), DIFFICULTY_LABELS.get(q.difficulty, q.difficulty),
            q.text, *opts, answer, q.explanation, q.source_ref]


def write_xlsx(questions: list[QuestionData]) -> bytes:
    """The bank through the shared writer (cchc.core.excel.write_xlsx): a text cell starting with "=" stays text (it
    was written as a formula), bold frozen header with a filter, widths from the content."""
    from cchc.core.excel import write_xlsx as write_sheets

    return write_sheets([("Câu hỏi", HEADERS, [question_row(q) for q in questions])])
