"""A dossier export that cannot be read is refused with a Vietnamese message naming the user's file (not the
stored copy), and records nothing: no source, no import, no file left in the uploads folder."""

from __future__ import annotations

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
