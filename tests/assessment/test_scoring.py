"""Pure scoring of the CCHC index: rules, tree validation, index with non-applicable criteria, ranking, bands."""

from decimal import Decimal as D

import pytest

from cchc.assessment import scoring as s

# ---------------------------------------------------------------- rules

LD_112 = {"bands": [{"min": 100, "points": 2}, {"min": 90, "points": 1}, {"min": 0, "points": 0}]}


@pytest.mark.parametrize("value,points", [(100, 2), (99.99, 1), (90, 1), (89.9, 0), (0, 0)])
def test_bands_lam_dong_112(value, points):
    # Lâm Đồng 2775 PL1 1.1.2: 100 % → 2; 90 – < 100 % → 1; < 90 % → 0
    assert s.apply_rule(s.BANDS, LD_112, "2,0", value) == D(points)


def test_bands_order_in_params_does_not_matter():
    shuffled = {"bands": list(reversed(LD_112["bands"]))}
    assert s.apply_rule(s.BANDS, shuffled, 2, 95) == 1


def test_timeliness_tiers():
    p = {"on_time": 1, "late": 0.5, "none": 0}
    assert [s.apply_rule(s.TIMELINESS, p, 1, v) for v in ("on_time", "late", "none")] == [1, D("0.5"), 0]
    with pytest.raises(s.ScoringError) as e:
        s.apply_rule(s.TIMELINESS, p, 1, "sometimes")
    assert "đúng hạn" in e.value.message


def test_linear_to_target_and_floor():
    p = {"target": 95}
    assert s.apply_rule(s.LINEAR, p, 2, 98) == 2
    assert s.apply_rule(s.LINEAR, p, 2, D("47.5")) == 1
    assert s.apply_rule(s.LINEAR, {"target": 95, "floor": 50}, 2, 49) == 0


def test_count_per_item_capped_and_steps():
    assert s.apply_rule(s.COUNT, {"per_item": "0,25"}, 1, 3) == D("0.75")
    assert s.apply_rule(s.COUNT, {"per_item": "0,25"}, 1, 10) == 1
    steps = {"steps": [{"min": 4, "points": 0.5}, {"min": 2, "points": 0.25}]}
    assert s.apply_rule(s.COUNT, steps, "0,5", 3) == D("0.25")
    assert s.apply_rule(s.COUNT, steps, "0,5", 1) == 0


def test_binary_survey_manual():
    assert s.apply_rule(s.BINARY, {}, "0,5", True) == D("0.5")
    assert s.apply_rule(s.BINARY, None, "0,5", False) == 0
    assert s.apply_rule(s.SURVEY, {}, 15, 80) == 12
    assert s.apply_rule(s.SURVEY, {"scale": "points"}, 15, 11) == 11
    assert s.apply_rule(s.MANUAL, {}, 2, "1,5") == D("1.5")
    with pytest.raises(s.ScoringError) as e:
        s.apply_rule(s.MANUAL, {}, 2, 3)
    assert e.value.code == "score_out_of_range" and "0 – 2" in e.value.message


@pytest.mark.parametrize("rule,params,code,word", [
    (s.BANDS, {}, "missing_params", "cần tham số"),
    (s.TIMELINESS, {"on_time": 1}, "missing_param", "late"),
    (s.LINEAR, {"floor": 3}, "missing_param", "target"),
    (s.BANDS, {"bands": [{"min": 90, "points": 3}]}, "param_out_of_range", "0 – 2"),
    (s.BANDS, {"bands": [{"min": 90, "points": 1}, {"min": 90, "points": 0}]}, "bad_param", "cùng ngưỡng"),
    (s.BANDS, {"bands": [{"min": 90}]}, "bad_param", "points"),
    (s.TIMELINESS, {"on_time": 1, "late": 3}, "param_out_of_range", "trễ hạn"),
    (s.TIMELINESS, {"on_time": 0.5, "late": 1}, "bad_param", "≥"),
    (s.LINEAR, {"target": 0}, "param_out_of_range", "lớn hơn 0"),
    (s.COUNT, {"per_item": "abc"}, "not_a_number", "không phải là số"),
    ("guess", {}, "unknown_rule", "không có"),
])
def test_rule_parameter_errors_are_vietnamese(rule, params, code, word):
    with pytest.raises(s.ScoringError) as e:
        s.validate_rule(rule, params, 2)
    assert e.value.code == code
    assert word in e.value.message


# ---------------------------------------------------------------- trees

def _tree():
    return [
        s.Node("1", "Công tác chỉ đạo điều hành", "3,0", row=2),
        s.Node("1.1", "Kế hoạch", "1,0", s.TIMELINESS, {"late": "0,5"}, row=3),
        s.Node("1.2", "Nhiệm vụ", "2,0", s.BANDS, LD_112, row=4),
        s.Node("2", "Khảo sát", 15, s.SURVEY, row=5),
    ]


def test_valid_tree_info():
    errors, info = s.validate_tree(_tree(), expected_total=18)
    assert errors == []
    assert info["total"] == 18
    assert sorted(info["leaves"]) == ["1.1", "1.2", "2"]
    assert info["children"]["1"] == ["1.1", "1.2"]


