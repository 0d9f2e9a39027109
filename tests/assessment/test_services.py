"""Frameworks (import/export, copy, lock), rounds, prefill from the platform's data, scores, results, CLI."""

import io
import json
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.assessment import measures, selectors, services
from cchc.assessment.models import Criterion, Framework, Score, SelfAssessment
from cchc.core import review
from cchc.core.excel import write_xlsx
from cchc.core.reviewable import transitions_of
from tests.conftest import unit

HEAD = ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm", "Tài liệu kiểm chứng", "Cách chấm", "Tham số"]
GOOD = [
    ["1", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "3,0", "", "", "", ""],
    ["1.1", "Ban hành kế hoạch CCHC", "1,0", "Đúng hạn: 1; muộn: 0,5", "Kế hoạch CCHC", "timeliness", "late = 0,5"],
    ["1.2", "Kết quả thực hiện nhiệm vụ", "2,0", "", "Phụ lục thống kê", "bands", "100: 2; 90: 1; 0: 0"],
    ["2", "KHẢO SÁT", 15, "", "", "survey", ""],
]


def xlsx(rows, head=HEAD):
    return write_xlsx([("Bộ tiêu chí", head, rows)])


@pytest.mark.django_db
def test_import_good_sheet_then_export_roundtrip(users):
    fw = services.framework_import_xlsx(xlsx(GOOD), filename="bo.xlsx", year=2025, unit_kind="so",
                                        user=users["par_office"])
    crits = {c.code: c for c in fw.criteria.all()}
    assert set(crits) == {"1", "1.1", "1.2", "2"}
    assert crits["1.1"].parent == crits["1"] and not crits["1"].is_leaf and crits["1.1"].is_leaf
    assert crits["1.1"].params == {"on_time": "1.0", "late": "0.5", "none": "0"}
    assert crits["1.2"].params["bands"][0] == {"min": "100", "points": "2"}
    assert crits["2"].survey and crits["1.1"].evidence_required == "Kế hoạch CCHC"
    again = services.framework_import_xlsx(services.framework_export_xlsx(fw), filename="xuat.xlsx", year=2025,
                                           unit_kind="so")
    assert again.version == 2
    assert services.framework_rows(again) == services.framework_rows(fw)


@pytest.mark.django_db
def test_bad_sheet_refused_with_rows_and_nothing_written(users):
    rows = [list(r) for r in GOOD]
    rows[0][2] = "4,0"  # 1.1 + 1.2 = 3
    rows.append(["1.2", "Trùng", "1", "", "", "", ""])
    rows.append(["3", "Thiếu điểm", None, "", "", "", ""])
    rows.append(["4", "Tỷ lệ", "1", "", "", "linear", ""])
    with pytest.raises(services.AssessmentError) as e:
        services.framework_import_xlsx(xlsx(rows), filename="bo.xlsx", year=2025, unit_kind="so",
                                       user=users["par_office"])
    text = "\n".join(e.value.errors)
    assert "Dòng 2, cột Điểm tối đa (mục 1)" in text and "khác tổng" in text
    assert "Dòng 6, cột STT (mục 1.2)" in text and "trùng với dòng 4" in text
    assert "Dòng 7, cột Điểm tối đa (mục 3): thiếu điểm tối đa" in text
    assert "Dòng 8, cột Tham số (mục 4)" in text and "target" in text
    assert Framework.objects.count() == 0 and Criterion.objects.count() == 0


