"""Measures of the CCHC index owned by surveys: the year's citizen satisfaction (SIPAS at the unit's one-stop desk)
and the staff survey (ĐTXHH cán bộ, công chức), per unit, only where the sample rule is met (a figure from too few
forms does not count: the unit is left without data and the office scores it by hand)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

from cchc.assessment.measures import PERCENT, MeasureValue, measure
from cchc.core.vntext import format_number


def _values(units, year, kind) -> dict:
    from cchc.surveys.models import Response
    from cchc.surveys.selectors import unit_satisfaction

    out = {}
    for unit_id, r in unit_satisfaction([u.pk for u in units], year, kind=kind).items():
        if r["pct"] is None or not r["sample_met"]:
            continue
        moe = f", sai số ±{format_number(r['moe'], 1)} %" if r.get("moe") is not None else ""
        rows = list(Response.objects.filter(round__unit_id=unit_id, round__year=year,
                                            round__version__questionnaire__kind=kind)
                    .values_list("pk", flat=True)[:500])
        out[unit_id] = MeasureValue(value=Decimal(str(round(r["pct"], 3))),
                                    formula=f"{format_number(r['pct'], 1)} % hài lòng ({r['n']} phiếu{moe})",
                                    rows=rows, row_model="surveys.Response")
    return out


@measure("surveys.citizen_satisfaction_pct", gettext_noop("Tỷ lệ người dân hài lòng (khảo sát tại Bộ phận Một cửa, đủ mẫu)"),
         PERCENT)
def citizen_satisfaction(units, year):
    return _values(units, year, "service")


@measure("surveys.staff_survey_pct", gettext_noop("Tỷ lệ đánh giá tích cực của cán bộ, công chức (ĐTXHH, đủ mẫu)"), PERCENT)
def staff_survey(units, year):
    return _values(units, year, "staff")
