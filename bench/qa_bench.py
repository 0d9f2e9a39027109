"""Q&A quality and speed: `make bench-qa`.

Quality, two question sets:

- `qa[real-tuning]` / `qa[real-held-out]`: bench/data/qa/real.jsonl (150 hand-written questions, see its
  README) over the library of the shared directory ($CCHC_SHARED or /work/shared: real-docs/ and seeds/),
  loaded through the normal path (`document_add`: intake, metadata, splitter, index). Baseline in the same run
  on the same corpus: a plain BM25 over the documents' paragraphs (blank-line or "|"-line separated), folded
  syllables, no bigrams, no titles, never declines. The held-out half is never used to choose parameters.
- `qa[real-new-held-out]`: bench/data/qa/new_heldout.jsonl (48 questions over 17 documents no earlier question was
  asked on, 8 unanswerable), scored the same way; never used to choose parameters either.
- `qa[real-tuning-extra]`: bench/data/qa/tuning_extra.jsonl (54 more tuning questions, 19 unanswerable, over 15
  documents no other question is about), used with the tuning half to choose the answer lines.
- `qa`: bench/qa/questions.jsonl over the five seed documents alone (the original set, its old baseline:
  BM25 over raw syllables of the system's passages).

Recall@1, Recall@5, MRR and no-answer accuracy of the system (`selectors.library_ask`, exactly what `cchc kb ask`
prints).
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
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="cchc-bench-qa-")
atexit.register(shutil.rmtree, TMP, True)
os.environ["CCHC_VAR_DIR"] = TMP
# development only: BENCH_QA_DB keeps the database between runs (documents are loaded once)
DB_PATH = os.environ.get("BENCH_QA_DB") or str(Path(TMP) / "bench.sqlite3")
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
settings.DATABASES["default"]["NAME"] = DB_PATH

from cchc.core.vntext import clean_spaces, fold, nfc  # noqa: E402
from cchc.knowledge import selectors  # noqa: E402
from cchc.knowledge.analysis import WORD_RE, raw_syllable_terms  # noqa: E402
from cchc.knowledge.models import Document, Passage  # noqa: E402
from cchc.knowledge.ranking import MemoryIndex, idf, sentence_spans, term_weight  # noqa: E402
from cchc.knowledge.selectors import accent_model, library_ask  # noqa: E402
from cchc.knowledge.services import document_add, document_index  # noqa: E402
from cchc.knowledge.splitting import Passage as Part  # noqa: E402

DEMO = ROOT / "cchc" / "knowledge" / "demo"
QUESTIONS = ROOT / "bench" / "qa" / "questions.jsonl"
REAL_QUESTIONS = ROOT / "bench" / "data" / "qa" / "real.jsonl"
# a second held-out set (split "new-held-out"), written after the first two halves had been used, over documents
# no earlier question was asked on; scored like the held-out half, never used to choose anything
NEW_QUESTIONS = ROOT / "bench" / "data" / "qa" / "new_heldout.jsonl"
# more tuning questions (split "tuning-extra"), written to calibrate the answer decision on more unanswerable ones
EXTRA_QUESTIONS = ROOT / "bench" / "data" / "qa" / "tuning_extra.jsonl"
TARGET_PASSAGES = int(os.environ.get("BENCH_QA_PASSAGES", "100000"))
SHARED = Path(os.environ.get("CCHC_SHARED") or "/work/shared")


def load_questions(path=QUESTIONS):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_gold(q, doc_name, text):
    return doc_name == q["doc"] and clean_spaces(q["gold"]) in clean_spaces(text)


def scores(ranked_lists, questions, found):
    """R@1, R@5, MRR over the answerable questions and the share of unanswerable ones declined (empty ranking);
    ``found(q, item)`` says whether one ranked item holds the answer of question ``q``."""
    r1 = r5 = mrr = 0.0
    n = na_ok = na_n = 0
    for q, ranked in zip(questions, ranked_lists, strict=True):
        if q["doc"] is None:
            na_n += 1
            na_ok += not ranked
            continue
        n += 1
        rank = next((i + 1 for i, item in enumerate(ranked[:5]) if found(q, item)), None)
        r1 += rank == 1
        if rank:
            r5 += 1
            mrr += 1 / rank
    return {"r1": r1 / n, "r5": r5 / n, "mrr": mrr / n, "noanswer": na_ok / na_n if na_n else 0.0,
            "n": n, "na": na_n}


def metrics(ranked_lists, questions):
    """Scores of (document name, passage text) rankings against the gold document and text."""
    return scores(ranked_lists, questions, lambda q, item: is_gold(q, *item))


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
        res = library_ask(user=None, text=q["q"], k=5)
        system.append([(h.document.original_name, h.passage.text) for h in res.hits] if res.answered else [])
    if os.environ.get("BENCH_QA_VERBOSE"):
        for q, ranked in zip(questions, system, strict=True):
            found = q["doc"] is None and not ranked or any(is_gold(q, d, t) for d, t in ranked[:5])
            if not found:
                res = library_ask(user=None, text=q["q"], k=5)
                cov = res.hits[0].coverage if res.hits else 0
                print(f"  miss #{q['id']} cov={cov:.2f} {q['q'][:70]} -> "
                      f"{(res.hits[0].passage.text[:70] if res.hits else '')!r}")
    idx, texts = baseline_memory()
    base = [[texts[pid] for pid, _ in idx.search(raw_syllable_terms(q["q"]), 5)] for q in questions]
    return metrics(system, questions), metrics(base, questions)


# ---------------------------------------------------------------- the real library
def shared_files():
    return [(f"real-docs/{f.name}", f) for f in sorted((SHARED / "real-docs").glob("*.txt"))] + \
        [(f"seeds/{f.name}", f) for f in sorted((SHARED / "seeds").glob("*.txt"))]


def load_library():
    t0 = time.perf_counter()
    files = shared_files()
    for rel, f in files:
        document_add(data=f.read_bytes(), filename=f.name, source_key=f"shared:{rel}")
    return len(files), time.perf_counter() - t0


def norm(text):
    return " ".join(nfc(text).replace("*", "").split()).casefold()


def quote_found(quote, text):
    """The passage holds the answer location: the quote, or for 8+ words its first or last 60 % of words."""
    q, t = norm(quote), norm(text)
    if q in t:
        return True
    words = q.split()
    if len(words) < 8:
        return False
    m = -(-len(words) * 6 // 10)
    return " ".join(words[:m]) in t or " ".join(words[-m:]) in t


def real_metrics(ranked_lists, questions):
    """Scores of passage-text rankings against the quoted answer location."""
    return scores(ranked_lists, questions, lambda q, text: quote_found(q["quote"], text))


def paragraphs(text):
    """Baseline passages: the document's paragraphs as written (blank lines or lines holding a single '|')."""
    out = []
    for block in re.split(r"\n\s*\n|\n\s*\|\s*(?=\n)", nfc(text)):
        block = " ".join(block.split())
        if len(WORD_RE.findall(block)) >= 2:
            out.append(block)
    return out


