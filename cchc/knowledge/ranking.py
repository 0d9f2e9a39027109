"""BM25 scoring, answer-sentence extraction, highlighting and the answer/no-answer decision.

Pure Python (no Django). The database backends store the per-posting BM25 weight computed by
:func:`term_weight` and multiply it by :func:`idf` at query time, so every backend ranks the same way.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from cchc.core.vntext import fold, nfc

from .analysis import (
    ABBREVIATIONS,
    DOC_NUMBER_RE,
    STOPWORDS,
    WORD_RE,
    Query,
    expansion_terms,
    fold_word,
    function_word_flags,
)

K1 = 1.2
B = 0.75
# Query terms found in more than this share of passages do not select candidates (they are too
# common to be worth reading their postings); they still score the candidates. Terms in at most
# PRUNE_MIN_DF passages always select: reading their postings is cheap, and on a small knowledge base
# (a few hundred passages, where 5 % is a dozen) the cut would otherwise leave only the rarest words —
# often the question words — to choose the candidates, and the answer would never be read.
PRUNE_DF_FRACTION = 0.05
PRUNE_MIN_DF = 1000
CANDIDATES = 200
MIN_SELECTIVE_TERMS = 3
# Answer / no-answer: share of the question's content (IDF-weighted) that the best passage covers.
# Rule: the lines that maximise R@5 + no-answer accuracy on the tuning questions (an answer withheld and an answer
# given to an unanswerable question cost the same). Since 2026-12-02 (night) the tuning questions are the tuning half
# of bench/data/qa/real.jsonl (63 + 13) plus bench/data/qa/tuning_extra.jsonl (35 + 19, written to calibrate this
# on more than 13 unanswerable questions). Grid over MIN_COVERAGE 0.40–0.89 × MIN_COVERAGE_FOCUSED {none, 0.40–0.75}
# × MIN_COVERAGE_NO_NUMBER {none, 0.40–1.00} (R@5 / no-answer on the 130): 0.73 × 0.70 × 0.94–1.00 best (flat from
# 0.94 up; 0.837/0.906 with ANSWER_TYPE_WEIGHT and the number check as they are now), coverage alone at best 0.78
# 0.724/0.906, the earlier 0.65 × 0.60 0.878/0.562 (the extra questions' near-domain unanswerable ones cover 0.6–0.9
# of their words). Earlier grids: docs/decisions.md. The held-out sets only report.
MIN_COVERAGE = 0.73
MIN_COVERAGE_FOCUSED = 0.70  # when all the passages found come from one document
# A question that asks for a number or a date ("bao nhiêu", "mấy", "khi nào", "ngày nào") whose answer sentences (and
# the sentences next to them: 82/98 and 29/32 on tuning either way, 3 more seed questions answered) give no number
# beyond the question's own is answered only when the passage covers (almost) all of its words:
# "Lệ phí cấp đổi giấy phép lái xe là bao nhiêu?" finds passages about driving licences without any fee.
MIN_COVERAGE_NO_NUMBER = 0.97
# A word the user typed without diacritics and the restoration wrote with them: credit when the passage has it
# only in another diacritic form (the restoration may be wrong; a word typed with diacritics gets 1/3).
RESTORED_FOLD_CREDIT = 0.5
# Share of the coverage that comes from the question's adjacent word pairs found adjacent in the passage
# (0: words only, see the calibration above; the pair part is kept for the experiments in bench/qa_bench.py).
PAIR_SHARE = 0.0


def idf(df: int, n: int) -> float:
    """Lucene-style BM25 IDF (always positive)."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def term_weight(tf: int, dl: int, avgdl: float) -> float:
    """BM25 term-frequency saturation with length normalisation (multiplied by IDF at query time)."""
    avgdl = avgdl or 1.0
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avgdl))


def split_query_terms(terms: dict[str, float], dfs: dict[str, int], n: int) -> tuple[dict, dict]:
    """Split query terms into (selective, common) by document frequency; both map term -> idf*qtf.

    Terms unknown to the index are dropped. At least MIN_SELECTIVE_TERMS of the rarest terms are
    kept selective, so a query made only of common words still finds candidates.
    """
    known = [(t, q) for t, q in terms.items() if dfs.get(t, 0) > 0]
    known.sort(key=lambda tq: dfs[tq[0]])
    limit = max(PRUNE_MIN_DF, int(PRUNE_DF_FRACTION * n))
    selective, common = {}, {}
    for i, (t, q) in enumerate(known):
        w = idf(dfs[t], n) * q
        if dfs[t] <= limit or i < MIN_SELECTIVE_TERMS:
            selective[t] = w
        else:
            common[t] = w
    return selective, common


