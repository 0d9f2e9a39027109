"""Bad input to every importer that reads rows: importer × case. Each case is a real file made here (openpyxl, csv,
text), a good row first where there are rows; the answer must be Vietnamese, name the file (and the row and the
column, by letter or header, where there is one), never be another exception than the importer's refusal, and the
database must be as it was (every project table and the audit log counted). The file-level problems of the
importers (random bytes, password, truncated zip, size) and the first bad-row cases of the org units, staff,
procedures, external results and question sheets are in tests/foundation/test_bad_input_sweep.py; this module
adds the missing column, the duplicate key, the very long cell, the legacy encodings and the importers that sweep
did not reach (survey forms, survey points, criteria framework, measurements, progress reports, Aiken/GIFT,
dossier rows)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tests.helpers import VIETNAMESE, changed, db_counts, docx_bytes, messages_of, run, windows_1258, xlsx

pytestmark = pytest.mark.django_db


@dataclass
class Spec:
    """One importer: how to call it (``call(data, name, ctx)``), the file's name, its header row and a good row,
    the column a file without it is refused for, and its own bad cases: label -> (rows or bytes, texts the answer
    must hold)."""

    call: object
    name: str
    header: list
    good: list
    required: str = ""
    cases: dict = field(default_factory=dict)
    key_duplicate: list | None = None  # the texts a second copy of the good row must be refused with ([] = allowed)


# ----------------------------------------------------------------------------------------------- the importers

def _units(data, name, ctx):
    from cchc.org.services import units_import_xlsx

    return units_import_xlsx(data, user=ctx["admin"], filename=name)


def _staff(data, name, ctx):
    from cchc.capacity.services import staff_import_xlsx

    return staff_import_xlsx(data, user=ctx["admin"], filename=name)


def _procedures(data, name, ctx):
    from cchc.procedures.services import procedures_import_xlsx

    return procedures_import_xlsx(user=ctx["admin"], data=data, filename=name)


def _external(data, name, ctx):
    from cchc.assessment.external import external_import_xlsx

    return external_import_xlsx(user=ctx["admin"], data=data, filename=name)


def _framework(data, name, ctx):
    from cchc.assessment.services import framework_import_xlsx

    return framework_import_xlsx(data, filename=name, year=2025, unit_kind="so", user=ctx["admin"])


def _survey_points(data, name, ctx):
    from cchc.assessment.services import survey_points_import_xlsx

    return survey_points_import_xlsx(ctx["assessment_round"], data, filename=name, user=ctx["admin"])


def _survey_forms(data, name, ctx):
    from cchc.surveys.services import responses_import_xlsx

    return responses_import_xlsx(ctx["admin"], ctx["survey_round"], data, name)


def _measurements(data, name, ctx):
    from cchc.plans.services import measurement_import_xlsx

    return measurement_import_xlsx(data=data, user=ctx["admin"], plan=ctx["plan"], filename=name)


def _progress(data, name, ctx):
    from cchc.plans.services import progress_reports_import_xlsx

    return progress_reports_import_xlsx(user=ctx["admin"], data=data, filename=name, submit=True)


def _questions(data, name, ctx):
    from cchc.exams.services import questions_import_file

    return questions_import_file(data, name, user=ctx["admin"])


def _dossiers(data, name, ctx):
    """Both steps of the web import: the upload (headers read), then the mapping confirmed, the job run inline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.core.errors import CodedError
    from cchc.dossiers import engine, services

    try:
        imp = services.dossier_import_upload(user=ctx["admin"], uploaded=SimpleUploadedFile(name, data),
                                             source="Một cửa")
        imp = services.dossier_import_confirm(imp, user=ctx["admin"], mapping=imp.mapping)
    except engine.DossierError as exc:
        return CodedError("invalid", str(exc))
    imp.refresh_from_db()
    refused = [r["message"] for r in imp.report.get("refused", [])]
    if refused or imp.error:  # the import's page: the file's name over its error or its refused rows
        return CodedError("invalid", " | ".join([f"{imp.filename}: {imp.error}", *refused]))
    return imp


LONG = "Trung tâm Phục vụ hành chính công " * 40  # 1 360 characters: longer than any name column


