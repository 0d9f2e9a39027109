"""Gold tests: the five seed plans parsed and matched against the hand-checked gold JSON."""

from __future__ import annotations

import pytest

from cchc.plans.importing import parse_file
from cchc.plans.importing.scoring import score_document, summarise

from .conftest import SEEDS, gold_for


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_matches_gold(seed):
    gold = gold_for(seed)
    draft = parse_file(seed).to_dict()
    r = score_document(draft, gold)
    s = summarise([r])
    assert s["task_f1"] >= 0.97, r["misses"][:5]
    assert s["agencies"] >= 0.95, r["misses"][:5]
    assert s["deadlines"] >= 0.95, r["misses"][:5]
    assert s["targets_recall"] >= 0.9, r["misses"][:5]
    assert draft["province"] == gold["province"]
    assert draft["period"] == gold["period"]
    assert [t["caption"] for t in draft["tables"]] == [t["caption"] for t in gold["tables"]]
    for table, gtable in zip(draft["tables"], gold["tables"], strict=True):
        assert [(s["number"], s["title"]) for s in table["sections"]] == [
            (s["number"], s["title"]) for s in gtable["sections"]
        ]


def test_all_seeds_meet_the_bar():
    results = [score_document(parse_file(s).to_dict(), gold_for(s)) for s in SEEDS]
    s = summarise(results)
    assert s["task_f1"] >= 0.97 and s["agencies"] >= 0.95 and s["deadlines"] >= 0.95 and s["targets_recall"] >= 0.9


def test_activity_rows_and_shared_rows_follow_the_gold_conventions():
    seed = next(s for s in SEEDS if s.name.startswith("002"))
    tasks = parse_file(seed).tasks
    shared = [t for t in tasks if t.get("shared_row")]
    assert {(t["section"], t["number"]) for t in shared} >= {("III", "2.9"), ("III", "2.10"), ("III", "2.11")}
    i23 = [t for t in tasks if (t["section"], t["number"]) == ("I", "2.3")]
    assert len(i23) == 2 and all(t.get("activity_row") for t in i23)
    assert i23[1]["inherited_fields"][:2] == ["lead", "partners"] and i23[1]["deadline"] == "Thường xuyên"
    i211 = next(t for t in tasks if (t["section"], t["number"]) == ("I", "2.11"))
    assert [a.split(" ")[0].rstrip(".") for a in i211["activities"]] == ["3.17", "3.18", "3.19", "3.20", "3.21"]


def test_scorer_detects_errors():
    seed = SEEDS[0]
    gold = gold_for(seed)
    draft = parse_file(seed).to_dict()
    draft["tables"][0]["tasks"][0]["lead"] = ["Sở Sai"]
    draft["tables"][0]["tasks"][1]["title"] = "khác"
    draft["targets"] = []
    r = summarise([score_document(draft, gold)])
    assert r["task_f1"] < 1 and r["agencies"] < 1 and r["targets_recall"] == 0
