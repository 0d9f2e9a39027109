"""Q&A quality and speed: `make bench-qa`.

Quality on bench/qa/questions.jsonl over the five seed documents: Recall@1, Recall@5, MRR and
no-answer accuracy of the system (`selectors.ask`, exactly what `cchc kb ask` prints), and in the
same run of a plain BM25 over raw syllables (no folding, no bigrams, no titles) as the baseline.
Speed: p50/p95 of the system on a 100,000-passage corpus built by recombining sentences of the real
passages, against the same baseline stored the same way (a raw-syllable postings table, no pruning).
A question counts as found at rank r when the r-th passage is from the gold document and contains
the gold text (whitespace-normalised). The system may answer "nothing found" (an empty list).
"""

from __future__ import annotations

import atexit
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="cchc-bench-qa-")
atexit.register(shutil.rmtree, TMP, True)
os.environ["CCHC_VAR_DIR"] = TMP
os.environ.pop("DATABASE_URL", None)
os.environ["CCHC_JOBS"] = "inline"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings.test")
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

settings.CCHC_JOBS = "inline"
settings.DATABASES["default"]["NAME"] = str(Path(TMP) / "bench.sqlite3")

from cchc.core.vntext import clean_spaces  # noqa: E402
from cchc.knowledge.analysis import WORD_RE, raw_syllable_terms  # noqa: E402
from cchc.knowledge.models import Document, Passage  # noqa: E402
from cchc.knowledge.ranking import MemoryIndex, idf, sentence_spans, term_weight  # noqa: E402
from cchc.knowledge.selectors import ask  # noqa: E402
from cchc.knowledge.services import document_add, document_index  # noqa: E402
from cchc.knowledge.splitting import Passage as Part  # noqa: E402

DEMO = ROOT / "cchc" / "knowledge" / "demo"
QUESTIONS = ROOT / "bench" / "qa" / "questions.jsonl"
TARGET_PASSAGES = int(os.environ.get("BENCH_QA_PASSAGES", "100000"))


def load_questions():
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_gold(q, doc_name, text):
    return doc_name == q["doc"] and clean_spaces(q["gold"]) in clean_spaces(text)


def metrics(ranked_lists, questions):
    r1 = r5 = mrr = 0.0
    n = na_ok = na_n = 0
    for q, ranked in zip(questions, ranked_lists, strict=True):
        if q["doc"] is None:
            na_n += 1
            na_ok += not ranked
            continue
        n += 1
        rank = next((i + 1 for i, (d, t) in enumerate(ranked[:5]) if is_gold(q, d, t)), None)
        if rank == 1:
            r1 += 1
        if rank:
            r5 += 1
            mrr += 1 / rank
    return {"r1": r1 / n, "r5": r5 / n, "mrr": mrr / n, "noanswer": na_ok / na_n if na_n else 0.0}


def baseline_memory():
    idx = MemoryIndex()
    texts = {}
    for p in Passage.objects.select_related("document"):
        tf = raw_syllable_terms(p.text)
        idx.add(p.pk, tf, max(1, sum(tf.values())))
        texts[p.pk] = (p.document.original_name, p.text)
    return idx, texts


def quality(questions):
    system = []
    for q in questions:
        res = ask(user=None, text=q["q"], k=5, log=False)
        system.append([(h.document.original_name, h.passage.text) for h in res.hits] if res.answered else [])
    if os.environ.get("BENCH_QA_VERBOSE"):
        for q, ranked in zip(questions, system, strict=True):
            found = q["doc"] is None and not ranked or any(is_gold(q, d, t) for d, t in ranked[:5])
            if not found:
                res = ask(user=None, text=q["q"], k=5, log=False)
                cov = res.hits[0].coverage if res.hits else 0
                print(f"  miss #{q['id']} cov={cov:.2f} {q['q'][:70]} -> "
                      f"{(res.hits[0].passage.text[:70] if res.hits else '')!r}")
    idx, texts = baseline_memory()
    base = [[texts[pid] for pid, _ in idx.search(raw_syllable_terms(q["q"]), 5)] for q in questions]
    return metrics(system, questions), metrics(base, questions)


def build_large_corpus(target):
    """Recombine sentences of the real passages into synthetic documents up to ``target`` passages."""
    real = list(Passage.objects.values_list("heading", "text"))
    sentences = [t[s:e] for _, t in real for s, e in sentence_spans(t) if e - s > 30]
    headings = [h for h, _ in real if h]
    rng = random.Random(20240601)
    have = Passage.objects.count()
    per_doc = 1000
    docs = 0
    t0 = time.perf_counter()
    while have < target:
        doc = Document.objects.create(title=f"Tài liệu tổng hợp số {docs + 1}", original_name=f"synthetic-{docs + 1}.txt",
                                      text="", kind="other", index_state="indexed")
        parts = []
        for _ in range(min(per_doc, target - have)):
            body = " ".join(rng.sample(sentences, rng.randint(2, 4)))
            parts.append(Part(heading=[rng.choice(headings)], text=body))
        document_index(doc, parts=parts)
        have += len(parts)
        docs += 1
    return time.perf_counter() - t0