class MemoryIndex:
    """A small in-memory BM25 index (tests, the bench baseline and the reference for the DB backends)."""

    def __init__(self):
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        self.lengths: dict[int, int] = {}

    def add(self, pid: int, tf: Counter, length: int) -> None:
        self.lengths[pid] = length
        for t, c in tf.items():
            self.postings[t][pid] = c

    @property
    def n(self) -> int:
        return len(self.lengths)

    def df(self, term: str) -> int:
        return len(self.postings.get(term, ()))

    def search(self, terms: dict[str, float], k: int = 10, *, prune: bool = False) -> list[tuple[int, float]]:
        n = self.n
        if not n:
            return []
        avgdl = sum(self.lengths.values()) / n
        dfs = {t: self.df(t) for t in terms}
        if prune:
            selective, common = split_query_terms(terms, dfs, n)
        else:
            selective = {t: idf(dfs[t], n) * q for t, q in terms.items() if dfs[t]}
            common = {}
        scores: dict[int, float] = defaultdict(float)
        for t, w in selective.items():
            for pid, tf in self.postings[t].items():
                scores[pid] += w * term_weight(tf, self.lengths[pid], avgdl)
        if common:
            top = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]
            scores = defaultdict(float, top)
            for t, w in common.items():
                plist = self.postings[t]
                for pid, _ in top:
                    if pid in plist:
                        scores[pid] += w * term_weight(plist[pid], self.lengths[pid], avgdl)
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]


# ---------------------------------------------------------------- answer decision
def coverage(query: Query, text: str, dfs: dict[str, int], n: int) -> float:
    """IDF-weighted share of the question's content words present in ``text``.

    A word typed without diacritics matches any diacritic form; a word typed with diacritics gets
    full credit only for the same form ("lương" is not "lượng"), a third for a folded-only match.
    """
    if not query.content:
        return 0.0
    raw_words = [w.lower() for w in WORD_RE.findall(nfc(text))]
    present_raw = set(raw_words)
    folded_list = [fold_word(w) for w in raw_words]
    expanded = [t for t in expansion_terms(folded_list) if "_" not in t]
    present = set(folded_list) | set(expanded)
    from_abbreviation = set(expanded)
    typed = {}
    for w in WORD_RE.findall(query.restored or query.text):
        typed.setdefault(fold(w.lower()), w.lower())
    words = [fold(w.lower()) for w in WORD_RE.findall(query.text)]
    # a paraphrase phrase of the question ("bắt đầu có hiệu lực") is covered by what the passage writes for it
    # ("có hiệu lực thi hành"): its words and the pairs inside it count as present
    syn_words: set[str] = set()
    syn_pairs: set[str] = set()
    if query.synonyms:
        joined = " " + " ".join(folded_list) + " "
        for i, j, alts in query.synonyms:
            if any(f" {' '.join(alt)} " in joined for alt in alts):
                syn_words.update(words[i:j])
                syn_pairs.update(f"{a}_{b}" for a, b in zip(words[i:j], words[i + 1:j], strict=False))
    heads = answer_type_words(query.text, dfs) if ANSWER_TYPE_WEIGHT != 1.0 else set()
    total = got = 0.0
    for w in query.content:
        raw = typed.get(w, w)
        weight = idf(dfs.get(raw, dfs.get(w, 0)), max(n, 1))
        if w in heads:
            weight *= ANSWER_TYPE_WEIGHT
        total += weight
        if w in syn_words:
            got += weight
        elif raw != w:
            full = raw in present_raw or w in from_abbreviation
            partial = RESTORED_FOLD_CREDIT if query.restored else 1 / 3
            got += weight if full else (weight * partial if w in present else 0.0)
        elif w in present:
            got += weight
    uni = got / total if total else 0.0
    # adjacent content words of the question that stay adjacent in the passage ("hộ chiếu", "học phí")
    pairs = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False) if a in query.content and b in query.content}
    if not pairs:
        return uni
    text_pairs = {f"{a}_{b}" for a, b in zip(folded_list, folded_list[1:], strict=False)}
    text_pairs |= {t for t in expansion_terms(folded_list) if "_" in t}
    # "kiểm tra CCHC" has the pairs of "kiểm tra cải cách hành chính" at its edges too
    for i, w in enumerate(folded_list):
        exp = ABBREVIATIONS.get(w)
        if exp and w not in ("kt", "xh"):
            parts = exp.split()
            if i > 0:
                text_pairs.add(f"{folded_list[i - 1]}_{parts[0]}")
            if i + 1 < len(folded_list):
                text_pairs.add(f"{parts[-1]}_{folded_list[i + 1]}")
    bt = bg = 0.0
    for pr in pairs:
        weight = idf(dfs.get(pr, 0), max(n, 1))
        bt += weight
        if pr in text_pairs or pr in syn_pairs:
            bg += weight
    return (1 - PAIR_SHARE) * uni + PAIR_SHARE * (bg / bt if bt else 0.0)


