"""Issue 8 item 14: a malformed .xlsx gives a Vietnamese message in every importer and in `kb add`, never a 500."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from cchc.core.excel import ExcelError, sheet_rows, write_xlsx
from tests.conftest import PASSWORD

GOOD = write_xlsx([("S", ["Mã", "Tên"], [["1", "a"], ["2", "b"]])])


def _mutate(fn) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(GOOD))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in zin.namelist():
            data = fn(name, zin.read(name))
            if data is not None:
                zf.writestr(name, data)
    return buf.getvalue()


def _sheet(fn):
    return _mutate(lambda n, d: fn(d) if n.startswith("xl/worksheets/") else d)


MALFORMED = {
    "bad cell reference": _sheet(lambda d: d.replace(b'r="A2"', b'r="!!"')),
    "bad row number": _sheet(lambda d: d.replace(b'<row r="2"', b'<row r="zz"')),
    "sheet part missing": _mutate(lambda n, d: None if n.startswith("xl/worksheets/") else d),
    "sheet not xml": _sheet(lambda d: b"not xml"),
    "random after zip magic": b"PK\x03\x04" + os.urandom(400),
    "truncated": GOOD[: len(GOOD) // 2],
}


@pytest.mark.parametrize("label", list(MALFORMED))
def test_shared_reader_raises_only_excel_error(label):
    with pytest.raises(ExcelError) as exc:
        sheet_rows(MALFORMED[label], "chitieu.xlsx")
    assert "chitieu.xlsx" in exc.value.message or "Excel" in exc.value.message


@pytest.mark.django_db
@pytest.mark.parametrize("label", list(MALFORMED))
def test_importers_answer_with_a_message(users, label, tmp_path):
    from cchc.capacity.services import staff_import_xlsx
    from cchc.exams.sheet import read_xlsx as exam_xlsx
    from cchc.knowledge.services import upload_text_read
    from cchc.org.services import units_import_xlsx
    from cchc.plans.services import measurement_import_xlsx

    data = MALFORMED[label]
    assert units_import_xlsx(data, user=users["par_office"]).errors
    assert exam_xlsx(data).errors
    assert measurement_import_xlsx(data=data, user=users["admin"], plan=None)["errors"]
    assert not staff_import_xlsx(data, user=users["admin"]).ok
    from cchc.core.intake import IntakeError

    with pytest.raises(IntakeError):
        upload_text_read(data, "a.xlsx")
    f = tmp_path / "hong.xlsx"
    f.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("kb", "add", str(f), stderr=err, stdout=io.StringIO())
    assert "Bỏ qua hong.xlsx" in err.getvalue()


@pytest.mark.django_db
def test_import_pages_do_not_fail(users):
    c = Client(raise_request_exception=False)
    c.login(username="admin", password=PASSWORD)
    data = MALFORMED["bad cell reference"]
    for url, extra in (("/org/import/", {}), ("/exams/bank/import/", {"fmt": "xlsx"}),
                       ("/capacity/staff/import/", {})):
        f = io.BytesIO(data)
        f.name = "hong.xlsx"
        resp = c.post(url, {"file": f, **extra})
        assert resp.status_code < 500, url
