"""Score the question-bank reader on the held-aside GIFT file (tests/data/qbank/heldout), which was written before
it was ever run through the reader and is not used by the tests. Prints exact-question, refusal and warning figures.

    PYTHONPATH=. python bench/qbank_heldout.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc.exams import qdata  # noqa: E402

HELD = ROOT / "tests" / "data" / "qbank" / "heldout"


def main() -> None:
    data = (HELD / "heldout.gift.txt").read_bytes()
    expected = json.loads((HELD / "heldout.expected.json").read_text(encoding="utf-8"))
    r = qdata.read_bank(data, "heldout.gift.txt")
    got = {(q.title or q.text[:20]): q for q in r.questions}
    exact = 0
    for e in expected["imported"]:
        q = got.get(e["title"] or e["text"][:20])
        ok = q is not None and q.kind == e["kind"] and q.text == e["text"] and \
            [[o.text, o.correct, o.feedback] for o in q.options] == e["options"] and \
            q.explanation == e.get("explanation", "") and q.topic == expected["topic"]
        exact += ok
        if not ok:
            print("MISS", e["title"] or e["text"][:30], "->",
                  None if q is None else (q.kind, q.text, [[o.text, o.correct, o.feedback] for o in q.options],
                                          q.explanation, q.topic))
    lines = data.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    refused = {next((t for t in expected["refused_titles"] if f"::{t}::" in lines[e.line - 1]), None)
               for e in r.errors if e.line}
    refused_ok = len(refused & set(expected["refused_titles"]))
    warn_ok = sum(any(w in x.message for x in r.warnings) for w in expected["warnings_contain"])
    print(f"qbank-heldout: format={r.fmt} exact={exact}/{len(expected['imported'])} "
          f"refused={refused_ok}/{len(expected['refused_titles'])} errors={len(r.errors)} "
          f"warnings_expected={warn_ok}/{len(expected['warnings_contain'])} warnings={len(r.warnings)}")


if __name__ == "__main__":
    main()
