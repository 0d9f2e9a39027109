"""A dossier export that cannot be read is refused with a Vietnamese message naming the user's file (not the
stored copy), and records nothing: no source, no import, no file left in the uploads folder."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.dossiers import engine, services
from cchc.dossiers.models import DossierImport, DossierSource
from tests.helpers import windows_1258

pytestmark = pytest.mark.django_db

CSV = "Mã hồ sơ,Mã TTHC,Ngày tiếp nhận,Đơn vị\nHS1,1.000123,15/03/2025,Sở Tư pháp\n"
CSV_1258 = windows_1258(CSV)  # Excel's "CSV" on a Vietnamese Windows


@pytest.fixture
def office(users, settings, tmp_path):
    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    return users["par_office"]


@pytest.mark.parametrize("data", [CSV_1258, CSV.encode("utf-16")], ids=["windows-1258", "utf-16"])
def test_a_csv_not_in_utf8_is_refused_by_name_and_nothing_is_recorded(office, settings, data):
    with pytest.raises(engine.DossierError) as exc:
        services.dossier_import_upload(user=office, uploaded=SimpleUploadedFile("motcua-thang3.csv", data),
                                       source="motcua-tinh")
    message = str(exc.value)
    assert "motcua-thang3.csv" in message and "UTF-8" in message and "CSV UTF-8" in message
    assert not DossierSource.objects.exists() and not DossierImport.objects.exists()
    assert not any((settings.CCHC_DOSSIERS_DIR / "uploads").iterdir())


def test_the_import_job_names_the_uploaded_file_not_the_stored_copy(tmp_path):
    stored = tmp_path / "5f0c2a9e4b.csv"  # an upload is kept under a random name
    stored.write_text("Ghi chú\nx\n", encoding="utf-8")
    with pytest.raises(engine.DossierError) as exc:
        engine.import_file(tmp_path / "data", stored, source="motcua", name="motcua-thang3.csv")
    assert "motcua-thang3.csv: thiếu cột bắt buộc" in str(exc.value) and "5f0c2a9e4b" not in str(exc.value)


def test_the_cli_refuses_a_windows_1258_csv_in_vietnamese(tmp_path):
    path = tmp_path / "xuat.csv"
    path.write_bytes(CSV_1258)
    with pytest.raises(engine.DossierError, match="xuat.csv không phải văn bản UTF-8"):
        engine.import_file(tmp_path / "data", path, source="motcua")


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600],
                         ids=["empty", "pdf", "password-protected"])
def test_the_cli_refuses_a_broken_xlsx_in_vietnamese_not_with_a_traceback(tmp_path, data):
    path = tmp_path / "xuat-thang3.xlsx"  # crashed with zipfile.BadZipFile
    path.write_bytes(data)
    with pytest.raises(engine.DossierError, match="xuat-thang3.xlsx không phải tệp Excel"):
        engine.import_file(tmp_path / "data", path, source="motcua")


# ---------------------------------------------------------------- zip bombs (an .xlsx is a zip)

XLSX_HEAD = ["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Ngày hẹn trả"]
SHEET = "xl/worksheets/sheet1.xml"


def _export(rows=(("X1", "T42.stp", "2025-03-02", "2025-03-10"),)) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(XLSX_HEAD)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb(size_mb: int, *, filler: bytes | None = None) -> bytes:
    """A real export whose sheet is replaced by a valid sheet of ``size_mb`` MB: the header row, then the same
    dossier row again and again (inflates ~250:1), or ``filler`` bytes inside the XML (one byte repeated: ~1000:1)."""
    base = zipfile.ZipFile(io.BytesIO(_export()))
    row = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ("X1", "T42.stp", "2025-03-02", "2025-03-10"))
    head = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in XLSX_HEAD)
    block = (filler or f"<row>{row}</row>".encode()) * (1 << 14)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in base.namelist():
            if member != SHEET:
                zf.writestr(member, base.read(member))
                continue
            with zf.open(member, "w") as fh:
                fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                         + f"<row>{head}</row>".encode())
                written = 0
                while written < size_mb << 20:
                    fh.write(block)
                    written += len(block)
                fh.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _records() -> tuple[int, int, int, int]:
    from auditlog.models import LogEntry

    from cchc.core.models import Job

    return (DossierSource.objects.count(), DossierImport.objects.count(), Job.objects.count(),
            LogEntry.objects.count())


def _nothing_recorded(settings, before):
    assert _records() == before == (0, 0, 0, before[3])  # no source, import, job nor audit entry
    assert not any((settings.CCHC_DOSSIERS_DIR / "uploads").iterdir())


def test_an_xlsx_inflating_past_the_766_limit_is_refused_by_name_before_any_row(office, settings, monkeypatch):
    settings.CCHC_DOSSIERS_MAX_INFLATED_MB = 2  # made small so that the test stays fast (default 16 GB)
    settings.CCHC_DOSSIERS_MAX_INFLATE_RATIO = 10_000  # only the total is tried here
    data = _bomb(3)
    assert len(data) < 100_000  # a few KB uploaded, 3 MB of sheet
    rows_read, before = [], _records()
    monkeypatch.setattr(engine, "_open_xlsx", lambda *a, **k: rows_read.append(a) or pytest.fail("a row was read"))
    with pytest.raises(engine.DossierError) as exc:
        services.dossier_import_upload(user=office, uploaded=SimpleUploadedFile("motcua-nam2025.xlsx", data),
                                       source="motcua-tinh")
    message = str(exc.value)
    assert "motcua-nam2025.xlsx" in message and "vượt 2 MB" in message and "bom nén" in message
    assert "CCHC_DOSSIERS_MAX_INFLATED_MB" in message and not rows_read
    _nothing_recorded(settings, before)


def test_a_sheet_compressed_like_a_bomb_is_refused_with_the_default_limits(office, settings):
    """One byte repeated inflates ~1000:1; the 766 default allows 200:1 for a member (a real export: ~11:1)."""
    data, before = _bomb(3, filler=b" "), _records()
    with pytest.raises(engine.DossierError) as exc:
        services.dossier_import_upload(user=office, uploaded=SimpleUploadedFile("xuat.xlsx", data), source="s")
    assert f"“{SHEET}”" in str(exc.value) and "200 lần" in str(exc.value) and "xuat.xlsx" in str(exc.value)
    _nothing_recorded(settings, before)
    path = settings.CCHC_DOSSIERS_DIR.parent / "cli-xuat.xlsx"  # the command's path too, before DuckDB or openpyxl
    path.write_bytes(data)
    with pytest.raises(engine.DossierError, match="cli-xuat.xlsx bị từ chối"):
        services.dossier_import_cli(path, source="s", accept_valid=False, extra_map={})
    assert not DossierImport.objects.exists()


def test_a_real_sized_export_passes_the_766_limits_and_imports(office, settings):
    """Thousands of distinct dossiers (a sheet over the 1 MB below which ratios are not checked) inflate ~10:1:
    uploaded, mapped and imported with the default limits; the documents' limit (CCHC_MAX_INFLATED_MB) is not
    the 766 one."""
    settings.CCHC_MAX_INFLATED_MB = 0.5
    rows = [(f"HS{i:07d}", "T42.stp" if i % 2 else "T42.syt", f"2025-03-{1 + i % 28:02d} 08:{i % 60:02d}",
             f"2025-04-{1 + i % 28:02d}") for i in range(12_000)]
    data = _export(rows)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    assert info.file_size > 1 << 20 and info.file_size > info.compress_size * 4
    imp = services.dossier_import_upload(user=office, uploaded=SimpleUploadedFile("xuat-quy1.xlsx", data),
                                         source="motcua-tinh")
    imp = services.dossier_import_confirm(imp, user=office, mapping=imp.mapping)
    assert imp.status == DossierImport.Status.DONE, imp.error
    assert imp.report["rows_imported"] == 12_000


def test_the_import_page_says_the_bomb_by_name_and_records_nothing(office, settings, client):
    settings.CCHC_DOSSIERS_MAX_INFLATED_MB = 2
    before = _records()
    client.force_login(office)
    resp = client.post("/dossiers/import/", {"source": "motcua-tinh",
                                             "file": SimpleUploadedFile("motcua-nam2025.xlsx", _bomb(3))})
    page = resp.content.decode()
    assert resp.status_code in (200, 400) and "Tệp motcua-nam2025.xlsx bị từ chối" in page and "vượt 2 MB" in page
    _nothing_recorded(settings, before)
