"""The 766 dossier engine: import of one-stop exports into Parquet, and the indicators in SQL over them (DuckDB).

Pure module (no Django): every function takes the data directory. Layout of that directory:

    batches/<id>.parquet   one file per accepted import, typed canonical columns (see STORED)
    manifest.json          the batches: id, source, file name, time, rows, months, columns present

A dossier lives in exactly one batch: an import removes from older batches the dossiers it brings again (same
dossier_id) and, for the same source, every dossier of the (unit, month) pairs it covers, so a re-export of a
period replaces the previous one. Reads are then plain scans of all batches, with no de-duplication at query time.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from cchc.core.dirlock import dir_locked
from cchc.core.translation import gettext, gettext_noop
from cchc.dossiers.columns import COLUMNS, REQUIRED, label, map_headers

SQL_DIR = Path(__file__).with_name("sql")
MAX_REPORTED = 1000  # refused rows listed in a report (all are counted)

# (group id, Vietnamese name, max points per QĐ 766/2022)
GROUPS = (
    ("1", "Công khai, minh bạch", 18),
    ("2", "Tiến độ, kết quả giải quyết", 20),
    ("3", "Cung cấp dịch vụ trực tuyến", 22),
    ("4", "Số hóa hồ sơ", 22),
    ("5", "Mức độ hài lòng", 18),
)
# id -> (group, name, pmax, target %, stored columns it needs beyond the basic ones)
INDICATORS = {
    "1.4": ("1", "Hồ sơ đồng bộ lên Cổng DVCQG", 6, None, ()),
    "2.1": ("2", "Hồ sơ xử lý trước hạn, đúng hạn", 20, None, ()),
    "2.2": ("2", "Thời gian giải quyết trung bình (ngày)", 0, None, ("finished_at",)),
    "3.3": ("3", "Tỷ lệ hồ sơ trực tuyến", 6, 50, ("channel",)),
    "3.6": ("3", "Hồ sơ thanh toán trực tuyến", 6, None, ("fee_amount", "paid_online")),
    "4.1": ("4", "Hồ sơ có kết quả điện tử", 6, None, ("tthc_requires_paper_result", "result_file_url")),
    "4.2": ("4", "Hồ sơ số hóa", 4, 80, ("input_files_attached",)),
    "4.3": ("4", "Khai thác, sử dụng lại dữ liệu số hóa", 2, 80, ("reused_digital_data",)),
    "4.4": ("4", "Số hóa kết nối kho dữ liệu cá nhân", 4, None, ("from_personal_store",)),
    "4.5b": ("4", "Hồ sơ dùng dữ liệu CSDL dân cư (VNeID)", 2, None, ("vneid_authenticated",)),
    "5.4": ("5", "Hài lòng trong tiếp nhận, giải quyết TTHC", 6, 90, ()),
}

# How the figures are computed, in plain words for the office (shown on the 766 pages and in the Excel export).
# Msgids marked for makemessages; translated where shown (cchc.dossiers.selectors.assumptions_text).
ASSUMPTIONS = [
    gettext_noop("Điểm của một chỉ số: tỷ lệ đạt hoặc vượt chỉ tiêu thì được điểm tối đa; chưa đạt thì điểm tối đa "
                 "nhân với tỷ lệ rồi chia cho chỉ tiêu; chỉ số không có chỉ tiêu thì điểm tối đa nhân với tỷ lệ "
                 "phần trăm. Chỉ số 2.1 cũng tính theo cách này, như báo cáo 766 thực tế của tỉnh."),
    gettext_noop("Khi không có hồ sơ nào để tính trong kỳ, tỷ lệ và điểm để trống (không tính), không ước đoán. "
                 "Tỷ lệ làm tròn đến 2 chữ số thập phân."),
    gettext_noop("Chỉ số 2.1: tính các hồ sơ tiếp nhận trong kỳ và các hồ sơ từ kỳ trước chuyển sang chưa giải "
                 "quyết xong; không tính hồ sơ người dân đã rút."),
    gettext_noop("Chỉ số 2.1: hồ sơ phải bổ sung nhiều hơn 1 lần tính là trễ hạn. Hồ sơ phải bổ sung 1 lần và người "
                 "dân đã bổ sung thì không tính thời gian chờ người dân bổ sung; người dân chưa bổ sung thì tính đến "
                 "ngày yêu cầu bổ sung, nhưng quá 15 ngày mà hồ sơ chưa kết thúc thì tính là trễ hạn."),
    gettext_noop("Chỉ số 2.1: hồ sơ chưa giải quyết xong được tính đến cuối kỳ (hoặc đến thời điểm tính, nếu kỳ "
                 "chưa kết thúc)."),
    gettext_noop("Chỉ số 2.1: hồ sơ không ghi ngày hẹn trả thì lấy ngày tiếp nhận cộng thời hạn giải quyết của thủ "
                 "tục (tính theo ngày lịch); hồ sơ thiếu cả hai thông tin này không tính vào chỉ số 2.1 mà được đếm "
                 "riêng."),
    gettext_noop("Chỉ số 3.3: tỷ lệ hồ sơ trực tuyến được nhân với tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc "
                 "gia (chỉ số 1.4) khi có số liệu đồng bộ; không có số liệu đồng bộ thì không nhân."),
    gettext_noop("Chỉ số 3.6: chỉ tính các hồ sơ có thu phí, lệ phí; ngày bắt đầu là ngày tiếp nhận."),
    gettext_noop("Các chỉ số 3.3, 3.6, nhóm 4 và 5.4: tính trên các hồ sơ tiếp nhận trong kỳ; ô có/không để trống "
                 "được hiểu là “không”; tệp xuất từ hệ thống một cửa không có cột số liệu cần cho chỉ số nào thì chỉ "
                 "số đó để trống (không tính)."),
    gettext_noop("Chỉ số 4.2: tối đa 4 điểm, chỉ tiêu 80 % (báo cáo thực tế của tỉnh đang chấm theo thang 6 "
                 "điểm)."),
    gettext_noop("Chỉ số 5.4: bằng 100 trừ tỷ lệ hồ sơ trễ hạn (chỉ số 2.1) và tỷ lệ hồ sơ có phản ánh hoặc đánh "
                 "giá không hài lòng; thấp nhất là 0."),
    gettext_noop("Điểm nhóm là tổng điểm các chỉ số tính được từ số liệu hồ sơ. Các chỉ số 1.1–1.3, 3.1, 3.2, "
                 "3.5a/b, 4.5a, 5.1–5.3 cần danh mục thủ tục hành chính hoặc số liệu phản ánh, kiến nghị nên không "
                 "tính ở đây; số sau dấu “/” ở cột Tổng điểm cho biết tổng điểm tối đa của các chỉ số tính được."),
]


class DossierError(Exception):
    """A refused import or a bad request, with a Vietnamese message."""


@dataclass
class RowIssue:
    row: int
    column: str
    message: str

    def text(self) -> str:
        return f"Dòng {self.row}, cột {label(self.column)}: {self.message}"


@dataclass
class ImportReport:
    file: str
    rows_read: int = 0
    rows_imported: int = 0
    refused_count: int = 0
    refused: list[RowIssue] = field(default_factory=list)
    accepted: bool = False
    batch_id: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    unused_columns: list[str] = field(default_factory=list)
    replaced: int = 0

    def as_dict(self) -> dict:
        return {
            "file": self.file, "accepted": self.accepted, "batch": self.batch_id, "rows_read": self.rows_read,
            "rows_imported": self.rows_imported, "replaced": self.replaced, "refused_count": self.refused_count,
            "refused": [{"row": i.row, "column": i.column, "message": i.text()} for i in self.refused],
            "columns": self.columns, "unused_columns": self.unused_columns,
        }


def _sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def connect(memory_limit: str | None = None, threads: int | None = None):
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = true")
    con.execute(_sql("macros.sql"))
    return con


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


# ---------------------------------------------------------------- manifest


def _manifest_path(data_dir: Path) -> Path:
    return Path(data_dir) / "manifest.json"


def load_manifest(data_dir) -> dict:
    p = _manifest_path(Path(data_dir))
    if not p.exists():
        return {"batches": []}
    return json.loads(p.read_text(encoding="utf-8"))


def _save_manifest(data_dir: Path, manifest: dict) -> None:
    p = _manifest_path(data_dir)
    tmp = p.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, p)


# ---------------------------------------------------------------- import

# How far a 766 .xlsx may inflate (a zip bomb is refused before openpyxl reads a row). Not the documents' limits of
# core.intake (100 MB in all, 100:1 a member): a real export of a province's year is up to 1 GB on disk and its sheet
# XML inflates about 11:1 (the bench's export written by openpyxl: 58.7 MB of sheet for 5.4 MB in the zip), a
# sparse one more, a bomb about 1000:1. Settings CCHC_DOSSIERS_MAX_INFLATED_MB / CCHC_DOSSIERS_MAX_INFLATE_RATIO.
DEFAULT_MAX_INFLATED_MB = 16384
DEFAULT_MAX_INFLATE_RATIO = 200


@dataclass(frozen=True)
class InflateLimits:
    """The decompression limits of a dossier .xlsx: ``max_mb`` inflated in total, ``max_ratio`` for one member."""

    max_mb: float = DEFAULT_MAX_INFLATED_MB
    max_ratio: float = DEFAULT_MAX_INFLATE_RATIO


def check_xlsx_inflation(path, name: str | None = None, limits: InflateLimits | None = None) -> None:
    """Refuse an .xlsx whose members would inflate beyond ``limits`` (:class:`DossierError` naming the file and the
    limit), from the zip's directory only: a file of a gigabyte is not inflated twice (the declared sizes bound what
    zipfile, and so openpyxl, will yield; see ``core.intake.check_archive``). A file that is no zip is left to
    :func:`_open_xlsx`, which says so."""
    from cchc.core.intake import IntakeError, check_archive

    path = Path(path)
    limits = limits or InflateLimits()
    try:
        check_archive(path, name or path.name, max_bytes=int(limits.max_mb * 1024 * 1024),
                      max_ratio=limits.max_ratio, inflate=False)
    except IntakeError as exc:
        if exc.code != "too_large_inflated":
            return
        raise DossierError(exc.message + " " + gettext(
            "Giới hạn của tệp hồ sơ TTHC: %(mb)s MB khi giải nén, mỗi phần không quá %(ratio)s lần kích thước nén "
            "(cài đặt CCHC_DOSSIERS_MAX_INFLATED_MB, CCHC_DOSSIERS_MAX_INFLATE_RATIO).")
            % {"mb": f"{limits.max_mb:g}", "ratio": f"{limits.max_ratio:g}"}) from None


def _open_xlsx(path: Path, name: str | None = None):
    """The workbook at ``path`` (openpyxl, read-only); a file that is not one is a :class:`DossierError` naming it."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure on a broken file: said in Vietnamese
        raise DossierError(f"Tệp {name or Path(path).name} không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng "
                           f"(có thể đang đặt mật khẩu) ({type(exc).__name__}).") from None
    if not wb.worksheets:
        wb.close()
        raise DossierError(f"Tệp {name or Path(path).name} không có trang tính nào.")
    return wb


