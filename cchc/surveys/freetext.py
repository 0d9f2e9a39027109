"""A simple Vietnamese keyword view of free-text answers (pure Python, no Django).

Matching ignores case and diacritics (``cchc.core.vntext.fold_key``: "can bo" finds "Cán bộ"); the keyword list
counts syllables and two-syllable words (most Vietnamese words have two syllables) that are not function words,
each shown in its most frequent written form.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from cchc.core.vntext import fold_key, syllables

# Function words and very common verbs that carry no topic (folded). Editable: a short list on purpose.
STOP = frozenset(fold_key(w) for w in (
    "và với của các những là có không được cho để thì mà này đó khi đã đang sẽ rất cũng như tại ở trong "
    "ra vào lên theo về từ bị hơn nữa còn nên cần hay hoặc một hai ai gì nào việc người em tôi chúng ta "
    "anh chị ông bà họ đây đấy vẫn chưa lại đi làm rồi ạ nhé thêm"
).split())


def matches(text: str, query: str) -> bool:
    """True when the words of ``query`` occur together in ``text`` as whole syllables, ignoring case and
    diacritics ("nhiet tinh" finds "Cán bộ nhiệt tình")."""
    words = fold_key(query).split()
    if not words:
        return True
    hay = " " + " ".join(fold_key(s) for s in syllables(text)) + " "
    return f" {' '.join(words)} " in hay


def keyword_counts(texts: Iterable[str], top: int = 30) -> list[tuple[str, int]]:
    """The ``top`` keywords (syllables and pairs of syllables) by the number of answers that contain them."""
    counts: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        syl = syllables(text)
        seen = set()
        for i, s in enumerate(syl):
            keys = [(s,)]
            if i + 1 < len(syl):
                keys.append((s, syl[i + 1]))
            for key in keys:
                folded = tuple(fold_key(k) for k in key)
                if any(f in STOP or f.isdigit() or len(f) < 2 for f in folded):
                    continue
                k = " ".join(folded)
                forms[k][" ".join(key)] += 1
                seen.add(k)
        counts.update(seen)
    out = []
    for k, c in counts.most_common():
        if c < 2 and len(out) >= top:
            break
        out.append((forms[k].most_common(1)[0][0], c))
        if len(out) >= top:
            break
    return out
