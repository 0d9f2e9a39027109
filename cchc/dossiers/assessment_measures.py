"""Measures of the CCHC index computed from the one-stop dossiers (the 766 indicators of the year): a criterion
bound to, e.g., "dossiers.766_3.3" gets the unit's online share. One engine scan per year serves every measure
(cchc.dossiers.feeds.year_figures). The rows behind a value are dossiers in Parquet, not database rows, so
``rows`` is empty and the formula says numerator/denominator; the drill-down is the 766 page."""

from __future__ import annotations

from decimal import Decimal

from cchc.assessment.measures import PERCENT, MeasureValue, measure
from cchc.dossiers import engine

# the indicators given as a percentage by the dossier table alone (1.4 needs the reporting system's counts)
PERCENT_INDICATORS = ("2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4")


def _make(iid: str):
    name = engine.INDICATORS[iid][1]

    def compute(units, year):
        from cchc.dossiers.feeds import year_figures

        by_code = year_figures(year)
        out = {}
        for u in units:
            item = by_code.get(u.code, {}).get(iid)
            if item is None or item["ratio"] is None:
                continue
            out[u.pk] = MeasureValue(Decimal(str(item["ratio"])),
                                     f"{item['numerator']}/{item['denominator']} hồ sơ ({name}, năm {year})")
        return out

    compute.__name__ = f"dossiers_766_{iid.replace('.', '_')}"
    return compute


for _iid in PERCENT_INDICATORS:
    measure(f"dossiers.766_{_iid}", f"Chỉ số 766 {_iid}: {engine.INDICATORS[_iid][1]} (%)", PERCENT)(_make(_iid))
