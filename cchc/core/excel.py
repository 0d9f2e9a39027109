"""Excel (.xlsx) helpers shared by all apps — openpyxl only, no Django.

* :func:`write_xlsx` builds a workbook: bold frozen header row, autofilter, column widths,
  real Excel dates and numbers, text that starts with "=" kept as text (no formula injection).
* :func:`read_xlsx` reads one sheet into dicts keyed by field names, matching header labels
  diacritic-insensitively, and reports problems as :class:`RowError` with Vietnamese messages
  naming the sheet, the row number as Excel shows it and the column letter and header.
  It never raises: a corrupt or non-xlsx file gives a single ``RowError``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import Decimal

from cchc.core.errors import CodedError
from cchc.core.translation import gettext
from cchc.core.vntext import fold_key, nfc

__all__ = ["ExcelError", "RowError", "Sheet", "all_sheet_rows", "header_problems", "read_xlsx", "sheet_rows",
           "write_xlsx"]

_MAX_WIDTH = 60
_MIN_WIDTH = 8
_GROUPED = "#,##0"      # thousands grouped, as the user's Excel shows them ("20.000" in Vietnamese settings)
_GROUP_FROM = 10_000    # a column of whole numbers reaching this is grouped; years and codes never do
_HEADER_SCAN_ROWS = 10
_VN_TZ = dt.timezone(dt.timedelta(hours=7))  # Việt Nam: UTC+7, no daylight saving


@dataclass(frozen=True)
class RowError:
    """One problem in an imported sheet. ``row`` is the Excel row number (1-based, 0 = whole file)."""

    sheet: str
    row: int
    column: str  # column letter ("C"), "" when the error is not about one column
    message: str  # Vietnamese, e.g. "Dòng 5, cột C (Mã đơn vị): thiếu giá trị bắt buộc"
    code: str  # machine-readable: invalid_file, missing_sheet, missing_column, duplicate_column, required, empty

    def __str__(self) -> str:
        return f"Trang tính “{self.sheet}” – {self.message}" if self.sheet else self.message


def too_long(text: str, limit: int | None) -> str | None:
    """The refusal of a cell's text longer than the column it is stored in (``limit`` characters), said at the
    cell rather than as a database error at writing; None when it fits."""
    if limit is None or len(text) <= limit:
        return None
    return gettext("dài %(n)s ký tự, tối đa %(max)s ký tự") % {"n": len(text), "max": limit}


def cell_error(sheet: str, row: int, column: str, header: str, problem: str, code: str) -> RowError:
    """Build a :class:`RowError` with the standard wording, for importers' own checks."""
    where = f"Dòng {row}, cột {column}" + (f" ({header})" if header else "")
    return RowError(sheet, row, column, f"{where}: {problem}", code)


# --------------------------------------------------------------------------- writing

def _sheet_title(title: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", "-", nfc(str(title or "Sheet"))).strip("'") or "Sheet"
    clean = clean[:31]
    candidate, n = clean, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _cell_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_VN_TZ).replace(tzinfo=None)
        return value, "DD/MM/YYYY HH:MM"
    if isinstance(value, dt.date):
        return value, "DD/MM/YYYY"
    if isinstance(value, (int, float)):
        return value, None
    if isinstance(value, Decimal):
        return (int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)), None
    text = ILLEGAL_CHARACTERS_RE.sub("", nfc(str(value)))
    return text, "@"


