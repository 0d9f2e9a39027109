"""Second pass of scripts/rename_services.py: names in docs, docstrings and comments (printed for review)."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMMON = {"results", "sheet", "publish", "unpublish", "transition", "coverage", "rank", "trend", "dashboard",
          "finished", "cutoff", "prefill", "commendation", "remediation", "enrol", "assign", "objections",
          "labelled", "as_of", "import_file", "import_xlsx", "parse_date", "open_report", "my_work"}
rows = [line.split("\t")[:3] for line in pathlib.Path(sys.argv[1]).read_text().splitlines() if line.strip()]
apply = "--apply" in sys.argv
files = [f for pat in ("cchc/**/*.py", "tests/**/*.py", "bench/**/*.py", "docs/*.md", "*.md", "bench/**/*.md",
                       "cchc/templates/**/*.html") for f in ROOT.glob(pat)]
for f in sorted(set(files)):
    src = f.read_text()
    out = src
    for old, new, mod in rows:
        app = mod.split(".")[1]
        kind = mod.split(".")[2]
        # dotted: exams.services.start_attempt, cchc.plans.services.imports.with_schedules
        out = re.sub(rf"\b({app}\.{kind}(?:\.\w+)?\.){old}\b", rf"\g<1>{new}", out)
        if old in COMMON:
            continue
        out = re.sub(rf"(?<![\w.])({kind}\.){old}\b", rf"\g<1>{new}", out)
        out = re.sub(rf"(`+|:func:`[.~]?){old}(\(\)|\(|`)", rf"\g<1>{new}\g<2>", out)
    if out != src:
        for a, b in zip(src.splitlines(), out.splitlines(), strict=False):
            if a != b:
                print(f"{f.relative_to(ROOT)}: {b.strip()[:150]}")
        if apply:
            f.write_text(out)
