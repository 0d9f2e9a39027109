"""Every address of the site, as every role, on one small but complete data set (the demo content of every app).

- No answer is a server error (5xx or an exception), for any role.
- Anonymous visitors are sent to the login page (or refused) except on the public pages (``PUBLIC``).
- An object owned by a unit (``FILL[name].owner``: the path from the object to its ``OrgUnit``) is refused (403 or
  404) to the leader, focal point and viewer of another unit, and reachable by the CCHC office (a control: the
  filled object is a real one).
- A POST to a unit's object by a user of another unit — and by the unit's own viewer (read only) or an anonymous
  visitor — is refused (403, 404, or the login page); the object's row is unchanged and no audit entry is written.
  A unit role, the appraiser or a visitor posting to an office's object changes nothing either.
- No page shows a unit role a link to another unit's object; the forms that create a unit's object (the unit
  chosen in the form) create nothing for another unit; the exchange API key of a client system limited to one
  department answers no other department's data; list pages read with odd filters answer without an error.
- The JSON lists of the API (``API_LISTS``) hold, for a unit role, no object of another unit (by id), and for the
  office the objects of every unit.
- A division of Sở Tư pháp (a unit with a parent unit) and a second leader of Sở Tư pháp, what ``org.access`` says:
  the department's roles treat the division's objects as their own, the division's focal point is refused the
  department's and other units' objects, and the second leader answers as the first one.

Every URL pattern of the root resolver (the site, the REST API's django-ninja routes, the Django admin's index) is
crawled. A pattern with arguments must be filled from ``FILL`` or skipped in ``SKIP`` with a reason: a new pattern
the tables do not know fails :func:`test_every_url_pattern_is_known`, so that a new app is crawled too.

The data set is built once per module inside a transaction rolled back at the end (the org tree is the one of
``tests/conftest.py``, committed); every request runs inside a savepoint rolled back after it, so a write that
slips through never changes what the next request sees.
"""

from __future__ import annotations

import inspect
import io
import time
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import _load_tree
from tests.helpers import controls_without_a_name

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------------------------ roles

# role → demo account (cchc.site load_demo's accounts, plus a focal point of a second department)
ROLES = {
    "anonymous": None,
    "admin": "admin",
    "office": "cchc",  # Phòng CCHC, Sở Nội vụ
    "leader": "lanhdao.stp",  # Sở Tư pháp
    "province_leader": "lanhdao.tinh",  # UBND tỉnh: reads every unit of the province, approves none
    "focal": "daumoi.stp",
    "viewer": "xem",  # Sở Tư pháp, read only
    "focal_b": "daumoi.syt",  # Sở Y tế
    "commune": "daumoi.xa",  # a commune
    "appraiser": "thamdinh",
}
UNIT_ROLES = ("leader", "focal", "viewer", "focal_b", "commune")  # roles bound to one unit (scoped)
# crawled by the sub-unit test only (not by every test: the crawl's time): a second leader of Sở Tư pháp and the
# focal point of a division of Sở Tư pháp (SUB_UNIT, a unit whose parent is Sở Tư pháp)
MORE_ROLES = {"leader2": "lanhdao2.stp", "focal_sub": "daumoi.phong"}
SUB_UNIT = "T42.stp.hctp"

# ------------------------------------------------------------------------------------------------ tables


@dataclass(frozen=True)
class Fill:
    """How to fill a pattern's arguments from an object of ``model``.

    ``owner``: path from the object to the ``OrgUnit`` it belongs to ("" = the object is the unit); None when it is
    no unit's (a shared or office-only object). ``kwargs``: URL argument → attribute path of the object
    (``a__b``), or ``@key`` of the data set's extras (a secret kept only in clear when made); ``const``: fixed
    values. ``where``: lookups choosing a suitable object."""

    model: str
    owner: str | None = None
    kwargs: dict = field(default_factory=lambda: {"pk": "pk"})
    where: dict = field(default_factory=dict)
    const: dict = field(default_factory=dict)
    office_control: bool = True  # the office must reach the object (not 404) on GET


