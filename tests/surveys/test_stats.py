"""Pure statistics of the surveys app (no database)."""

import math

import pytest

from cchc.surveys import stats
from cchc.surveys.freetext import keyword_counts, matches
from cchc.surveys.stats import Method, Obs


def test_satisfaction_counts_four_and_five_by_default_and_ignores_invalid_answers():
    s = stats.satisfaction([5, 4, 3, 2, 1, None, 0, 6, "x", True])
    assert (s.n, s.positive) == (5, 2) and s.pct == pytest.approx(40.0)


def test_satisfied_threshold_is_editable():
    s = stats.satisfaction([5, 4, 3, 2], Method(satisfied_min=5))
    assert s.positive == 1 and s.pct == pytest.approx(25.0)
    with pytest.raises(ValueError):
        Method(satisfied_min=1)


def test_margin_of_error_95_and_finite_population_correction():
    moe = stats.margin_of_error(50.0, 100)
    assert moe == pytest.approx(1.96 * math.sqrt(0.25 / 100) * 100)
    fpc = stats.margin_of_error(50.0, 100, population=200)
    assert fpc == pytest.approx(moe * math.sqrt(100 / 199))
    assert stats.margin_of_error(50.0, 200, population=200) == 0.0
    assert stats.margin_of_error(None, 0) is None


def test_sample_rule_needs_both_share_and_count():
    assert stats.sample_check(50, 500).met
    too_few = stats.sample_check(49, 100)
    assert not too_few.met and too_few.share_ok and not too_few.count_ok
    low_share = stats.sample_check(60, 1000)
    assert not low_share.met and low_share.count_ok and not low_share.share_ok
    unknown = stats.sample_check(80, None)
    assert unknown.share_ok is None and not unknown.met and unknown.reasons
    relaxed = stats.sample_check(20, 100, Method(min_count=20, min_share=0.2))
    assert relaxed.met


def test_aggregate_element_is_mean_of_items_overall_is_mean_of_elements():
    obs = []
    # unit A, 4 forms: element e1 items i1 (all 5) and i2 (half satisfied); element e2 item i3 (none satisfied)
    for r in range(4):
        obs.append(Obs("A", r, "e1", "i1", 5))
        obs.append(Obs("A", r, "e1", "i2", 4 if r < 2 else 2))
        obs.append(Obs("A", r, "e2", "i3", 1))
    obs.append(Obs("B", 99, "e1", "i1", 3))
    res = stats.aggregate(obs, populations={"A": 40})
    a = res["A"]
    assert a.items["i1"].pct == 100 and a.items["i2"].pct == 50 and a.items["i3"].pct == 0
    assert a.elements["e1"].pct == pytest.approx(75) and a.elements["e2"].pct == 0
    assert a.overall.pct == pytest.approx(37.5) and a.responses == 4
    assert a.sample.share == pytest.approx(0.1) and not a.sample.met  # 4 < 50 forms
    assert res["B"].overall.pct == 0 and res["B"].sample.population is None


def test_index_points_use_weights_of_elements_with_results():
    points, maximum = stats.index_points({"e1": 80.0, "e2": 60.0, "e3": None}, {"e1": 1.5, "e2": 2.5, "e3": 2.0})
    assert points == pytest.approx(1.2 + 1.5) and maximum == pytest.approx(4.0)


def test_keywords_are_diacritic_insensitive():
    texts = ["Cán bộ nhiệt tình, chu đáo", "can bo NHIET TINH", "Thủ tục còn rườm rà"]
    assert [t for t in texts if matches(t, "nhiet tinh")] == texts[:2]
    assert matches("Đường đi khó", "duong") and not matches("Thủ tục", "can bo")
    counts = dict(keyword_counts(texts))
    assert counts["nhiệt tình"] == 2 and "còn" not in counts