def _specs(ctx) -> dict[str, Spec]:
    target = ctx["target"].pk if ctx else 1
    line, other = ctx["occurrences"] if ctx else (1, 2)
    p_head = ["Mã dòng", "Tình trạng", "Tỷ lệ hoàn thành (%)", "Kết quả thực hiện", "Số, ký hiệu văn bản kết quả",
              "Ngày hoàn thành"]
    survey_head = ctx["survey_header"] if ctx else []
    survey_good = ctx["survey_good"] if ctx else []

    def survey_row(**override):
        row = list(survey_good)
        for code, value in override.items():
            row[survey_head.index(code)] = value
        return row

    def survey_letter(code):
        return chr(ord("A") + survey_head.index(code))

    m_head = ["Mã chỉ tiêu", "Nội dung chỉ tiêu", "Chỉ tiêu", "So sánh", "Đơn vị tính", "Năm", "Kỳ báo cáo",
              "Giá trị đạt được", "Ghi chú"]
    m_good = [target, "Tỷ lệ hồ sơ trực tuyến", 80, ">=", "%", 2025, "2025", 85, ""]
    aiken_good = "Cơ quan nào chủ trì công tác CCHC của tỉnh?\nA. Sở Nội vụ\nB. Sở Tư pháp\nANSWER: A\n\n"
    gift_good = "::c1:: Cơ quan nào chủ trì công tác CCHC của tỉnh? {=Sở Nội vụ ~Sở Tư pháp}\n\n"
    d_head = ["Mã hồ sơ", "Mã đơn vị", "Mã TTHC", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc"]
    d_good = ["HS1", "T42.stp", "1.001", "02/03/2025", "10/03/2025", "05/03/2025"]
    return {
        "org units": Spec(_units, "don-vi.xlsx", ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"],
                          ["T42.test1", "Phòng thử 1", "Sở, ban, ngành", "T42"], required="Mã đơn vị",
                          key_duplicate=["Dòng 3", "cột A"],
                          cases={"very long code": ([["T42." + "x" * 80, "Phòng thử 2", "Sở, ban, ngành", "T42"]],
                                                    ["Dòng 3", "cột A"])}),
        "capacity staff": Spec(_staff, "can-bo.xlsx", ["Họ và tên", "Vai trò CCHC", "Mã đơn vị", "Từ ngày", "Chức vụ"],
                               ["Nguyễn Văn An", "đầu mối", "T42.stp", "15/03/2025", ""], required="Họ và tên",
                               key_duplicate=["Dòng 3", "dòng 2"],
                               cases={"text for a date": ([["Trần Thị Bình", "đầu mối", "T42.stp", "hôm qua", ""]],
                                                          ["Dòng 3", "cột D", "hôm qua"]),
                                      "very long position": ([["Trần Thị Bình", "đầu mối", "T42.stp", "", LONG]],
                                                             ["Dòng 3", "cột E"])}),
        "procedures xlsx": Spec(_procedures, "danh-muc.xlsx",
                                ["Tình trạng", "Mã TTHC", "Tên thủ tục hành chính", "Số ngày giải quyết",
                                 "Cơ quan thực hiện"],
                                ["Công bố mới", "1.000123", "Đăng ký khai sinh", 5, "Sở Tư pháp"], required="Mã TTHC",
                                key_duplicate=["Dòng 3", "cột B"],
                                cases={"very long agency": ([["Công bố mới", "1.000124", "Cấp bản sao", 3, LONG]],
                                                            ["Dòng 3", "cột E"]),
                                       "very long code": ([["Công bố mới", "1." + "0" * 60, "Cấp bản sao", 3, ""]],
                                                          ["Dòng 3", "cột B"])}),
        "assessment external": Spec(_external, "ket-qua.xlsx", ["Năm", "Chỉ số", "Tỉnh", "Điểm", "Chỉ số thành phần"],
                                    [2024, "PAR INDEX", "Hà Tĩnh", "85,5", ""], required="Điểm",
                                    key_duplicate=["Dòng 3", "dòng 2"],
                                    cases={"very long component": ([[2024, "SIPAS", "Hà Tĩnh", "80", LONG]],
                                                                ["Dòng 3", "cột E"]),
                                           "unknown index": ([[2024, "Chỉ số không có", "Hà Tĩnh", "80", ""]],
                                                             ["Dòng 3", "cột B"])}),
        "assessment framework": Spec(
            _framework, "bo-tieu-chi.xlsx", ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa"],
            ["1", "Công tác chỉ đạo, điều hành", 10], required="Điểm tối đa", key_duplicate=["Dòng 3", "1"],
            cases={"text for points": ([["1.1", "Kế hoạch CCHC năm", "mười"]], ["Dòng 3", "mười"]),
                   "very long number": ([["1" + ".1" * 20, "Kế hoạch CCHC năm", 10]], ["Dòng 3"])}),
        "assessment survey points": Spec(
            _survey_points, "dtxhh.xlsx", ["Mã đơn vị", "Tiêu chí", "Điểm"], ["T42.stp", "8.1", "12,5"],
            required="Tiêu chí", key_duplicate=["Dòng 3"],
            cases={"unknown unit": ([["T42.khongco", "8.1", "10"]], ["Dòng 3", "Mã đơn vị", "T42.khongco"]),
                   "text for points": ([["T42.syt", "8.1", "mười"]], ["Dòng 3", "cột Điểm", "mười"])}),
        "survey forms": Spec(
            _survey_forms, "phieu.xlsx", survey_head, survey_good, required="tc2",
            key_duplicate=[],  # anonymous forms: two alike are two people
            cases={"out of the scale": ([survey_row(tc2=7)], ["Dòng 3", f"cột {survey_letter('tc2')}"]),
                   "text in a scale": ([survey_row(tc2="tốt")], ["Dòng 3", f"cột {survey_letter('tc2')}"]),
                   "very long opinion": ([survey_row(md2=LONG * 2)], ["Dòng 3", f"cột {survey_letter('md2')}"]),
                   } if survey_head else {}),
        "plans measurements": Spec(
            _measurements, "so-lieu.xlsx", m_head, m_good, required="Giá trị đạt được",
            key_duplicate=["Dòng 4", "cột A", "dòng 3"],
            cases={"unknown unit": (xlsx([["Mã đơn vị: T42.khongco"], m_head, m_good]),
                                    ["so-lieu.xlsx", "dòng 1", "T42.khongco"]),
                   "text for a number": ([m_good[:7] + ["tám mươi", ""]], ["Dòng 4", "cột H", "tám mươi"]),
                   "unknown target": ([[target + 1000, *m_good[1:]]], ["Dòng 4", "cột A"]),
                   "quarter not a period": ([m_good[:6] + ["Q5/2025", 85, ""]], ["Dòng 4", "cột G"])}),
        "plans progress reports": Spec(
            _progress, "bao-cao.xlsx", p_head, [line, "Đang thực hiện", 40, "Đã rà soát 10 thủ tục", "", ""],
            required="Mã dòng", key_duplicate=["dòng 3", "cột A", "dòng 2"],
            cases={"text for a percent": ([[other, "Đang thực hiện", "tám mươi", "x", "", ""]],
                                          ["dòng 3", "cột C", "tám mươi"]),
                   "unknown line": ([[line + 10000, "Đang thực hiện", 10, "x", "", ""]], ["dòng 3", "cột A"]),
                   "impossible date": ([[other, "Hoàn thành", "", "x", "", "31/02/2025"]],
                                       ["dòng 3", "cột F", "31/02/2025"]),
                   "very long document number": ([[other, "Đang thực hiện", 10, "x", "1/" + "X" * 120, ""]],
                                                 ["dòng 3", "cột E"])}),
        "exams questions xlsx": Spec(
            _questions, "cau-hoi.xlsx", ["Câu hỏi", "A", "B", "Đáp án đúng", "Chủ đề", "Nguồn"],
            ["Cơ quan nào chủ trì công tác CCHC của tỉnh?", "Sở Nội vụ", "Sở Tư pháp", "A", "cchc", ""],
            required="Câu hỏi", key_duplicate=[],  # the same question twice is one question (a warning)
            cases={"very long source": ([["Câu thứ hai?", "Có", "Không", "A", "cchc", LONG]], ["dòng 3"]),
                   "very long topic": ([["Câu thứ ba?", "Có", "Không", "A", "x" * 80, ""]], ["dòng 3"])}),
        "exams questions aiken": Spec(
            _questions, "cau-hoi.txt", [], [], key_duplicate=None,
            cases={"answer not an option": ((aiken_good + "Câu thứ hai?\nA. Có\nB. Không\nANSWER: E\n").encode(),
                                            ["dòng 9"]),
                   "windows-1258, answer not an option": (
                       windows_1258(aiken_good + "Câu thứ hai về thủ tục?\nA. Có\nB. Không\nANSWER: E\n"),
                       ["dòng 9"])}),
        "exams questions gift": Spec(
            _questions, "cau-hoi.gift.txt", [], [], key_duplicate=None,
            cases={"no right answer": ((gift_good + "::c2:: Câu thứ hai? {~Có ~Không}\n").encode(), ["dòng 3"])}),
        "dossiers csv": Spec(
            _dossiers, "ho-so.csv", d_head, d_good, required="Ngày tiếp nhận", key_duplicate=["Dòng 3", "HS1"],
            cases={"empty file": (b"", ["ho-so.csv", "rỗng"]),
                   "impossible date": ([["HS2", "T42.stp", "1.001", "31/02/2025", "", ""]],
                                       ["Dòng 3", "ngày tiếp nhận", "31/02/2025"]),
                   "windows-1258": (windows_1258(_csv_text([d_head, d_good, ["HS2", "T42.stp", "1.001",
                                                                             "Hôm qua", "", ""]])),
                                    ["ho-so.csv", "UTF-8"])}),
    }


def _csv_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _file(spec: Spec, rows) -> bytes:
    if spec.name.endswith(".csv"):
        return _csv_text(rows).encode("utf-8")
    return xlsx(rows, extra_sheets=[("Ghi chú", [["Trang phụ, không đọc"]])])


def _lead(spec: Spec) -> list:
    """The rows above the data: the measurements template's unit line, then the header row."""
    if spec.call is _measurements:
        return [["Đơn vị: Sở Tư pháp", "Mã đơn vị: T42.stp"], spec.header]
    return [spec.header]


def cases_of(spec: Spec) -> dict[str, tuple[bytes, list[str]]]:
    """label -> (file bytes, texts the answer must hold): the common cases, then the importer's own."""
    out = {"empty file": (b"", [spec.name]), "a Word file renamed": (docx_bytes(), [spec.name])}
    if spec.header:
        if spec.required:
            i = spec.header.index(spec.required)
            lead = _lead(spec)
            out["missing required column"] = (_file(spec, [*lead[:-1], [h for j, h in enumerate(spec.header) if j != i],
                                                           [v for j, v in enumerate(spec.good) if j != i]]),
                                               [spec.name, spec.required.lower() if spec.call is _dossiers else spec.required])
        if spec.key_duplicate:
            out["duplicate key row"] = (_file(spec, [*_lead(spec), spec.good, spec.good]), spec.key_duplicate)
    for label, (rows, expected) in spec.cases.items():
        data = rows if isinstance(rows, bytes) else _file(spec, [*_lead(spec), spec.good, *rows])
        out[label] = (data, expected)
    return out


IMPORTERS = list(_specs(None))


# ----------------------------------------------------------------------------------------------- the context

@pytest.fixture
def ctx(org_tree, settings, tmp_path):
    """The administrator, and what the importers import into: a plan with a target, a survey round of Sở Tư pháp,
    an assessment round of Sở Tư pháp and Sở Y tế, the question bank's topic."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cchc.assessment import services as assessment
    from cchc.exams.services import topics_ensure
    from cchc.org.models import Membership, Role
    from cchc.plans.models import Occurrence, Plan, Schedule, Target, Task
    from cchc.surveys import models as sm
    from cchc.surveys.loading import install_templates
    from cchc.surveys.services import items_of

    settings.CCHC_DOSSIERS_DIR = tmp_path / "dossiers"
    admin = get_user_model().objects.create_user(username="admin", password="x", is_superuser=True, is_staff=True)
    Membership.objects.create(user=admin, role=Role.ADMIN, unit=None)
    Membership.objects.create(user=admin, role=Role.PAR_OFFICE, unit=None)
    plan = Plan.objects.create(title="Kế hoạch CCHC năm 2025", created_by=admin)
    target = Target.objects.create(plan=plan, text="Tỷ lệ hồ sơ trực tuyến toàn trình", indicator="Tỷ lệ trực tuyến",
                                   value=80, year=2025)
    task = Task.objects.create(plan=plan, key="t1", title="Rà soát thủ tục hành chính")
    schedule = Schedule.objects.create(task=task, kind="periodic")
    occurrences = [Occurrence.objects.create(task=task, schedule=schedule, plan=plan, unit=org_tree["T42.stp"],
                                             period=period, due_date=due).pk
                   for period, due in (("2025Q1", date(2025, 3, 31)), ("2025Q2", date(2025, 6, 30)))]
    install_templates(sm.Questionnaire, sm.QuestionnaireVersion, sm.Section, sm.Item, now=timezone.now())
    version = sm.QuestionnaireVersion.objects.get(questionnaire__code="sipas-dich-vu", number=1)
    now = timezone.now()
    survey_round = sm.Round.objects.create(version=version, unit=org_tree["T42.stp"], year=now.year, quarter=1,
                                           opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    items = items_of(version)
    fw = assessment.framework_load_file("demo_so.json", year=2024, user=admin)
    assessment_round = assessment.round_open(fw, deadline=now + timedelta(days=30), user=admin,
                                             units=[org_tree["T42.stp"], org_tree["T42.syt"]])
    topics_ensure([("cchc", "Cải cách hành chính", None)])
    return {"admin": admin, "plan": plan, "target": target, "survey_round": survey_round,
            "assessment_round": assessment_round, "occurrences": occurrences, "survey_header": [i.code for i in items],
            "survey_good": [5 if i.kind == "likert5" else (i.choices[0] if i.kind in ("single", "multiple") else "")
                            for i in items]}


def _dossier_batches() -> list:
    from cchc.dossiers import engine
    from cchc.dossiers.services import data_dir

    return engine.load_manifest(data_dir())["batches"] if data_dir().exists() else []


# the dossiers' upload step records the upload (DossierImport, its source, the job) to show the refused rows; the
# dossiers themselves are kept in files (a batch in the manifest), never in a table
DOSSIER_RECORDS = {"dossiers.DossierImport", "dossiers.DossierSource", "core.Job", "auditlog.LogEntry"}


# the question bank's preview page heads its table of errors (line, column, problem) with the file's name; a
# dossier import's page is the file's, its mapping step names the missing column only
NAMED_BY_PAGE = {_questions, _dossiers}


@pytest.mark.parametrize("importer", IMPORTERS)
def test_bad_input_is_refused_in_vietnamese_where_it_is_and_nothing_is_written(ctx, importer):
    spec = _specs(ctx)[importer]
    problems = []
    for label, (data, expected) in cases_of(spec).items():
        before, batches = db_counts(), _dossier_batches()
        try:
            answer = run(spec.call, data, spec.name, ctx)
        except Exception as exc:  # noqa: BLE001 - collected: every case of the importer is reported
            problems.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")
            continue
        lines = messages_of(answer)
        text = " | ".join(lines)
        if not lines:
            problems.append(f"{label}: no refusal ({answer!r})")
        elif not VIETNAMESE & set(text.lower()):
            problems.append(f"{label}: not Vietnamese: {text[:200]}")
        if "cột ?" in text:  # a column the file does not have, named by a question mark
            problems.append(f"{label}: an unknown column in {text[:300]!r}")
        missing = [e for e in expected if e not in text and not (e == spec.name and spec.call in NAMED_BY_PAGE)]
        if lines and missing:
            problems.append(f"{label}: {missing} not in {text[:400]!r}")
        diff = changed(before, db_counts())
        if spec.call is _dossiers:
            diff = {k: v for k, v in diff.items() if k not in DOSSIER_RECORDS}
            if _dossier_batches() != batches:
                diff["dossier batches"] = (len(batches), len(_dossier_batches()))
        if diff:
            problems.append(f"{label}: the database changed {diff}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("importer", [i for i in IMPORTERS if i not in ("exams questions aiken",
                                                                        "exams questions gift")])
def test_the_good_rows_alone_import(ctx, importer):
    """The cases above refuse for the bad row, not for the good one: the header and the good row import."""
    spec = _specs(ctx)[importer]
    answer = run(spec.call, _file(spec, [*_lead(spec), spec.good]), spec.name, ctx)
    if spec.call is _dossiers:
        assert len(_dossier_batches()) == 1, messages_of(answer)
    else:
        assert messages_of(answer) == [], messages_of(answer)


# ----------------------------------------------------------------------------------------------- the upload pages
# the pages of the importers that tests/foundation/test_bad_input_sweep.py does not post to: url, form fields, spec

def _pages(ctx) -> list[tuple[str, dict, str]]:
    return [(f"/surveys/rounds/{ctx['survey_round'].pk}/import/", {}, "survey forms"),
            (f"/index/rounds/{ctx['assessment_round'].pk}/results/", {"op": "survey_import"},
             "assessment survey points"),
            (f"/plans/{ctx['plan'].pk}/targets/?unit=T42.stp&period=2025", {}, "plans measurements"),
            ("/plans/my/", {"action": "submit"}, "plans progress reports")]


def test_the_upload_pages_answer_every_case_without_an_error_page_and_change_nothing(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    c = Client(raise_request_exception=False)
    c.force_login(ctx["admin"])
    specs, problems = _specs(ctx), []
    for url, fields, importer in _pages(ctx):
        spec = specs[importer]
        for label, (data, _expected) in cases_of(spec).items():
            before = db_counts()
            resp = c.post(url, {**fields, "file": SimpleUploadedFile(spec.name, data)}, follow=True)
            page = resp.content.decode()
            if resp.status_code >= 500:
                problems.append(f"{importer} {label}: {resp.status_code}")
            elif label == "empty file" and "rỗng" in page:
                pass  # the upload form's own check (Django's FileField refuses an empty file)
            elif spec.name not in page or not VIETNAMESE & set(page.lower()):
                problems.append(f"{importer} {label}: the page does not name {spec.name}")
            diff = changed(before, db_counts())
            if diff:
                problems.append(f"{importer} {label}: the database changed {diff}")
    assert problems == [], "\n".join(problems)