def build_baseline_table():
    """Plain BM25 over raw syllables, stored as a postings table like the system's (no pruning)."""
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE base_posting (term TEXT NOT NULL, passage_id INTEGER NOT NULL, weight REAL NOT NULL,"
                    " PRIMARY KEY (term, passage_id)) WITHOUT ROWID")
        cur.execute("CREATE TABLE base_df (term TEXT PRIMARY KEY, df INTEGER)")
    rows = list(Passage.objects.values_list("pk", "text"))
    lens = {pk: max(1, len(WORD_RE.findall(t))) for pk, t in rows}
    avgdl = sum(lens.values()) / len(lens)
    df = {}
    with transaction.atomic(), connection.cursor() as cur:
        batch = []
        for pk, text in rows:
            for term, c in raw_syllable_terms(text).items():
                batch.append((term, pk, term_weight(c, lens[pk], avgdl)))
                df[term] = df.get(term, 0) + 1
            if len(batch) > 50000:
                cur.executemany("INSERT INTO base_posting VALUES (%s, %s, %s)", batch)
                batch = []
        cur.executemany("INSERT INTO base_posting VALUES (%s, %s, %s)", batch)
        cur.executemany("INSERT INTO base_df VALUES (%s, %s)", list(df.items()))
    return len(rows), time.perf_counter() - t0


def baseline_query(text, n):
    terms = raw_syllable_terms(text)
    with connection.cursor() as cur:
        keys = list(terms)
        cur.execute(f"SELECT term, df FROM base_df WHERE term IN ({','.join(['%s'] * len(keys))})", keys)
        dfs = dict(cur.fetchall())
        q = [(t, idf(dfs[t], n) * c) for t, c in terms.items() if t in dfs]
        if not q:
            return []
        values = ", ".join(["(%s, %s)"] * len(q))
        params = [x for tq in q for x in tq]
        cur.execute(f"WITH q(term, w) AS (VALUES {values}) SELECT p.passage_id, SUM(q.w * p.weight) s FROM q "
                    f"JOIN base_posting p ON p.term = q.term GROUP BY p.passage_id ORDER BY s DESC LIMIT 5", params)
        return cur.fetchall()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    call_command("migrate", verbosity=0)
    for f in sorted(DEMO.glob("*.txt")):
        document_add(data=f.read_bytes(), filename=f.name, source_key=f"demo:{f.name}")
    questions = load_questions()
    forms = {}
    for q in questions:
        forms[q["form"]] = forms.get(q["form"], 0) + 1
    print(f"questions: {len(questions)} {forms}; passages (seeds): {Passage.objects.count()}")
    sysm, basem = quality(questions)
    print(f"quality system   : R@1={sysm['r1']:.3f} R@5={sysm['r5']:.3f} MRR={sysm['mrr']:.3f} "
          f"no-answer={sysm['noanswer']:.3f}")
    print(f"quality baseline : R@1={basem['r1']:.3f} R@5={basem['r5']:.3f} MRR={basem['mrr']:.3f} "
          f"no-answer={basem['noanswer']:.3f}  (plain BM25 over raw syllables; it never declines)")

    build_s = build_large_corpus(TARGET_PASSAGES)
    n = Passage.objects.count()
    size = os.path.getsize(settings.DATABASES["default"]["NAME"]) / 1048576
    print(f"large corpus: {n} passages, system index built in {build_s:.1f} s, database {size:.0f} MB")
    _, base_build = build_baseline_table()
    print(f"baseline postings table built in {base_build:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    texts = [q["q"] for q in questions]
    sys_ms, base_ms = [], []
    for _ in range(2):
        for t in texts:
            t0 = time.perf_counter()
            ask(user=None, text=t, k=5, log=False)
            sys_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            baseline_query(t, n)
            base_ms.append((time.perf_counter() - t0) * 1000)
    print(f"latency system   : p50={statistics.median(sys_ms):.1f} ms p95={pct(sys_ms, 95):.1f} ms "
          f"(full ask: rank + passages + answer sentences), {len(sys_ms)} queries")
    print(f"latency baseline : p50={statistics.median(base_ms):.1f} ms p95={pct(base_ms, 95):.1f} ms")
    print(f"qa: r1={sysm['r1']:.3f} r5={sysm['r5']:.3f} mrr={sysm['mrr']:.3f} noanswer={sysm['noanswer']:.3f} "
          f"baseline_r5={basem['r5']:.3f} p95_ms={pct(sys_ms, 95):.1f} baseline_p95_ms={pct(base_ms, 95):.1f}")


if __name__ == "__main__":
    main()