@contextmanager
def _first_sheet_rows(path: Path, name: str | None = None):
    """The rows (cell values) of the first sheet of the .xlsx at ``path``, streamed; the workbook is closed after."""
    wb = _open_xlsx(path, name)
    try:
        yield wb.worksheets[0].iter_rows(values_only=True)
    finally:
        wb.close()


def _xlsx_to_csv(path: Path, out: Path) -> None:
    """Stream the first sheet of an .xlsx into a CSV (openpyxl read-only: one row in memory at a time)."""
    with _first_sheet_rows(path) as rows, open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        for row in rows:
            w.writerow(["" if v is None else (v.isoformat(sep=" ") if isinstance(v, datetime) else v)
                        for v in row])


def _source_relation(con, path: Path, tmpdir: Path) -> str:
    """A SQL relation over the file with every column as text, plus _row (the row number a user sees: header = 1)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        csv_path = tmpdir / "sheet.csv"
        _xlsx_to_csv(path, csv_path)
        path, suffix = csv_path, ".csv"
    if suffix in (".csv", ".txt"):
        # to Parquet first: keeps the file order and gives each row its number (file_row_number)
        staged = tmpdir / "staged.parquet"
        con.execute(f"COPY (SELECT * FROM read_csv({_lit(str(path))}, all_varchar = true, header = true)) "
                    f"TO {_lit(str(staged))} (FORMAT parquet)")
        path = staged
    elif suffix != ".parquet":
        raise DossierError(f"Tệp {path.name}: chỉ nhận CSV, XLSX hoặc Parquet.")
    return f"read_parquet({_lit(str(path))}, file_row_number = true)"


_ENCODING_SAMPLE = 1 << 20


def check_encoding(path, name: str | None = None) -> None:
    """Refuse a CSV that is not UTF-8 (:class:`DossierError` naming the file): DuckDB reads UTF-8 only, and a file
    saved by Excel as "CSV" on a Vietnamese Windows is Windows-1258 (or UTF-16, or TCVN3/VNI from old tools)."""
    path = Path(path)
    name = name or path.name
    with open(path, "rb") as fh:
        head = fh.read(_ENCODING_SAMPLE)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = "UTF-16 (Unicode của Notepad/Excel)"
    else:
        try:
            head.decode("utf-8")
            return
        except UnicodeDecodeError as exc:
            if len(head) == _ENCODING_SAMPLE and exc.start >= len(head) - 3:
                return  # a character cut by the sample's end
        found = "Windows-1258, TCVN3 (ABC) hoặc VNI"
    raise DossierError(f"Tệp {name} không phải văn bản UTF-8 (có thể là bảng mã {found}): hãy mở tệp bằng Excel, "
                       "chọn Lưu thành “CSV UTF-8 (phân tách bằng dấu phẩy)” rồi tải lên lại.")


def check_headers(path, *, name: str | None = None, con=None) -> list[int]:
    """Refuse a CSV/XLSX file whose header row (row 1) has duplicate cells, or an empty cell over a column holding
    data (:class:`DossierError` naming the file, the column letters and the headers); returns the 0-based indexes
    of the columns to ignore (empty header over an empty column). Parquet has named columns: nothing to check."""
    from cchc.core.excel import header_problems

    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        with _first_sheet_rows(path, name) as it:
            headers = list(next(it, None) or ())
            blank = {i for i, h in enumerate(headers) if h is None or not str(h).strip()}
            filled: set[int] = set()
            if blank:
                for row in it:  # only when a header cell is empty: does its column hold data?
                    for i, v in enumerate(row):
                        if v is not None and str(v).strip() and (i in blank or i >= len(headers)):
                            filled.add(i)
                    if blank <= filled:
                        break
    elif suffix in (".csv", ".txt"):
        import duckdb

        check_encoding(path, name)
        own = con is None
        con = con or duckdb.connect()
        try:
            rel = f"read_csv({_lit(str(path))}, all_varchar = true, header = false)"
            cur = con.execute(f"SELECT * FROM {rel} LIMIT 1")
            cols = [d[0] for d in cur.description]
            first = cur.fetchone() or ()
            headers = list(first)
            blank = [i for i, h in enumerate(headers) if h is None or not str(h).strip()]
            filled = set()
            if blank:
                counts = con.execute("SELECT " + ", ".join(
                    f"count(*) FILTER (WHERE trim(coalesce({_q(cols[i])}, '')) <> '')" for i in blank)
                    + f" FROM {rel}").fetchone()
                filled = {i for i, c in zip(blank, counts, strict=True) if c}
        except duckdb.Error as exc:
            raise DossierError(f"Tệp {name}: không đọc được ({str(exc).splitlines()[0][:200]}).") from None
        finally:
            if own:
                con.close()
    else:
        return []
    if not any(h is not None and str(h).strip() for h in headers):
        return []  # no header row at all: the callers say "dòng 1 phải là dòng tiêu đề cột" / the missing columns
    problems, ignored = header_problems(headers, filled, filename=name)
    if problems:
        raise DossierError(" ".join(problems))
    return ignored


IMPORT_STEPS = ("Đọc tệp", "Kiểm tra từng dòng", "Ghi dữ liệu", "Thay thế số liệu cũ của cùng nguồn, cùng kỳ")


def preview(path, rows: int = 3, *, name: str | None = None,
            limits: InflateLimits | None = None) -> tuple[list[str], list[list[str]]]:
    """The headers of a file and its first ``rows`` rows as text (the mapping screen); ``name`` is the file's name
    in messages (an upload is stored under another one); ``limits``: how far an .xlsx may inflate."""
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_xlsx_inflation(path, name, limits)
        with _first_sheet_rows(path, name) as it:
            head = next(it, None) or ()
            body = [r for _n, r in zip(range(rows), it, strict=False)]
        headers = ["" if v is None else str(v) for v in head]
        rows_ = [["" if v is None else str(v) for v in r] for r in body]
        return _without(headers, rows_, check_headers(path, name=name))
    if suffix in (".csv", ".txt"):
        check_encoding(path, name)
        rel = f"read_csv({_lit(str(path))}, all_varchar = true, header = true)"
    elif suffix == ".parquet":
        rel = f"read_parquet({_lit(str(path))})"
    else:
        raise DossierError(f"Tệp {name}: chỉ nhận CSV, XLSX hoặc Parquet.")
    import duckdb

    con = duckdb.connect()
    try:
        cur = con.execute(f"SELECT * FROM {rel} LIMIT {int(rows)}")
    except duckdb.Error as exc:
        raise DossierError(f"Tệp {name}: không đọc được ({str(exc).splitlines()[0][:200]}).") from None
    headers = [d[0] for d in cur.description]
    rows_ = [["" if v is None else str(v) for v in r] for r in cur.fetchall()]
    return _without(headers, rows_, check_headers(path, name=name, con=con) if suffix != ".parquet" else [])


def _without(headers: list[str], rows: list[list[str]], ignored: list[int]):
    """The mapping screen without the columns ignored by :func:`check_headers` (no header, no data)."""
    keep = [i for i in range(len(headers)) if i not in set(ignored)]
    return [headers[i] for i in keep], [[r[i] if i < len(r) else "" for i in keep] for r in rows]


NUMERIC_TYPES = ("DOUBLE", "FLOAT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "DECIMAL", "HUGEINT", "UBIGINT",
                 "UINTEGER", "USMALLINT", "UTINYINT")
# columns read as typed values when the source already has the type (else parsed from text)
TYPED = {"received_at": ("TIMESTAMP", ("TIMESTAMP", "DATE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S")),
         "due_at": ("TIMESTAMP", ("TIMESTAMP", "DATE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S")),
         "finished_at": ("TIMESTAMP", ("TIMESTAMP", "DATE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S")),
         "legal_days": ("DOUBLE", NUMERIC_TYPES),
         "fee_amount": ("DOUBLE", NUMERIC_TYPES)}
for _flag in ("tthc_requires_paper_result", "input_files_attached", "reused_digital_data", "from_personal_store",
              "vneid_authenticated", "has_complaint", "synced_to_dvcqg"):
    TYPED[_flag] = ("BOOLEAN", ("BOOLEAN",))


def _src_columns(found: dict[str, str], types: dict[str, str]) -> str:
    """The canonical columns as text (<name>) and, for those in TYPED, as typed values (<name>__t): a column the
    source already types is passed typed with its text NULL; otherwise text, and a NULL typed value."""
    out = []
    for c in COLUMNS:
        header = found.get(c)
        kind = types.get(header, "").split("(")[0] if header else ""
        if c in TYPED and header and kind in TYPED[c][1]:
            out += [f"CAST(NULL AS VARCHAR) AS {c}", f"CAST({_q(header)} AS {TYPED[c][0]}) AS {c}__t"]
            continue
        out.append((f"CAST({_q(header)} AS VARCHAR)" if header else "CAST(NULL AS VARCHAR)") + f" AS {c}")
        if c in TYPED:
            out.append(f"CAST(NULL AS {TYPED[c][0]}) AS {c}__t")
    return ", ".join(out)


def import_file(data_dir, path, *, source: str = "default", accept_valid: bool = False,
                mapping: dict[str, str] | None = None, memory_limit: str | None = None,
                progress=None, name: str | None = None, limits: InflateLimits | None = None) -> ImportReport:
    """Validate ``path`` row by row and, when accepted, add it as a batch. A file with bad rows is refused whole
    unless ``accept_valid``; the report lists the bad rows (row, column, Vietnamese message) either way.
    ``progress(step, total, message)`` is told of each of the IMPORT_STEPS. ``name`` is the file's name in messages
    (an upload is stored under another one). ``limits``: how far an .xlsx may inflate (refused before any row)."""
    data_dir, path = Path(data_dir), Path(path)
    name = name or path.name
    step = (lambda n: progress(n, len(IMPORT_STEPS), IMPORT_STEPS[n - 1])) if progress else (lambda n: None)
    report = ImportReport(file=name)
    if not path.exists():
        raise DossierError(f"Không tìm thấy tệp {path}.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        check_xlsx_inflation(path, name, limits)
    con = connect(memory_limit)
    with tempfile.TemporaryDirectory(prefix="dossiers-") as tmp, dir_locked(data_dir):
        tmpdir = Path(tmp)
        con.execute(f"SET temp_directory = {_lit(str(tmpdir / 'spill'))}")
        step(1)
        ignored = []
        if path.suffix.lower() in (".csv", ".txt", ".xlsx", ".xlsm"):
            ignored = check_headers(path, name=name)
        rel = _source_relation(con, path, tmpdir)
        headers = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall() if r[0] != "file_row_number"]
        found, report.unused_columns = map_headers(headers, mapping)
        spare = {f"column{i}" for i in ignored} | {f"column{i:02d}" for i in ignored}
        report.unused_columns = [h for h in report.unused_columns if h not in spare]
        report.columns = found
        missing = [c for c in REQUIRED if c not in found]
        if missing:
            raise DossierError(f"Tệp {name}: thiếu cột bắt buộc " + ", ".join(label(c) for c in missing) + ".")
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()}
        con.execute(f"CREATE TEMP VIEW src AS SELECT file_row_number + 2 AS _row, {_src_columns(found, types)} "
                    f"FROM {rel}")
        con.execute(_sql("parse.sql"))
        step(2)
        # the parsing and the sort run once: counts, bad rows, duplicates and the batch read this table (DuckDB
        # spills it to temp_directory past memory_limit). Sorted by unit and date: Parquet row-group statistics
        # then skip what a unit/period query does not need; the batch keeps this order (preserve_insertion_order).
        con.execute("CREATE TEMP TABLE checked AS SELECT * FROM parsed ORDER BY unit_id, received_at")
        report.rows_read, bad_rows = con.execute("SELECT count(*), count(*) FILTER (WHERE _bad) FROM checked").fetchone()
        bad = con.execute(f"""SELECT _row, unnest(_errors) FROM (SELECT * FROM checked WHERE _bad
                              ORDER BY _row LIMIT {MAX_REPORTED})""").fetchall() if bad_rows else []
        # a dossier twice in one file: every occurrence after the first is a bad row (all of them are kept out)
        con.execute("""CREATE TEMP TABLE dup_rows AS SELECT _row, dossier_id FROM (
                SELECT _row, dossier_id, row_number() OVER (PARTITION BY dossier_id ORDER BY _row) AS k
                FROM checked WHERE dossier_id IN (SELECT dossier_id FROM checked WHERE dossier_id IS NOT NULL
                                                 GROUP BY 1 HAVING count(*) > 1))
            WHERE k > 1""")
        dup_count, dup_only = con.execute("SELECT count(*), count(*) FILTER (WHERE NOT p._bad) FROM dup_rows "
                                          "JOIN checked p USING (_row)").fetchone()
        dups = con.execute(f"SELECT _row, dossier_id FROM dup_rows ORDER BY _row LIMIT {MAX_REPORTED}").fetchall()
        issues = [RowIssue(r, m.split("|", 1)[0], m.split("|", 1)[1]) for r, m in bad]
        issues += [RowIssue(r, "dossier_id", f'mã hồ sơ "{d}" đã có ở dòng trước trong tệp') for r, d in dups]
        issues.sort(key=lambda i: i.row)
        report.refused = issues[:MAX_REPORTED]
        report.refused_count = bad_rows + dup_only
        if report.refused_count and not accept_valid:
            return report

        step(3)
        manifest = load_manifest(data_dir)
        seq = max([b["seq"] for b in manifest["batches"]], default=0) + 1
        batch_id = f"{datetime.now():%Y%m%d%H%M%S}-{seq}"
        (data_dir / "batches").mkdir(exist_ok=True)
        out = data_dir / "batches" / f"{batch_id}.parquet"
        stored = ", ".join(STORED)
        dup_filter = "AND _row NOT IN (SELECT _row FROM dup_rows)" if dup_count else ""
        con.execute(f"""COPY (SELECT {stored}, {seq} AS _batch FROM checked WHERE NOT _bad {dup_filter})
                        TO {_lit(str(out) + '.tmp')} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 262144)""")
        os.replace(str(out) + ".tmp", out)
        new = f"read_parquet({_lit(str(out))})"
        report.rows_imported = con.execute(f"SELECT count(*) FROM {new}").fetchone()[0]
        months = [r[0] for r in con.execute(
            f"SELECT DISTINCT strftime(received_at, '%Y-%m') FROM {new} ORDER BY 1").fetchall()]
        if manifest["batches"]:
            con.execute(f"""CREATE TEMP TABLE new_keys AS SELECT DISTINCT unit_id, date_trunc('month', received_at)
                            AS m FROM {new}""")
            con.execute(f"CREATE TEMP TABLE new_ids AS SELECT dossier_id FROM {new}")
        kept = []
        step(4)
        for b in manifest["batches"]:
            old = data_dir / "batches" / b["file"]
            same_source = "true" if b["source"] == source else "false"
            gone = f"""(dossier_id IN (SELECT dossier_id FROM new_ids) OR ({same_source} AND
                        (unit_id, date_trunc('month', received_at)) IN (SELECT unit_id, m FROM new_keys)))"""
            n_gone = con.execute(f"SELECT count(*) FROM read_parquet({_lit(str(old))}) WHERE {gone}").fetchone()[0]
            if n_gone:
                report.replaced += n_gone
                left = b["rows"] - n_gone
                if left:
                    con.execute(f"""COPY (SELECT * FROM read_parquet({_lit(str(old))}) WHERE NOT {gone})
                                    TO {_lit(str(old) + '.tmp')} (FORMAT parquet, COMPRESSION zstd)""")
                    os.replace(str(old) + ".tmp", old)
                    b["rows"] = left
                else:
                    old.unlink()
                    continue
            kept.append(b)
        kept.append({"id": batch_id, "seq": seq, "file": out.name, "source": source, "original_name": name,
                     "imported_at": datetime.now().isoformat(timespec="seconds"), "rows": report.rows_imported,
                     "refused": report.refused_count, "months": months, "columns": sorted(found)})
        manifest["batches"] = kept
        _save_manifest(data_dir, manifest)
        report.accepted, report.batch_id = True, batch_id
        return report


STORED = ("dossier_id", "unit_id", "tthc_code", "channel", "received_at", "due_at", "finished_at", "end_status",
          "legal_days", "supplement_count", "supplement_requested_at", "supplement_completed_at",
          "supplement_seconds", "has_result_file", "tthc_requires_paper_result", "input_files_attached",
          "reused_digital_data", "from_personal_store", "vneid_authenticated", "fee_amount", "paid_online", "rating",
          "has_complaint", "synced_to_dvcqg")


# ---------------------------------------------------------------- indicators


def month_range(from_ym: str, to_ym: str) -> tuple[date, date]:
    """"2025-01", "2025-03" -> (2025-01-01, 2025-04-01): the period is [start, end)."""
    try:
        y1, m1 = (int(x) for x in from_ym.split("-"))
        y2, m2 = (int(x) for x in to_ym.split("-"))
        start, last = date(y1, m1, 1), date(y2, m2, 1)
    except (ValueError, TypeError):
        raise DossierError(f"Kỳ không hợp lệ: {from_ym} – {to_ym} (dạng YYYY-MM).") from None
    if last < start:
        raise DossierError(f"Tháng kết thúc {to_ym} trước tháng bắt đầu {from_ym}.")
    return start, date(last.year + (last.month == 12), last.month % 12 + 1, 1)


def _open_dossiers(con, data_dir: Path) -> set[str]:
    """Create the ``dossiers`` view over every batch; returns the canonical columns present in some batch."""
    manifest = load_manifest(data_dir)
    files = [str(Path(data_dir) / "batches" / b["file"]) for b in manifest["batches"]]
    if files:
        con.execute(f"CREATE OR REPLACE TEMP VIEW dossiers AS SELECT * FROM read_parquet([{', '.join(map(_lit, files))}])")
    else:  # no import yet: an empty table of the stored shape
        con.execute("CREATE OR REPLACE TEMP VIEW dossiers AS SELECT * FROM (SELECT NULL::VARCHAR AS dossier_id, "
                    "NULL::VARCHAR AS unit_id) WHERE false")
        return set()
    return {c for b in manifest["batches"] for c in b.get("columns", [])}


def ratio(num, den) -> float | None:
    return None if not den else round(100.0 * num / den, 2)


def points(r: float | None, pmax: float, target: float | None = None) -> float | None:
    """Linear-to-target: pmax when R ≥ target, else R / target × pmax (target 100 when none)."""
    if r is None:
        return None
    t = target or 100.0
    return round(pmax if r >= t else max(r, 0.0) / t * pmax, 2)


def _period_sql(name: str, start: date, end: date, as_of: datetime | None, unit: str | None, **extra) -> str:
    """The SQL file with its $parameters written in as literals (DuckDB does not prepare CREATE VIEW)."""
    values = {"start": f"TIMESTAMP {_lit(datetime.combine(start, datetime.min.time()).isoformat(sep=' '))}",
              "end": f"TIMESTAMP {_lit(datetime.combine(end, datetime.min.time()).isoformat(sep=' '))}",
              "as_of": f"TIMESTAMP {_lit((as_of or datetime.now()).replace(tzinfo=None).isoformat(sep=' '))}",
              "unit": "NULL" if unit is None else _lit(unit)}
    values.update({k: str(int(v)) for k, v in extra.items()})
    sql = _sql(name)
    for key in sorted(values, key=len, reverse=True):
        sql = sql.replace("$" + key, values[key])
    return sql


GROUPS_BY = {"unit": "unit_id", "tthc": "tthc_code",
             "group": "coalesce((SELECT grp FROM unit_groups g WHERE g.unit_id = period_dossiers.unit_id), '')",
             # the code itself, else its national part ("1.012507.H05" → "1.012507")
             "field": "coalesce((SELECT grp FROM tthc_groups g WHERE g.tthc_code = period_dossiers.tthc_code), "
                      "(SELECT grp FROM tthc_groups g WHERE g.tthc_code = "
                      "regexp_extract(period_dossiers.tthc_code, '^[^.]*[.][^.]*', 0)), '')"}


def _scope_sql(start, end, as_of, unit, monthly: bool) -> str:
    periods = ("unnest(with_months(received_at, finished_at, $start, $end), recursive := true)" if monthly
               else "'' AS pkey, $start AS p_start, $end AS p_end")
    return _period_sql("scope.sql", start, end, as_of, unit).replace("$periods", _period_sql_values(
        periods, start, end))


def _period_sql_values(text: str, start: date, end: date) -> str:
    for key, d in (("start", start), ("end", end)):
        text = text.replace("$" + key, f"TIMESTAMP {_lit(datetime.combine(d, datetime.min.time()).isoformat(sep=' '))}")
    return text


def _aggregates(con, data_dir, start, end, *, unit, as_of, monthly=False, by="unit", group_of=None):
    """Raw numerators/denominators per (group key, period key) in one scan; None when there is no data.
    ``group_of`` ({unit id: group}, with ``by="group"``): units rolled up, e.g. per level; unlisted units → ''."""
    present = _open_dossiers(con, Path(data_dir))
    if not present:
        return None, present
    if by in ("group", "field"):  # units rolled up (e.g. per level) / procedures rolled up per field (lĩnh vực)
        table, key = ("unit_groups", "unit_id") if by == "group" else ("tthc_groups", "tthc_code")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({key} VARCHAR PRIMARY KEY, grp VARCHAR)")
        if group_of:
            con.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(k, v) for k, v in group_of.items()])
    con.execute(_scope_sql(start, end, as_of, unit, monthly))
    cur = con.execute(_period_sql("indicators.sql", start, end, as_of, unit).replace("$group", GROUPS_BY[by]))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()], present


def indicators(data_dir, start: date, end: date, *, unit: str | None = None, as_of: datetime | None = None,
               sync_counts: dict[str, int] | None = None, con=None, monthly: bool = False,
               by: str = "unit", group_of: dict[str, str] | None = None) -> dict:
    """Per unit: each indicator's numerator, denominator, ratio (%), points; group totals; the assumptions.
    ``monthly``: each unit also gets ``months`` (the same figures month by month, from the same scan).
    ``by="tthc"``: per procedure (mã TTHC) instead of per unit; ``by="group"`` with ``group_of`` {unit id: group}:
    per group of units (e.g. the level); ``by="field"`` with ``group_of`` {mã TTHC: field}: per field of the
    procedures (codes not listed → ''). The key is still given as ``unit_id``."""
    con = con or connect()
    rows, present = _aggregates(con, data_dir, start, end, unit=unit, as_of=as_of, monthly=monthly, by=by,
                                group_of=group_of)
    units = []
    by_key: dict = {}
    for a in rows or []:
        scored = _score(a, present, sync_counts if not a["pkey"] else None)
        if not a["pkey"]:
            units.append(scored)
            by_key[a["unit_id"]] = scored
            if monthly:
                scored["months"] = []
        elif a["unit_id"] in by_key:
            scored["month"] = a["pkey"]
            by_key[a["unit_id"]]["months"].append(scored)
    return {"from": start.isoformat(), "to": end.isoformat(), "units": units, "assumptions": ASSUMPTIONS}


def _score(a: dict, present: set[str], sync_counts: dict[str, int] | None) -> dict:
    recv = a["received"]
    raw: dict[str, tuple] = {}
    sync_r = None
    if sync_counts is not None and a["unit_id"] in sync_counts:
        num = a["synced"] if "synced_to_dvcqg" in present else recv
        den = max(recv, int(sync_counts[a["unit_id"]]))
        raw["1.4"] = (num, den)
        sync_r = ratio(num, den)
    raw["2.1"] = (a["n21"], a["d21"])
    raw["2.2"] = (round(a["n22"] or 0, 2), a["d22"])
    raw["3.3"] = (a["n33"], recv)
    raw["3.6"] = (a["n36"], a["d36"])
    raw["4.1"] = (a["n41"], a["d41"])
    raw["4.2"] = (a["n42"], recv)
    raw["4.3"] = (a["n43"], recv)
    raw["4.4"] = (a["n44"], recv)
    raw["4.5b"] = (a["n45b"], recv)
    raw["5.4"] = (a["n54"], recv)
    out = []
    for iid, (group, name, pmax, target, needs) in INDICATORS.items():
        if iid not in raw:
            continue
        num, den = raw[iid]
        missing = [c for c in needs if c not in present]
        note = None
        if missing:
            num, r = None, None
            note = "thiếu cột " + ", ".join(missing)
        elif iid == "2.2":
            r = None if not den else round(num / den, 2)  # mean days, not a percentage
        elif iid == "3.3" and sync_r is not None:
            r = None if not den else round(100.0 * num / den * sync_r / 100.0, 2)
        elif iid == "5.4":
            r21, rc = ratio(a["n21"], a["d21"]), ratio(num, den)
            r = None if r21 is None or rc is None else round(max(0.0, 100.0 - ((100.0 - r21) + rc)), 2)
        else:
            r = ratio(num, den)
        pts = None if iid == "2.2" else points(r, pmax, target)
        item = {"id": iid, "group": group, "name": name, "numerator": num, "denominator": den, "ratio": r,
                "points": pts, "max": pmax, "target": target}
        if note:
            item["note"] = note
        out.append(item)
    groups = []
    for gid, gname, gmax in GROUPS:
        items = [i for i in out if i["group"] == gid and i["max"]]
        scored = [i for i in items if i["points"] is not None]
        groups.append({"id": gid, "name": gname, "max": gmax,
                       "points": round(sum(i["points"] for i in scored), 2) if scored else None,
                       "max_available": sum(i["max"] for i in scored)})
    total = [g["points"] for g in groups if g["points"] is not None]
    return {"unit_id": a["unit_id"], "received": recv, "carried_over": a["carried_over"],
            "no_due_date": a["no_due_21"], "indicators": out, "groups": groups,
            "total": round(sum(total), 2) if total else None,
            "total_max_available": sum(g["max_available"] for g in groups)}


def late_dossiers(data_dir, unit: str, start: date, end: date, *, as_of: datetime | None = None,
                  limit: int = 5000, offset: int = 0) -> list[dict]:
    """The dossiers that pull a unit's 2.1 down, with the reason (drill-down), a page of them read from Parquet."""
    con = connect()
    if not _open_dossiers(con, Path(data_dir)):
        return []
    con.execute(_scope_sql(start, end, as_of, unit, False))
    cur = con.execute(_period_sql("late.sql", start, end, as_of, unit, limit=limit, offset=offset))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


LATE_REASONS = {
    "supplements": "yêu cầu bổ sung hơn một lần",
    "not_closed": "chờ bổ sung quá 15 ngày mà chưa kết thúc hồ sơ",
    "late": "kết thúc sau ngày hẹn trả",
    "open_overdue": "chưa kết thúc, đã quá hạn",
}


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t


def load_mapping(data_dir, source: str) -> dict[str, str]:
    """The column mapping saved for a source ({header in the file: canonical name})."""
    p = Path(data_dir) / "mappings.json"
    return dict(json.loads(p.read_text(encoding="utf-8")).get(source, {})) if p.exists() else {}


def save_mapping(data_dir, source: str, mapping: dict[str, str]) -> None:
    bad = [v for v in mapping.values() if v and v not in COLUMNS]
    if bad:
        raise DossierError("Tên cột chuẩn không có: " + ", ".join(bad) + ". Có: " + ", ".join(COLUMNS) + ".")
    data_dir = Path(data_dir)
    with dir_locked(data_dir):
        p = data_dir / "mappings.json"
        allm = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
        allm[source] = mapping
        tmp = p.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(allm, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, p)
