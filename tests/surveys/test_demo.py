"""The demo survey data (cchc load_demo): rounds at two one-stop desks filled through the real .xlsx import."""

import io

import pytest
from django.core.management import call_command

from cchc.surveys import demo
from cchc.surveys.models import ImportBatch, Response, Round
from cchc.surveys.selectors import unit_satisfaction


@pytest.mark.django_db
def test_demo_rounds_are_filled_through_the_import_and_meet_the_sample_rule(users):
    call_command("surveys", "templates", stdout=io.StringIO())
    out = io.StringIO()
    demo.load_demo(out)
    rounds = list(Round.objects.select_related("version__questionnaire"))
    kinds = sorted(r.version.questionnaire.kind for r in rounds)
    assert kinds == ["service", "service", "staff"]
    assert Response.objects.count() == 60 + 55 + 24
    assert ImportBatch.objects.count() == 3  # every form went through services.import_xlsx
    assert Response.objects.exclude(channel=Response.Channel.IMPORT).count() == 0
    service = [r for r in rounds if r.version.questionnaire.kind == "service"]
    figures = unit_satisfaction([r.unit_id for r in service], service[0].year)
    assert len(figures) == 2 and all(f["sample_met"] for f in figures.values())
    assert all(50 < f["pct"] < 100 for f in figures.values())
    assert "Đã nạp 139 phiếu khảo sát mẫu" in out.getvalue()
    demo.load_demo(io.StringIO())  # a second run adds nothing
    assert Response.objects.count() == 139
