"""Scoring of the decision reader against our expected results for the real documents (shared dir ``real-docs``);
used by tests/procedures/test_real_docs.py. Expected results (ours, written by reading the documents) live in
tests/data/procedures/{tuning,heldout}/; the files themselves are read from the shared dir, never copied."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from cchc.core.intake import IntakeError
from cchc.core.vntext import fold_key

from .parsing import parse_file

SAMPLE_FIELDS = ("name", "field", "level", "time_days", "online", "fee_amount", "status")


def shared_dir() -> Path | None:
    p = Path(os.environ.get("CCHC_SHARED") or "/work/shared") / "real-docs"
    return p if (p / "index.tsv").exists() else None


def _same(field: str, want, got) -> bool:
    if field in ("name", "field"):
        return fold_key(str(want or "")).rstrip(" .") == fold_key(str(got or "")).rstrip(" .")
    return want == got


def score(expected: dict, got: dict | None) -> dict:
    """Codes (true positives / expected / found), statuses right among the codes found, and per-field hits of the
    samples."""
    want = expected["codes"]
    found = {e["code"]: e for e in (got or {}).get("entries", [])}
    tp = [c for c in want if c in found]
    fields = {f: [0, 0] for f in SAMPLE_FIELDS}
    for s in expected["samples"]:
        e = found.get(s["code"])
        for f in SAMPLE_FIELDS:
            if f in s:
                fields[f][1] += 1
                fields[f][0] += bool(e) and _same(f, s[f], e.get(f))
    return {"tp": len(tp), "expected": len(want), "found": len(found),
            "status_ok": sum(1 for c in tp if found[c]["status"] == want[c]),
            "number_ok": bool(got) and got.get("number") == expected.get("number"),
            "date_ok": bool(got) and got.get("issue_date") == expected.get("issue_date"),
            "fields": fields}


def evaluate(expect_dir: Path, docs: Path) -> dict:
    tot = {"tp": 0, "expected": 0, "found": 0, "status_ok": 0, "docs": 0, "number_ok": 0, "date_ok": 0}
    fields = {f: [0, 0] for f in SAMPLE_FIELDS}
    refused, max_s, per_doc = [], 0.0, {}
    for f in sorted(expect_dir.glob("*.json")):
        exp = json.loads(f.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        try:
            got = parse_file(docs / exp["file"]).to_dict()
        except IntakeError as exc:
            got = None
            refused.append((exp["file"], exc.code))
        max_s = max(max_s, time.perf_counter() - t0)
        s = score(exp, got)
        per_doc[exp["file"]] = s
        tot["docs"] += 1
        for k in ("tp", "expected", "found", "status_ok", "number_ok", "date_ok"):
            tot[k] += int(s[k])
        for k, (a, b) in s["fields"].items():
            fields[k][0] += a
            fields[k][1] += b
    return {**tot, "precision": tot["tp"] / tot["found"] if tot["found"] else 0.0,
            "recall": tot["tp"] / tot["expected"] if tot["expected"] else 0.0,
            "status_accuracy": tot["status_ok"] / tot["tp"] if tot["tp"] else 0.0,
            "field_accuracy": {k: (a / b if b else None) for k, (a, b) in fields.items()},
            "fields_all": sum(a for a, _b in fields.values()) / max(1, sum(b for _a, b in fields.values())),
            "refused": refused, "max_s": max_s, "per_doc": per_doc}


if __name__ == "__main__":  # python -m cchc.procedures.evaluation: both figures
    root = Path(__file__).resolve().parents[2] / "tests" / "data" / "procedures"
    docs = shared_dir()
    for part in ("tuning", "heldout"):
        r = evaluate(root / part, docs)
        acc = {k: (round(v, 2) if v is not None else None) for k, v in r["field_accuracy"].items()}
        print(f"{part}: docs={r['docs']} codes P={r['precision']:.3f} R={r['recall']:.3f} "
              f"status={r['status_accuracy']:.3f} fields={r['fields_all']:.3f} {acc} number={r['number_ok']} "
              f"date={r['date_ok']} refused={r['refused']} max_s={r['max_s']:.2f}")
