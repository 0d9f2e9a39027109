"""Plan importer bench: gold quality on the five seed plans and throughput (pages/s).

Pages for .txt seeds are estimated as characters / 3000. Baseline measured in the same run: reading
the same files into blocks only (``cchc.core.intake.read_document``), so the parse cost is visible.
One line per corpus: ``import[seeds|real-docs-tuning|real-docs-held-out|real-docs-fresh|real-docs-fresh2|real-docs-fresh3|real-docs-fresh4]: task_f1=N agencies=N deadlines=N
targets_recall=N refused=N crashed=N …`` (seeds with pages_per_s beside the read-only baseline, real docs with max_s).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.core.intake import read_document  # noqa: E402
from cchc.plans.importing import parse_document  # noqa: E402
from cchc.plans.importing.realdocs import evaluate, shared_dir  # noqa: E402
from cchc.plans.importing.scoring import score_document, summarise  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
REAL = ROOT / "tests" / "data" / "real_docs"


def main() -> None:
    files = sorted(SEEDS.glob("*.txt"))
    data = [(f.name, f.read_bytes()) for f in files]
    results = []
    for name, raw in data:
        draft = parse_document(read_document(raw, name))
        gold = json.loads((GOLD / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        r = score_document(draft.to_dict(), gold)
        results.append(r)
        print(f"{name}: tasks {r['matched']}/{r['gold_tasks']} (pred {r['pred_tasks']}), agencies {r['agencies_ok']}, "
              f"deadlines {r['deadlines_ok']}, targets {r['targets_hit']}/{r['gold_targets']}")
    s = summarise(results)
    rounds = 20
    t0 = time.perf_counter()
    pages = 0.0
    for _ in range(rounds):
        for name, raw in data:
            pages += read_document(raw, name).pages
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(rounds):
        for name, raw in data:
            parse_document(read_document(raw, name))
    full = time.perf_counter() - t0
    print(f"baseline (read_document only): {pages / base:.1f} pages/s; full import: {pages / full:.1f} pages/s "
          f"({pages / rounds:.1f} estimated pages per round, txt pages = characters/3000)")
    print(f"task precision={s['task_precision']:.3f} recall={s['task_recall']:.3f}")
    print(f"import[seeds]: task_f1={s['task_f1']:.3f} agencies={s['agencies']:.3f} deadlines={s['deadlines']:.3f} "
          f"targets_recall={s['targets_recall']:.3f} refused=0 crashed=0 pages_per_s={pages / full:.1f} "
          f"baseline_pages_per_s={pages / base:.1f}")
    docs = shared_dir()
    if docs is None:
        print("import[real-docs]: bỏ qua — không có thư mục real-docs (đặt CCHC_SHARED)")
        return
    # "fresh": a second held-out set written 2026-12-02 after the first was used for fixes; "fresh2": prose documents
    # written in session 18 after "fresh" was spent; "fresh3": prose documents written in session 20 after "fresh2" was
    # used for the prose reader; "fresh4": prose documents written in session 21, unseen by the prose reader's changes
    # (tests/data/real_docs/SPLIT.md)
    for label, sub in (("real-docs-tuning", "tuning"), ("real-docs-held-out", "heldout"), ("real-docs-fresh", "fresh"),
                       ("real-docs-fresh2", "fresh2"), ("real-docs-fresh3", "fresh3"), ("real-docs-fresh4", "fresh4")):
        r = evaluate(REAL / sub, docs)
        print(f"import[{label}]: task_f1={r['task_f1']:.3f} agencies={r['agencies']:.3f} deadlines={r['deadlines']:.3f} "
              f"targets_recall={r['targets_recall']:.3f} refused={r['refused']} crashed={r['crashed']} "
              f"max_s={r['max_s']:.2f}")


if __name__ == "__main__":
    main()