def _display_len(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


@dataclass
class Sheet:
    """One sheet of :func:`write_xlsx` with what a template to fill in needs besides ``(title, headers, rows)``
    (columns are 0-based indexes):

    * ``caption`` — a bold line above the header row (who and when the sheet is for); the header row is then row 2,
      which :func:`read_xlsx` / :func:`find_header` find by its labels;
    * ``notes`` — a note (Excel comment) on a header cell, e.g. "keep this column";
    * ``checks`` — Excel data validation of a column's data cells: ``("list", [values])`` (a drop-down),
      ``("whole", low, high)`` or ``("date",)``;
    * ``fill`` — the columns to fill in, shaded; ``hidden`` — columns kept out of sight;
    * ``widths`` — fixed widths (else from the content); ``wrap`` — long text wrapped in the data cells.
    """

    title: str
    headers: list
    rows: object = ()
    caption: str = ""
    notes: dict = _field(default_factory=dict)
    checks: dict = _field(default_factory=dict)
    fill: frozenset = frozenset()
    hidden: frozenset = frozenset()
    widths: dict = _field(default_factory=dict)
    wrap: bool = False


def _sheet_extras(ws, spec: Sheet, header_row: int, last_row: int) -> None:
    """Notes, data validation, shading, hidden columns and wrapping of a :class:`Sheet` (the cells already written)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    first = header_row + 1
    for col, text in spec.notes.items():
        note = Comment(nfc(str(text)), "cchc")
        note.width, note.height = 300, 120
        ws.cell(row=header_row, column=col + 1).comment = note
    for col, check in spec.checks.items():
        letter = get_column_letter(col + 1)
        kind = check[0]
        if kind == "list":
            dv = DataValidation(type="list", formula1='"' + ",".join(nfc(str(v)) for v in check[1]) + '"',
                                allow_blank=True, showDropDown=False)
        elif kind == "whole":
            dv = DataValidation(type="whole", operator="between", formula1=str(check[1]), formula2=str(check[2]),
                                allow_blank=True)
        elif kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        else:
            raise ValueError(kind)
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{letter}{first}:{letter}{max(last_row, first)}")
    shade = PatternFill("solid", fgColor="FFF2CC")
    for row in ws.iter_rows(min_row=first, max_row=last_row):
        for cell in row:
            if spec.wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.column - 1 in spec.fill:
                cell.fill = shade
    for col, width in spec.widths.items():
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    for col in spec.hidden:
        ws.column_dimensions[get_column_letter(col + 1)].hidden = True


def write_xlsx(sheets) -> bytes:
    """``[(title, headers, rows) or Sheet, ...]`` -> .xlsx bytes. ``rows`` is an iterable of sequences.

    Header row bold and frozen, autofilter over the data, widths from the content (8–60),
    dates/datetimes as Excel dates (dd/mm/yyyy), numbers (int, float, Decimal) as numbers — whole numbers of a
    column reaching 10 000 shown with grouped thousands (#,##0: "200.000" in Vietnamese Excel), so a year column
    never is — everything else as text (NFC; a leading "=" stays text). A :class:`Sheet` adds a caption row above the
    header, header notes, data validation, shaded, hidden or fixed-width columns and wrapped text.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for item in sheets or [("Sheet", [], [])]:
        spec = item if isinstance(item, Sheet) else Sheet(*item)
        title, headers, rows = spec.title, spec.headers, spec.rows
        ws = wb.create_sheet(_sheet_title(title, used))
        if spec.caption:
            ws.append([nfc(spec.caption)])
            ws["A1"].font = bold
        top = ws.max_row + 1 if spec.caption else 1  # the header row
        headers = [nfc(str(h)) for h in headers]
        widths = [len(h) for h in headers]
        ws.append(headers)
        for cell in ws[top] if headers else ():
            cell.font = bold
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        n_rows = top
        grouped: set[int] = set()
        for row in rows:
            n_rows += 1
            for col_idx, raw in enumerate(row, start=1):
                value, fmt = _cell_value(raw)
                cell = ws.cell(row=n_rows, column=col_idx)
                cell.value = value
                if fmt == "@":
                    cell.data_type = "s"  # never a formula, even if it starts with "="
                elif fmt:
                    cell.number_format = fmt
                elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _GROUP_FROM:
                    grouped.add(col_idx)
                while len(widths) < col_idx:
                    widths.append(0)
                widths[col_idx - 1] = max(widths[col_idx - 1], _display_len(value))
        for col_idx in grouped:  # the whole column alike: "2.000" above "200.000", not "2000"
            for (cell,) in ws.iter_rows(min_row=top + 1, max_row=n_rows, min_col=col_idx, max_col=col_idx):
                if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    cell.number_format = _GROUPED
            widths[col_idx - 1] += 2  # room for the separators
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, w + 2))
        if headers:
            ws.freeze_panes = f"A{top + 1}"
            ws.auto_filter.ref = f"A{top}:{get_column_letter(max(len(headers), len(widths)))}{max(n_rows, top)}"
        if isinstance(item, Sheet):
            _sheet_extras(ws, spec, top, n_rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- reading

_REQUIRED_MARK_RE = re.compile(r"\(\s*\*\s*\)|\*")


def _header_key(value) -> str:
    if value is None:
        return ""
    text = _REQUIRED_MARK_RE.sub(" ", str(value))
    return fold_key(re.sub(r"[:\u2013\-_.]+$", " ", text.strip()))


def _clean(value):
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def _file_error(message: str, code: str = "invalid_file") -> tuple[list, list[RowError]]:
    return [], [RowError("", 0, "", message, code)]


def read_xlsx(data: bytes, *, columns: dict[str, list[str]], required=frozenset(), sheet: str | None = None,
              filename: str | None = None):
    """Read one sheet of an .xlsx file. Returns ``(rows, errors)``.

    ``columns`` maps field name -> accepted header labels (the field name itself is also
    accepted); matching ignores case, diacritics, extra spaces and a "(*)" required mark.
    The header row is the first of the top 10 rows that matches most labels (title rows
    above it are skipped). Each row dict has every field (``None`` when empty; strings NFC
    and stripped; date cells as ``date`` when they have no time) plus ``_row``, the Excel row
    number. Empty rows are skipped. Missing required values are reported and the row is
    still returned. Missing required *columns* stop the read (no rows). ``filename`` (when given) is named in the
    messages about the whole file (empty, not a workbook, no sheet, no header row, a missing required column).
    """
    subject = f"Tệp {filename}" if filename else "Tệp"
    if not data:
        return _file_error(f"{subject} rỗng: không có dữ liệu để đọc.", "empty")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _file_error(f"{subject} là Excel 97–2003 (.xls) hoặc được đặt mật khẩu, không đọc được: hãy mở tệp, "
                           "bỏ mật khẩu (nếu có) và lưu lại dạng .xlsx.")
    from cchc.core.intake import IntakeError, check_archive, check_upload_size

    try:
        check_upload_size(len(data), filename or "Excel")  # the one upload limit (CCHC_MAX_UPLOAD_MB)
    except IntakeError as exc:
        return _file_error(exc.message, "too_large")
    try:
        check_archive(data, "Excel")  # zip bombs are refused before openpyxl inflates anything
    except IntakeError as exc:
        if exc.code == "too_large_inflated":
            return _file_error(exc.message, "too_large")
        # not a readable zip: openpyxl below reports it in the usual words
    try:
        from openpyxl import load_workbook
        from openpyxl.utils import get_column_letter

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError) as exc:
        return _file_error(f"{subject} không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng "
                           f"({type(exc).__name__}).")
    except Exception as exc:  # noqa: BLE001 - a parser must never raise on bad input
        return _file_error(f"Không đọc được {subject.lower()} ({type(exc).__name__}).")
    try:
        return _read_sheet(wb, columns, set(required), sheet, get_column_letter, subject)
    except Exception as exc:  # noqa: BLE001 - corrupt parts inside a valid zip
        return _file_error(f"Không đọc được nội dung {subject.lower()} ({type(exc).__name__}).")
    finally:
        wb.close()


