"""Automatic grading (pure Python).

- single choice and true/false: full mark when exactly the correct option is chosen, otherwise 0;
- multiple choice: Moodle's rule for weighted options, each correct option worth +1/(number correct), each wrong
  option −1/(number wrong); the sum is clamped to [0, 1]. Choosing every option therefore scores 0.
- explicit weights (Moodle answer fractions, GIFT ``~%50%…``, in %): a single-answer question gives the chosen
  option's weight (partial credit); a multiple-answer question the sum of the chosen options' weights; clamped to
  [0, 1]. Options without a weight keep the default rule's value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MULTIPLE = "multiple"


def item_fraction(kind: str, correct_ids: Iterable[str], all_ids: Iterable[str], selected: Iterable[str],
                  weights: Mapping[str, float] | None = None) -> float:
    correct = set(correct_ids)
    allset = set(all_ids)
    chosen = set(selected) & allset  # ids not on the question are ignored
    if weights:
        return _weighted_fraction(kind, correct, allset, chosen, weights)
    if kind != MULTIPLE:
        return 1.0 if chosen and chosen == correct else 0.0
    if not correct:
        return 0.0
    wrong = allset - correct
    hits = len(chosen & correct) / len(correct)
    misses = len(chosen & wrong) / len(wrong) if wrong else 0.0
    return max(0.0, min(1.0, hits - misses))


def default_weight(kind: str, option_id: str, correct: set[str], all_ids: set[str]) -> float:
    """The weight (in %) an option has under the default rule."""
    if kind != MULTIPLE:
        return 100.0 if option_id in correct else 0.0
    if option_id in correct:
        return 100.0 / len(correct)
    wrong = len(all_ids - correct)
    return -100.0 / wrong if wrong else 0.0


def _weighted_fraction(kind: str, correct: set[str], allset: set[str], chosen: set[str],
                       weights: Mapping[str, float]) -> float:
    def w(i: str) -> float:
        value = weights.get(i)
        return default_weight(kind, i, correct, allset) if value is None else float(value)

    if kind != MULTIPLE:
        if len(chosen) != 1:
            return 0.0
        return max(0.0, min(1.0, w(next(iter(chosen))) / 100.0))
    return max(0.0, min(1.0, sum(w(i) for i in chosen) / 100.0))


@dataclass
class GradedItem:
    topic_id: int
    mark: float
    max_mark: float


@dataclass
class AttemptGrade:
    score: float
    max_score: float
    percent: float
    passed: bool
    by_topic: dict[int, tuple[float, float]]  # topic_id -> (score, max)


def grade_attempt(items: Sequence[GradedItem], pass_percent: float) -> AttemptGrade:
    score = sum(i.mark for i in items)
    max_score = sum(i.max_mark for i in items)
    percent = round(100.0 * score / max_score, 2) if max_score else 0.0
    by_topic: dict[int, list[float]] = {}
    for i in items:
        acc = by_topic.setdefault(i.topic_id, [0.0, 0.0])
        acc[0] += i.mark
        acc[1] += i.max_mark
    return AttemptGrade(round(score, 4), round(max_score, 4), percent, percent >= pass_percent - 1e-9,
                        {k: (round(v[0], 4), round(v[1], 4)) for k, v in by_topic.items()})


def weak_topics(by_topic: dict[int, tuple[float, float]], threshold_percent: float) -> list[tuple[int, float]]:
    """Topics whose score share is below the threshold, weakest first: [(topic_id, percent)]."""
    out = []
    for tid, (s, m) in by_topic.items():
        if m <= 0:
            continue
        pct = 100.0 * s / m
        if pct < threshold_percent - 1e-9:
            out.append((tid, round(pct, 1)))
    out.sort(key=lambda x: (x[1], x[0]))
    return out


def item_mark(max_mark: float, kind: str, correct_ids, all_ids, selected, *, current: float | None = None,
              manual: bool = False, weights: Mapping[str, float] | None = None) -> float:
    """An answer's mark (the one rule): the fraction of the question earned × its maximum, to four places; a mark
    set by hand (a GradeChange) is kept."""
    if manual and current is not None:
        return current
    return round(max_mark * item_fraction(kind, correct_ids, all_ids, selected, weights), 4)