def folded_terms(text):
    return Counter(fold(w.lower()) for w in WORD_RE.findall(text))


def paragraph_baseline():
    idx = MemoryIndex()
    texts = []
    for _, f in shared_files():  # the files as written, not the stored (parsed) text
        for para in paragraphs(f.read_text(encoding="utf-8")):
            tf = folded_terms(para)
            idx.add(len(texts), tf, max(1, sum(tf.values())))
            texts.append(para)
    return idx, texts


def show_misses(questions, ranked_lists):
    for q, ranked in zip(questions, ranked_lists, strict=True):
        ok = not ranked if q["doc"] is None else any(quote_found(q["quote"], t) for t in ranked[:5])
        if ok:
            continue
        res = library_ask(user=None, text=q["q"], k=5)
        covs = " ".join(f"{h.coverage:.2f}" for h in res.hits[:3])
        gold = "NONE" if q["doc"] is None else next(
            (f"gold@{i + 1}" for i, h in enumerate(res.hits) if quote_found(q["quote"], h.passage.text)), "gold-")
        print(f"  miss #{q['id']} [{'acc' if q['accents'] else 'plain'}{' para' if q['paraphrase'] else ''}] "
              f"answered={res.answered} {gold} cov=[{covs}] {q['q'][:80]}")
        for h in res.hits[:2]:
            print(f"      -> {h.document.original_name[:20]} {h.passage.text[:110]!r}")


def system_ranked(questions):
    out = []
    for q in questions:
        res = library_ask(user=None, text=q["q"], k=5)
        out.append([h.passage.text for h in res.hits] if res.answered else [])
    return out


def real_quality(questions, splits=("tuning", "held-out")):
    idx, texts = paragraph_baseline()
    results = {}
    for split in splits:
        qs = [q for q in questions if q["split"] == split]
        ranked = system_ranked(qs)
        sysm = real_metrics(ranked, qs)
        if os.environ.get("BENCH_QA_VERBOSE") and split.startswith("tuning"):
            show_misses(qs, ranked)
        base = [[texts[pid] for pid, _ in idx.search(folded_terms(q["q"]), 5)] for q in qs]
        basem = real_metrics(base, qs)
        results[split] = (sysm, basem)
    return results, len(texts)


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