@pytest.mark.django_db
def test_unit_user_cannot_import(users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.framework_import_xlsx(xlsx(GOOD), year=2025, unit_kind="so", user=users["focal_point"])


@pytest.mark.django_db
def test_demo_frameworks_and_copy_and_lock(users):
    office = users["par_office"]
    fws = services.framework_load_demo(2025, user=office)
    assert {f.unit_kind for f in fws} == {"so", "xa", "huyen", "tinh"}
    so = next(f for f in fws if f.unit_kind == "so")
    roots = so.criteria.filter(parent__isnull=True, survey=False, kind="normal")
    assert sum(c.max_points for c in so.criteria.filter(parent__isnull=True)) == 100
    assert roots.count() == 9
    nxt = services.framework_copy(so, year=2026, user=office)
    assert nxt.copied_from == so and nxt.year == 2026 and nxt.criteria.count() == so.criteria.count()
    services.framework_set_lock(so, user=office, locked=True)
    c = so.criteria.get(code="1.2")
    with pytest.raises(services.AssessmentError) as e:
        services.criterion_update(c, user=office, title="Khác")
    assert e.value.code == "locked" and "phiên bản mới" in e.value.message
    with pytest.raises(services.AssessmentError):
        services.framework_set_lock(so, user=office, locked=False)  # a reason is required
    services.framework_set_lock(so, user=office, locked=False, reason="Sửa lỗi chính tả")
    with pytest.raises(services.AssessmentError) as e:
        services.criterion_update(c, user=office, max_points="3")
    assert e.value.code == "invalid_framework" and "khác tổng" in e.value.message
    services.criterion_update(c, user=office, title="Thực hiện chế độ báo cáo CCHC định kỳ")
    assert Criterion.objects.get(pk=c.pk).title.endswith("định kỳ")


def test_measures_registered_by_owner_apps():
    keys = set(dict(measures.choices()))
    assert {"plans.tasks_done_pct", "plans.reports_on_time_pct", "plans.targets_attained_pct",
            "knowledge.plan_issued", "knowledge.documents_published", "exams.staff_tested_pct",
            "exams.pass_rate"} <= keys


@pytest.fixture
def round_so(users):
    office = users["par_office"]
    fw = services.framework_load_file("demo_so.json", year=2024, user=office)
    units = [unit("T42.stp"), unit("T42.syt"), unit("T42.snv")]
    return services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office, units=units)


@pytest.mark.django_db
def test_round_prefills_tasks_from_plans(users, round_so):
    from cchc.plans.models import Occurrence, Status
    from tests.plans.conftest import confirm_draft, small_draft

    plan, _ = confirm_draft(users["par_office"], small_draft())
    stp = unit("T42.stp")
    occs = list(Occurrence.objects.filter(unit=stp, due_date__year=2024).order_by("due_date"))
    assert len(occs) >= 2
    done = occs[: len(occs) - 1]
    Occurrence.objects.filter(pk__in=[o.pk for o in done]).update(status=Status.DONE)
    services.round_prefill(round_so, user=users["par_office"])
    sa = SelfAssessment.objects.get(round=round_so, unit=stp)
    sc = Score.objects.get(assessment=sa, criterion__code="1.1.2")
    assert sc.prefill["formula"] == f"{len(done)}/{len(occs)} nhiệm vụ đến hạn trong năm đã hoàn thành"
    assert sorted(sc.prefill["rows"]) == sorted(o.pk for o in done)
    pct = D(len(done)) * 100 / len(occs)
    expected = D(2) if pct >= 100 else (D(1) if pct >= 90 else D(0))
    assert sc.prefill_points == expected and sc.self_points == expected
    # a unit without tasks has no figure: nothing is invented
    snv = Score.objects.get(assessment__round=round_so, assessment__unit=unit("T42.snv"), criterion__code="1.1.2")
    assert snv.prefill_points is None and snv.prefill["formula"] == "Chưa có số liệu"
    # the framework in use is locked
    assert Framework.objects.get(pk=round_so.framework_id).locked


