"""Evaluation of the importer on the real web-copied documents (shared dir ``real-docs``), used by the tests and
``bench/import_bench.py``. Expected results (ours) live in tests/data/real_docs/{tuning,heldout}/."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from cchc.core.intake import IntakeError

from . import parse_file
from .scoring import score_real_document, summarise


def shared_dir() -> Path | None:
    p = Path(os.environ.get("CCHC_SHARED") or "/work/shared") / "real-docs"
    return p if (p / "index.tsv").exists() else None


def run_file(path: Path) -> tuple[str, dict | None, float, str | None]:
    """(outcome, draft dict, seconds, message): outcome "ok", an IntakeError code, or "crashed"."""
    t0 = time.perf_counter()
    try:
        d = parse_file(path).to_dict()
        return "ok", d, time.perf_counter() - t0, None
    except IntakeError as exc:
        return exc.code, None, time.perf_counter() - t0, exc.message
    except Exception as exc:  # noqa: BLE001 - counted as a crash
        return "crashed", None, time.perf_counter() - t0, repr(exc)


def evaluate(expect_dir: Path, docs: Path) -> dict:
    results, refused, crashed, max_s, wrong = [], 0, 0, 0.0, []
    for f in sorted(expect_dir.glob("*.json")):
        exp = json.loads(f.read_text(encoding="utf-8"))
        if "documents" in exp:
            for item in exp["documents"]:
                outcome, _d, s, _m = run_file(docs / item["file"])
                max_s = max(max_s, s)
                crashed += outcome == "crashed"
                refused += outcome not in ("ok", "crashed")
                if item["expect"] == "procedure_list" and outcome != "procedure_list":
                    wrong.append((item["file"], outcome))
            continue
        outcome, d, s, _m = run_file(docs / exp["file"])
        max_s = max(max_s, s)
        crashed += outcome == "crashed"
        if outcome != "ok":
            refused += 1
            d = {"tables": [], "targets": []}
            wrong.append((exp["file"], outcome))
        results.append(score_real_document(d, exp))
    s = summarise(results)
    s.update(refused=refused, crashed=crashed, max_s=max_s, wrong=wrong)
    return s
