"""The demo survey data (cchc load_demo): rounds at two one-stop desks filled through the real .xlsx import."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.surveys import demo
from cchc.surveys.models import ImportBatch, Response, Round
from cchc.surveys.selectors import unit_satisfaction


@pytest.mark.django_db
def test_demo_rounds_are_filled_through_the_import_and_meet_the_sample_rule(users):
    call_command("surveys", "templates", stdout=io.StringIO())
    out = io.StringIO()
    demo.load_demo(out)
    now = timezone.now()
    current = Round.objects.filter(opens_at__lte=now, closes_at__gt=now)
    assert current.count() == 1 and current.get().version.questionnaire.kind == "service"  # to try codes and the form
    assert not current.get().responses.exists()
    rounds = list(Round.objects.exclude(pk=current.get().pk).select_related("version__questionnaire"))
    kinds = sorted(r.version.questionnaire.kind for r in rounds)
    assert kinds == ["service", "service", "staff"]
    assert Response.objects.count() == 60 + 55 + 24
    assert ImportBatch.objects.count() == 3  # every form went through services.responses_import_xlsx
    assert Response.objects.exclude(channel=Response.Channel.IMPORT).count() == 0
    service = [r for r in rounds if r.version.questionnaire.kind == "service"]
    figures = unit_satisfaction([r.unit_id for r in service], service[0].year)
    assert len(figures) == 2 and all(f["sample_met"] for f in figures.values())
    assert all(50 < f["pct"] < 100 for f in figures.values())
    assert "Đã nạp 139 phiếu khảo sát mẫu" in out.getvalue()
    demo.load_demo(io.StringIO())  # a second run adds nothing
    assert Response.objects.count() == 139 and Round.objects.count() == 4


@pytest.mark.django_db
def test_policy_template_has_the_nine_groups_and_counts_only_the_groups_a_household_knows(users, org_tree):
    from openpyxl import Workbook

    from cchc.surveys import services
    from cchc.surveys.models import QuestionnaireVersion
    from cchc.surveys.selectors import satisfaction_results

    call_command("surveys", "templates", stdout=io.StringIO())
    version = QuestionnaireVersion.objects.get(questionnaire__code="sipas-chinh-sach", number=1)
    assert version.questionnaire.kind == "policy" and version.is_locked
    groups = [s.code for s in version.sections.order_by("order") if s.weight]
    assert groups == ["kinh_te", "y_te", "giao_duc", "nuoc", "dien", "an_ninh", "giao_thong", "an_sinh", "cchc"]
    import datetime as dt

    from django.utils import timezone
    now = timezone.now()
    rnd = services.round_create(users["par_office"], version=version, unit=org_tree["T42.stp"], year=now.year,
                                quarter=None, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9))
    items = services.items_of(version)
    wb = Workbook()
    ws = wb.active
    ws.append([i.code for i in items])
    for level in (5, 2):  # two households: both know only health and electricity policies
        row = []
        for it in items:
            if it.code.endswith("_biet"):
                row.append("Có" if it.code.startswith(("y_te", "dien")) else "Không")
            elif it.kind == "likert5" and it.code.startswith(("y_te", "dien")):
                row.append(level if it.code.startswith("y_te") else 5)
            else:
                row.append(None)
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    out = services.responses_import_xlsx(users["par_office"], rnd, buf.getvalue())
    assert out == {"saved": 2, "errors": []}
    rows, _titles, _texts = satisfaction_results(Round.objects.filter(pk=rnd.pk), by="year")
    elements = {k: v.pct for k, v in rows[0].result.elements.items()}
    assert set(elements) == {"y_te", "dien"}  # groups nobody knows are not counted as dissatisfied
    assert elements["dien"] == 100 and elements["y_te"] == 50
