"""Vietnamese text analysis for search (pure Python, no Django).

One analyzer is used for indexing, for queries and by every search backend, so that all backends
see exactly the same terms:

- folded syllables (``cai``, ``cach``): a query typed without diacritics matches them;
- raw lower-case syllables where they differ from the folded form (``cải``): a query typed with
  diacritics earns an exact-diacritic bonus;
- folded syllable bigrams (``cai_cach``): word order and multi-syllable words without a segmenter;
- normalised document numbers (``#905/qd-bnv``): exact lookup of "905/QĐ-BNV" or "905/QD-BNV".

Folding comes from :mod:`cchc.core.vntext` (NFC, diacritics removed, đ→d).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.core.vntext import fold, nfc

WORD_RE = re.compile(r"\w+", re.UNICODE)
# "905/QĐ-BNV", "60/2021/NĐ-CP", "09-CTr/TU", "2515/SNV-CCHC&VTLT", "12823/CTr-UBND", "76/NQ-CP"
DOC_NUMBER_RE = re.compile(
    r"(?<![\w/])(\d{1,6}(?:/\d{4})?[/-][^\W\d_][\w]*(?:[/&-][^\W_][\w]*)*)", re.UNICODE)
DOC_NUMBER_PREFIX = "#"
MAX_QUERY_CHARS = 1000
MAX_QUERY_SYLLABLES = 80
# Query-side weight of function and question words ("là", "gì", "những", "nào", "của") and of pairs made
# only of them ("là_gì"): they are rare in regulations but frequent in FAQ pages and questions, so at full
# weight "SIPAS là gì?" prefers any passage that asks "... là gì?" over the one that defines SIPAS.
# Typed without diacritics, some function words are also frequent content syllables ("cua" is "của" or
# "cửa", "can" "cần" or "cán", "luc" "lúc" or "lực"): those keep their full weight.
FUNCTION_WORD_WEIGHT = 0.35
AMBIGUOUS_FOLDED = frozenset("""
ban bang bao can chi co con cua cung da dang de do hay hien hoi lam loai luc ma moi noi thi thuoc tai the tu
van ve vi nhat
""".split())

# Folded function words and question words. Used only to judge how much of a question a passage
# covers (answer / no-answer decision) and to pick answer sentences, never to drop index terms.
STOPWORDS = frozenset("""
a ai anh ay bao bang bi boi cac can chi cho chua co con cua cung da dang day de den deu di do duoc
gi gom hay hoac hoi khi khong la lam len loai luc ma minh moi mot muon nao nay neu nhieu nhu nhung
noi o ong phai ra rang roi sao se tai thi theo the thuoc toi trong tu va van vao ve vi voi xin
nhat hien nay biet duoc nhieu
""".split())
# The same words as typed with diacritics: a word typed with diacritics is dropped only when its exact
# form is a function word ("có" is, "cơ" in "cơ quan" is not; "đâu" is, "đầu" is not).
STOPWORDS_RAW = frozenset("""
à ai anh ấy bao bằng bị bởi các cần chỉ cho chưa có còn của cùng cũng đã đang đây để đến đều đi đó được gì gồm
hay hoặc hỏi khi không là làm lên loại lúc mà mình mỗi một muốn nào này nếu nhiều như những nơi ở ông phải ra rằng
rồi sao sẽ tại thì theo thế thuộc tôi trong từ và vẫn vào về vì với xin nhất hiện nay biết đâu nhiêu mấy
""".split())


# Question phrases typed without diacritics: their syllables are function words even where one of them alone
# could be a content syllable ("o dau" is "ở đâu", not "đầu").
QUESTION_PHRASES = frozenset({("o", "dau"), ("bao", "nhieu"), ("bao", "lau"), ("the", "nao"), ("khi", "nao"),
                              ("la", "gi"), ("vi", "sao"), ("tai", "sao"), ("nhu", "the"), ("lam", "gi"),
                              ("co", "the")})


def function_word_flags(words: list[str]) -> list[bool]:
    """For each word as typed: is it a function word here (alone, or inside a question phrase)?"""
    lowered = [w.lower() for w in words]
    folded = [fold_word(w) for w in lowered]
    flags = [is_stopword(w) for w in lowered]
    for i in range(len(folded) - 1):
        if (folded[i], folded[i + 1]) in QUESTION_PHRASES:
            flags[i] = flags[i + 1] = True
    return flags


def is_stopword(word: str) -> bool:
    """``word`` as typed (lower case): exact function word, or a diacritic-free form of one."""
    f = fold(word)
    return word in STOPWORDS_RAW if word != f else f in STOPWORDS


# Abbreviations of Vietnamese public administration, both ways: a passage that writes "CCHC" is found by
# "cải cách hành chính" and the reverse (folded forms).
ABBREVIATIONS = {
    "cchc": "cai cach hanh chinh", "tthc": "thu tuc hanh chinh", "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan", "cbccvc": "can bo cong chuc vien chuc", "cbcc": "can bo cong chuc",
    "ccvc": "cong chuc vien chuc", "dvc": "dich vu cong", "dvctt": "dich vu cong truc tuyen",
    "qppl": "quy pham phap luat", "vbqppl": "van ban quy pham phap luat", "cntt": "cong nghe thong tin",
    "cqnn": "co quan nha nuoc", "dvsncl": "don vi su nghiep cong lap", "mttq": "mat tran to quoc",
    "bcd": "ban chi dao", "nsnn": "ngan sach nha nuoc", "pvhcc": "phuc vu hanh chinh cong",
    "cds": "chuyen doi so", "snv": "so noi vu", "tttt": "thong tin va truyen thong", "hcc": "hanh chinh cong",
    "tccb": "to chuc can bo", "kt": "kinh te", "xh": "xa hoi",
}
_EXPANSIONS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _abbr, _exp in ABBREVIATIONS.items():
    if len(_exp.split()) >= 3:
        _EXPANSIONS.setdefault(_exp.split()[0], []).append((tuple(_exp.split()), _abbr))


# Paraphrases of administrative Vietnamese: what a citizen or a civil servant types ("bắt đầu có hiệu lực",
# "hồ sơ bị chậm") and what regulations write ("có hiệu lực thi hành", "trễ hạn"). Written with diacritics; a
# phrase typed without diacritics matches its folded form, one typed with diacritics must match them exactly.
# At query time the other phrases of a group are added with SYNONYM_WEIGHT (so the literal words still rank
# first), and the answer decision counts a question phrase as covered when the passage has one of them.
# Groups are symmetric; ONE_WAY maps a question phrase to what documents write for it, not the reverse.
SYNONYM_WEIGHT = 0.5
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("thời hạn", "thời gian", "hạn chót", "thời hạn cuối cùng"),
    ("người dân", "công dân", "tổ chức, cá nhân", "cá nhân, tổ chức", "người dân, doanh nghiệp"),
    ("nộp hồ sơ", "tiếp nhận hồ sơ", "gửi hồ sơ"),
    ("xin lỗi", "thư xin lỗi", "lời xin lỗi"),
    ("trễ hạn", "quá hạn", "chậm trễ", "trễ", "chậm"),
    ("kênh", "hình thức", "cách thức", "phương thức"),
    ("kinh phí", "ngân sách", "nguồn kinh phí", "chi phí"),
    ("lệ phí", "phí"),
    ("trực tuyến", "qua mạng", "online", "môi trường điện tử"),
    ("tải về", "tải xuống"),
    ("xếp hạng", "thứ hạng"),
    ("giấy tờ", "thành phần hồ sơ"),
    ("khen thưởng", "biểu dương", "tuyên dương"),
    ("người đứng đầu", "thủ trưởng"),
    ("sáp nhập", "hợp nhất"),
    ("bãi bỏ", "hủy bỏ", "hết hiệu lực"),
    ("phản ánh", "kiến nghị"),
    ("đánh giá", "chấm điểm"),
    ("chữ ký số", "ký số"),
    ("miễn phí", "không thu phí", "không mất phí"),
    ("trả kết quả", "nhận kết quả"),
    # CCHC usage (2026-12-02): what people say for what the documents write
    ("ứng dụng", "app", "phần mềm"),
    ("căn cước công dân", "căn cước", "cccd"),
    ("giảng viên", "báo cáo viên"),
)
ONE_WAY: dict[str, tuple[str, ...]] = {
    "bắt đầu có hiệu lực": ("có hiệu lực thi hành", "có hiệu lực kể từ", "có hiệu lực từ"),
    "có hiệu lực khi nào": ("có hiệu lực thi hành", "có hiệu lực kể từ", "có hiệu lực từ"),
    "bắt đầu áp dụng": ("có hiệu lực thi hành", "áp dụng từ"),
    "người làm": ("cán bộ, công chức", "công chức, viên chức", "cán bộ, công chức, viên chức"),
    "nhân viên": ("cán bộ, công chức", "công chức, viên chức"),
    "hạn chót": ("trước ngày", "chậm nhất"),
    "ý kiến": ("phản ánh, kiến nghị",),
    "gộp": ("hợp nhất", "sáp nhập"),
    "mất bao lâu": ("thời hạn giải quyết",),
    "người đứng đầu vụ": ("vụ trưởng",),
    "người đứng đầu cục": ("cục trưởng",),
    "người đứng đầu sở": ("giám đốc sở",),
    "người đứng đầu bộ": ("bộ trưởng",),
}


def _phrase(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = tuple(w.lower() for w in WORD_RE.findall(nfc(text)))
    return raw, tuple(fold(w) for w in raw)


def _build_synonyms() -> dict[tuple[str, ...], list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]:
    """First folded syllable -> [(raw phrase, folded alternatives)]."""
    table: dict[tuple[str, ...], tuple[tuple[str, ...], set]] = {}
    pairs = [(a, b) for g in SYNONYM_GROUPS for a in g for b in g if a != b]
    pairs += [(a, b) for a, alts in ONE_WAY.items() for b in alts]
    for a, b in pairs:
        raw, folded = _phrase(a)
        table.setdefault(raw, (folded, set()))[1].add(_phrase(b)[1])
    out: dict = {}
    for raw, (folded, alts) in table.items():
        out.setdefault(folded[0], []).append((raw, tuple(sorted(alts))))
    return out


_SYNONYMS = _build_synonyms()


def synonym_matches(words: list[str]) -> list[tuple[int, int, tuple[tuple[str, ...], ...]]]:
    """(start, end, folded alternatives) for each paraphrase phrase found in the words as typed."""
    lowered = [w.lower() for w in words]
    folded = [fold_word(w) for w in lowered]
    out = []
    for i, f in enumerate(folded):
        for raw, alts in _SYNONYMS.get(f, ()):
            j = i + len(raw)
            if j > len(folded):
                continue
            if all(fold_word(r) == folded[k] and (lowered[k] == folded[k] or lowered[k] == r)
                   for k, r in zip(range(i, j), raw, strict=True)):
                out.append((i, j, alts))
    return out


@lru_cache(maxsize=300_000)
def fold_word(word: str) -> str:
    """fold() of one lower-case syllable, memoised (syllables repeat a lot)."""
    return fold(word)


def expansion_terms(folded: list[str]) -> list[str]:
    """Extra folded terms for abbreviations (and their expansions) found in a folded word list."""
    extra: list[str] = []
    for w in folded:
        exp = ABBREVIATIONS.get(w)
        if exp and w not in ("kt", "xh"):
            parts = exp.split()
            extra.extend(parts)
            extra.extend(f"{a}_{b}" for a, b in zip(parts, parts[1:], strict=False))
    for i, w in enumerate(folded):
        for phrase, abbr in _EXPANSIONS.get(w, ()):
            if tuple(folded[i:i + len(phrase)]) == phrase:
                extra.append(abbr)
    return extra


def normalize_doc_number(text: str) -> str:
    """'905/QĐ-BNV' -> '905/QD-BNV' (NFC, folded, upper case, spaces removed)."""
    return re.sub(r"\s+", "", fold(nfc(text))).upper()


def doc_numbers(text: str) -> list[str]:
    """Normalised document numbers found in ``text`` (in order, unique)."""
    out: list[str] = []
    for m in DOC_NUMBER_RE.finditer(nfc(text)):
        key = normalize_doc_number(m.group(1))
        # plain "2021-2025" style ranges are periods, not numbers
        if re.fullmatch(r"\d+[/-]\d+", key) or key in out:
            continue
        out.append(key)
    return out


def doc_number_term(key: str) -> str:
    return DOC_NUMBER_PREFIX + key.lower()


def term_list(text: str) -> list[str]:
    """All index terms of ``text`` in order (with repetitions)."""
    text = nfc(text)
    raw = [w.lower() for w in WORD_RE.findall(text)]
    folded = [fold_word(w) for w in raw]
    terms: list[str] = []
    for r, f in zip(raw, folded, strict=True):
        terms.append(f)
        if r != f:
            terms.append(r)
    terms.extend(f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False))
    terms.extend(expansion_terms(folded))
    terms.extend(doc_number_term(k) for k in doc_numbers(text))
    return terms


def analyze(text: str) -> tuple[Counter, int]:
    """Term frequencies and the document length (number of syllables) used by BM25."""
    terms = term_list(text)
    length = len(WORD_RE.findall(nfc(text)))
    return Counter(terms), max(length, 1)


def raw_syllable_terms(text: str) -> Counter:
    """Baseline analyzer: lower-case raw syllables only (no folding, no bigrams)."""
    return Counter(w.lower() for w in WORD_RE.findall(nfc(text)))


@dataclass
class Query:
    """A parsed user query."""

    text: str  # NFC, trimmed, possibly truncated
    terms: Counter  # term -> weight (query-side term frequency)
    content: list[str]  # folded content syllables (no stopwords), unique, in order
    phrases: list[str] = field(default_factory=list)  # folded phrases given in quotes
    numbers: list[str] = field(default_factory=list)  # normalised document numbers
    # paraphrase phrases found in the question: (start, end) in its words, folded alternatives
    synonyms: list[tuple[int, int, tuple[tuple[str, ...], ...]]] = field(default_factory=list)
    truncated: bool = False
    # a question typed without any diacritic, with the diacritics restored from the library (else "")
    restored: str = ""

    @property
    def empty(self) -> bool:
        return not self.terms


# Query-side weight of the exact (diacritic) forms a restoration adds: they break ties between the folded
# matches but never outweigh them, so a wrong restoration costs little.
RESTORED_WEIGHT = 0.25


def parse_query(text: str | None, accents: AccentModel | None = None) -> Query:
    """Parse free text typed by a user. Never raises; syntax characters are ordinary text.

    With ``accents``, a question typed entirely without diacritics is also read with them restored
    (``Query.restored``): their exact forms join the query terms at RESTORED_WEIGHT."""
    text = nfc(text or "").replace("\x00", " ").strip()
    truncated = False
    if len(text) > MAX_QUERY_CHARS:
        text, truncated = text[:MAX_QUERY_CHARS], True
    words = WORD_RE.findall(text)
    if len(words) > MAX_QUERY_SYLLABLES:
        truncated = True
        # cut the text after the last allowed syllable
        count = 0
        for m in WORD_RE.finditer(text):
            count += 1
            if count == MAX_QUERY_SYLLABLES:
                text = text[: m.end()]
                break
    phrases = []
    for m in re.finditer(r"[\"“”]([^\"“”]{2,200})[\"“”]", text):
        p = " ".join(fold(w.lower()) for w in WORD_RE.findall(m.group(1)))
        if len(p.split()) >= 2:
            phrases.append(p)
    terms = Counter(term_list(text))
    _weigh_function_words(terms, words)
    synonyms = synonym_matches(words)
    for term in synonym_terms(synonyms):
        if term not in terms:
            terms[term] = SYNONYM_WEIGHT
    numbers = doc_numbers(text)
    for key in numbers:  # an exact document number counts three times
        terms[doc_number_term(key)] += 2
    content: list[str] = []
    for w, stop in zip(words, function_word_flags(words), strict=True):
        f = fold(w.lower())
        if not stop and f not in content:
            content.append(f)
    restored = ""
    if accents is not None and words and is_unaccented(text):
        forms = accents.restore([w.lower() for w in words])
        it = iter(forms)
        restored = WORD_RE.sub(lambda m: next(it), text)
        for w, r, stop in zip(words, forms, function_word_flags(words), strict=True):
            if not stop and r != w.lower() and r not in terms:
                terms[r] = RESTORED_WEIGHT
    return Query(text=text, terms=terms, content=content, phrases=phrases, numbers=numbers,
                 synonyms=synonyms, truncated=truncated, restored=restored)


def synonym_terms(synonyms) -> list[str]:
    """Folded syllables and pairs of the alternatives of the paraphrase phrases found in a question."""
    out: list[str] = []
    for _, _, alts in synonyms:
        for alt in alts:
            # a phrase by its pairs only (its syllables alone are common words), a single word by itself
            out.extend(f"{a}_{b}" for a, b in zip(alt, alt[1:], strict=False) if len(alt) > 1)
            if len(alt) == 1:
                out.extend(alt)
    return list(dict.fromkeys(out))


def _weigh_function_words(terms: Counter, words: list[str]) -> None:
    """Lower the query weight of the terms that come only from function words (as typed)."""
    lowered = [w.lower() for w in words]
    folded = [fold_word(w) for w in lowered]
    stop = [is_stopword(w) and not (w == f and f in AMBIGUOUS_FOLDED) for w, f in zip(lowered, folded, strict=True)]
    for i in range(len(folded) - 1):
        if (folded[i], folded[i + 1]) in QUESTION_PHRASES:
            stop[i] = stop[i + 1] = True
    content_forms = {t for w, f, st in zip(lowered, folded, stop, strict=True) if not st for t in (w, f)}
    weak = {t for w, f, st in zip(lowered, folded, stop, strict=True) if st for t in (w, f)} - content_forms
    weak |= {f"{a}_{b}" for a, b, sa, sb in zip(folded, folded[1:], stop, stop[1:], strict=False) if sa and sb}
    weak -= {f"{a}_{b}" for a, b, sa, sb in zip(folded, folded[1:], stop, stop[1:], strict=False)
             if not (sa and sb)}
    for t in weak:
        if t in terms:
            terms[t] *= FUNCTION_WORD_WEIGHT


def folded_words(text: str) -> list[str]:
    return [fold_word(w.lower()) for w in WORD_RE.findall(nfc(text))]


def contains_phrase(text: str, phrase: str) -> bool:
    """``phrase`` (folded, single-spaced) occurs in ``text`` as whole syllables, ignoring diacritics."""
    return f" {phrase} " in " " + " ".join(folded_words(text)) + " "


# ---------------------------------------------------------------- diacritic restoration
class AccentModel:
    """Restores the diacritics of a question typed without them, from the library's own syllable statistics.

    Unigram and bigram counts of the lower-case syllables as written in the indexed documents; a question
    whose words carry no diacritic at all is decoded (Viterbi) into the most likely written form, each word
    among the forms that fold to it ("co quan" → "cơ quan", "ban hanh" → "ban hành"). Words the library never
    wrote keep their typed form. Pure: the caller builds it from texts and caches it.
    """

    LAMBDA = 0.8  # weight of the bigram estimate against the unigram one
    MAX_FORMS = 6

    def __init__(self):
        self.uni: Counter = Counter()
        self.bi: Counter = Counter()
        self.forms: dict[str, list[str]] = {}
        self.total = 0

    @classmethod
    def build(cls, texts) -> AccentModel:
        m = cls()
        uni, bi = m.uni, m.bi
        for text in texts:
            for line in nfc(text or "").split("\n"):
                words = [w.lower() for w in WORD_RE.findall(line)]
                uni.update(words)
                bi.update(zip(words, words[1:], strict=False))
        by_fold: dict[str, list[str]] = {}
        for w in uni:
            by_fold.setdefault(fold_word(w), []).append(w)
        m.forms = {f: sorted(ws, key=lambda w: -uni[w])[: cls.MAX_FORMS] for f, ws in by_fold.items()}
        m.total = sum(uni.values()) or 1
        return m

    def _logp(self, prev: str | None, w: str) -> float:
        import math

        pu = (self.uni[w] + 0.1) / (self.total + 0.1 * len(self.uni) + 1)
        if prev is None or not self.uni[prev]:
            return math.log(pu)
        pb = self.bi[(prev, w)] / self.uni[prev]
        return math.log(self.LAMBDA * pb + (1 - self.LAMBDA) * pu)

    def restore(self, words: list[str]) -> list[str]:
        """The most likely written form of each (lower-case, diacritic-free) word."""
        if not words:
            return []
        cands = [self.forms.get(w, [w]) or [w] for w in words]
        best: dict[str, tuple[float, list[str]]] = {c: (self._logp(None, c), [c]) for c in cands[0]}
        for options in cands[1:]:
            nxt: dict[str, tuple[float, list[str]]] = {}
            for c in options:
                nxt[c] = max(((s + self._logp(p, c), path + [c]) for p, (s, path) in best.items()),
                             key=lambda x: x[0])
            best = nxt
        return max(best.values(), key=lambda x: x[0])[1]


def is_unaccented(text: str) -> bool:
    """True when ``text`` has letters and none of them carries a Vietnamese diacritic (nor is đ)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and fold(text) == text
