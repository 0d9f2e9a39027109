"""Item analysis as in Moodle's quiz statistics report (pure Python).

Per question (over the attempts that contained it):
- facility index F = 100 · mean(item mark) / max mark;
- standard deviation SD = 100 · sample SD of (item mark / max mark);
- discrimination index D = 100 · Pearson correlation between the item mark and the rest of the test
  (total mark minus this item), so the item is not correlated with itself.
Flags: F ≥ 90 too easy, F ≤ 20 too hard, D < 0 negative discrimination (0 ≤ D < 20 weak).
Per test (first complete attempts only, as Moodle advises): mean, median, SD (percent of max), skewness, kurtosis
(excess), coefficient of internal consistency over the paper's slots
CIC = 100 · k/(k−1) · (1 − Σ var(slot) / var(total)), error ratio ER = 100 · √(1 − CIC/100), standard error
SE = ER/100 · SD.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
NEGATIVE = "negative_discrimination"
WEAK = "weak_discrimination"
FLAG_LABELS = {TOO_EASY: "Quá dễ", TOO_HARD: "Quá khó", NEGATIVE: "Phân biệt ngược", WEAK: "Phân biệt kém"}
EASY_AT = 90.0
HARD_AT = 20.0
WEAK_BELOW = 20.0


def mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def sample_var(xs: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    m = mean(xs)
    return sum((x - m) ** 2 for x in xs) / (n - 1)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)


@dataclass
class ItemStat:
    key: int
    n: int
    facility: float
    sd: float
    discrimination: float | None
    flags: list[str] = field(default_factory=list)


@dataclass
class TestStat:
    n: int
    mean: float
    median: float
    sd: float
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def item_analysis(attempts: Sequence[dict[int, tuple[float, float]]]) -> list[ItemStat]:
    """``attempts``: one dict per attempt, question key -> (mark, max mark). Returns stats sorted by key."""
    totals = [sum(m for m, _ in a.values()) for a in attempts]
    keys = sorted({k for a in attempts for k in a})
    out = []
    for k in keys:
        marks, rests, fracs = [], [], []
        for a, total in zip(attempts, totals, strict=True):
            if k not in a:
                continue
            mark, mx = a[k]
            marks.append(mark)
            rests.append(total - mark)
            fracs.append(mark / mx if mx else 0.0)
        facility = 100.0 * mean(fracs)
        sd = 100.0 * math.sqrt(sample_var(fracs))
        r = pearson(marks, rests)
        d = None if r is None else 100.0 * r
        flags = []
        if facility >= EASY_AT:
            flags.append(TOO_EASY)
        if facility <= HARD_AT:
            flags.append(TOO_HARD)
        if d is not None and d < 0:
            flags.append(NEGATIVE)
        elif d is not None and d < WEAK_BELOW:
            flags.append(WEAK)
        out.append(ItemStat(k, len(marks), round(facility, 2), round(sd, 2),
                            None if d is None else round(d, 2), flags))
    return out


def test_statistics(slot_marks: Sequence[Sequence[float]], max_total: float) -> TestStat:
    """``slot_marks``: per attempt, the marks of slot 1..k (same k for every attempt)."""
    n = len(slot_marks)
    if n == 0 or max_total <= 0:
        return TestStat(0, 0.0, 0.0, 0.0, None, None, None, None, None)
    totals = [100.0 * sum(s) / max_total for s in slot_marks]
    m = mean(totals)
    srt = sorted(totals)
    median = srt[n // 2] if n % 2 else (srt[n // 2 - 1] + srt[n // 2]) / 2
    var = sample_var(totals)
    sd = math.sqrt(var)
    skew = kurt = None
    if n >= 3 and sd > 0:
        m2 = sum((x - m) ** 2 for x in totals) / n
        m3 = sum((x - m) ** 3 for x in totals) / n
        m4 = sum((x - m) ** 4 for x in totals) / n
        skew = m3 / m2 ** 1.5
        kurt = m4 / m2 ** 2 - 3.0
    cic = er = se = None
    k = len(slot_marks[0])
    if n >= 2 and k >= 2 and all(len(s) == k for s in slot_marks):
        raw_totals = [sum(s) for s in slot_marks]
        var_total = sample_var(raw_totals)
        if var_total > 0:
            var_items = sum(sample_var([s[j] for s in slot_marks]) for j in range(k))
            cic = 100.0 * (k / (k - 1)) * (1 - var_items / var_total)
            if cic <= 100:
                er = 100.0 * math.sqrt(max(0.0, 1 - cic / 100.0))
                se = er / 100.0 * sd
    return TestStat(n, round(m, 2), round(median, 2), round(sd, 2), _rnd(skew), _rnd(kurt), _rnd(cic), _rnd(er), _rnd(se))


def _rnd(v):
    return None if v is None else round(v, 2)


def distribution(percents: Sequence[float], bins: int = 10) -> list[int]:
    """Counts per score band of width 100/bins (the last band includes 100)."""
    counts = [0] * bins
    for p in percents:
        idx = min(bins - 1, max(0, int(p * bins // 100)))
        counts[idx] += 1
    return counts