def fmt(m):
    return f"R@1={m['r1']:.3f} R@5={m['r5']:.3f} MRR={m['mrr']:.3f} no-answer={m['noanswer']:.3f}"


def main():
    call_command("migrate", verbosity=0)
    have_shared = (SHARED / "real-docs").is_dir() and (SHARED / "seeds").is_dir()
    fresh = not Document.objects.exists()
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if have_shared else sorted(DEMO.glob("*.txt"))
    if fresh:
        for f in seeds:
            document_add(data=f.read_bytes(), filename=f.name, source_key=f"shared:seeds/{f.name}")
    questions = load_questions()
    if fresh:
        forms = {}
        for q in questions:
            forms[q["form"]] = forms.get(q["form"], 0) + 1
        print(f"questions: {len(questions)} {forms}; passages (seeds): {Passage.objects.count()}")
        sysm, basem = quality(questions)
        print(f"quality system   : {fmt(sysm)}")
        print(f"quality baseline : {fmt(basem)}  (plain BM25 over raw syllables; it never declines)")
    else:
        sysm = basem = None

    real_questions, real = [], {}
    if not have_shared:
        print(f"qa[real-*]: skipped, shared directory {SHARED} not found (set CCHC_SHARED)")
    else:
        if fresh:
            count, secs = load_library()
            print(f"library: {count} files from {SHARED} (real-docs + seeds) loaded and indexed in {secs:.1f} s, "
                  f"{Document.objects.count()} documents, {Passage.objects.count()} passages")
        real_questions = load_questions(REAL_QUESTIONS) + load_questions(NEW_QUESTIONS) + load_questions(EXTRA_QUESTIONS)
        splits = os.environ.get("BENCH_QA_SPLITS", "tuning,tuning-extra,held-out,new-held-out").split(",")
        real, nparas = real_quality(real_questions, splits)
        print(f"real questions: {len(real_questions)}; baseline paragraphs: {nparas}")
        for split, (sm, bm) in real.items():
            print(f"real {split:12s} system   : {fmt(sm)}  ({sm['n']} answerable, {sm['na']} unanswerable)")
            print(f"real {split:12s} baseline : {fmt(bm)}  (BM25 over paragraphs, folded syllables)")
    if TARGET_PASSAGES <= 0:
        for split, (sm, bm) in real.items():
            print(f"qa[real-{split}]: r1={sm['r1']:.3f} r5={sm['r5']:.3f} mrr={sm['mrr']:.3f} "
                  f"noanswer={sm['noanswer']:.3f} baseline_r5={bm['r5']:.3f} p95_ms=-")
        return

    build_s = build_large_corpus(TARGET_PASSAGES)
    n = Passage.objects.count()
    size = os.path.getsize(settings.DATABASES["default"]["NAME"]) / 1048576
    print(f"large corpus: {n} passages, system index built in {build_s:.1f} s, database {size:.0f} MB")
    _, base_build = build_baseline_table()
    print(f"baseline postings table built in {base_build:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    texts = [q["q"] for q in questions] + [q["q"] for q in real_questions]
    if selectors.RESTORE_ACCENTS:
        t0 = time.perf_counter()
        accent_model()  # built once per index state (the web process keeps it), not per question
        print(f"diacritic-restoration model built in {time.perf_counter() - t0:.1f} s")
    sys_ms, base_ms = [], []
    for _ in range(2):
        for t in texts:
            t0 = time.perf_counter()
            library_ask(user=None, text=t, k=5)
            sys_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            baseline_query(t, n)
            base_ms.append((time.perf_counter() - t0) * 1000)
    p95 = pct(sys_ms, 95)
    print(f"latency system   : p50={statistics.median(sys_ms):.1f} ms p95={p95:.1f} ms "
          f"(full ask: rank + passages + answer sentences), {len(sys_ms)} queries")
    print(f"latency baseline : p50={statistics.median(base_ms):.1f} ms p95={pct(base_ms, 95):.1f} ms "
          f"(raw-syllable postings table, no pruning)")
    if sysm is not None:
        print(f"qa: r1={sysm['r1']:.3f} r5={sysm['r5']:.3f} mrr={sysm['mrr']:.3f} noanswer={sysm['noanswer']:.3f} "
              f"baseline_r5={basem['r5']:.3f} p95_ms={p95:.1f} baseline_p95_ms={pct(base_ms, 95):.1f}")
    for split, (sm, bm) in real.items():
        print(f"qa[real-{split}]: r1={sm['r1']:.3f} r5={sm['r5']:.3f} mrr={sm['mrr']:.3f} noanswer={sm['noanswer']:.3f} "
              f"baseline_r5={bm['r5']:.3f} p95_ms={p95:.1f}")


if __name__ == "__main__":
    main()
