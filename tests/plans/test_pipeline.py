"""One plan-import pipeline: the file is read and parsed once, every agency resolved once on the plan's issue date,
each deadline parsed once (confirmation reuses the rows' schedules; an edited deadline alone is parsed again)."""

import random

import pytest

from cchc.plans import services
from cchc.plans.models import PlanImport, Schedule
from tests.plans.conftest import DATA, small_draft

pytestmark = pytest.mark.django_db


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def wrapper(*a, **k):
        calls.append(a[0] if a else None)
        return real(*a, **k)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_upload_reads_parses_and_resolves_once(users, monkeypatch):
    import cchc.core.intake as intake
    import cchc.plans.importing as importing
    import cchc.plans.services.imports as imports

    reads = _counting(monkeypatch, intake, "read_document")
    parses = _counting(monkeypatch, importing, "parse_document")
    resolved = _counting(monkeypatch, imports, "agency_resolve")
    seed = (DATA / "seeds" / "002_81dc5ac12a8b2fdd.txt").read_bytes()
    imp = services.plan_import_start(user=users["par_office"], filename="kh.txt", data=seed)
    imp.refresh_from_db()
    assert imp.status == PlanImport.Status.REVIEW
    assert len(reads) == 1 and len(parses) == 1
    assert sorted(resolved) == sorted(imp.agency_map) and len(resolved) == len(set(resolved))
    assert seed.decode("utf-8").strip()[:30] in imp.source_text
    assert all(r["schedule"]["text"] == r["deadline"] for r in imp.rows if r["deadline"])


def test_confirmation_reuses_the_parsed_deadlines(users, monkeypatch):
    import cchc.plans.importing.schedule as schedule

    imp = services.plan_import_create(user=users["par_office"], draft=small_draft(), filename="a.txt")
    parsed = _counting(monkeypatch, schedule, "parse_deadline")
    plan = services.plan_import_confirm(imp=imp, user=users["par_office"])
    assert parsed == []
    stored = {s.task.number + s.task.section: s.spec for s in Schedule.objects.filter(task__plan=plan)}
    fresh = {r["number"] + r["section"]: services.deadline_schedule(r["deadline"], plan.years()) for r in imp.rows}
    assert stored == fresh and stored["1I"]["kind"] != "unknown"


def test_an_edited_deadline_alone_is_parsed_again(users, monkeypatch):
    import cchc.plans.importing.schedule as schedule

    office = users["par_office"]
    imp = services.plan_import_create(user=office, draft=small_draft(), filename="a.txt")
    parsed = _counting(monkeypatch, schedule, "parse_deadline")
    imp = services.plan_import_edit(imp=imp, user=office, op="edit", index=0, field="deadline",
                                    value="Quý IV/2024", version=imp.version)
    assert parsed == ["Quý IV/2024"]
    assert imp.rows[0]["schedule"]["text"] == "Quý IV/2024"
    assert imp.rows[0]["schedule"] != imp.rows[1]["schedule"]
    plan = services.plan_import_confirm(imp=imp, user=office, version=imp.version)
    assert parsed == ["Quý IV/2024"]
    spec = Schedule.objects.get(task__plan=plan, task__number="1", task__section="I").spec
    assert spec == services.deadline_schedule("Quý IV/2024", [2024])


def test_agencies_resolved_on_the_issue_date(users, monkeypatch):
    import cchc.plans.services.imports as imports

    seen = []
    real = imports.agency_resolve
    monkeypatch.setattr(imports, "agency_resolve", lambda t, **k: seen.append(k["on"]) or real(t, **k))
    services.plan_import_create(user=users["par_office"], draft=small_draft(), filename="a.txt")
    assert seen and {str(d) for d in seen} == {"2024-01-05"}


def test_upload_size_comes_from_the_settings(users, settings):
    settings.CCHC_MAX_UPLOAD_MB = 1000 / 1048576
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_start(user=users["par_office"], filename="lon.txt", data=b"a" * 1001)
    assert exc.value.code == "too_large" and "lon.txt" in exc.value.message
    assert not PlanImport.objects.exists()
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_start(user=users["par_office"], filename="rong.txt", data=b"")
    assert exc.value.code == "empty" and "rong.txt" in exc.value.message


@pytest.mark.parametrize("data", [random.Random(3).randbytes(2000), b"%PDF-1.4\n%%EOF\n", None],
                         ids=["random bytes", "broken pdf", "excel file"])
def test_a_file_that_is_no_document_is_refused_before_any_import_or_job_is_recorded(users, data):
    from auditlog.models import LogEntry

    from cchc.core.models import Job
    from tests.helpers import xlsx

    data = data or xlsx([["STT", "Nhiệm vụ"], [1, "Rà soát thủ tục"]])
    audit_before = LogEntry.objects.count()
    with pytest.raises(services.PlanError) as exc:
        services.plan_import_start(user=users["par_office"], filename="ke-hoach.docx", data=data)
    assert "ke-hoach.docx" in exc.value.message
    assert not PlanImport.objects.exists() and not Job.objects.exists() and LogEntry.objects.count() == audit_before