FILL: dict[str, Fill] = {
    # site
    "core:job_detail": Fill("core.Job"),
    # org
    "org:unit_detail": Fill("org.OrgUnit", owner="", kwargs={"code": "code"}),
    "org:unit_edit": Fill("org.OrgUnit", owner="", kwargs={"code": "code"}),
    # plans
    "plans:import_detail": Fill("plans.PlanImport"),
    "plans:import_status": Fill("plans.PlanImport"),
    "plans:import_edit": Fill("plans.PlanImport"),
    "plans:plan_detail": Fill("plans.Plan"),
    "plans:targets": Fill("plans.Plan", where={"targets__isnull": False}),
    "plans:occurrence_detail": Fill("plans.Occurrence", owner="unit"),
    "plans:report_action": Fill("plans.ProgressReport", owner="unit"),
    "plans:evidence_download": Fill("plans.Evidence", owner="report__unit"),
    "plans:deadline_decide": Fill("plans.DeadlineChange", owner="occurrence__unit"),
    # knowledge
    "knowledge:document": Fill("knowledge.Document"),
    "knowledge:publication": Fill("knowledge.Document"),
    "knowledge:passage": Fill("knowledge.Passage"),
    "knowledge:answer": Fill("knowledge.Question", owner="unit"),
    # exams
    "exams:question_edit": Fill("exams.Question"),
    "exams:bank_export": Fill("exams.Question", kwargs={}, const={"fmt": "xlsx"}),
    "exams:campaign_detail": Fill("exams.Campaign"),
    "exams:campaign_edit": Fill("exams.Campaign"),
    "exams:start": Fill("exams.Campaign"),
    "exams:publish_results": Fill("exams.Campaign"),
    "exams:close_overdue": Fill("exams.Campaign"),
    "exams:campaign_export": Fill("exams.Campaign", const={"table": "attempts"}),
    # an attempt is its examinee's (taken by no one else, the office included)
    "exams:take": Fill("exams.Attempt", owner="unit", office_control=False),
    "exams:result": Fill("exams.Attempt", owner="unit"),
    "exams:change_marks": Fill("exams.Attempt", owner="unit"),
    "exams:certificate": Fill("exams.Attempt", owner="unit", where={"passed": True}),
    # capacity
    "capacity:staff_detail": Fill("capacity.StaffMember", owner="assignments__unit"),
    "capacity:course_detail": Fill("capacity.Course", owner="organiser"),
    "capacity:evaluate": Fill("capacity.Course", owner="organiser"),
    "capacity:course_materials": Fill("capacity.Course", owner="organiser"),
    "capacity:material_download": Fill("capacity.Material", owner="course__organiser",
                                       office_control=False),  # a library document's link, no file
    "capacity:trainer_edit": Fill("capacity.Trainer"),
    "capacity:needs_survey": Fill("capacity.NeedsSurvey"),
    # inspections
    "inspections:plan_detail": Fill("inspections.InspectionPlan"),
    "inspections:plan_docx": Fill("inspections.InspectionPlan"),
    "inspections:plan_issue": Fill("inspections.InspectionPlan"),
    "inspections:inspection_new": Fill("inspections.InspectionPlan"),
    "inspections:inspection_detail": Fill("inspections.Inspection", owner="unit"),
    "inspections:checklist_save": Fill("inspections.Inspection", owner="unit"),
    "inspections:finding_new": Fill("inspections.Inspection", owner="unit"),
    "inspections:conclude": Fill("inspections.Inspection", owner="unit"),
    "inspections:minutes_docx": Fill("inspections.Inspection", owner="unit"),
    "inspections:notice_docx": Fill("inspections.Inspection", owner="unit"),
    # initiatives
    # initiatives: a proposed one is its unit's; a recognised one is shown to every unit, which may replicate it
    "initiatives:detail": Fill("initiatives.Initiative", owner="unit", where={"status": "proposed"}),
    "initiatives:attachment": Fill("initiatives.Initiative", owner="unit", where={"status": "proposed"},
                                   office_control=False),  # no attached file: 404 for everyone
    "initiatives:score": Fill("initiatives.Initiative", owner="unit", where={"status": "proposed"}),
    "initiatives:decide": Fill("initiatives.Initiative", owner="unit", where={"status": "proposed"}),
    "initiatives:replicate": Fill("initiatives.Initiative", where={"status": "recognised"}),
    # surveys
    "surveys:round_detail": Fill("surveys.Round", owner="unit"),
    "surveys:codes_new": Fill("surveys.Round", owner="unit"),
    "surveys:kiosk_start": Fill("surveys.Round", owner="unit"),
    "surveys:kiosk_stop": Fill("surveys.KioskSession", owner="round__unit",
                               kwargs={"pk": "round_id", "kiosk_id": "pk"}),
    "surveys:paper": Fill("surveys.Round", owner="unit"),
    "surveys:import": Fill("surveys.Round", owner="unit"),
    "surveys:version_detail": Fill("surveys.QuestionnaireVersion"),
    "surveys:version_action": Fill("surveys.QuestionnaireVersion"),
    "survey_kiosk": Fill("surveys.KioskSession", kwargs={"token": "@kiosk_token"}),
    "survey_respond": Fill("surveys.ResponseCode", kwargs={"code": "@code"}),
    # assessment (the CCHC index)
    "assessment:framework_detail": Fill("assessment.Framework"),
    "assessment:assessment_detail": Fill("assessment.SelfAssessment", owner="unit"),
    "assessment:evidence_download": Fill("assessment.ScoreEvidence", owner="score__assessment__unit"),
    "assessment:results": Fill("assessment.Round"),
    "assessment:council": Fill("assessment.Round"),
    "assessment:public_detail": Fill("assessment.Round", office_control=False),  # not published yet
    # dossiers
    "dossiers:late": Fill("org.OrgUnit", owner="", kwargs={"code": "code"}),
    "dossiers:unit": Fill("org.OrgUnit", owner="", kwargs={"code": "code"}),
    "dossiers:import_detail": Fill("dossiers.DossierImport"),
    # procedures
    "procedures:preview": Fill("procedures.ProcedureImport"),
    "procedures:discard": Fill("procedures.ProcedureImport"),
    "procedures:detail": Fill("procedures.Procedure", kwargs={"code": "code"}),
    # reports
    **{f"reports:{n}": Fill("reports.Report", owner="unit") for n in (
        "detail", "save", "regenerate", "issue", "review", "consolidate", "docx", "xlsx", "signed_upload")},
    # no signed scan yet; the PDF needs LibreOffice (off in the crawl: ~10 s a call; tests/reports convert it)
    "reports:signed": Fill("reports.Report", owner="unit", office_control=False),
    "reports:pdf": Fill("reports.Report", owner="unit", office_control=False),
    # exchange (office screen)
    "exchange:client_edit": Fill("exchange.ClientSystem"),
    "exchange:token_issue": Fill("exchange.ClientSystem"),
    "exchange:token_revoke": Fill("core.ApiToken", kwargs={"pk": "user__client_system__pk", "token_id": "pk"}),
    # REST API (django-ninja)
    "api:get_unit": Fill("org.OrgUnit", owner="", kwargs={"code": "code"}),
    "api:list_tasks": Fill("plans.Plan", kwargs={"plan_id": "pk"}),
    "api:get_occurrence": Fill("plans.Occurrence", owner="unit", kwargs={"occurrence_id": "pk"}),
    "api:submit_progress": Fill("plans.Occurrence", owner="unit", kwargs={"occurrence_id": "pk"}),
    "api:get_report": Fill("plans.ProgressReport", owner="unit", kwargs={"report_id": "pk"}),
    "api:start": Fill("exams.Campaign", kwargs={"campaign_id": "pk"}),
    "api:state": Fill("exams.Attempt", owner="unit", kwargs={"attempt_id": "pk"}, office_control=False),
    "api:save_answer": Fill("exams.Attempt", owner="unit", kwargs={"attempt_id": "pk"}),
    "api:submit": Fill("exams.Attempt", owner="unit", kwargs={"attempt_id": "pk"}),
    "api:framework": Fill("assessment.Framework", kwargs={"framework_id": "pk"}),
    "api:scores": Fill("assessment.SelfAssessment", owner="unit", kwargs={"assessment_id": "pk"}),
    "api:score_save": Fill("assessment.Score", owner="assessment__unit", kwargs={"score_id": "pk"}),
    "api:council": Fill("assessment.Round", kwargs={"round_id": "pk"}, office_control=False),  # no council yet
    "api:appraisal_save": Fill("assessment.Score", owner="assessment__unit", kwargs={"score_id": "pk"}),
    "api:objections": Fill("assessment.SelfAssessment", owner="unit", kwargs={"assessment_id": "pk"}),
    "api:objection_file": Fill("assessment.Score", owner="assessment__unit", kwargs={"score_id": "pk"}),
    "api:objection_answer": Fill("assessment.Objection", owner="score__assessment__unit",
                                 kwargs={"objection_id": "pk"}),
}

SKIP: dict[str, str] = {
    # name → why it is not crawled here (none today: every pattern is filled). The Django admin is crawled as its
    # index only (anonymous and non-staff users are sent to its login; its model pages are read by the superuser
    # in each app's test_admin.py through tests.helpers.assert_admin_pages_render).
}

# Pages an anonymous visitor may open (anything else: the login page, 401, 403, 404 or 405).
PUBLIC = {
    "healthz", "favicon", "login", "logout", "set_language", "api:openapi-json", "api:openapi-view", "api:api-root",
    "survey_enter", "survey_kiosk", "survey_respond", "initiatives:public", "assessment:public_list",
    "assessment:public_detail",
}

REFUSED = (403, 404)

# Documents built on every call (a .docx, .xlsx or PDF of a report, DuckDB queries over the dossiers' files, the
# OpenAPI schema), 1–2 s each: crawled as anonymous, the office and the roles that must be refused, not by every
# role that may read them (their own apps' tests read them as those roles), to keep the crawl's time.
HEAVY = {
    "reports:docx", "reports:pdf", "reports:xlsx", "dossiers:index", "dossiers:unit", "dossiers:late",
    "inspections:plan_docx", "inspections:minutes_docx", "inspections:notice_docx", "api:openapi-json",
}


# ------------------------------------------------------------------------------------------------ URL patterns

@dataclass
class Route:
    name: str
    route: str  # the pattern's text, for messages
    args: tuple[str, ...]  # the names of its arguments
    methods: frozenset[str] | None = None  # the API's declared methods (None: a view, any method)

    def url(self, kwargs: dict) -> str:
        from django.urls import reverse

        return reverse(self.name, kwargs=kwargs or None)


def _ninja_methods(callback, name: str) -> frozenset[str] | None:
    try:
        view = inspect.getclosurevars(callback).nonlocals.get("self")
    except (TypeError, ValueError):
        return None
    ops = getattr(view, "operations", None)
    if not ops:
        return None
    mine = [op for op in ops if getattr(op, "url_name", None) == name] or ops
    return frozenset(m for op in mine for m in op.methods)


