"""Target labels read as full statements (issue 8): indicator, comparator, value, unit, year and level — one pure
function (``target_label``) used by the review screen, the targets page and the Excel export."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from cchc.plans.importing import parse_file
from cchc.plans.importing.scoring import norm
from cchc.plans.importing.targets import target_label

from .conftest import SEEDS, gold_for

UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"


def fragment_reason(label: str, indicator: str) -> str | None:
    if not re.match(rf"^[{UPPER}]", label):
        return "does not start with a capital letter"
    if re.match(r"(?i)^(?:trở lên|trở xuống|và|hoặc|của|tại|để|so với|đến|cán bộ\s*$)", indicator):
        return "starts mid-sentence"
    if re.match(r"^[\d\W]", indicator):
        return "starts with a figure or punctuation"
    if len(indicator.split()) < 3:
        return "too short to name a quantity"
    if re.search(r"\d{1,3}(?:,\d+)?\s*%", indicator):
        return "carries another target's figure"
    return None


def _matched(pred: list[dict], gold: dict) -> dict | None:
    g = norm(gold["text"])
    for p in pred:
        if float(p["value"]) == float(gold["value"]) and p["unit"] == gold["unit"] and \
                (p.get("level") or None) == (gold.get("level") or None):
            t = norm(p["text"])
            if t == g or t.startswith(g[:60]) or g.startswith(t[:60]):
                return p
    return None


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_gold_targets_get_full_statement_labels(seed):
    pred = parse_file(seed).targets
    bad = []
    for gt in gold_for(seed)["targets"]:
        p = _matched(pred, gt)
        assert p is not None, gt["text"][:80]
        label = target_label(p)
        reason = fragment_reason(label, p["indicator"])
        if reason:
            bad.append((reason, label))
        figure = f"{gt['value']}".replace(".", ",")
        assert figure in label and (gt["unit"] != "%" or f"{figure}%" in label), label
        if gt.get("year"):
            assert f"năm {gt['year']}" in label, label
        if gt.get("level"):
            assert gt["level"] in label, label
    assert not bad, bad


def test_known_fragments_are_gone():
    seeds = {s.name[:3]: parse_file(s).targets for s in SEEDS}
    indicators = [t["indicator"] for ts in seeds.values() for t in ts]
    assert not any(re.match(r"(?i)^(?:trở lên|cán bộ$|\d{4} tại)", i) for i in indicators), indicators
    labels = [target_label(t) for ts in seeds.values() for t in ts]
    assert any(lbl.startswith("Tỷ lệ nộp hồ sơ trực tuyến: đạt 70%") for lbl in labels)
    assert any(lbl.startswith("Tỷ lệ giao dịch thanh toán trực tuyến") and "(cấp huyện)" in lbl for lbl in labels)


def test_label_is_the_same_for_a_draft_and_a_saved_target():
    draft = {"indicator": "Tỷ lệ hồ sơ trực tuyến toàn trình", "value": 2.5, "value_max": None, "unit": "%",
             "comparator": ">=", "year": 2025, "level": "huyện"}
    saved = SimpleNamespace(indicator=draft["indicator"], value=2.5, value_max=None, unit_of_measure="%",
                            comparator=">=", year=2025, level="huyện")
    assert target_label(draft) == target_label(saved) == \
        "Tỷ lệ hồ sơ trực tuyến toàn trình: tối thiểu 2,5% (năm 2025, cấp huyện)"
    assert target_label({"indicator": "Số sáng kiến về CCHC", "value": 2, "value_max": 3, "unit": "count",
                         "comparator": ">="}) == "Số sáng kiến về CCHC: tối thiểu 2–3"
    assert target_label({"indicator": "Tỷ lệ hồ sơ", "value": None, "unit": None}) == "Tỷ lệ hồ sơ: chưa có giá trị"


@pytest.mark.django_db
def test_target_model_label_uses_the_same_function():
    from cchc.plans.models import Target

    t = Target(indicator="Tỷ lệ TTHC được số hóa", value=100, unit_of_measure="%", comparator="=", level="xã")
    assert t.label == "Tỷ lệ TTHC được số hóa: đạt 100% (cấp xã)"
