"""Confirming imports, occurrences, progress reports (state machine, versions, permissions), figures."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cchc.core import review
from cchc.org.models import OrgUnit, UnitKind
from cchc.plans import selectors, services
from cchc.plans.models import (
    Assignment,
    Measurement,
    Occurrence,
    Plan,
    PlanImport,
    ProgressReport,
    Target,
    Task,
)
from tests.plans.conftest import confirm_draft, gold, small_draft

pytestmark = pytest.mark.django_db


def test_confirm_writes_everything_and_expands_groups(small_plan):
    plan = small_plan
    assert plan.province.code == "T42" and plan.document_number == "99/KH-UBND"
    assert plan.tasks.count() == 3 and plan.targets.count() == 2
    t1, t2, t3 = plan.tasks.order_by("order")
    assert t1.area == "procedures" and t3.area == "digital"
    lead = t1.assignments.get(role=Assignment.Role.LEAD)
    assert lead.unit.code == "T42.stp"
    assert t1.assignments.get(role=Assignment.Role.PARTNER).unit.code == "T42.snv"
    # Quý II/2024 → one occurrence due 30/6/2024 for Sở Tư pháp
    assert list(t1.occurrences.values_list("unit__code", "period", "due_date")) == [
        ("T42.stp", "2024", date(2024, 6, 30))]
    # Hằng quý, two lead units → 4 quarters × 2 units
    assert t2.occurrences.count() == 8
    assert set(t2.occurrences.values_list("period", flat=True)) == {"2024Q1", "2024Q2", "2024Q3", "2024Q4"}
    # UBND cấp xã → every commune of Hà Tĩnh existing on the due date gets its own line
    communes = OrgUnit.objects.filter(province__code="T42", kind=UnitKind.COMMUNE).active_on(date(2024, 12, 31))
    assert t3.assignments.get().group.code == "communes"
    assert t3.occurrences.count() == communes.count() > 50
    assert set(t3.occurrences.values_list("unit_id", flat=True)) == set(communes.values_list("pk", flat=True))


def test_unit_named_beside_a_group_keeps_its_own_line(users):
    """"Văn phòng UBND tỉnh và các sở, ban, ngành": every department, and the provincial office too."""
    plan, _imp = confirm_draft(users["par_office"], small_draft(lead_b="Văn phòng UBND tỉnh và các sở, ban, ngành"))
    task = plan.tasks.get(section="II")
    assert {(a.group.code if a.group else None, a.unit.code if a.unit else None)
            for a in task.assignments.all()} == {("departments", None), (None, "T42.vp_ubnd")}
    units = set(task.occurrences.values_list("unit__code", flat=True))
    assert {"T42.vp_ubnd", "T42.stp", "T42.syt"} <= units


def test_reimport_shows_differences_and_does_not_duplicate(users, small_plan):
    plan = small_plan
    stp_occ = Occurrence.objects.get(task__number="1", task__section="I", plan=plan)
    services.progress_report_save(occurrence=stp_occ, user=users["focal_point"],
                                  data={"status": "in_progress", "percent": 40, "result": "Đang làm"}, submit=True)
    revised = small_draft(deadline_a="Quý III/2024")
    revised["tables"][0]["tasks"].pop(1)  # the quarterly report task is dropped
    revised["tables"][0]["tasks"].append({"number": "2", "section": "II", "title": "Nhiệm vụ bổ sung",
                                          "activities": [], "products": [], "lead": ["Sở Nội vụ"],
                                          "partners": [], "deadline": "Năm 2024", "budget": None, "note": None})

    imp = services.plan_import_create(user=users["par_office"], draft=revised, filename="v2.txt", plan=plan)
    diff = services.plan_import_diff(imp)
    assert len(diff["added"]) == 1 and len(diff["removed"]) == 1 and diff["unchanged"] == 1
    assert diff["changed"][0]["fields"] == {"deadline": ["Quý II/2024", "Quý III/2024"]}
    again = services.plan_import_confirm(imp=imp, user=users["par_office"])
    assert again.pk == plan.pk and Plan.objects.count() == 1 and again.revision == 2
    assert Task.objects.filter(plan=plan, is_active=True).count() == 3
    assert Task.objects.filter(plan=plan, is_active=False).count() == 1
    # the reported occurrence (old deadline) is kept; the new deadline adds its own line
    assert Occurrence.objects.filter(pk=stp_occ.pk).exists()
    assert Occurrence.objects.filter(task=stp_occ.task, due_date=date(2024, 9, 30)).exists()
    # removed task's unreported occurrences are gone; no duplicate task for the unchanged one
    assert not Occurrence.objects.filter(task__is_active=False, reports__isnull=True).exists()


def test_confirm_gold_002_all_tables(users):
    plan, imp = confirm_draft(users["par_office"], gold("002_81dc5ac12a8b2fdd"))
    assert imp.status == PlanImport.Status.CONFIRMED
    assert plan.tasks.count() == 79 and plan.targets.count() == 40
    assert Occurrence.objects.filter(plan=plan).count() > 79
    assert set(Target.objects.filter(plan=plan).values_list("level", flat=True)) <= {"", "tỉnh", "huyện", "xã", "sở"}


def _occ(plan, number="1", section="I"):
    return Occurrence.objects.get(plan=plan, task__number=number, task__section=section)


def test_report_state_machine_and_occurrence_figures(users, small_plan):
    o = _occ(small_plan)
    fp, office = users["focal_point"], users["par_office"]
    r = services.progress_report_save(occurrence=o, user=fp, data={"status": "in_progress", "percent": 30,
                                                                   "result": "Đã rà soát 10 thủ tục"})
    assert r.review_state == review.DRAFT and r.version == 1
    o.refresh_from_db()
    assert o.status == "not_started" and o.first_submitted_on is None  # drafts do not count
    services.progress_report_transition(report=r, user=fp, action=review.SUBMIT, expected_version=r.version)
    o.refresh_from_db()
    assert o.status == "in_progress" and o.percent == 30 and o.first_submitted_on == timezone.localdate()
    with pytest.raises(review.TransitionError):  # a focal point cannot accept
        services.progress_report_transition(report=r, user=fp, action=review.ACCEPT)
    with pytest.raises(review.TransitionError) as exc:
        services.progress_report_transition(report=r, user=office, action=review.RETURN)
    assert exc.value.code == "comment_required"
    services.progress_report_transition(report=r, user=office, action=review.RETURN, comment="Bổ sung số liệu")
    o.refresh_from_db()
    assert o.status == "not_started"  # a returned report no longer counts
    done_on = timezone.localdate()
    r = services.progress_report_save(occurrence=o, user=fp, report=r, expected_version=r.version, submit=True,
                                      data={"status": "done", "completed_on": done_on.isoformat(),
                                            "output_number": "12/BC-STP", "result": "Đã ban hành báo cáo"})
    services.progress_report_transition(report=r, user=office, action=review.ACCEPT)
    o.refresh_from_db()
    r.refresh_from_db()
    # done after the due date 30/6/2024 → done late
    assert r.status == o.status == "done_late" and o.accepted and o.percent == 100
    from auditlog.models import LogEntry

    changes = LogEntry.objects.get_for_object(r)
    assert changes.count() >= 5
    assert any("review_state" in (e.changes_dict or {}) for e in changes)


def test_report_validation(users, small_plan):
    o = _occ(small_plan)
    fp = users["focal_point"]
    with pytest.raises(ValidationError) as exc:
        services.progress_report_save(occurrence=o, user=fp, data={"status": "not_applicable"})
    assert "na_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.progress_report_save(occurrence=o, user=fp, data={"status": "done"})
    assert "completed_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.progress_report_save(occurrence=o, user=fp, data={"status": "in_progress", "percent": 150})
    assert not ProgressReport.objects.exists()


def test_version_conflict_is_detected(users, small_plan):
    o = _occ(small_plan)
    a, b = users["focal_point"], users["unit_leader"]
    r = services.progress_report_save(occurrence=o, user=a, data={"status": "in_progress", "percent": 10})
    read_version = r.version
    mine = ProgressReport.objects.get(pk=r.pk)
    theirs = ProgressReport.objects.get(pk=r.pk)
    services.progress_report_save(occurrence=o, user=b, report=theirs, expected_version=read_version,
                                  data={"status": "in_progress", "percent": 50, "result": "của lãnh đạo"})
    with pytest.raises(review.VersionConflict):
        services.progress_report_save(occurrence=o, user=a, report=mine, expected_version=read_version,
                                      data={"status": "in_progress", "percent": 20})
    r.refresh_from_db()
    assert r.percent == 50 and r.result == "của lãnh đạo" and r.version == read_version + 1
    # creating a "new" report while another one is open is a conflict too (never a silent second draft)
    with pytest.raises(review.VersionConflict):
        services.progress_report_save(occurrence=o, user=a, data={"status": "in_progress", "percent": 20})


def test_focal_point_cannot_report_for_another_unit(users, small_plan):
    o = _occ(small_plan)  # Sở Tư pháp
    with pytest.raises(PermissionDenied):
        services.progress_report_save(occurrence=o, user=users["focal_b"], data={"status": "in_progress"})
    with pytest.raises(PermissionDenied):
        services.progress_report_save(occurrence=o, user=users["viewer"], data={"status": "in_progress"})
    assert not selectors.occurrences_scoped(users["focal_b"]).filter(pk=o.pk).exists()
    assert selectors.occurrences_scoped(users["focal_point"]).filter(pk=o.pk).exists()


def test_completeness_and_timeliness_hand_computed(users, small_plan):
    """Sở Y tế has the quarterly task: 4 occurrences (31/3, 30/6, 30/9, 31/12/2024).

    Today = 15/10/2024 → expected 3. Q1 reported on 25/3 (on time) and done 20/3; Q2 reported on 5/7 (late,
    in progress); Q3 not reported. Completeness 2/3 = 66.7 %, timeliness 1/3 = 33.3 %, completion 1/3,
    late 2 (Q2 open, Q3 open).
    """
    syt = OrgUnit.objects.get(code="T42.syt")
    occs = list(Occurrence.objects.filter(unit=syt).order_by("due_date"))
    assert [o.period for o in occs] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    Occurrence.objects.filter(pk=occs[0].pk).update(status="done", first_submitted_on=date(2024, 3, 25),
                                                    on_time=True, completed_on=date(2024, 3, 20))
    Occurrence.objects.filter(pk=occs[1].pk).update(status="in_progress", first_submitted_on=date(2024, 7, 5),
                                                    on_time=False)
    today = date(2024, 10, 15)
    qs = selectors.occurrences_scoped(users["focal_b"])
    total = selectors.rates_total(qs, today)
    assert (total["expected"], total["reported"], total["on_time_n"], total["done"], total["late"]) == (3, 2, 1, 1, 2)
    assert (total["completeness"], total["timeliness"], total["completion"]) == (66.7, 33.3, 33.3)
    by_unit = selectors.rates_by_unit(selectors.occurrences_scoped(users["par_office"]), today)
    syt_row = next(r for r in by_unit if r["unit_code"] == "T42.syt")
    assert syt_row["expected"] == 3 and syt_row["completeness"] == 66.7
    trend = selectors.occurrences_trend(qs, today)
    assert [(t["period"], t["expected"], t["reported"]) for t in trend] == [
        ("2024Q1", 1, 1), ("2024Q2", 1, 1), ("2024Q3", 1, 0)]
    late, n = selectors.occurrences_late_list(qs, today)
    assert n == 2 and [o.period for o in late] == ["2024Q2", "2024Q3"]
    assert late[0].owners == ["focal_b"] and late[0].days_late == (today - date(2024, 6, 30)).days


def test_on_time_flag_set_from_submission_date(users, small_plan):
    o = Occurrence.objects.filter(unit__code="T42.syt").order_by("-due_date").first()
    Occurrence.objects.filter(pk=o.pk).update(due_date=timezone.localdate() + timedelta(days=3))
    o.refresh_from_db()
    services.progress_report_save(occurrence=o, user=users["focal_b"], data={"status": "in_progress", "percent": 5,
                                                                                 "result": "Bắt đầu"}, submit=True)
    o.refresh_from_db()
    assert o.on_time and o.first_submitted_on == timezone.localdate()


def test_reminders_before_and_after_due(users, small_plan, mailoutbox):
    users["focal_point"].email = "daumoi.stp@example.vn"
    users["focal_point"].save()
    today = date(2024, 6, 27)  # Sở Tư pháp's task due 30/6/2024 → 3 days before
    out = services.reminders_send(today=today, before=(3,), after=(1,))
    assert out["emails"] >= 1
    mail = next(m for m in mailoutbox if "daumoi.stp@example.vn" in m.to)
    assert "Rà soát thủ tục hành chính" in mail.body and "còn 3 ngày" in mail.body
    # same day again: nothing new
    n = len(mailoutbox)
    services.reminders_send(today=today, before=(3,), after=(1,))
    assert len(mailoutbox) == n
    services.reminders_send(today=date(2024, 7, 1), before=(3,), after=(1,))
    assert "đã quá hạn 1 ngày" in mailoutbox[-1].body or any("quá hạn 1 ngày" in m.body for m in mailoutbox[n:])


def test_measurements_and_attainment(users, small_plan):
    t_prov, t_commune = small_plan.targets.order_by("order")
    commune = OrgUnit.objects.get(pk=users["commune_focal"].memberships.get().unit_id)
    services.measurement_save(target=t_commune, unit=commune, period="2024", value="85,5", user=users["commune_focal"])
    with pytest.raises(PermissionDenied):
        services.measurement_save(target=t_commune, unit=commune, period="2024", value=1, user=users["focal_point"])
    with pytest.raises(review.VersionConflict):
        services.measurement_save(target=t_commune, unit=commune, period="2024", value=90,
                                  user=users["commune_focal"], expected_version=7)
    summary = selectors.targets_summary(users["par_office"], selectors.Filters(plan=small_plan.pk))
    row = next(r for r in summary["targets"] if r["target"].pk == t_commune.pk)
    assert (row["attained"], row["missed"]) == (1, 0)
    levels = {r["level"]: r for r in summary["by_level"]}
    assert levels["Cấp xã"]["attained"] == 1 and levels["Cấp tỉnh"]["no_data"] == 1
    # targets of a plan with no work for the user's unit are not listed to them
    other = Plan.objects.create(title="Kế hoạch khác", province=small_plan.province)
    Target.objects.create(plan=other, text="Tỷ lệ khác đạt 50%", indicator="Tỷ lệ khác", value=50)
    assert any(r["target"].plan_id == other.pk
               for r in selectors.targets_summary(users["par_office"], selectors.Filters())["targets"])
    seen = selectors.targets_summary(users["focal_b"], selectors.Filters())["targets"]
    assert seen and all(r["target"].plan_id == small_plan.pk for r in seen)


def test_measurement_excel_round_trip(users, small_plan):
    from io import BytesIO

    from openpyxl import load_workbook

    stp = OrgUnit.objects.get(code="T42.stp")
    data = services.measurement_template_xlsx(plan=small_plan, unit=stp, period="2024")
    wb = load_workbook(BytesIO(data))
    ws = wb.active
    assert ws["B1"].value == "Mã đơn vị: T42.stp" and ws.max_row == 4
    assert ws.title == "Số liệu"  # was "So lieu"
    ws["H3"] = 100
    ws["H4"] = "abc"
    buf = BytesIO()
    wb.save(buf)
    out = services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_point"], plan=small_plan)
    assert out["saved"] == 0 and out["errors"] == ["Dòng 4, cột H (Giá trị đạt được): “abc” không phải là số."]
    ws["H4"] = 70
    buf = BytesIO()
    wb.save(buf)
    assert services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_b"], plan=small_plan)["saved"] == 0
    out = services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_point"], plan=small_plan)
    assert out == {"saved": 2, "errors": []}
    # the user inserted a "STT" column before the code and deleted the notes: the columns are found by header
    ws.insert_cols(1)
    ws["A2"] = "STT"
    ws.delete_cols(10)
    ws["I3"], ws["I4"] = "95,5", "nhiều"
    buf = BytesIO()
    wb.save(buf)
    out = services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_point"], plan=small_plan,
                                           filename="so-lieu.xlsx")
    assert out == {"saved": 0, "errors": ["so-lieu.xlsx: Dòng 4, cột I (Giá trị đạt được): “nhiều” không phải là số."]}
    ws["I4"] = 71
    buf = BytesIO()
    wb.save(buf)
    assert services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_point"], plan=small_plan) == {
        "saved": 2, "errors": []}
    assert sorted(Measurement.objects.filter(target__plan=small_plan).values_list("value", flat=True)) == [71, 95.5]
    ws["B2"] = "Mã số"  # the code column's header renamed: said, not guessed
    buf = BytesIO()
    wb.save(buf)
    assert services.measurement_import_xlsx(data=buf.getvalue(), user=users["focal_point"], plan=small_plan,
                                            filename="so-lieu.xlsx")["errors"] == [
        "so-lieu.xlsx: không tìm thấy cột “Mã chỉ tiêu” trong dòng tiêu đề."]


def test_evidence_type_is_sniffed_and_size_limited(users, small_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CCHC_EVIDENCE_MAX_MB = 1
    o = _occ(small_plan)
    r = services.progress_report_save(occurrence=o, user=users["focal_point"], data={"status": "in_progress"})
    from io import BytesIO

    from docx import Document

    buf = BytesIO()
    doc = Document()
    doc.add_paragraph("Báo cáo kết quả")
    doc.save(buf)
    ev = services.evidence_add(report=r, user=users["focal_point"], name="bao-cao.pdf", data=buf.getvalue())
    assert ev.kind == "docx"
    with pytest.raises(services.PlanError) as exc:
        services.evidence_add(report=r, user=users["focal_point"], name="virus.pdf", data=b"MZ\x90\x00 not a pdf")
    assert exc.value.code == "bad_type"
    with pytest.raises(services.PlanError) as exc:
        services.evidence_add(report=r, user=users["focal_point"], name="lon.pdf", data=b"%PDF" + b"0" * 1100000)
    assert exc.value.code == "too_large"
    with pytest.raises(PermissionDenied):
        services.evidence_add(report=r, user=users["focal_b"], name="a.pdf", data=b"%PDF-1.4")


def test_send_reminders_command(users, small_plan, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    users["focal_b"].email = "daumoi.syt@example.vn"
    users["focal_b"].save()
    out = StringIO()
    call_command("send_reminders", "--date", "2024-04-01", "--before", "3", "--after", "1", stdout=out)
    assert "Đã gửi 1 thư nhắc" in out.getvalue()
    assert mailoutbox[-1].to == ["daumoi.syt@example.vn"] and "đã quá hạn 1 ngày" in mailoutbox[-1].body


@pytest.mark.parametrize("leader_approval", [False, True])
def test_plans_load_demo_command(users, settings, leader_approval):
    from io import StringIO

    from django.core.management import call_command

    settings.CCHC_LEADER_APPROVAL = leader_approval  # `make run` has it on: the demo goes through the leader
    out = StringIO()
    call_command("plans", "load_demo", stdout=out)
    plan = Plan.objects.get()
    accepted = ProgressReport.objects.filter(unit__code="T42.stp", created_by=users["focal_point"],
                                             review_state="accepted", result="Đã triển khai theo kế hoạch.")
    assert accepted.count() == 1
    if leader_approval:
        assert accepted.get().approved_by == users["unit_leader"]
    assert plan.tasks.count() == 79 and plan.province.code == "T42"
    # the demo focal point's first reports go through the services; the rest of the demo progress is bulk-made, each
    # by its unit's focal point where the unit has one (the office keyed in the others), dated when it was sent
    stp = ProgressReport.objects.filter(unit__code="T42.stp")
    assert stp.count() > 3 and not stp.exclude(created_by=users["focal_point"]).exists()
    others = ProgressReport.objects.filter(occurrence__plan=plan).exclude(unit__memberships__role="focal_point")
    assert others.exists() and not others.exclude(created_by=users["par_office"]).exists()
    bulk = ProgressReport.objects.filter(occurrence__plan=plan, created_at__lt=date(2025, 7, 1))
    assert bulk.count() > ProgressReport.objects.filter(occurrence__plan=plan).count() / 2
    assert all(r.created_at == r.submitted_at for r in bulk)
    # realistic progress, not all red: most due work done, some late, some done late, some partial
    qs = Occurrence.objects.filter(plan=plan)
    total = selectors.rates_total(qs, date(2025, 6, 1))
    assert 50 < total["completion"] < 95 and 0 < total["late"] < total["expected"] / 3
    statuses = set(qs.values_list("status", flat=True))
    assert {"done", "done_late", "in_progress", "not_started"} <= statuses
    # every report is dated around its own due date, never before the plan's year
    assert not qs.filter(first_submitted_on__lt=date(2023, 12, 1)).exists()
    # reports still with the unit leader have not reached the office: their task lines are not started yet
    reached = ProgressReport.objects.filter(occurrence__plan=plan).exclude(review_state="leader_review")
    assert reached.count() == qs.exclude(status="not_started").count()
    call_command("plans", "load_demo", stdout=out)
    assert Plan.objects.count() == 1 and "đã có" in out.getvalue()