def all_routes() -> list[Route]:
    """Every named URL pattern of the root resolver (recursively, namespaces joined), the admin as its index."""
    out: list[Route] = []

    def walk(resolver, prefix: str, ns: str | None, args: tuple):
        for p in resolver.url_patterns:
            pattern_args = tuple(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    out.append(Route("admin:index", prefix + str(p.pattern), ()))
                    continue
                sub = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                walk(p, prefix + str(p.pattern), sub, args + pattern_args)
            elif isinstance(p, URLPattern):
                if not p.name:
                    raise AssertionError(f"URL pattern without a name: {prefix}{p.pattern}")
                name = f"{ns}:{p.name}" if ns else p.name
                out.append(Route(name, prefix + str(p.pattern), args + pattern_args,
                                 _ninja_methods(p.callback, p.name) if name.startswith("api:") else None))

    walk(get_resolver(), "/", None, ())
    return out


# ------------------------------------------------------------------------------------------------ the data set

def _demo_plan(office, users):
    """The plans demo without its thousands of sample reports: the small plan of tests/plans (tasks of Sở Tư pháp,
    Sở Y tế and every commune), a submitted report of each focal point (one with an evidence file)."""
    import datetime as dt
    import json

    from django.utils import timezone

    from cchc.core.audit import actor
    from cchc.plans import services
    from cchc.plans.models import Occurrence
    from tests.helpers import pdf_with_text
    from tests.plans.conftest import confirm_draft, small_draft

    year = str(timezone.localdate().year)  # this year's plan: the units of today (the new communes) are assigned
    draft = json.loads(json.dumps(small_draft()).replace("2024", year))
    plan, _imp = confirm_draft(office, draft)
    for username in ("daumoi.stp", "daumoi.syt", "daumoi.xa"):
        user = users[username]
        from cchc.org import access

        o = Occurrence.objects.filter(plan=plan, unit__in=access.user_units(user)).order_by("due_date").first()
        with actor(user):
            services.progress_report_save(
                occurrence=o, user=user, submit=True,
                data={"status": "in_progress", "percent": 40, "result": "Đang triển khai."},
                evidence=[("bao-cao.pdf", pdf_with_text("Bao cao tien do"))])
            later = max(o.due_date, timezone.localdate()) + dt.timedelta(days=30)
            services.deadline_change_request(user=user, occurrence=o, to_date=later, reason="Chờ hướng dẫn")
    # a second plan import waiting for review (the review screens)
    services.plan_import_create(user=office, draft=small_draft(), filename="cho-duyet.txt")


def _extras(users):
    """What the demo content lacks for a crawl: a survey kiosk and response codes (their secrets kept), evidence
    files of the index, an objection, questions to the office, a recognised initiative of a third unit, keys of
    the province's client system and of a department's."""
    import datetime as dt

    from django.utils import timezone

    from cchc.assessment.models import Objection, Score
    from cchc.exchange import services as exchange
    from cchc.exchange.models import ClientSystem
    from cchc.surveys import services as surveys
    from cchc.surveys.models import KioskSession, ResponseCode, Round

    office = users["cchc"]
    now = timezone.now()
    rnd = Round.objects.filter(closes_at__gt=now).order_by("pk").first() or Round.objects.order_by("pk").first()
    if rnd.closes_at <= now:
        rnd.closes_at = now + dt.timedelta(days=30)
        rnd.save(update_fields=["closes_at"])
    ks, token = surveys.kiosk_start(office, rnd)
    KioskSession.objects.filter(pk=ks.pk).update(label=token)  # the raw token, read back by FILL
    _batch, codes = surveys.codes_create(office, rnd, 3)
    rc = ResponseCode.objects.filter(round=rnd).order_by("pk").first()
    from cchc.assessment import services as assessment
    from tests.helpers import pdf_with_text

    for code in (X_UNIT, *Y_UNITS):  # an evidence file of a score of each department
        score = Score.objects.filter(assessment__unit__code=code, assessment__round__closed=False).order_by("pk").first()
        assessment.evidence_add(score, user=office, name="minh-chung.pdf", data=pdf_with_text("Minh chung"))
    score = Score.objects.filter(assessment__unit__code=X_UNIT, assessment__round__closed=False).order_by("pk").first()
    Objection.objects.create(score=score, text="Kiến nghị xem lại điểm.", filed_by=users["daumoi.stp"])
    from cchc.knowledge import services as knowledge

    for username in ("daumoi.stp", "daumoi.syt"):  # a question to the office from each department
        user = users[username]
        knowledge.question_ask(user=user, text=f"Câu hỏi của {username} về thủ tục hành chính?",
                               unit=user.memberships.first().unit)
    from cchc.initiatives.models import Initiative
    from cchc.org.models import OrgUnit

    # an initiative recognised in a unit other than the two departments (which both may replicate)
    Initiative.objects.create(year=now.year, title="Một cửa không chờ", authors="Bộ phận một cửa", description="…",
                              unit=OrgUnit.objects.get(code="T42.skhcn"), status=Initiative.Status.RECOGNISED)
    client = ClientSystem.objects.filter(unit__isnull=True).order_by("pk").first()  # the province's system
    _token, province_secret = exchange.token_issue(user=office, client=client, label="crawl")
    # a client system limited to Sở Tư pháp, with every read scope (the exchange API's unit scoping)
    stp_client = ClientSystem.objects.get(unit__code=X_UNIT)
    exchange.client_save(user=office, code=stp_client.code, name=stp_client.name, unit=stp_client.unit,
                         scopes=sorted({*stp_client.scopes, "tasks:read", "targets:read", "indicators:read",
                                        "index:read", "reports:read"}), client=stp_client)
    _token, secret = exchange.token_issue(user=office, client=stp_client, label="crawl")
    return {"kiosk_token": token, "code": codes[0], "code_row": rc.pk, "client_secret": secret,
            "province_secret": province_secret}


def _sub_unit(users) -> dict:
    """A division of Sở Tư pháp (``OrgUnit.parent``) with a focal point and objects of its own — a submitted
    progress report with an evidence file on an occurrence of its own, a question to the office, a proposed
    initiative, a course it organises, a survey round with a kiosk, a periodic report, a staff record, an
    inspection, a self-assessment, exam attempts — and a second leader of Sở Tư pháp. Made after the demo content,
    so the objects of the other tests are the same."""
    import copy
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cchc.assessment import services as assessment
    from cchc.assessment.models import Objection, Score, SelfAssessment
    from cchc.capacity.models import Course, Material, StaffAssignment, StaffMember
    from cchc.core.audit import actor
    from cchc.exams.models import Attempt
    from cchc.initiatives.models import Initiative
    from cchc.inspections.models import Inspection
    from cchc.knowledge import services as knowledge
    from cchc.org.models import Membership, OrgUnit, Role, UnitKind
    from cchc.plans import services as plans
    from cchc.plans.models import Occurrence
    from cchc.reports import services as reports
    from cchc.surveys import services as surveys
    from cchc.surveys.models import Round
    from tests.helpers import pdf_with_text

    User = get_user_model()
    stp = OrgUnit.objects.get(code=X_UNIT)
    div = OrgUnit.objects.create(code=SUB_UNIT, name="Phòng Hành chính tư pháp", kind=UnitKind.DIVISION, parent=stp,
                                 valid_from=stp.valid_from)
    focal = User.objects.create_user(MORE_ROLES["focal_sub"], first_name="Đầu mối Phòng Hành chính tư pháp")
    Membership.objects.create(user=focal, unit=div, role=Role.FOCAL_POINT)
    leader2 = User.objects.create_user(MORE_ROLES["leader2"], first_name="Phó Giám đốc Sở Tư pháp")
    Membership.objects.create(user=leader2, unit=stp, role=Role.UNIT_LEADER)
    # the division's own occurrence of a task of Sở Tư pháp, reported on by its focal point
    occ = copy.copy(Occurrence.objects.filter(unit=stp).order_by("pk").first())
    occ.pk, occ.unit, occ.assignment = None, div, None
    occ.status, occ.percent, occ.accepted, occ.first_submitted_on, occ.completed_on = "not_started", 0, False, None, None
    occ.save()
    today = timezone.localdate()
    with actor(focal):
        plans.progress_report_save(occurrence=occ, user=focal, submit=True,
                                   data={"status": "in_progress", "percent": 20, "result": "Đang rà soát."},
                                   evidence=[("phong.pdf", pdf_with_text("Bao cao cua phong"))])
        plans.deadline_change_request(user=focal, occurrence=occ, reason="Phòng chờ hướng dẫn",
                                      to_date=max(occ.due_date, today) + dt.timedelta(days=30))
        knowledge.question_ask(user=focal, text="Câu hỏi của phòng về thủ tục hành chính?", unit=div)
        Initiative.objects.create(year=today.year, title="Sáng kiến của phòng", authors="Phòng HCTP",
                                  description="…", unit=div, status=Initiative.Status.PROPOSED)
        course = Course.objects.create(title="Lớp của phòng", organiser=div, start_date=today, end_date=today)
        Material.objects.create(course=course, title="Tài liệu của lớp")  # no file, as Sở Y tế's (404 to all)
        rnd = copy.copy(Round.objects.order_by("pk").first())
        rnd.pk, rnd.unit, rnd.title = None, div, "Đợt khảo sát của phòng"
        rnd.opens_at, rnd.closes_at = timezone.now() - dt.timedelta(days=1), timezone.now() + dt.timedelta(days=30)
        rnd.save()  # open: a kiosk is started on it below
        reports.report_create(user=focal, unit=div, year=today.year, period_kind="q1")
    surveys.kiosk_start(users["cchc"], rnd)
    staff = StaffMember.objects.create(full_name="Lê Văn Phòng", user=focal)
    StaffAssignment.objects.create(staff=staff, unit=div, role="focal_point", start_date=today)
    # copies of Sở Tư pháp's rows for the division: an inspection, a self-assessment with a score (its evidence and
    # an objection), exam attempts of its focal point (Sở Tư pháp has none: the first and a passed one of another)
    _copy(Inspection.objects.filter(unit=stp).order_by("pk").first(), unit=div)
    sa = _copy(SelfAssessment.objects.filter(unit=stp, round__closed=False).order_by("pk").first(), unit=div)
    score = _copy(Score.objects.filter(assessment=sa.__class__.objects.get(round=sa.round, unit=stp)).order_by("pk")
                  .first(), assessment=sa)
    assessment.evidence_add(score, user=users["cchc"], name="minh-chung.pdf", data=pdf_with_text("Minh chung"))
    Objection.objects.create(score=score, text="Phòng kiến nghị.", filed_by=focal)
    for number, attempt in enumerate((Attempt.objects.order_by("pk").first(),
                                      Attempt.objects.filter(passed=True).order_by("pk").first()), start=1):
        _copy(attempt, unit=div, user=focal, number=number)
    return {"unit": div, "users": {"leader2": leader2, "focal_sub": focal}}


def _copy(obj, **changes):
    """A copy of ``obj``'s row (its own fields; no related rows) with ``changes``."""
    import copy

    assert obj is not None, f"nothing to copy for {changes}"
    new = copy.copy(obj)
    new.pk = new.id = None
    for name, value in changes.items():
        setattr(new, name, value)
    new.save()
    return new


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content of every app (cchc load_demo's hooks, the plans demo made small), users per role; built
    once, rolled back after the module."""
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from cchc.core.hooks import get_hooks
    from cchc.org.models import Membership, OrgUnit, Role
    from cchc.site.management.commands.load_demo import demo_users

    media = tmp_path_factory.mktemp("crawl-media")
    started = time.monotonic()
    with django_db_blocker.unblock(), mock.patch("cchc.reports.documents.libreoffice", return_value=None), \
            override_settings(MEDIA_ROOT=str(media),
                                                       CCHC_DOSSIERS_DIR=str(media / "dossiers")):
        _load_tree()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_users("Hà Tĩnh")
            User = get_user_model()
            syt = OrgUnit.objects.get(code="T42.syt")
            b = User.objects.create_user("daumoi.syt", first_name="Đầu mối Sở Y tế")
            Membership.objects.create(user=b, unit=syt, role=Role.FOCAL_POINT)
            users = {u.username: u for u in User.objects.all()}
            for load in get_hooks("demo"):
                if load.__module__ == "cchc.plans.hooks":
                    _demo_plan(users["cchc"], users)
                elif "stdout" in inspect.signature(load).parameters:
                    load(stdout=io.StringIO())
                else:
                    load()
            call_command("surveys", "templates", stdout=io.StringIO())
            extras = _extras(users)
            data = {"users": {role: users.get(name) for role, name in ROLES.items()}, "extras": extras,
                    "sub": _sub_unit(users), "seconds": time.monotonic() - started}
            print(f"crawl data set built in {data['seconds']:.1f} s")
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            from django.core.cache import cache

            cache.clear()  # rate-limit windows and counters of the crawl's requests


# ------------------------------------------------------------------------------------------------ targets

X_UNIT = "T42.stp"  # unit X: Sở Tư pháp (leader, focal, viewer); other units: Sở Y tế (focal_b), a commune
Y_UNITS = ("T42.syt",)


@dataclass
class Target:
    route: Route
    kwargs: dict
    model: object | None = None
    pk: object = None
    owners: frozenset = frozenset()  # ids of the owner units ("" fills: the unit itself)
    fill: Fill | None = None
    primary: bool = True  # the first object of its pattern (crawled by every role; the second by the scoped ones)

    @property
    def url(self) -> str:
        return self.route.url(self.kwargs)

    def __str__(self):
        return f"{self.route.name} {self.url}"


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _owner_q(fill: Fill, unit):
    prefix = f"{fill.owner}__" if fill.owner else ""
    return {f"{prefix}path__startswith": unit.path}


def _owner_ids(model, fill: Fill, pk) -> frozenset:
    if fill.owner == "":
        return frozenset([pk])
    return frozenset(model.objects.filter(pk=pk).exclude(**{fill.owner: None})
                     .values_list(f"{fill.owner}__pk", flat=True))


def _targets(routes: list[Route], extras: dict) -> list[Target]:
    from django.apps import apps

    from cchc.org.models import OrgUnit

    x = OrgUnit.objects.get(code=X_UNIT)
    div = OrgUnit.objects.get(code=SUB_UNIT)  # its objects are the sub-unit test's (:func:`_sub_targets`)
    others = [OrgUnit.objects.get(code=c) for c in Y_UNITS]
    out, missing = [], []
    for r in routes:
        if r.name in SKIP:
            continue
        if not r.args:
            out.append(Target(r, {}))
            continue
        fill = FILL[r.name]
        model = apps.get_model(fill.model)
        base = model.objects.filter(**fill.where).order_by("pk")
        if fill.owner is None:
            objs = [base.first()]
        else:
            mine = base.filter(**_owner_q(fill, x)).exclude(**_owner_q(fill, div)).first()
            other = None
            for u in others:
                other = other or base.filter(**_owner_q(fill, u)).first()
            other = other or base.exclude(**_owner_q(fill, x)).exclude(**{fill.owner or "pk": None}).first()
            objs = [o for o in (mine, other) if o is not None]
        if not objs or objs[0] is None:
            missing.append(f"{r.name}: no {fill.model} in the data set to fill {r.route}")
            continue
        out += [_target(r, fill, model, obj, extras, primary=i == 0) for i, obj in enumerate(objs)]
    assert not missing, "\n".join(missing)
    return out


def _target(r: Route, fill: Fill, model, obj, extras: dict, *, primary: bool = True) -> Target:
    kwargs = dict(fill.const)
    for arg, path in fill.kwargs.items():
        kwargs[arg] = extras[path[1:]] if path.startswith("@") else _attr(obj, path)
    return Target(r, kwargs, model, obj.pk, _owner_ids(model, fill, obj.pk) if fill.owner is not None else frozenset(),
                  fill, primary=primary)


def _sub_targets(routes: list[Route], extras: dict, unit) -> list[Target]:
    """The addresses of the objects of ``unit`` (the division of Sở Tư pháp), one a pattern where it has one."""
    from django.apps import apps

    out = []
    for r in routes:
        fill = FILL.get(r.name)
        if fill is None or fill.owner is None:
            continue
        model = apps.get_model(fill.model)
        obj = model.objects.filter(**fill.where).filter(**_owner_q(fill, unit)).order_by("pk").first()
        if obj is not None:
            out.append(_target(r, fill, model, obj, extras))
    return out


def _unit_paths(user) -> list[str]:
    """The subtrees a unit user belongs to: their units' and those of the units whose records passed to them (a
    commune merged into theirs on 1 July 2025; ``org.selectors.handed_over_to``, tested on its own)."""
    from django.utils import timezone

    from cchc.org import access
    from cchc.org.selectors import handed_over_to

    units = access.user_units(user)
    inherited = handed_over_to([u.pk for u in units], timezone.localdate())
    return [u.path for u in units] + [h.path for u in units for h in inherited.get(u.pk, ())]


def _foreign(user, owners) -> bool:
    """The user belongs to none of the owner units nor a unit above them."""
    from cchc.org.models import OrgUnit

    paths = _unit_paths(user)
    return not any(u.path.startswith(p) for u in OrgUnit.objects.filter(pk__in=owners) for p in paths)


@pytest.fixture(scope="module")
def routes():
    return all_routes()


@pytest.fixture(scope="module")
def targets(site, routes):
    return _targets(routes, site["extras"])


def _clients(users: dict) -> dict:
    out = {}
    for role, user in users.items():
        c = Client(raise_request_exception=True, HTTP_HOST="localhost")
        if user is not None:
            c.force_login(user)
        out[role] = c
    return out


@pytest.fixture(scope="module")
def clients(site):
    return _clients(site["users"])


@pytest.fixture(scope="module")
def more_clients(site):
    """The second leader of Sở Tư pháp and the focal point of its division (the sub-unit test's roles)."""
    return _clients(site["sub"]["users"])


# ------------------------------------------------------------------------------------------------ requests

def _request(client, method: str, url: str, *, json_api: bool = False, data=None):
    """One request inside a savepoint rolled back after it; returns (status or an exception's text, response)."""
    import json

    with transaction.atomic():
        try:
            if method == "GET":
                resp = client.get(url)
            elif json_api:
                resp = getattr(client, method.lower())(url, data=json.dumps(data or {}),
                                                       content_type="application/json")
            else:
                resp = client.post(url, data=data or {})
            out = resp.status_code, resp
        except Exception as exc:  # noqa: BLE001 - every failure of the crawl is collected, then reported
            out = f"{type(exc).__name__}: {exc}"[:300], None
        transaction.set_rollback(True)
    return out


def _to_login(resp) -> bool:
    loc = resp.headers.get("Location", "") if resp is not None else ""
    return resp is not None and resp.status_code == 302 and ("/login/" in loc)


def test_every_url_pattern_is_known(routes):
    """A pattern with arguments is filled from FILL or skipped with a reason in SKIP; the tables name no pattern
    that is gone."""
    names = {r.name for r in routes}
    unknown = sorted(f"{r.name} ({r.route})" for r in routes if r.args and r.name not in FILL and r.name not in SKIP)
    assert not unknown, ("URL patterns the crawl cannot fill — add them to FILL (model, owner unit, arguments) or "
                         "to SKIP with a reason: " + ", ".join(unknown))
    stale = sorted((set(FILL) | set(SKIP) | PUBLIC | HEAVY | SHARED_WRITES | APPRAISER_WRITES) - names)
    assert not stale, f"names in the crawl's tables that no URL pattern has: {stale}"
    assert not set(FILL) & set(SKIP)
    assert all(reason.strip() for reason in SKIP.values()), "a skipped pattern needs its reason"


def _get_problem(t: Target, role: str, user, status, resp) -> str | None:
    if not isinstance(status, int):
        return f"exception {status}"
    if status >= 500:
        return f"server error {status}"
    if role == "anonymous":
        if t.route.name not in PUBLIC and not (_to_login(resp) or status in (401, 403, 404, 405)):
            return f"anonymous got {status} (not the login page nor a refusal)"
        return None
    if t.owners and role in UNIT_ROLES and _foreign(user, t.owners) and status not in (*REFUSED, 405):
        return f"another unit's object answered {status} (expected 403 or 404)"
    if role == "office" and t.fill is not None and t.fill.office_control and status == 404:
        return "the office gets 404: the crawl filled the address with an object nobody reaches"
    return None


def _foreign_links(targets, users) -> dict[str, list[str]]:
    """Per unit role, the links (``href="…"``) to the objects of other units (not units themselves) that no page
    may show it."""
    out = {}
    for role in UNIT_ROLES:
        out[role] = sorted({f'href="{t.url}"' for t in targets if t.owners and t.fill.owner
                            and _foreign(users[role], t.owners)})
    return out


def test_every_url_answers_every_role_without_error_or_leak(site, targets, clients):
    problems, timings = [], []
    links = _foreign_links(targets, site["users"])
    cpu, wall, n = time.process_time(), time.monotonic(), 0
    for t in targets:
        url = t.url
        started = time.monotonic()
        for role, client in clients.items():
            if (not t.primary or t.route.name in HEAVY) and role not in ("office", *UNIT_ROLES):
                if not (role == "anonymous" and t.primary):
                    continue
            if t.route.name in HEAVY and role in UNIT_ROLES and not (t.owners and _foreign(site["users"][role],
                                                                                         t.owners)):
                continue
            status, resp = _request(client, "GET", url)
            n += 1
            problem = _get_problem(t, role, site["users"][role], status, resp)
            if problem:
                problems.append(f"GET {url} [{t.route.name}] as {role}: {problem}")
            elif role in UNIT_ROLES and status == 200 and "html" in resp.get("Content-Type", ""):
                page = resp.content.decode()
                shown = [h[6:-1] for h in links[role] if h in page]
                if shown:
                    problems.append(f"GET {url} [{t.route.name}] as {role}: links to other units' objects {shown}")
            if status == 200 and role in ("office", "anonymous", *UNIT_ROLES) and "html" in resp.get("Content-Type", ""):
                unnamed = controls_without_a_name(resp.content.decode())
                if unnamed:  # a form field a screen reader announces without saying what it is for
                    problems.append(f"GET {url} [{t.route.name}] as {role}: fields without a label {unnamed[:3]}")
        timings.append((time.monotonic() - started, url))
    timings.sort(reverse=True)
    print("slowest:", ", ".join(f"{u} {s:.2f}s" for s, u in timings[:5]))
    print(f"{len(targets)} addresses, {n} GET requests in {time.monotonic() - wall:.1f} s "
          f"({time.process_time() - cpu:.1f} s CPU)")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# A form filled the way the site's forms are (the fields of the progress report, the review actions, the
# answers…): a view that forgot its scope would act on it. JSON for the API.
POST_FORM = {
    "action": "submit", "op": "confirm", "status": "done", "percent": "100", "completed_on": "2025-01-10",
    "result": "Đã hoàn thành.", "comment": "Đề nghị bổ sung.", "text": "Nội dung", "answer": "Trả lời",
    "points": "1", "title": "Tiêu đề khác", "name": "Tên khác", "value": "1", "decision": "recognised",
    "count": "2", "hours": "2", "label": "Máy 1", "body": "Nội dung báo cáo", "outcome": "recognised",
}
POST_JSON = {"points": "1", "explanation": "Giải trình", "text": "Kiến nghị", "answer": "Trả lời", "reason": "Lý do",
             "status": "done", "percent": 100, "result": "Đã hoàn thành.", "position": 1, "selected": ["a"],
             "seq": 1, "version": 1}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# Writes the appraiser makes on a unit's object (its role: appraisal of the CCHC index).
APPRAISER_WRITES = {"api:appraisal_save"}


def _snapshot(t: Target):
    """The object's row (every concrete field) and the number of audit entries."""
    from auditlog.models import LogEntry

    if t.model is None:
        return None, LogEntry.objects.count()
    row = t.model.objects.filter(pk=t.pk).values(*[f.attname for f in t.model._meta.concrete_fields]).first()
    return row, LogEntry.objects.count()


def _write(client, t: Target, method: str):
    """A write to the target inside a savepoint rolled back after it: (status, response, before, after)."""
    import json

    with transaction.atomic():
        before = _snapshot(t)
        try:
            if t.route.methods is None:
                resp = client.post(t.url, data=POST_FORM)
            else:
                resp = getattr(client, method.lower())(t.url, data=json.dumps(POST_JSON),
                                                       content_type="application/json")
            status = resp.status_code
        except Exception as exc:  # noqa: BLE001 - collected and reported
            status, resp = f"{type(exc).__name__}: {exc}"[:300], None
        after = _snapshot(t)
        transaction.set_rollback(True)
    return status, resp, before, after


# Writes a unit's user makes on an object that is no unit's, or with no object (taking an exam, replicating a
# recognised initiative, answering the office's training needs survey, asking the office, rating an answer…).
SHARED_WRITES = {
    "exams:start", "api:start", "initiatives:replicate", "capacity:needs_survey", "knowledge:ask_office",
    "knowledge:feedback", "notifications:mark_read", "notifications:preferences", "set_language", "login",
    "logout", "password_change", "survey_enter", "survey_kiosk", "survey_respond",
}


def _writers(t: Target, users: dict) -> list[str]:
    """Who must be refused a write to the target: anonymous; for a unit's object the unit roles of other units,
    the unit's viewer (read only) and the appraiser (reads everything, writes appraisals only); for an office's
    object (no owner) a focal point and the appraiser."""
    if t.route.name in SHARED_WRITES:
        return []
    out = [] if t.route.name in PUBLIC else ["anonymous"]
    if t.owners:
        # every scoped role of the other units (the commune's only where Sở Y tế's focal point is not one)
        foreign = [r for r in UNIT_ROLES if _foreign(users[r], t.owners)]
        if "focal_b" in foreign and "commune" in foreign:
            foreign.remove("commune")
        out += [r for r in UNIT_ROLES if r in foreign or r == "viewer"]
    elif t.primary:
        out.append("focal")
    if t.route.name not in APPRAISER_WRITES and t.primary:
        out.append("appraiser")
    return out


def _reads(role: str, t: Target, users: dict) -> bool:
    """The role may read the target (then a POST may answer as a GET would)."""
    return role == "appraiser" or not t.owners or not _foreign(users[role], t.owners)


def test_writes_to_another_units_object_are_refused_and_change_nothing(site, targets, clients):
    problems, n = [], 0
    cpu, wall = time.process_time(), time.monotonic()
    for t in targets:
        methods = ["POST"] if t.route.methods is None else [m for m in WRITE_METHODS if m in t.route.methods]
        for method in methods:
            for role in _writers(t, site["users"]):
                status, resp, before, after = _write(clients[role], t, method)
                n += 1
                where = f"{method} {t.url} [{t.route.name}] as {role}"
                if not isinstance(status, int) or status >= 500:
                    problems.append(f"{where}: {status}")
                elif role == "anonymous" and not (_to_login(resp) or status in (401, 403, 404, 405)):
                    problems.append(f"{where}: anonymous got {status}")
                elif role != "anonymous" and not _reads(role, t, site["users"]) and status not in (*REFUSED, 405):
                    problems.append(f"{where}: answered {status} (expected 403 or 404)")
                if t.model is not None and before[0] != after[0]:
                    changed = {k: (before[0][k], after[0][k]) for k in before[0] if before[0][k] != after[0][k]}
                    problems.append(f"{where}: the row changed {changed}")
                if before[1] != after[1]:
                    problems.append(f"{where}: {after[1] - before[1]} audit entries written")
    print(f"{n} refused writes in {time.monotonic() - wall:.1f} s ({time.process_time() - cpu:.1f} s CPU)")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# Query parameters a list page reads (page, sort, filters, periods), given values no form sends.
ODD_QUERY = ("?page=-1&sort=-zzz&year=99999&quarter=9&period=abc&unit=ZZZ.999&plan=abc&status=x&show=x&q=%25%27"
             "&today=2024-13-45&kind=x&round=abc&campaign=abc&month=2024-99&format=x&export=x&from=x&to=x")


def test_pages_answer_odd_query_parameters_without_error(site, targets, clients):
    """Every list page read with odd filter values answers without a server error (a 400 or the unfiltered page).
    (Each of these parameters alone was tried once on every page as the office and a focal point: no error.)"""
    problems = []
    for t in targets:
        if t.route.args or t.route.name in HEAVY:
            continue
        for role in ("office", "focal"):
            status, _resp = _request(clients[role], "GET", t.url + ODD_QUERY)
            if not isinstance(status, int) or status >= 500:
                problems.append(f"GET {t.url + ODD_QUERY} [{t.route.name}] as {role}: {status}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_exchange_api_shows_a_units_client_system_only_its_unit(site, targets):
    """Every exchange API read with the key of a client system limited to Sở Tư pháp: no server error, no other
    department in the answer."""
    from cchc.org.models import OrgUnit

    others = [(u.code, u.name) for u in OrgUnit.objects.filter(code__in=Y_UNITS)]
    client = Client(HTTP_AUTHORIZATION=f"Token {site['extras']['client_secret']}")
    problems, read = [], 0
    for t in targets:
        if not t.route.route.startswith("/api/v1/exchange/") or "GET" not in (t.route.methods or ()):
            continue
        status, resp = _request(client, "GET", t.url)
        read += status == 200
        if not isinstance(status, int) or status >= 500:
            problems.append(f"GET {t.url}: {status}")
        elif any(code in resp.content.decode() or name in resp.content.decode() for code, name in others):
            problems.append(f"GET {t.url}: another department's data")
    assert read >= 5, "the client system's key reads nothing: the check is empty"
    assert not problems, "\n".join(problems)
    # the control: the province's own system reads the other departments' tasks at the same address
    province = Client(HTTP_AUTHORIZATION=f"Token {site['extras']['province_secret']}")
    status, resp = _request(province, "GET", "/api/v1/exchange/tasks")
    assert status == 200 and others[0][0] in resp.content.decode()


# ------------------------------------------------------------------------------------------------ creations

def _create_forms(site) -> dict:
    """Forms that create a unit's object, the unit chosen in the form: URL → (model, owner field, the form for a
    unit). Posted by Sở Tư pháp's focal point for Sở Y tế (refused) and for Sở Tư pháp (made: the control that
    the form is otherwise valid)."""
    from django.urls import reverse
    from django.utils import timezone

    from cchc.initiatives.models import Initiative
    from cchc.plans.models import Plan
    from cchc.surveys.models import QuestionnaireVersion

    today = timezone.localdate()
    year = today.year
    version = QuestionnaireVersion.objects.filter(status=QuestionnaireVersion.Status.PUBLISHED).order_by("pk").first()
    recognised = Initiative.objects.filter(status=Initiative.Status.RECOGNISED).exclude(
        unit__code__in=(X_UNIT, *Y_UNITS)).order_by("pk").first()
    plan = Plan.objects.filter(targets__isnull=False).order_by("pk").first()
    return {
        reverse("initiatives:propose"): ("initiatives.Initiative", "unit", lambda u: {
            "unit": u.pk, "title": "Sáng kiến số hóa hồ sơ", "authors": "Nguyễn Văn Thử",
            "description": "Nội dung sáng kiến.", "year": year}),
        reverse("initiatives:replicate", args=[recognised.pk]): ("initiatives.Replication", "unit", lambda u: {
            "unit": u.pk, "started_on": today.strftime("%d/%m/%Y"), "result": "Đang áp dụng."}),
        reverse("capacity:staff_new"): ("capacity.StaffAssignment", "unit", lambda u: {
            "full_name": "Trần Văn Thử", "unit": u.pk, "role": "focal_point", "start_date": today.isoformat()}),
        reverse("capacity:course_new"): ("capacity.Course", "organiser", lambda u: {
            "title": "Lớp bồi dưỡng thử", "format": "in_person", "organiser": u.pk, "start_date": today.isoformat(),
            "end_date": today.isoformat(), "description": "", "completion_share": 80}),
        reverse("reports:create"): ("reports.Report", "unit", lambda u: {
            "unit": u.pk, "year": year + 1, "period": "q1"}),
        reverse("surveys:round_new"): ("surveys.Round", "unit", lambda u: {
            "version": version.pk, "unit": u.pk, "year": year, "opens_on": today.isoformat(),
            "closes_on": today.isoformat()}),
        reverse("plans:targets", args=[plan.pk]): ("plans.Measurement", "unit", lambda u: {
            "unit": u.code, "period": str(year),
            **{f"value-{t.pk}": "50" for t in plan.targets.all()}}),
    }


def test_a_unit_creates_nothing_for_another_unit(site, clients):
    from auditlog.models import LogEntry
    from django.apps import apps

    from cchc.org.models import OrgUnit

    x, y = OrgUnit.objects.get(code=X_UNIT), OrgUnit.objects.get(code=Y_UNITS[0])
    problems = []
    for url, (label, owner, form) in _create_forms(site).items():
        model = apps.get_model(label)
        for unit, allowed in ((y, False), (x, True)):
            with transaction.atomic():
                rows, audit = model.objects.filter(**{owner: unit}).count(), LogEntry.objects.count()
                resp = clients["focal"].post(url, data=form(unit))
                made = model.objects.filter(**{owner: unit}).count() - rows
                logged = LogEntry.objects.count() - audit
                transaction.set_rollback(True)
            if resp.status_code >= 500:
                problems.append(f"POST {url} for {unit.code}: {resp.status_code}")
            elif allowed and not made:
                from django.contrib.messages import get_messages

                said = [str(m) for m in get_messages(resp.wsgi_request)]
                problems.append(f"POST {url} for its own unit made no {label} (answer {resp.status_code} {said}): "
                                "the crawl's form is not a valid one")
            elif not allowed and (made or logged):
                problems.append(f"POST {url} for another unit ({unit.code}) made {made} {label}, {logged} audit "
                                f"entries (answer {resp.status_code})")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------ JSON lists of the API

# The JSON lists of /api/ read without an argument (the exchange API is read with its keys above): name → (the model
# listed, the path from an object to its unit — "" when it is the unit —, an item's id key, the object's field it
# holds, the query string asking for every row).
API_LISTS = {
    "api:list_units": ("org.OrgUnit", "", "code", "code", "?limit=1000"),
    "api:my_occurrences": ("plans.Occurrence", "unit", "id", "pk", "?limit=1000"),
    "api:assessments": ("assessment.SelfAssessment", "unit", "id", "pk", ""),
}
# The other addresses of /api/ read without an argument, and why they list no unit's objects.
API_NOT_UNIT_LISTS = {
    "api:list_plans": "a plan is the province's: every role reads every plan (its tasks name their units)",
    "api:frameworks": "the index's criteria are public",
    "api:results": "the index results: the office's and the appraisers' until published (403 to a unit role)",
    "api:external_results": "the province's published results in the national indices",
    "api:ask": "one answer to one question",
    "api:openapi-json": "the API's schema", "api:openapi-view": "the schema's page", "api:api-root": "the API's index",
}


def _json_ids(client, url: str, key: str):
    """(the ids of the JSON list at ``url``, a problem or None)."""
    status, resp = _request(client, "GET", url)
    if status != 200:
        return set(), f"answered {status}"
    body = resp.json()
    items = body if isinstance(body, list) else body.get("items", [])
    return {item[key] for item in items}, None


def test_json_lists_of_the_api_hold_no_other_units_objects(site, routes, clients, more_clients):
    """For each JSON list of /api/ a unit role reads no object of a unit it does not belong to (by id), while the
    office reads them (the control: the list is not empty for lack of data)."""
    from django.apps import apps
    from django.urls import reverse

    from cchc.org import access

    reads = {r.name for r in routes if r.route.startswith("/api/") and not r.route.startswith("/api/v1/exchange/")
             and not r.args and (r.methods is None or "GET" in r.methods)}
    unknown = sorted(reads - set(API_LISTS) - set(API_NOT_UNIT_LISTS))
    assert not unknown, f"JSON addresses of /api/ to add to API_LISTS (a unit's objects) or API_NOT_UNIT_LISTS: {unknown}"
    assert not (set(API_LISTS) | set(API_NOT_UNIT_LISTS)) - {r.name for r in routes}
    users = {**site["users"], **site["sub"]["users"]}
    every = {**clients, **more_clients}
    problems = []
    for name, (label, owner, key, field_name, query) in API_LISTS.items():
        model, url = apps.get_model(label), reverse(name) + query
        office, problem = _json_ids(every["office"], url, key)
        if problem:
            problems.append(f"GET {url} as office: {problem}")
        for role in (*UNIT_ROLES, *MORE_ROLES):
            got, problem = _json_ids(every[role], url, key)
            if problem:
                problems.append(f"GET {url} as {role}: {problem}")
                continue
            mine = access.under_paths_q(_unit_paths(users[role]), owner)
            foreign = set(model.objects.exclude(mine).values_list(field_name, flat=True))
            if got & foreign:
                problems.append(f"GET {url} as {role}: other units' objects {sorted(got & foreign)[:10]}")
            if not office & foreign:
                problems.append(f"GET {url} as office: none of the objects {role} may not read (no control)")
            if role in ("focal", "focal_sub") and not got and model.objects.filter(mine).exists():
                problems.append(f"GET {url} as {role}: empty (the check reads nothing)")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------ a sub-unit, two leaders

PERSONAL = {"exams.Attempt"}  # a unit's object that is also one person's


def test_a_sub_unit_and_a_second_leader_see_what_the_access_rules_say(site, routes, targets, clients, more_clients):
    """``org.access``: leaders and focal points read and edit their unit *and its descendants*, viewers read them;
    a leader of a unit or of a unit above it approves its reports. So, on every address of a unit's object:
    Sở Tư pháp's leaders, focal point and viewer answer on an object of its division as they answer on Sở Tư
    pháp's own object; the division's focal point answers on its division's object as Sở Tư pháp's focal point
    does on Sở Tư pháp's, and is refused Sở Tư pháp's objects and other units' (no page shows it a link to them);
    Sở Tư pháp's second leader answers every address as the first."""
    from cchc.org import access

    users = {**site["users"], **site["sub"]["users"]}
    every = {**clients, **more_clients}
    div = site["sub"]["unit"]
    # the rules the checks below follow
    assert access.can_edit_unit(users["leader"], div) and access.can_edit_unit(users["focal"], div)
    assert access.can_view_unit(users["viewer"], div) and not access.can_edit_unit(users["viewer"], div)
    assert access.can_lead_unit(users["leader2"], div) and access.can_lead_unit(users["leader2"], div.parent)
    assert access.can_edit_unit(users["focal_sub"], div) and not access.can_view_unit(users["focal_sub"], div.parent)
    sub_targets = _sub_targets(routes, site["extras"], div)
    missing = sorted(n for n, f in FILL.items() if f.owner is not None and n not in {t.route.name for t in sub_targets})
    assert not missing, f"patterns of a unit's object the division has no object for: {missing}"
    hidden = sorted({f'href="{t.url}"' for t in targets if t.owners and t.fill.owner
                     and _foreign(users["focal_sub"], t.owners)})
    answers: dict[tuple[str, str], tuple] = {}
    problems, n = [], 0

    def get(role: str, t: Target):
        nonlocal n
        if (role, t.url) not in answers:
            answers[role, t.url] = _request(every[role], "GET", t.url)
            n += 1
        return answers[role, t.url]

    def check(role: str, t: Target, expected, why: str = ""):
        status, resp = get(role, t)
        where = f"GET {t.url} [{t.route.name}] as {role}"
        if not isinstance(status, int) or status >= 500:
            problems.append(f"{where}: {status}")
            return
        if expected == "refused" and status not in (*REFUSED, 405):
            problems.append(f"{where}: answered {status} (expected 403 or 404)")
        elif expected != "refused" and expected is not None and status != expected:
            problems.append(f"{where}: answered {status}, {why} {expected}")
        if role == "focal_sub" and status == 200 and "html" in resp.get("Content-Type", ""):
            page = resp.content.decode()
            shown = [h[6:-1] for h in hidden if h in page]
            if shown:
                problems.append(f"{where}: links to other units' objects {shown}")

    wall = time.monotonic()
    own = {}  # pattern → Sở Tư pháp's object's address
    for t in targets:
        if not t.owners:
            continue
        foreign = _foreign(users["focal"], t.owners)
        if not foreign:
            own.setdefault(t.route.name, t)
        if t.route.name not in HEAVY or foreign:
            check("leader2", t, get("leader", t)[0], "the first leader answered")
        check("focal_sub", t, "refused")
    # patterns with no object of Sở Tư pháp's own: its focal point answers as the division's (not on a person's
    # object: an exam attempt is taken by its examinee only)
    alone = []
    for t in sub_targets:
        check("focal_b", t, "refused")
        x = own.get(t.route.name)
        if t.route.name in HEAVY:
            continue
        if x is None and t.fill.model in PERSONAL:
            continue
        if x is None:
            alone.append(t.route.name)
            check("focal", t, get("focal_sub", t)[0], "the division's own focal point answered")
            check("leader2", t, get("leader", t)[0], "the first leader answered")
            continue
        for role in ("leader", "leader2", "focal", "viewer", "focal_sub"):
            like = "focal" if role == "focal_sub" else role
            check(role, t, get(like, x)[0], f"{like} on Sở Tư pháp's own object answered")
    for t in targets:  # the pages without an argument, as the division's focal point
        if not t.route.args and t.route.name not in HEAVY:
            check("focal_sub", t, None)
    print(f"sub-unit and second leader: {len(sub_targets)} addresses of the division's objects ({len(alone)} of "
          f"patterns Sở Tư pháp has no object of: {', '.join(alone)}), {n} GET requests in {time.monotonic() - wall:.1f} s")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_both_leaders_of_a_unit_are_asked_to_approve_and_either_may(site, clients, more_clients):
    """Leader approval on: a report of Sở Tư pháp's focal point waits for Sở Tư pháp's leaders — each is notified,
    finds it on "Việc của đơn vị tôi" (Báo cáo chờ tôi duyệt) and may approve it; the division's focal point and
    Sở Y tế's neither see nor approve it."""
    from django.core.exceptions import PermissionDenied

    from cchc.core import review
    from cchc.core.audit import actor
    from cchc.notifications.models import Notification
    from cchc.org.models import OrgUnit
    from cchc.plans import selectors, services
    from cchc.plans.models import Occurrence

    users = {**site["users"], **site["sub"]["users"]}
    every = {**clients, **more_clients}
    with override_settings(CCHC_LEADER_APPROVAL=True), transaction.atomic():
        occ = (Occurrence.objects.filter(unit=OrgUnit.objects.get(code=X_UNIT), reports__isnull=True)
               .order_by("due_date", "pk").first())
        with actor(users["focal"]):
            report = services.progress_report_save(occurrence=occ, user=users["focal"], submit=True, data={
                "status": "in_progress", "percent": 50, "result": "Đã triển khai một nửa."})
        assert report.review_state == review.LEADER_REVIEW
        for role in ("leader", "leader2"):
            assert report in selectors.leader_queue(users[role]), role
            assert Notification.objects.filter(user=users[role], url__contains="show=approval").exists(), role
            page = every[role].get("/plans/my/?show=approval").content.decode()
            assert f"/plans/occurrences/{occ.pk}/" in page, role
        for role in ("focal_sub", "focal_b"):
            assert report not in selectors.leader_queue(users[role]), role
            assert f"/plans/occurrences/{occ.pk}/" not in every[role].get("/plans/my/?show=approval").content.decode()
            try:
                with transaction.atomic():
                    services.progress_report_transition(report=report, user=users[role], action=review.APPROVE)
                raise AssertionError(f"{role} approved Sở Tư pháp's report")
            except (PermissionDenied, services.PlanError):
                pass
        for role in ("leader", "leader2"):  # either leader approves (each in a savepoint rolled back)
            with transaction.atomic():
                report.refresh_from_db()
                with actor(users[role]):
                    services.progress_report_transition(report=report, user=users[role], action=review.APPROVE)
                assert report.review_state == review.SUBMITTED, role
                transaction.set_rollback(True)
        transaction.set_rollback(True)


def test_a_sub_units_focal_point_writes_nothing_of_its_parent_or_other_units(site, targets, more_clients):
    """Every write to Sở Tư pháp's and other units' objects by the focal point of Sở Tư pháp's division is refused
    and changes no row and writes no audit entry (it edits its division only)."""
    focal_sub = site["sub"]["users"]["focal_sub"]
    problems, n = [], 0
    for t in targets:
        if not t.owners or t.route.name in SHARED_WRITES or not _foreign(focal_sub, t.owners):
            continue
        for method in ["POST"] if t.route.methods is None else [m for m in WRITE_METHODS if m in t.route.methods]:
            status, _resp, before, after = _write(more_clients["focal_sub"], t, method)
            n += 1
            where = f"{method} {t.url} [{t.route.name}] as focal_sub"
            if status not in (*REFUSED, 405):
                problems.append(f"{where}: answered {status} (expected 403 or 404)")
            if before != after:
                problems.append(f"{where}: the row or the audit log changed")
    assert n >= 50, n
    assert not problems, "\n".join(problems)