def _read_sheet(wb, columns, required, sheet_name, get_column_letter, subject="Tệp"):
    if sheet_name is None:
        ws = wb.worksheets[0] if wb.worksheets else None
    else:
        wanted = fold_key(sheet_name)
        ws = next((w for w in wb.worksheets if fold_key(w.title) == wanted), None)
        if ws is None:
            names = ", ".join(f"“{w.title}”" for w in wb.worksheets)
            return [], [RowError(sheet_name, 0, "", f"Không tìm thấy trang tính “{sheet_name}” (có: {names}).",
                                 "missing_sheet")]
    if ws is None:
        return _file_error(f"{subject} không có trang tính nào.", "empty")
    title = ws.title
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # some generators write a wrong <dimension>; read every row
    labels = _labels(columns)
    rows_iter = ws.iter_rows(values_only=True)
    head: list[tuple] = []
    for _ in range(_HEADER_SCAN_ROWS):
        try:
            head.append(next(rows_iter))
        except StopIteration:
            break
    best_idx, _found = find_header(head, columns)
    if best_idx < 0:
        wanted = [f for f in columns if f in required] or list(columns)
        expected = ", ".join(f"“{(columns[f] or [f])[0]}”" for f in wanted)
        return [], [RowError(title, 0, "", f"{subject}: không tìm thấy dòng tiêu đề trong {_HEADER_SCAN_ROWS} dòng "
                                           f"đầu; cần có các cột {expected}.", "missing_column")]
    header_row = best_idx + 1
    errors: list[RowError] = []
    field_col: dict[str, int] = {}
    header_text: dict[str, str] = {}
    for col_idx, value in enumerate(head[best_idx]):
        field = labels.get(_header_key(value))
        if field is None:
            continue
        if field in field_col:
            first = get_column_letter(field_col[field] + 1)
            letter = get_column_letter(col_idx + 1)
            errors.append(RowError(title, header_row, letter,
                                   f"Dòng {header_row}: cột {first} và cột {letter} cùng là “{header_text[field]}”.",
                                   "duplicate_column"))
            continue
        field_col[field] = col_idx
        header_text[field] = nfc(str(value)).strip()
    for field in columns:
        if field in required and field not in field_col:
            shown = (columns[field] or [field])[0]
            where = f"{subject}, dòng {header_row}" if subject != "Tệp" else f"Dòng {header_row}"
            errors.append(RowError(title, header_row, "", f"{where}: thiếu cột bắt buộc “{shown}”.", "missing_column"))
    if errors:
        return [], errors

    required_in_order = sorted((f for f in required if f in field_col), key=field_col.__getitem__)
    rows: list[dict] = []
    data_rows = list(head[best_idx + 1:])
    excel_row = header_row
    for values in _chain(data_rows, rows_iter):
        excel_row += 1
        if not values or all(_clean(v) is None for v in values):
            continue
        record = {"_row": excel_row}
        for field in columns:
            idx = field_col.get(field)
            record[field] = _clean(values[idx]) if idx is not None and idx < len(values) else None
        for field in required_in_order:
            if record[field] is None:
                letter = get_column_letter(field_col[field] + 1)
                errors.append(cell_error(title, excel_row, letter, header_text[field],
                                         "thiếu giá trị bắt buộc", "required"))
        rows.append(record)
    return rows, errors