# Question phrases asking for a number, an amount, a duration or a date (folded syllable pairs), and the words after
# a diacritic-free "may" that make it "mấy" ("mấy ngày", "số mấy") rather than "máy"/"may".
NUMBER_QUESTION_PAIRS = frozenset({("bao", "nhieu"), ("bao", "lau"), ("ngay", "nao"), ("nam", "nao"), ("khi", "nao"),
                                   ("thang", "nao"), ("luc", "nao"), ("so", "may")})
_MAY_BEFORE = frozenset("ngay mon nam thang lan nguoi cua phan gio tuoi buoc loai cap".split())


def asks_for_number(text: str) -> bool:
    """Does the question ask for a number, an amount, a duration or a date?"""
    words = [w.lower() for w in WORD_RE.findall(nfc(text))]
    folded = [fold(w) for w in words]
    if any(p in NUMBER_QUESTION_PAIRS for p in zip(folded, folded[1:], strict=False)) or "mấy" in words:
        return True
    return any(w == "may" and (i + 1 == len(words) or folded[i + 1] in _MAY_BEFORE) for i, w in enumerate(words))


DATE_QUESTION_PAIRS = frozenset({("ngay", "nao"), ("nam", "nao"), ("khi", "nao"), ("thang", "nao"), ("luc", "nao")})
_DATE_RE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b")


def gives_new_number(answer: str, question: str) -> bool:
    """Does ``answer`` hold a number (a word with a digit) that the question does not already contain?

    For an amount ("bao nhiêu", "mấy", "bao lâu"), document numbers ("14/2025/QĐ-TTg") and dates ("29/5/2025") in
    the answer are not numbers that answer it; for a date question ("khi nào", "ngày nào") they are."""
    q_words = WORD_RE.findall(nfc(question))
    known = {w.lower() for w in q_words if any(c.isdigit() for c in w)}
    folded = [fold(w.lower()) for w in q_words]
    text = nfc(answer)
    if not any(p in DATE_QUESTION_PAIRS for p in zip(folded, folded[1:], strict=False)):
        text = _DATE_RE.sub(" ", DOC_NUMBER_RE.sub(" ", text))
    return any(any(c.isdigit() for c in w) and w.lower() not in known for w in WORD_RE.findall(text))


def answer_context(text: str, spans: list[tuple[int, int]]) -> str:
    """The answer sentences of ``text`` with the sentence before and after each (a table row's deadline or amount is
    often on the line next to the one that matches the question)."""
    sents = sentence_spans(text)
    near: set[int] = set()
    for i, (a, b) in enumerate(sents):
        if any(a < e and s < b for s, e in spans):
            near.update((i - 1, i, i + 1))
    return " ".join(text[a:b] for i, (a, b) in enumerate(sents) if i in near)


def is_answered(cov: float, *, focused: bool = False, asks_number: bool = False, gives_number: bool = True) -> bool:
    """The answer / no-answer decision from the best passage's coverage (see MIN_COVERAGE and the lines after it).

    ``focused``: the passages found all come from the best passage's document; ``asks_number``: the question asks for
    a number or a date; ``gives_number``: the answer sentences hold a number the question does not."""
    if asks_number and not gives_number:
        return cov >= MIN_COVERAGE_NO_NUMBER
    return cov >= MIN_COVERAGE or (focused and cov >= MIN_COVERAGE_FOCUSED)


# The noun a "nào"/"gì" question asks about ("cơ quan nào", "bộ phận nào", "những chỗ nào", "câu gì") names the kind
# of answer, not a word the answer must repeat ("… do Sở Nội vụ thực hiện" answers "ở cơ quan nào"): in the coverage
# it weighs ANSWER_TYPE_WEIGHT of an ordinary word. Tuning questions (130), lines unchanged: weight 1 / 0.5 / 0.3 / 0
# → R@5 0.816 / 0.816 / 0.827 / 0.837 at no-answer 0.875.
ANSWER_TYPE_WEIGHT = 0.0
COMPOUND_SHARE = 0.3  # a pair of syllables is one word when it makes up this share of its rarer syllable's uses


