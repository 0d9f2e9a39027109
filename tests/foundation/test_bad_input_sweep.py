"""Bad input sweep: every importer answers a malformed file with a Vietnamese message naming the file (and the row
and column where there is one), never with another exception, and leaves the database as it was (no row of any
project model, no audit entry). Table-driven: BAD_FILES × IMPORTERS for the file-level problems, then each
Excel importer with good headers and one bad row after good ones (nothing of the good rows may be saved)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from cchc.core.errors import CodedError
from tests.helpers import VIETNAMESE, changed, db_counts, docx_bytes, messages_of, run, xlsx

# ----------------------------------------------------------------------------------------------- files

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


# ----------------------------------------------------------------------------------------------- importers

@pytest.fixture
def admin_only(db, settings, tmp_path):
    """Only the administrator the importers run as (the shared fixture's eight accounts cost seconds per test)."""
    from django.contrib.auth import get_user_model

    from cchc.org.models import Membership, Role

    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"  # uploaded dossier exports are kept there
    admin = get_user_model().objects.create_user(username="admin", password="x", is_superuser=True, is_staff=True)
    Membership.objects.create(user=admin, role=Role.ADMIN, unit=None)
    return {"admin": admin}


def _plan(users):
    from cchc.plans.models import Plan

    return Plan.objects.create(title="Kế hoạch CCHC năm 2025", created_by=users["admin"])


def _units(data, name, users):
    from cchc.org.services import units_import_xlsx

    return units_import_xlsx(data, user=users["admin"], filename=name)


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
    from cchc.plans.models import Plan
    from cchc.plans.services import measurement_import_xlsx

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
def test_a_malformed_file_gets_a_vietnamese_message_naming_it_and_changes_nothing(admin_only, importer):
    users = admin_only
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


# ----------------------------------------------------------------------------------------------- bad rows
# Each case: the importer, the sheet (header row in the file's own column order, good rows around a bad one), the
# text the answer must hold (row and column letter *of this file*) — and nothing of the good rows may be saved.

def _case_rows():
    units = [["Hiệu lực từ", "Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"],
             ["01/07/2025", "T42.test1", "Phòng thử 1", "Sở, ban, ngành", "T42"]]
    staff = [["Từ ngày", "Họ và tên", "Vai trò CCHC", "Mã đơn vị"],
             ["15/03/2025", "Nguyễn Văn An", "đầu mối", "T42.stp"]]
    procs = [["Tình trạng", "Mã TTHC", "Tên thủ tục hành chính", "Số ngày giải quyết", "Ngày ban hành"],
             ["Công bố mới", "1.000123", "Đăng ký khai sinh", 5, "01/02/2025"]]
    external = [["Năm", "Chỉ số", "Tỉnh", "Điểm"], [2024, "PAR INDEX", "Hà Tĩnh", "85,5"]]
    questions = [["Câu hỏi", "A", "B", "Đáp án đúng", "Chủ đề"],
                 ["Cơ quan nào chủ trì công tác CCHC của tỉnh?", "Sở Nội vụ", "Sở Tư pháp", "A", "cchc"]]
    return {
        "question: answer not an option": ("questions", [*questions, ["Câu thứ hai?", "Có", "Không", "E", "cchc"],
                                                         questions[1]], ["dòng 3, cột D"]),
        "question: merged-away text": ("questions", [*questions, [None, "Có", "Không", "A", "cchc"]],
                                       ["dòng 3"]),
        "unit: impossible date": ("units", [*units, ["31/02/2025", "T42.test2", "Phòng thử 2", "Sở, ban, ngành", "T42"],
                                            units[1][:1] + ["T42.test3", "Phòng thử 3", "Sở, ban, ngành", "T42"]],
                                  ["Dòng 3", "cột A", "31/02/2025"]),
        "unit: quarter for a date": ("units", [*units, ["Q5/2025", "T42.test2", "Phòng thử 2", "Sở, ban, ngành", "T42"]],
                                     ["Dòng 3", "cột A", "Q5/2025"]),
        "unit: unknown parent": ("units", [*units, ["", "T42.test2", "Phòng thử 2", "Sở, ban, ngành", "T99.khong"]],
                                 ["Dòng 3", "cột E", "T99.khong"]),
        "unit: duplicate row": ("units", [*units, units[1]], ["Dòng 3", "cột B", "trùng với dòng 2"]),
        "unit: very long name": ("units", [*units, ["", "T42.test2", "Phòng " * 200, "Sở, ban, ngành", "T42"]],
                                 ["Dòng 3", "cột C"]),
        "unit: unknown kind": ("units", [*units, ["", "T42.test2", "Phòng thử 2", "abc", "T42"]],
                               ["Dòng 3", "cột D", "abc"]),
        "staff: impossible date": ("staff", [*staff, ["31/02/2025", "Trần Thị Bình", "đầu mối", "T42.stp"], staff[1]],
                                   ["Dòng 3", "cột A", "31/02/2025"]),
        "staff: quarter for a date": ("staff", [*staff, ["Q5/2025", "Trần Thị Bình", "đầu mối", "T42.stp"]],
                                      ["Dòng 3", "cột A", "Q5/2025"]),
        "staff: unknown unit": ("staff", [*staff, ["", "Trần Thị Bình", "đầu mối", "T42.khongco"]],
                                ["Dòng 3", "cột D", "T42.khongco"]),
        "staff: very long name": ("staff", [*staff, ["", "Trần " * 100, "đầu mối", "T42.stp"]], ["Dòng 3", "cột B"]),
        "staff: phone too long, email not an email": (
            "staff", [staff[0] + ["Điện thoại", "Email"], staff[1] + ["0912", "an@sotp.gov.vn"],
                      ["", "Trần Thị Bình", "đầu mối", "T42.stp", "0912 " * 20, "không phải thư"]],
            ["Dòng 3, cột E", "Dòng 3, cột F"]),
        "staff: formula in the role": ("staff", [*staff, ["", "Trần Thị Bình", "=A2", "T42.stp"]],
                                       ["Dòng 3", "cột C"]),
        "procedure: not a whole number": ("procs", [*procs, ["Công bố mới", "1.000124", "Cấp bản sao", "abc", ""]],
                                          ["Dòng 3, cột D (Số ngày giải quyết)", "abc"]),
        "procedure: thousands dot": ("procs", [*procs, ["Công bố mới", "1.000124", "Cấp bản sao", "1.234,5", ""]],
                                     ["Dòng 3, cột D (Số ngày giải quyết)", "1.234,5"]),
        "procedure: impossible date": ("procs", [*procs, ["Công bố mới", "1.000124", "Cấp bản sao", 3, "31/02/2025"]],
                                       ["Dòng 3, cột E (Ngày ban hành)", "31/02/2025"]),
        "procedure: very long field": ("procs", [procs[0] + ["Lĩnh vực"], procs[1] + ["Hộ tịch"],
                                                 ["Công bố mới", "1.000124", "Cấp bản sao", 3, "", "Hộ tịch " * 40]],
                                       ["Dòng 3, cột F (Lĩnh vực)"]),
        "procedure: duplicate code": ("procs", [*procs, procs[1]], ["Dòng 3, cột B (Mã TTHC)", "trùng"]),
        "external: not a number": ("external", [*external, [2024, "PAR INDEX", "Gia Lai", "abc"]],
                                   ["ket-qua.xlsx", "Dòng 3, cột D", "abc"]),
        "external: quarter for a year": ("external", [*external, ["Q5/2025", "PAR INDEX", "Gia Lai", "80"]],
                                         ["ket-qua.xlsx", "Dòng 3, cột A"]),
        "external: duplicate row": ("external", [*external, external[1]], ["ket-qua.xlsx", "Dòng 3", "dòng 2"]),
    }


ROW_CASES = _case_rows()


def _import_rows(kind: str, data: bytes, admin):
    if kind == "units":
        from cchc.org.services import units_import_xlsx

        return units_import_xlsx(data, user=admin, filename="don-vi.xlsx")
    if kind == "staff":
        from cchc.capacity.services import staff_import_xlsx

        return staff_import_xlsx(data, user=admin, filename="can-bo.xlsx")
    if kind == "procs":
        from cchc.procedures.services import procedures_import_xlsx

        return procedures_import_xlsx(user=admin, data=data, filename="danh-muc.xlsx")
    if kind == "questions":
        from cchc.exams.services import questions_import_file

        return questions_import_file(data, "cau-hoi.xlsx", user=admin)
    from cchc.assessment.external import external_import_xlsx

    return external_import_xlsx(user=admin, data=data, filename="ket-qua.xlsx")


@pytest.mark.django_db
def test_a_bad_row_after_good_ones_is_named_by_row_and_column_and_nothing_is_saved(org_tree, admin_only):
    from cchc.exams.services import topics_ensure

    admin = admin_only["admin"]
    topics_ensure([("cchc", "Cải cách hành chính", None)])
    problems = []
    for label, (kind, rows, expected) in ROW_CASES.items():
        before = db_counts()
        try:
            answer = run(_import_rows, kind, xlsx(rows, extra_sheets=[("Ghi chú", [["Trang phụ, không đọc"]])]),
                         admin)
        except Exception as exc:  # noqa: BLE001 - collected
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
            continue
        text = " | ".join(messages_of(answer))
        missing = [e for e in expected if e not in text]
        if missing:
            problems.append(f"{label}: {missing} not in {text[:300]!r}")
        diff = changed(before, db_counts())
        if diff:
            problems.append(f"{label}: the database changed {diff}")
    assert problems == [], "\n".join(problems)


# ----------------------------------------------------------------------------------------------- size limit
# the question bank's upload page has its own limit (10 MB, exams.views.IMPORT_MAX_BYTES), checked before reading
SIZE_CHECKED_BY_PAGE = {"exams questions"}


@pytest.mark.django_db
def test_a_file_over_the_upload_limit_is_refused_by_every_importer(admin_only, settings):
    settings.CCHC_MAX_UPLOAD_MB = 0.02  # 20 KB: the limit, made small so that the test stays fast
    settings.CCHC_DOSSIERS_MAX_UPLOAD_MB = 0.02
    from cchc.plans.models import Plan

    Plan.objects.create(title="Kế hoạch CCHC năm 2025", created_by=admin_only["admin"])
    big = xlsx([["Mã", "Tên"], *[[str(i), random.Random(i).randbytes(40).hex()] for i in range(400)]])
    assert len(big) > 21 * 1024
    problems = []
    for importer, (fn, name) in IMPORTERS.items():
        if importer in SIZE_CHECKED_BY_PAGE:
            continue
        before = db_counts()
        answer = run(fn, big, name, admin_only)
        text = " ".join(messages_of(answer))
        if not any(w in text for w in ("quá lớn", "lớn quá", "vượt giới hạn")) or name not in text:
            problems.append(f"{importer}: {text[:200]!r}")
        if changed(before, db_counts()):
            problems.append(f"{importer}: the database changed")
    assert problems == [], "\n".join(problems)


# ----------------------------------------------------------------------------------------------- the upload pages
# url, the form's other fields, the name the file is uploaded under
PAGES = {
    "/plans/upload/": ({}, "ke-hoach.docx"),
    "/org/import/": ({}, "don-vi.xlsx"),
    "/capacity/staff/import/": ({}, "can-bo.xlsx"),
    "/exams/bank/import/": ({"fmt": "auto"}, "cau-hoi.xlsx"),
    "/kb/documents/upload/": ({"status": "published", "validity": "effective", "area": "general"}, "tai-lieu.pdf"),
    "/procedures/import/": ({}, "danh-muc.xlsx"),
    "/dossiers/import/": ({"source": "motcua"}, "ho-so.xlsx"),
    "/index/frameworks/import/": ({"year": "2025", "unit_kind": "so"}, "bo-tieu-chi.xlsx"),
    "/index/external/": ({}, "ket-qua.xlsx"),
}
PAGE_FILES = ["random bytes", "password protected", "truncated zip", "no header row"]


@pytest.mark.django_db
def test_every_upload_page_answers_a_bad_file_with_its_name_and_changes_nothing(admin_only):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    c = Client(raise_request_exception=False)
    c.force_login(admin_only["admin"])
    problems = []
    for url, (fields, name) in PAGES.items():
        for label in PAGE_FILES:
            if (url == "/dossiers/import/" and label == "no header row") or (
                    url == "/plans/upload/" and label == "no header row"):
                continue  # read as headers to map (dossiers); refused as no document, checked above (plans)
            before = db_counts()
            resp = c.post(url, {**fields, "file": SimpleUploadedFile(name, bad_file(label))}, follow=True)
            page = resp.content.decode()
            if resp.status_code >= 500:
                problems.append(f"{url} {label}: {resp.status_code}")
                continue
            if name not in page and url != "/exams/bank/import/" or not VIETNAMESE & set(page.lower()):
                problems.append(f"{url} {label}: the page does not name {name}")
            diff = changed(before, db_counts())
            if diff:
                problems.append(f"{url} {label}: the database changed {diff}")
    assert problems == [], "\n".join(problems)


# ----------------------------------------------------------------------------------------------- the `cchc` commands
COMMANDS = {
    "org import": (["org", "import"], "don-vi.xlsx"),
    "index import-framework": (["index", "import-framework", "--year", "2025"], "bo-tieu-chi.xlsx"),
    "index import-external": (["index", "import-external"], "ket-qua.xlsx"),
    "exams import": (["exams", "import"], "cau-hoi.xlsx"),
    "kb add": (["kb", "add"], "tai-lieu.docx"),
    "plan parse": (["plan", "parse"], "ke-hoach.docx"),
    "procedures import (xlsx)": (["procedures", "import"], "danh-muc.xlsx"),
    "procedures import (decision)": (["procedures", "import"], "quyet-dinh.docx"),
    "dossiers import": (["dossiers", "import"], "ho-so.xlsx"),
}
COMMAND_FILES = ["empty", "random bytes", "password protected", "truncated zip"]


@pytest.mark.django_db
def test_every_import_command_refuses_a_bad_file_in_vietnamese_naming_it(admin_only, tmp_path):
    from django.core.management import CommandError, call_command

    from cchc.org.models import Membership, Role

    # `index import-external` logs its work as the first CCHC office account
    Membership.objects.create(user=admin_only["admin"], role=Role.PAR_OFFICE, unit=None)
    problems = []
    for label, (args, name) in COMMANDS.items():
        for bad in COMMAND_FILES:
            path = tmp_path / bad.replace(" ", "-") / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(bad_file(bad))
            before = db_counts()
            out, err = io.StringIO(), io.StringIO()
            try:
                call_command(*args[:2], *([str(path)] if args[0] != "index" else []), *args[2:],
                             *([str(path)] if args[0] == "index" else []), stdout=out, stderr=err)
                said = None
            except CommandError as exc:
                said = str(exc)
            except Exception as exc:  # noqa: BLE001 - collected
                problems.append(f"{label} {bad}: {type(exc).__name__}: {exc}")
                continue
            text = f"{said or ''} {out.getvalue()} {err.getvalue()}"
            if said is None and args[:2] != ["kb", "add"]:
                problems.append(f"{label} {bad}: no refusal ({text[:200]!r})")
            elif name not in text or not VIETNAMESE & set(text.lower()):
                problems.append(f"{label} {bad}: {text[:200]!r}")
            diff = changed(before, db_counts())
            if diff:
                problems.append(f"{label} {bad}: the database changed {diff}")
    assert problems == [], "\n".join(problems)