def _labels(columns: dict[str, list[str]]) -> dict[str, str]:
    """Folded header label -> field (the field's own name is a label too; a label two fields share is the first's)."""
    labels: dict[str, str] = {}
    for field, accepted in columns.items():
        for label in [field, *accepted]:
            labels.setdefault(_header_key(label), field)
    return labels


def find_header(rows, columns: dict[str, list[str]]) -> tuple[int, dict[str, int]]:
    """The header row among the first 10 ``rows`` (tuples of cell values) — the one matching most labels, matched
    as :func:`read_xlsx` matches them — and each field's 0-based column there: ``(row index, {field: column})``;
    ``(-1, {})`` when no row matches. For readers of a sheet whose columns a user may have moved or added to."""
    labels = _labels(columns)
    best_row, best = -1, {}
    for row_idx, values in enumerate(rows[:_HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for idx, value in enumerate(values or ()):
            field = labels.get(_header_key(value))
            if field and field not in found:
                found[field] = idx
        if len(found) > len(best):
            best_row, best = row_idx, found
    return best_row, best


def column_letters(data: bytes, columns: dict[str, list[str]]) -> dict[str, str]:
    """Column letter of each field in the header row (:func:`find_header` on the sheet :func:`read_xlsx` reads: the
    first), for importers' own row/column messages; {} when no row matches."""
    from openpyxl.utils import get_column_letter

    _row, found = find_header(all_sheet_rows(data, active_first=False)[0][1], columns)
    return {field: get_column_letter(idx + 1) for field, idx in found.items()}


def header_problems(headers, filled_columns=frozenset(), *, filename: str = "tệp", row: int = 1
                    ) -> tuple[list[str], list[int]]:
    """Duplicate and empty cells of a header row, for importers that key columns by their header (CSV/XLSX).

    ``headers`` are the row's values, ``filled_columns`` the 0-based indexes of the columns holding data below it.
    Returns (Vietnamese problems naming the file, the column letters and the header — each one refuses the file;
    the indexes of columns to ignore: an empty header over an empty column, e.g. a formatted spare column).
    Headers are compared as :func:`read_xlsx` matches them (case, diacritics, spaces and a "(*)" mark ignored)."""
    from openpyxl.utils import get_column_letter

    problems: list[str] = []
    ignored: list[int] = []
    seen: dict[str, list[int]] = {}
    for idx, value in enumerate(headers):
        text = "" if value is None else nfc(str(value)).strip()
        if not text:
            if idx in filled_columns:
                problems.append(f"Tệp {filename}: cột {get_column_letter(idx + 1)} có dữ liệu nhưng ô tiêu đề "
                                f"(dòng {row}) để trống; hãy đặt tiêu đề cho cột này hoặc xoá cột.")
            else:
                ignored.append(idx)
            continue
        seen.setdefault(_header_key(text) or text, []).append(idx)
    for cols in seen.values():
        if len(cols) > 1:
            letters = ", ".join(get_column_letter(c + 1) for c in cols)
            shown = "; ".join(dict.fromkeys(f"“{nfc(str(headers[c])).strip()}”" for c in cols))
            problems.append(f"Tệp {filename}: dòng {row} có tiêu đề trùng nhau {shown} ở các cột {letters}; mỗi cột "
                            "cần một tiêu đề riêng — hãy đổi tên hoặc xoá cột thừa.")
    problems.sort(key=lambda m: 0 if "trùng" in m else 1)
    return problems, ignored


class ExcelError(CodedError):
    """An .xlsx file that cannot be read (not a workbook, corrupt part, zip bomb); ``message`` is Vietnamese."""


def all_sheet_rows(data: bytes, filename: str = "tệp Excel", *, active_first: bool = True
                   ) -> list[tuple[str, list[tuple]]]:
    """Every sheet of a workbook as ``(title, rows of cell values)``, the active sheet first (or in workbook
    order with ``active_first=False``).

    The one entry point for importers that read raw rows: the decompression guard runs first, and every failure
    of openpyxl — while opening *or* while iterating rows (a corrupt sheet part, a bad cell reference) — becomes an
    :class:`ExcelError` with a Vietnamese message naming the file, never another exception."""
    from cchc.core.intake import IntakeError, check_archive, check_upload_size

    name = filename or "tệp Excel"
    subject = (name[0].upper() + name[1:]) if name.lower().startswith("tệp") else f"Tệp {name}"
    if not data:
        raise ExcelError("empty", f"{subject} rỗng: không có dữ liệu để đọc.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ExcelError("invalid_file", f"{subject} là Excel 97–2003 (.xls), không được hỗ trợ: hãy mở tệp và lưu "
                                         "lại dạng .xlsx.")
    try:
        check_upload_size(len(data), name[4:] if name.lower().startswith("tệp ") else name)  # CCHC_MAX_UPLOAD_MB
        check_archive(data, name)
    except IntakeError as exc:
        if exc.code in ("too_large", "too_large_inflated"):
            raise ExcelError(exc.code, exc.message) from exc
        # not a readable zip: openpyxl below reports it in the usual words
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a parser must never raise on bad input
        raise ExcelError("invalid_file", f"{subject} không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng "
                                         f"({type(exc).__name__}).") from exc
    try:
        sheets = list(wb.worksheets)
        active = wb.active if sheets else None
        if active_first and active in sheets:
            sheets.remove(active)
            sheets.insert(0, active)
        out = []
        for ws in sheets:
            out.append((ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)]))
    except Exception as exc:  # noqa: BLE001 - corrupt parts inside a valid zip
        raise ExcelError("invalid_file", f"Không đọc được nội dung {name}: một trang tính bị hỏng "
                                         f"({type(exc).__name__}).") from exc
    finally:
        wb.close()
    if not out:
        raise ExcelError("empty", f"{subject} không có trang tính nào.")
    return out


def sheet_rows(data: bytes, filename: str = "tệp Excel") -> list[tuple]:
    """Rows of the active (first shown) sheet; see :func:`all_sheet_rows`. Raises :class:`ExcelError`."""
    return all_sheet_rows(data, filename)[0][1]


def _chain(first, rest):
    yield from first
    yield from rest
