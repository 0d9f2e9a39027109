"""Agency resolution on the plan-table documents of real-docs: of the agency strings in their task tables (lead and
partner cells, as the importer splits them), how many resolve to a unit or a group, each resolved as the import
does (the draft's province, else the installation's, on the plan's issue date). Needs a database with the org tree
loaded (`cchc org load`). One line: ``resolve[real-docs-plan-tables]: distinct=R/N uses=R/N``; ``-v`` lists them.
Figures (docs/decisions.md, "National bodies"): 28/136, 72/579 before the national bodies; 88/136, 475/579 after.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings.local")


def main() -> None:
    import django

    django.setup()
    from cchc.plans import drafts
    from cchc.plans.importing.realdocs import run_file, shared_dir
    from cchc.plans.services.imports import agencies_resolve, review_rows

    docs = shared_dir()
    if docs is None:
        print("resolve[real-docs-plan-tables]: skipped (no shared real-docs)")
        return
    ids = [
        line.split("\t")[0]
        for line in (docs / "index.tsv").read_text(encoding="utf-8").splitlines()
        if line.split("\t")[1:2] == ["plan-table"]
    ]
    distinct = resolved = uses = uses_ok = 0
    for name in sorted(ids):
        outcome, d, _s, _m = run_file(docs / name)
        if outcome != "ok":
            continue
        rows = review_rows(d)
        res = agencies_resolve(drafts.agencies(rows), d)
        ok = {t for t, r in res.items() if r["status"] != "unresolved"}
        cells = [t for r in rows for t in (r.get("lead") or []) + (r.get("partners") or [])]
        distinct, resolved = distinct + len(res), resolved + len(ok)
        uses, uses_ok = uses + len(cells), uses_ok + sum(t in ok for t in cells)
        if "-v" in sys.argv:
            print(f"{name}: {len(ok)}/{len(res)}")
            for t, r in sorted(res.items()):
                target = r["group"] or ", ".join(u["name"] for u in r["units"])
                print(f"    {'OK' if t in ok else '--'} {t[:80]} → {target[:80]}")
    print(f"resolve[real-docs-plan-tables]: distinct={resolved}/{distinct} uses={uses_ok}/{uses}")


if __name__ == "__main__":
    main()