def answer_type_words(text: str, dfs: dict[str, int]) -> set[str]:
    """Folded syllables of the noun right before "nào"/"gì" in a question (one syllable, two when they form a word:
    their pair is frequent in the library against the rarer syllable, by ``dfs``)."""
    words = WORD_RE.findall(nfc(text))
    lowered = [w.lower() for w in words]
    folded = [fold_word(w) for w in lowered]
    stop = function_word_flags(words)
    out: set[str] = set()
    for i, (w, f) in enumerate(zip(lowered, folded, strict=True)):
        if not (w in ("nào", "gì") or (w == f and f in ("nao", "gi"))) or i == 0 or stop[i - 1]:
            continue
        out.add(folded[i - 1])
        if i >= 2 and not stop[i - 2]:
            a, b = folded[i - 2], folded[i - 1]
            pair = dfs.get(f"{a}_{b}", 0)
            if pair and pair >= COMPOUND_SHARE * min(dfs.get(a, 0) or pair, dfs.get(b, 0) or pair):
                out.add(a)
    return out


# ---------------------------------------------------------------- sentences and highlighting
_SENT_RE = re.compile(r"[^\n.;!?]*(?:[.;!?](?![\d/])|\n|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (also broken at line ends, "; " and list items)."""
    spans = []
    start = 0
    for m in re.finditer(r"(?<!\d)[.!?;](?=\s|$)|\n", text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    # trim whitespace
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


@dataclass
class Sentence:
    start: int
    end: int
    score: float


def best_sentences(text: str, query: Query, dfs: dict[str, int], n: int, limit: int = 2) -> list[Sentence]:
    """The sentence(s) of ``text`` that answer ``query`` best (IDF-weighted unigram + bigram overlap)."""
    q_uni = set(query.content)
    q_words = [fold(w.lower()) for w in WORD_RE.findall(query.text)]
    q_bi = {f"{a}_{b}" for a, b in zip(q_words, q_words[1:], strict=False)}
    scored: list[Sentence] = []
    for s, e in sentence_spans(text):
        words = [fold_word(w.lower()) for w in WORD_RE.findall(text[s:e])]
        if not words:
            continue
        uni = set(words) & q_uni
        bi = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)} & q_bi
        score = sum(idf(dfs.get(w, 0), max(n, 1)) for w in uni) + 0.5 * sum(
            idf(dfs.get(b, 0), max(n, 1)) for b in bi)
        scored.append(Sentence(s, e, score / (1.0 + 0.02 * len(words))))
    if not scored:
        return []
    ranked = sorted(scored, key=lambda x: -x.score)
    best = ranked[0]
    if best.score <= 0:
        return []
    picked = [best]
    for other in ranked[1:limit]:
        if other.score >= 0.6 * best.score:
            picked.append(other)
    return sorted(picked, key=lambda x: x.start)


def highlight_html(text: str, query: Query, spans: list[tuple[int, int]] | None = None) -> str:
    """HTML-escaped ``text`` with query words in <mark> and answer ``spans`` in <strong class="answer">."""
    words = {w for w in query.content if w not in STOPWORDS}
    marks: list[tuple[int, int]] = []
    for m in WORD_RE.finditer(text):
        if fold_word(m.group(0).lower()) in words:
            marks.append((m.start(), m.end()))
    events: list[tuple[int, int, str]] = []
    for s, e in spans or []:
        events.append((s, 0, '<strong class="answer">'))
        events.append((e, 1, "</strong>"))
    for s, e in marks:
        events.append((s, 2, "<mark>"))
        events.append((e, -1, "</mark>"))
    events.sort(key=lambda x: (x[0], x[1]))
    out = []
    pos = 0
    for at, _, tag in events:
        out.append(html.escape(text[pos:at]))
        out.append(tag)
        pos = at
    out.append(html.escape(text[pos:]))
    return "".join(out)


def snippet_window(text: str, query: Query, size: int = 320) -> tuple[int, int]:
    """The window of ``text`` (about ``size`` chars) with the most query words."""
    if len(text) <= size:
        return 0, len(text)
    words = set(query.content)
    hits = [m.start() for m in WORD_RE.finditer(text) if fold(m.group(0).lower()) in words]
    if not hits:
        return 0, size
    best, best_count = hits[0], 0
    for h in hits:
        count = sum(1 for x in hits if h <= x < h + size)
        if count > best_count:
            best, best_count = h, count
    start = max(0, best - size // 5)
    start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
    end = min(len(text), start + size)
    sp = text.find(" ", end)
    end = sp if 0 < sp < end + 30 else end
    return start, end
