"""Data for the report tests: a plan of the year with tasks done, late and not started at Sở Tư pháp and Sở Y tế,
an inspection with findings, and satisfaction survey answers — made through the models, as the apps store them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

YEAR = 2026


@pytest.fixture
def platform_data(users):
    from cchc.inspections.models import Finding, Inspection, InspectionPlan
    from cchc.org.models import OrgUnit
    from cchc.plans.models import Occurrence, Plan, ProgressReport, Schedule, Task
    from cchc.surveys import models as sm

    stp, syt = OrgUnit.objects.get(code="T42.stp"), OrgUnit.objects.get(code="T42.syt")
    plan = Plan.objects.create(title=f"Kế hoạch CCHC năm {YEAR}", period=str(YEAR), document_number="10/KH-UBND")

    def task(n, area, unit, due, status, completed=None, reason=""):
        t = Task.objects.create(plan=plan, key=f"t{n}", order=n, title=f"Nhiệm vụ {n}", area=area)
        s = Schedule.objects.create(task=t, kind="once", text="")
        o = Occurrence.objects.create(task=t, schedule=s, plan=plan, unit=unit, area=area, period=str(YEAR),
                                      due_date=due, status=status, completed_on=completed)
        if reason:
            ProgressReport.objects.create(occurrence=o, unit=unit, status=status, result=reason,
                                          review_state="submitted")
        return o

    task(1, "procedures", stp, date(YEAR, 2, 28), "done", date(YEAR, 2, 20))
    task(2, "procedures", stp, date(YEAR, 3, 15), "done_late", date(YEAR, 3, 25))
    task(3, "civil_service", stp, date(YEAR, 3, 20), "in_progress", reason="Chờ hướng dẫn của Bộ Nội vụ")
    task(4, "digital_government", syt, date(YEAR, 3, 10), "not_started")
    task(5, "institutions", syt, date(YEAR, 11, 30), "not_started")  # later in the year

    iplan = InspectionPlan.objects.create(year=YEAR, title=f"Kế hoạch kiểm tra CCHC năm {YEAR}",
                                          document_number="5/KH-SNV")
    ins = Inspection.objects.create(plan=iplan, unit=stp, month=3, status="concluded", ends_on=date(YEAR, 3, 12))
    Finding.objects.create(inspection=ins, text="Chưa niêm yết TTHC", due_date=date(YEAR, 4, 30))
    Finding.objects.create(inspection=ins, text="Hồ sơ trễ hạn chưa xin lỗi", due_date=date(YEAR, 4, 30))

    q = sm.Questionnaire.objects.create(code="sipas-test", title="Khảo sát hài lòng")
    v = sm.QuestionnaireVersion.objects.create(questionnaire=q, number=1)
    sec = sm.Section.objects.create(version=v, order=1, code="A", title="Tiếp cận dịch vụ")
    item = sm.Item.objects.create(section=sec, order=1, code="A1", text="Hài lòng?", kind="likert5",
                               measure="satisfaction")
    sm.QuestionnaireVersion.objects.filter(pk=v.pk).update(status="published")
    rnd = sm.Round.objects.create(version=v, unit=stp, year=YEAR, quarter=1,
                               opens_at=datetime(YEAR, 1, 1, tzinfo=UTC),
                               closes_at=datetime(YEAR, 3, 31, tzinfo=UTC))
    for i, value in enumerate([5, 4, 2, 5]):
        r = sm.Response.objects.create(round=rnd, channel="code", submitted_on=date(YEAR, 2, 1 + i))
        sm.Answer.objects.create(response=r, item=item, value=value)
    return {"plan": plan, "stp": stp, "syt": syt, "inspection": ins}
