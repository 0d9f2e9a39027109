"""Satisfaction statistics for SIPAS-style surveys (pure Python, no Django).

The working method (shared/domain/README.md §2; the 1001/QĐ-BNV formula text was *not* retrieved, so every rule
marked ❌ there is a documented, editable default here — the questionnaire version stores its own values):

* an item is answered on a 5-point Likert scale, 1 "rất không hài lòng" … 5 "rất hài lòng" (❌);
* ``Sat_item = #answers in the satisfied set (default 4 and 5) / #valid answers × 100`` (❌);
* ``Sat_element = mean(Sat_item over the element's items)`` (❌);
* ``SIPAS = mean(Sat_element over the elements)`` (❌); the index points of a unit are
  ``Σ Sat_element × weight_element / 100`` with the weights of the 2025 provincial index, criteria 8.1.1–8.1.5
  (1,5 / 1,5 / 2,5 / 2,5 / 2,0 of 10 points, ✅ bnv-1187 bảng 2) — editable per questionnaire version;
* a unit's figure counts only when the sample rule holds: at least ``min_share`` (10 %) of the population (the
  dossiers resolved in the period, ❌ what the 10 % is taken of is not written in the appraisal report) *and* at
  least ``min_count`` (50) forms (✅ hdtd-36: units under 50 forms were "không đánh giá");
* the margin of error is the 95 % normal-approximation half-width ``z·√(p(1−p)/n)``, multiplied by the finite
  population correction ``√((N−n)/(N−1))`` when the population N is known.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cchc.core.vntext import format_number

__all__ = [
    "DEFAULT_METHOD", "Method", "SampleCheck", "Share", "GroupResult", "aggregate", "index_points",
    "margin_of_error", "sample_check", "satisfaction",
]

LIKERT_MIN, LIKERT_MAX = 1, 5


@dataclass(frozen=True)
class Method:
    """The editable rules of one questionnaire version (defaults: the working assumption above)."""

    satisfied_min: int = 4  # an answer ≥ this counts as satisfied (❌ 4–5 of 5)
    scale_max: int = LIKERT_MAX
    z: float = 1.96  # 95 % confidence
    min_share: float = 0.10  # of the population (dossiers resolved), hdtd-36
    min_count: int = 50  # forms, hdtd-36

    def __post_init__(self):
        if not LIKERT_MIN < self.satisfied_min <= self.scale_max:
            raise ValueError(f"Ngưỡng hài lòng {self.satisfied_min} phải nằm trong 2..{self.scale_max}")
        if not 0 <= self.min_share <= 1:
            raise ValueError(f"Tỷ lệ mẫu tối thiểu {self.min_share} phải trong khoảng 0..1")
        if self.min_count < 0:
            raise ValueError("Số phiếu tối thiểu không được âm")


DEFAULT_METHOD = Method()


@dataclass(frozen=True)
class Share:
    """``positive`` of ``n`` valid answers; ``pct`` in 0..100 (None when n = 0), ``moe`` in percentage points."""

    n: int
    positive: int
    pct: float | None
    moe: float | None


@dataclass(frozen=True)
class SampleCheck:
    n: int
    population: int | None
    share: float | None  # n / population (0..1), None when the population is unknown
    share_ok: bool | None  # None: unknown population, cannot be checked
    count_ok: bool
    met: bool  # both parts hold (an unknown population fails: the rule cannot be shown to hold)
    reasons: tuple[str, ...] = ()


def _valid(values: Iterable, scale_max: int) -> list[int]:
    out = []
    for v in values:
        if v is None or isinstance(v, bool):
            continue
        try:
            iv = int(v)
        except (TypeError, ValueError):
            continue
        if iv == v and LIKERT_MIN <= iv <= scale_max:
            out.append(iv)
    return out


def margin_of_error(pct: float | None, n: int, population: int | None = None, z: float = 1.96) -> float | None:
    """95 % half-width in percentage points for a proportion ``pct`` (0..100) measured on ``n`` answers, with the
    finite-population correction when ``population`` (N ≥ n) is known. None when n = 0."""
    if pct is None or n <= 0:
        return None
    p = pct / 100
    moe = z * math.sqrt(p * (1 - p) / n)
    if population is not None and population > 1:
        if n >= population:
            return 0.0
        moe *= math.sqrt((population - n) / (population - 1))
    return moe * 100


def satisfaction(values: Iterable, method: Method = DEFAULT_METHOD, population: int | None = None) -> Share:
    """Share of satisfied answers among the valid Likert answers (anything outside 1..scale_max is ignored)."""
    valid = _valid(values, method.scale_max)
    n = len(valid)
    positive = sum(1 for v in valid if v >= method.satisfied_min)
    pct = positive * 100 / n if n else None
    return Share(n, positive, pct, margin_of_error(pct, n, population, method.z))


def sample_check(n: int, population: int | None, method: Method = DEFAULT_METHOD) -> SampleCheck:
    """The sample rule: n ≥ min_count and n ≥ min_share × population (both; the appraisal's wording)."""
    reasons = []
    count_ok = n >= method.min_count
    if not count_ok:
        reasons.append(f"dưới {method.min_count} phiếu ({n})")
    if population is None or population <= 0:
        share, share_ok = None, None
        reasons.append("chưa có tổng số hồ sơ để tính tỷ lệ khảo sát")
    else:
        share = n / population
        share_ok = share + 1e-12 >= method.min_share
        if not share_ok:
            reasons.append(f"tỷ lệ khảo sát {format_number(share * 100, 1)} % dưới "
                           f"{format_number(method.min_share * 100)} %")
    return SampleCheck(n, population, share, share_ok, count_ok, bool(count_ok and share_ok), tuple(reasons))


def index_points(element_pcts: dict[str, float | None], weights: dict[str, float]) -> tuple[float, float]:
    """Index points ``Σ pct_e × weight_e / 100`` and the maximum ``Σ weight_e`` over the elements that have a
    result (an element without answers is left out of both, as criteria that do not apply are removed from a
    unit's maximum in the appraisal)."""
    points = maximum = 0.0
    for code, weight in weights.items():
        pct = element_pcts.get(code)
        if pct is None:
            continue
        points += pct * weight / 100
        maximum += weight
    return points, maximum


@dataclass(frozen=True)
class Obs:
    """One Likert answer: which group (e.g. (unit, period)), which response, element (section) and item."""

    group: object
    response: object
    element: str
    item: str
    value: int | None


@dataclass
class GroupResult:
    group: object
    responses: int = 0  # forms with at least one valid Likert answer
    items: dict[str, Share] = field(default_factory=dict)
    elements: dict[str, Share] = field(default_factory=dict)  # pct = mean of its items' pct
    overall: Share | None = None  # pct = mean of the elements' pct
    sample: SampleCheck | None = None


def _mean_share(shares: list[Share], n: int, population: int | None, method: Method) -> Share:
    pcts = [s.pct for s in shares if s.pct is not None]
    if not pcts:
        return Share(0, 0, None, None)
    pct = sum(pcts) / len(pcts)
    positive = sum(s.positive for s in shares)
    # the element/overall margin uses the mean proportion on the number of forms (a simple, slightly
    # conservative approximation: items of one form are correlated, so their answers are not independent)
    return Share(n, positive, pct, margin_of_error(pct, n, population, method.z))


def aggregate(observations: Iterable[Obs], method: Method = DEFAULT_METHOD,
              populations: dict | None = None) -> dict[object, GroupResult]:
    """Item, element and overall satisfaction per group, with n, margin of error and the sample rule.

    ``populations`` maps a group to its population (dossiers resolved in the period) for the finite-population
    correction and the share part of the sample rule."""
    populations = populations or {}
    values: dict = defaultdict(lambda: defaultdict(list))  # group -> item -> values
    item_element: dict = {}
    element_forms: dict = defaultdict(lambda: defaultdict(set))  # group -> element -> response ids
    forms: dict = defaultdict(set)
    for o in observations:
        if not _valid([o.value], method.scale_max):
            continue
        values[o.group][o.item].append(o.value)
        item_element[o.item] = o.element
        element_forms[o.group][o.element].add(o.response)
        forms[o.group].add(o.response)
    out: dict[object, GroupResult] = {}
    for group, items in values.items():
        population = populations.get(group)
        res = GroupResult(group, responses=len(forms[group]))
        by_element: dict[str, list[Share]] = defaultdict(list)
        for item, vals in items.items():
            share = satisfaction(vals, method, population)
            res.items[item] = share
            by_element[item_element[item]].append(share)
        for element, shares in by_element.items():
            res.elements[element] = _mean_share(shares, len(element_forms[group][element]), population, method)
        res.overall = _mean_share(list(res.elements.values()), res.responses, population, method)
        res.sample = sample_check(res.responses, population, method)
        out[group] = res
    return out
