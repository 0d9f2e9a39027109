"""Gold matching for the plan importer (shared by tests and ``bench/import_bench.py``).

Metrics (over all task entries / targets of a document; summed over documents for totals):

- **task F1**: entries are keys (section, number, normalised title) — normalised = diacritics folded,
  lower-cased, punctuation and whitespace collapsed. Matching is a multiset intersection (an activity
  row repeats its task's key, so the number of rows counts too). precision = matched / predicted,
  recall = matched / gold, F1 = harmonic mean.
- **agencies**: share of gold entries matched (in order, per key) whose ``lead`` and ``partners`` lists are
  both equal to the prediction's after normalisation (each agency normalised as above; order kept).
- **deadlines**: share of gold entries matched whose ``deadline`` text equals the prediction's after
  whitespace normalisation.
- **targets recall**: share of gold targets matched by a distinct predicted target with the same
  (value, unit, level) whose text is the same sentence/item (normalised texts equal, or one starts
  with the first 60 normalised characters of the other).
"""

from __future__ import annotations

import re
from collections import defaultdict

from cchc.core.vntext import clean_spaces, fold_key


def norm(text: str | None) -> str:
    t = fold_key(re.sub(r"[\"“”'‘’.,;:()\[\]\-–/]", " ", text or ""))
    return re.sub(r"\s+", " ", t).strip()


def task_key(t: dict) -> tuple:
    return (t.get("section") or None, t.get("number") or None, norm(t.get("title")))


def _entries(doc: dict) -> list[dict]:
    return [t for tab in doc.get("tables", []) for t in tab.get("tasks", [])]


def score_document(pred: dict, gold: dict) -> dict:
    g_entries, p_entries = _entries(gold), _entries(pred)
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for p in p_entries:
        by_key[task_key(p)].append(p)
    matched = agencies_ok = deadlines_ok = 0
    misses = []
    for g in g_entries:
        cands = by_key.get(task_key(g))
        if not cands:
            misses.append(("task", task_key(g)))
            continue
        p = cands.pop(0)
        matched += 1
        if [norm(x) for x in g.get("lead", [])] == [norm(x) for x in p.get("lead", [])] and \
                [norm(x) for x in g.get("partners", [])] == [norm(x) for x in p.get("partners", [])]:
            agencies_ok += 1
        else:
            misses.append(("agencies", task_key(g)[:2], g.get("lead"), g.get("partners"), p.get("lead"), p.get("partners")))
        if clean_spaces(g.get("deadline") or "") == clean_spaces(p.get("deadline") or ""):
            deadlines_ok += 1
        else:
            misses.append(("deadline", task_key(g)[:2], g.get("deadline"), p.get("deadline")))
    t_hit = 0
    used: set[int] = set()
    for gt in gold.get("targets", []):
        gtext = norm(gt.get("text"))
        hit = None
        for i, pt in enumerate(pred.get("targets", [])):
            if i in used:
                continue
            if pt.get("value") is None or gt.get("value") is None or \
                    float(pt.get("value")) != float(gt.get("value")) or pt.get("unit") != gt.get("unit") or \
                    (pt.get("level") or None) != (gt.get("level") or None):
                continue
            ptext = norm(pt.get("text"))
            if ptext == gtext or ptext.startswith(gtext[:60]) or gtext.startswith(ptext[:60]):
                hit = i
                break
        if hit is None:
            misses.append(("target", gt.get("value"), gt.get("unit"), gt.get("level"), gt.get("text", "")[:70]))
        else:
            used.add(hit)
            t_hit += 1
    return {
        "gold_tasks": len(g_entries), "pred_tasks": len(p_entries), "matched": matched,
        "agencies_ok": agencies_ok, "deadlines_ok": deadlines_ok,
        "gold_targets": len(gold.get("targets", [])), "targets_hit": t_hit, "misses": misses,
    }


def summarise(results: list[dict]) -> dict:
    s = defaultdict(int)
    for r in results:
        for k, v in r.items():
            if isinstance(v, int):
                s[k] += v
    p = s["matched"] / s["pred_tasks"] if s["pred_tasks"] else 0.0
    r = s["matched"] / s["gold_tasks"] if s["gold_tasks"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "task_precision": p, "task_recall": r, "task_f1": f1,
        "agencies": s["agencies_ok"] / s["matched"] if s["matched"] else 0.0,
        "deadlines": s["deadlines_ok"] / s["matched"] if s["matched"] else 0.0,
        "targets_recall": s["targets_hit"] / s["gold_targets"] if s["gold_targets"] else 1.0,
        **dict(s),
    }


def _loose(doc: dict) -> dict:
    """Real-docs expectations name a task by (number, first 60 normalised characters of its title); groups are not
    compared (web copies drop group rows)."""
    tables = []
    for tab in doc.get("tables", []):
        tasks = [dict(t, section=None, title=norm(t.get("title"))[:60]) for t in tab.get("tasks", [])]
        tables.append({"tasks": tasks})
    return {"tables": tables, "targets": doc.get("targets", [])}


def score_real_document(pred: dict, gold: dict) -> dict:
    return score_document(_loose(pred), _loose(gold))