@pytest.mark.django_db
def test_prefill_query_count_does_not_grow_with_units(users, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office = users["par_office"]
    fw = services.framework_load_file("demo_so.json", year=2024, user=office)
    rnd = services.round_open(fw, deadline=timezone.now() + timedelta(days=30), user=office,
                              units=list(services.units_for("so", 2024)[:2]))
    with CaptureQueriesContext(connection) as few:
        services.round_prefill(rnd, user=office)
    fw2 = services.framework_load_file("demo_xa.json", year=2024, user=office)
    rnd2 = services.round_open(fw2, deadline=timezone.now() + timedelta(days=30), user=office,
                               units=list(services.units_for("xa", 2024)[:20]))
    with CaptureQueriesContext(connection) as many:
        services.round_prefill(rnd2, user=office)
    assert len(many) <= len(few) + 4  # batch writes may add a statement per 1 000 rows, never one per unit


@pytest.mark.django_db
def test_scores_range_concurrency_and_scope(users, round_so):
    sa = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    sc = Score.objects.select_related("criterion", "assessment__round").get(assessment=sa, criterion__code="1.3")
    with pytest.raises(services.AssessmentError) as e:
        services.score_save(sc, user=users["focal_point"], points="1,6")
    assert e.value.code == "score_out_of_range" and "Tiêu chí 1.3" in e.value.message
    v = sc.version
    services.score_save(sc, user=users["focal_point"], points="1,5", explanation="Đã kiểm tra 3/5 phòng",
                        expected_version=v)
    stale = Score.objects.select_related("criterion", "assessment__round").get(pk=sc.pk)
    with pytest.raises(review.VersionConflict):
        services.score_save(stale, user=users["unit_leader"], points="1", expected_version=v)
    assert Score.objects.get(pk=sc.pk).self_points == D("1.5")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.score_save(stale, user=users["focal_b"], points="1")


@pytest.mark.django_db
def test_evidence_type_and_size(users, round_so, settings):
    sa = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    sc = Score.objects.get(assessment=sa, criterion__code="1.3")
    with pytest.raises(services.AssessmentError) as e:
        services.evidence_add(sc, user=users["focal_point"], name="virus.exe", data=b"MZ\x90\x00" * 100)
    assert e.value.code == "bad_type"
    ev = services.evidence_add(sc, user=users["focal_point"], name="bien-ban.xlsx", data=xlsx(GOOD))
    assert ev.kind == "xlsx" and sc.files.count() == 1
    settings.CCHC_EVIDENCE_MAX_MB = 0
    with pytest.raises(services.AssessmentError) as e:
        services.evidence_add(sc, user=users["focal_point"], name="to.xlsx", data=xlsx(GOOD))
    assert e.value.code == "too_large"


def _fill_all(sa, user, value=None):
    for sc in Score.objects.filter(assessment=sa).select_related("criterion", "assessment__round"):
        if sc.criterion.survey:
            continue
        pts = sc.criterion.max_points if value is None else min(D(value), sc.criterion.max_points)
        services.score_save(sc, user=user, points=pts)


def _send(sa, user):
    """Send a filled self-assessment to the office: from then on the unit is ranked."""
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=user, action=review.SUBMIT)
    assert sa.review_state == review.SUBMITTED


@pytest.mark.django_db
def test_submit_requires_every_criterion_then_review(users, round_so):
    sa = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    with pytest.raises(services.AssessmentError) as e:
        services.self_assessment_transition(sa, user=users["focal_point"], action=review.SUBMIT)
    assert e.value.code == "incomplete" and "1.3" in e.value.message
    _fill_all(sa, users["focal_point"])
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=users["focal_point"], action=review.SUBMIT)
    assert sa.review_state == review.SUBMITTED
    sc = Score.objects.select_related("criterion", "assessment__round").filter(assessment=sa).first()
    with pytest.raises(review.TransitionError):
        services.score_save(sc, user=users["focal_point"], points=0)
    services.self_assessment_transition(sa, user=users["par_office"], action=review.RETURN, comment="Thiếu tài liệu 1.3")
    assert [t["to"] for t in transitions_of(sa)] == [review.SUBMITTED, review.RETURNED]


@pytest.mark.django_db
def test_past_deadline_refused_for_units(users, round_so):
    round_so.deadline = timezone.now() - timedelta(hours=1)
    round_so.save()
    sc = Score.objects.select_related("criterion", "assessment__round").filter(
        assessment__unit=unit("T42.stp"), criterion__code="1.3").get()
    with pytest.raises(services.AssessmentError) as e:
        services.score_save(sc, user=users["focal_point"], points=1)
    assert e.value.code == "past_deadline"


