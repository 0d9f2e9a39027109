"""The feed for other apps: a unit's yearly satisfaction and the plan target measurement."""

import pytest

from cchc.surveys import services
from cchc.surveys.selectors import unit_satisfaction
from tests.surveys.conftest import full_answers, getter


def _answer(users, rnd, levels):
    _b, codes = services.codes_create(users["par_office"], rnd, len(levels))
    for code, level in zip(codes, levels, strict=True):
        services.response_submit_with_code(code, getter(full_answers(rnd.version, level=level)))


def test_unit_satisfaction_pools_the_years_quarters_and_checks_the_sample_rule(users, make_round):
    q1 = make_round("T42.stp", quarter=1, population=300)
    q2 = make_round("T42.stp", quarter=2, population=200)
    _answer(users, q1, [5] * 30)
    _answer(users, q2, [5] * 15 + [1] * 5)
    other = make_round("T42.syt", quarter=1, population=None)
    _answer(users, other, [4] * 3)
    out = unit_satisfaction([q1.unit_id, other.unit_id], q1.year)
    stp = out[q1.unit_id]
    assert stp["n"] == 50 and stp["population"] == 500
    assert stp["pct"] == pytest.approx(90.0) and stp["sample_met"]
    assert stp["max_points"] == pytest.approx(10.0) and stp["points"] == pytest.approx(9.0)
    syt = out[other.unit_id]
    assert syt["pct"] == 100 and not syt["sample_met"] and syt["reasons"]
    assert unit_satisfaction([q1.unit_id], q1.year + 1) == {}


def test_survey_result_is_recorded_as_a_plan_target_measurement(users, make_round, org_tree):
    from cchc.plans.models import Measurement, Plan, Target

    plan = Plan.objects.create(title="Kế hoạch CCHC")
    target = Target.objects.create(plan=plan, text="Mức độ hài lòng ≥ 94 %", indicator="mức độ hài lòng", value=94)
    rnd = make_round("T42.stp", quarter=None, population=100)
    _answer(users, rnd, [5] * 10)
    with pytest.raises(services.SurveyError) as exc:  # 10 forms: the figure does not count
        services.target_measurement_record(users["par_office"], target=target, unit=rnd.unit, year=rnd.year)
    assert exc.value.code == "sample" and not Measurement.objects.exists()
    _answer(users, rnd, [5] * 46 + [2] * 4)
    m = services.target_measurement_record(users["par_office"], target=target, unit=rnd.unit, year=rnd.year)
    assert m.period == str(rnd.year) and m.value == pytest.approx(round(56 / 60 * 100, 2))
    assert "60 phiếu" in m.note