def test_tree_errors_name_the_row_and_column():
    nodes = _tree() + [
        s.Node("1.2", "Trùng", 1, row=6),
        s.Node("3", "Thiếu điểm", None, row=7),
        s.Node("4.1", "Mồ côi", 1, row=8),
        s.Node("5", "Thiếu tham số", 1, s.LINEAR, {}, row=9),
    ]
    nodes[0].max_points = 4
    errors, _ = s.validate_tree(nodes)
    by_code = {e.code: e for e in errors}
    assert set(by_code) == {"sum_mismatch", "duplicate_code", "missing_max", "missing_parent", "missing_params"}
    assert by_code["sum_mismatch"].row == 2 and "khác tổng" in by_code["sum_mismatch"].message
    assert by_code["duplicate_code"].message.startswith("Dòng 6, cột STT") and "dòng 4" in \
        by_code["duplicate_code"].message
    assert by_code["missing_max"].row == 7 and by_code["missing_max"].column == "max_points"
    assert by_code["missing_params"].row == 9 and "Tham số" in by_code["missing_params"].message


def test_quarter_points_sum_exactly():
    nodes = [s.Node("2", "", "3,0", row=1)] + [
        s.Node(f"2.{i}", "", v, row=i + 1) for i, v in enumerate(["0,25", "0,75", "1,0", "0,25", "0,75"], 1)]
    errors, info = s.validate_tree(nodes)
    assert errors == [] and info["total"] == 3


def test_expected_total_and_bonus_outside_total():
    nodes = _tree() + [s.Node("T", "Điểm thưởng", 2, kind=s.BONUS, row=9)]
    errors, info = s.validate_tree(nodes, expected_total=18)
    assert errors == [] and info["total"] == 18
    errors, _ = s.validate_tree(_tree(), expected_total=100)
    assert [e.code for e in errors] == ["total_mismatch"]


def test_rule_on_a_parent_is_refused():
    nodes = _tree()
    nodes[0].rule_type = s.MANUAL
    errors, _ = s.validate_tree(nodes)
    assert [e.code for e in errors] == ["rule_on_parent"]


# ---------------------------------------------------------------- index

LEAVES = [s.Leaf("1.1", D(1)), s.Leaf("1.2", D(2)), s.Leaf("6.1", D(2)), s.Leaf("X", D(15), survey=True),
          s.Leaf("T", D(2), kind=s.BONUS), s.Leaf("P", D(1), kind=s.PENALTY)]


def test_not_applicable_leaves_the_maximum():
    full = s.unit_index(LEAVES, {"1.1": 1, "1.2": 1, "6.1": 2}, survey={"X": 12})
    assert full.maximum == 20 and full.points == 16 and full.index == 80
    na = s.unit_index(LEAVES, {"1.1": 1, "1.2": 1, "6.1": 2}, survey={"X": 12}, not_applicable=["6.1"])
    assert na.maximum == 18 and na.points == 14
    assert na.index == D(14) / D(18) * 100


def test_absent_survey_rescales_the_appraised_part():
    r = s.unit_index(LEAVES, {"1.1": 1, "1.2": 1, "6.1": 2}, survey=None)
    assert r.maximum == 5 and r.index == 80 and r.survey_points == 0


def test_bonus_and_penalty_outside_maximum():
    r = s.unit_index(LEAVES, {"1.1": 1, "1.2": 2, "6.1": 2, "T": 1, "P": "0,5"}, survey={"X": 15})
    assert r.maximum == 20 and r.points == D("20.5") and r.bonus == 1 and r.penalty == D("0.5")


def test_score_above_max_refused_with_code():
    with pytest.raises(s.ScoringError) as e:
        s.unit_index(LEAVES, {"1.2": 3})
    assert "Tiêu chí 1.2" in e.value.message


def test_lam_dong_appraisal_row():
    # Sở Tư pháp, Lâm Đồng 2025: appraised 70,50 of its own maximum 74,00 → 95,27 %
    leaves = [s.Leaf("a", D("74.00"))]
    r = s.unit_index(leaves, {"a": "70,50"})
    assert f"{r.index:.2f}" == "95.27"


# ---------------------------------------------------------------- ranking and classes

def _res(name, index):
    return s.UnitResult(unit=name, points=D(0), maximum=D(100), index=D(index))


def test_rank_uses_unrounded_values_and_shares_ties():
    ranked = s.rank([_res("b", "85.177"), _res("a", "85.184"), _res("c", "70"), _res("d", "70"), _res("e", 40)])
    assert [(r.unit, r.rank) for r in ranked] == [("a", 1), ("b", 2), ("c", 3), ("d", 3), ("e", 5)]
    assert [r.band for r in ranked] == ["Tốt", "Tốt", "Khá", "Khá", "Kém"]


@pytest.mark.parametrize("index,label", [(80, "Tốt"), ("79.999", "Khá"), (65, "Khá"), (50, "Trung bình"),
                                         ("49.99", "Kém"), (0, "Kém")])
def test_default_bands_are_the_real_ones(index, label):
    assert s.classify(index) == label


def test_editable_bands_and_their_errors():
    bands = [{"label": "Xuất sắc", "min": 90}, {"label": "Tốt", "min": 80}, {"label": "Còn lại", "min": 0}]
    assert s.classify(91, bands) == "Xuất sắc" and s.classify(85, bands) == "Tốt"
    for bad, word in [([("Tốt", 80)], "0 %"), ([("", 0)], "chưa có tên"), ([("A", 0), ("B", 0)], "cùng ngưỡng"),
                      ([("A", 120), ("B", 0)], "0 – 100")]:
        with pytest.raises(s.ScoringError) as e:
            s.validate_bands(bad)
        assert word in e.value.message