@pytest.mark.django_db
def test_results_own_maximum_survey_rank_and_cli(users, round_so):
    office = users["par_office"]
    stp = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    syt = SelfAssessment.objects.get(round=round_so, unit=unit("T42.syt"))
    _fill_all(stp, users["focal_point"])
    _fill_all(syt, users["focal_b"], value="0.5")
    na = Score.objects.select_related("criterion", "assessment__round").get(assessment=syt, criterion__code="6.3")
    services.score_save(na, user=users["focal_b"], not_applicable=True)
    _send(stp, users["focal_point"])
    _send(syt, users["focal_b"])
    # no survey yet: the appraised part is rescaled to 100
    rows = {r["unit"]: r for r in selectors.result_rows(round_so)}
    assert D(rows[unit("T42.stp").name]["maximum"]) == 75
    assert D(rows[unit("T42.stp").name]["index"]) == 100 and rows[unit("T42.stp").name]["rank"] == 1
    assert D(rows[unit("T42.syt").name]["maximum"]) == 73  # 6.3 (2 points) does not apply
    # survey points entered: the survey part counts and the maximum is 100 (98 for the unit without 6.3)
    services.survey_points_set(round_so, {(unit("T42.stp").pk, "8.1"): 12, (unit("T42.stp").pk, "9.1"): 8,
                                          (unit("T42.syt").pk, "8.1"): 15}, user=office)
    rows = {r["unit"]: r for r in selectors.result_rows(round_so)}
    assert D(rows[unit("T42.stp").name]["maximum"]) == 100 and D(rows[unit("T42.stp").name]["points"]) == 95
    assert D(rows[unit("T42.syt").name]["maximum"]) == 98
    # appraisal: a different score needs a reason, and then the result follows it
    sc = Score.objects.select_related("criterion", "assessment__round").get(assessment=stp, criterion__code="1.3")
    with pytest.raises(services.AssessmentError):
        services.score_appraise(sc, user=office, points="0.5")
    services.score_appraise(sc, user=office, points="0.5", note="Chỉ kiểm tra 1/5 phòng")
    rows = {r["unit"]: r for r in selectors.result_rows(round_so)}
    assert D(rows[unit("T42.stp").name]["points"]) == 94
    out = io.StringIO()
    call_command("index", "results", "--year", "2024", "--kind", "so", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    ranks = [r["rank"] for r in data["results"] if r["ranked"]]
    assert ranks == sorted(ranks) == [1, 2]
    assert data["results"][-1]["unit"] == unit("T42.snv").name and data["results"][-1]["rank"] is None  # a draft
    assert data["results"][0]["unit"] == unit("T42.stp").name and data["results"][0]["class"] == "Tốt"


@pytest.mark.django_db
def test_cli_import_framework_reports_errors(tmp_path):
    from django.core.management.base import CommandError

    good = tmp_path / "bo.xlsx"
    good.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    call_command("index", "import-framework", str(good), "--year", "2025", "--kind", "xa", stdout=out)
    assert "phiên bản 1: 4 dòng" in out.getvalue()
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(xlsx([["1", "A", "2", "", "", "", ""], ["1.1", "B", "1", "", "", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("index", "import-framework", str(bad), "--year", "2025", stderr=err)
    assert "sai.xlsx: Dòng 2, cột Điểm tối đa (mục 1)" in err.getvalue()
    assert Framework.objects.filter(unit_kind="so").count() == 0


@pytest.mark.django_db
def test_lost_points_and_demo_command(users, round_so):
    stp = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    syt = SelfAssessment.objects.get(round=round_so, unit=unit("T42.syt"))
    _fill_all(stp, users["focal_point"])
    _fill_all(syt, users["focal_b"])
    _fill_all(SelfAssessment.objects.get(round=round_so, unit=unit("T42.snv")), users["par_office"])
    for sa, user, pts in ((stp, users["focal_point"], "0"), (syt, users["focal_b"], "1")):
        sc = Score.objects.select_related("criterion", "assessment__round").get(assessment=sa, criterion__code="3.4")
        services.score_save(sc, user=user, points=pts)
    assert selectors.lost_points(round_so, top=3) == []  # drafts: nothing lost yet
    for sa, user in ((stp, "focal_point"), (syt, "focal_b")):
        _send(sa, users[user])
    top = selectors.lost_points(round_so, top=3)
    assert top[0]["code"] == "3.4" and top[0]["lost"] == D(7) and top[0]["units"] == 2
    assert top[0]["losers"] == [unit("T42.stp").name, unit("T42.syt").name]
    out = io.StringIO()
    call_command("index", "load_demo", "--year", "2025", stdout=out)
    assert Framework.objects.filter(year=2025).count() == 4
    assert "Đã mở đợt tự đánh giá mẫu năm 2025" in out.getvalue()
    assert SelfAssessment.objects.filter(round__framework__year=2025).count() == \
        services.units_for("so", 2025).count()


@pytest.mark.django_db
def test_notifications_opened_reminder_returned(users, round_so):
    from cchc.assessment import notifications
    from cchc.notifications.models import Notification

    mine = Notification.objects.filter(user=users["focal_point"])
    assert mine.filter(kind=notifications.OPENED).count() == 1
    assert notifications.remind(round_so, days=7) == 0  # 30 days left
    assert notifications.remind(round_so, days=7, now=round_so.deadline - timedelta(days=3)) > 0
    assert notifications.remind(round_so, days=7, now=round_so.deadline - timedelta(days=2)) == 0  # once
    assert mine.filter(kind=notifications.DUE_SOON).count() == 1
    stp_url = f"/index/a/{SelfAssessment.objects.get(round=round_so, unit=unit('T42.stp')).pk}/"
    assert not Notification.objects.filter(user=users["focal_b"], url=stp_url).exists()  # only one's own unit
    sa = SelfAssessment.objects.get(round=round_so, unit=unit("T42.stp"))
    _fill_all(sa, users["focal_point"])
    sa.refresh_from_db()
    services.self_assessment_transition(sa, user=users["focal_point"], action=review.SUBMIT)
    services.self_assessment_transition(sa, user=users["par_office"], action=review.RETURN, comment="Bổ sung tài liệu 1.3")
    assert mine.filter(kind=notifications.RETURNED, body="Bổ sung tài liệu 1.3").count() == 1


@pytest.mark.django_db
def test_lost_point_becomes_a_task_of_next_years_plan(users, round_so):
    from django.test import Client

    from cchc.plans.models import Occurrence, Task
    from tests.conftest import PASSWORD
    from tests.plans.conftest import confirm_draft, small_draft

    plan, _ = confirm_draft(users["par_office"], small_draft(period="2025"))
    for code, user in (("T42.stp", "focal_point"), ("T42.syt", "focal_b"), ("T42.snv", "par_office")):
        _fill_all(SelfAssessment.objects.get(round=round_so, unit=unit(code)), users[user])
    sc = Score.objects.select_related("criterion", "assessment__round").get(
        assessment__round=round_so, assessment__unit=unit("T42.stp"), criterion__code="3.4")
    services.score_save(sc, user=users["focal_point"], points="1")
    for code, user in (("T42.stp", "focal_point"), ("T42.syt", "focal_b"), ("T42.snv", "par_office")):
        _send(SelfAssessment.objects.get(round=round_so, unit=unit(code)), users[user])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.lost_point_task(round_so, code="3.4", plan=plan, lead=unit("T42.stp"), user=users["focal_point"])
    with pytest.raises(services.AssessmentError):
        services.lost_point_task(round_so, code="1.3", plan=plan, lead=unit("T42.stp"), user=users["par_office"])
    c = Client()
    c.login(username="par_office", password=PASSWORD)
    page = c.get(f"/index/rounds/{round_so.pk}/results/").content.decode()
    assert "Thành nhiệm vụ kế hoạch" in page
    r = c.post(f"/index/rounds/{round_so.pk}/results/", {"op": "to_task", "code": "3.4", "plan": plan.pk,
                                                          "lead": unit("T42.stp").pk, "deadline": "Quý II/2025"},
               follow=True)
    assert "Đã thêm nhiệm vụ" in r.content.decode()
    task = Task.objects.get(plan=plan, title__startswith="Khắc phục tồn tại tiêu chí 3.4")
    assert task.area == "procedures" and "mất 3 điểm ở 1 đơn vị" in task.note and unit("T42.stp").name in task.note
    assert task.assignments.get().unit == unit("T42.stp")
    assert Occurrence.objects.filter(task=task, unit=unit("T42.stp")).exists()
    again = services.lost_point_task(round_so, code="3.4", plan=plan, lead=unit("T42.stp"), user=users["par_office"])
    assert again.pk == task.pk and Task.objects.filter(plan=plan, title__startswith="Khắc phục").count() == 1


@pytest.mark.django_db
def test_survey_sheet_import(users, round_so):
    head = ["Mã đơn vị", "Đơn vị", "Tiêu chí", "Điểm", "Tỷ lệ (%)"]
    bad = [["T42.stp", "", "8.1", "16", ""], ["X.999", "", "8.1", "1", ""], ["T42.stp", "", "1.3", "1", ""],
           ["", unit("T42.syt").name, "9.1", "", "120"]]
    with pytest.raises(services.AssessmentError) as e:
        services.survey_points_import_xlsx(round_so, xlsx(bad, head), filename="dtxhh.xlsx", user=users["par_office"])
    text = "\n".join(e.value.errors)
    assert "Dòng 2, cột Điểm: Tiêu chí 8.1: điểm 16 nằm ngoài khoảng 0 – 15" in text
    assert "Dòng 3, cột Mã đơn vị/Đơn vị" in text and "Dòng 4, cột Tiêu chí" in text and "Dòng 5, cột Điểm" in text
    assert not Score.objects.filter(assessment__round=round_so, survey_points__isnull=False).exists()
    good = [["T42.stp", "", "8.1", "12,5", ""], ["", unit("T42.syt").name, "9.1", "", "85"]]
    assert services.survey_points_import_xlsx(round_so, xlsx(good, head), user=users["par_office"]) == 2
    got = dict(Score.objects.filter(assessment__round=round_so, survey_points__isnull=False)
               .values_list("criterion__code", "survey_points"))
    assert got == {"8.1": D("12.5"), "9.1": D("8.5")}
