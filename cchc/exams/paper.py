"""Drawing a paper from a blueprint, and shuffling (pure Python).

A blueprint row asks for ``count`` questions of a topic (the topic and its sub-topics, given as a set of topic
ids) at a difficulty (or any difficulty when None). Rows are filled in order of scarcity (the row with the fewest
candidates first) so that overlapping rows do not starve each other; a question is never drawn twice. Questions the
examinee saw in earlier attempts are used only when the unseen ones run out (as Moodle does since MDL-6340).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PoolItem:
    question_id: int
    version_id: int
    topic_id: int
    difficulty: str


@dataclass(frozen=True)
class BlueprintRow:
    topic_ids: frozenset[int]
    difficulty: str | None
    count: int
    label: str = ""

    def accepts(self, item: PoolItem) -> bool:
        return item.topic_id in self.topic_ids and (self.difficulty is None or item.difficulty == self.difficulty)


class BlueprintError(ValueError):
    """The pool cannot satisfy the blueprint; ``shortages`` lists (label, wanted, available)."""

    def __init__(self, shortages: list[tuple[str, int, int]]):
        self.shortages = shortages
        text = "; ".join(f"{label}: cần {wanted}, chỉ có {avail}" for label, wanted, avail in shortages)
        super().__init__(f"Ngân hàng không đủ câu hỏi theo ma trận đề — {text}")


def check_blueprint(pool: Sequence[PoolItem], blueprint: Sequence[BlueprintRow]) -> list[tuple[str, int, int]]:
    """Shortages when drawing the blueprint from the pool (empty list = drawable)."""
    try:
        draw_paper(pool, blueprint, random.Random(0))
    except BlueprintError as exc:
        return exc.shortages
    return []


def draw_paper(pool: Sequence[PoolItem], blueprint: Sequence[BlueprintRow], rng: random.Random,
               seen: Iterable[int] = (), *, shuffle_order: bool = True) -> list[tuple[PoolItem, int]]:
    """Return [(item, blueprint_row_index)] — one distinct question per slot.

    Raises BlueprintError when a row cannot be filled.
    """
    seen_set = set(seen)
    by_question = {}
    for item in pool:  # one version per question (the pool holds current versions)
        by_question.setdefault(item.question_id, item)
    items = list(by_question.values())
    candidates = [[it for it in items if row.accepts(it)] for row in blueprint]
    order = sorted(range(len(blueprint)), key=lambda i: (len(candidates[i]) - blueprint[i].count, i))
    used: set[int] = set()
    picked: list[tuple[PoolItem, int]] = []
    shortages = []
    for i in order:
        row = blueprint[i]
        avail = [it for it in candidates[i] if it.question_id not in used]
        if len(avail) < row.count:
            shortages.append((row.label or f"dòng {i + 1}", row.count, len(avail)))
            continue
        avail.sort(key=lambda it: it.question_id)  # deterministic for a given rng seed
        fresh = [it for it in avail if it.question_id not in seen_set]
        stale = [it for it in avail if it.question_id in seen_set]
        chosen = rng.sample(fresh, min(row.count, len(fresh)))
        if len(chosen) < row.count:
            chosen += rng.sample(stale, row.count - len(chosen))
        for it in chosen:
            used.add(it.question_id)
            picked.append((it, i))
    if shortages:
        raise BlueprintError(shortages)
    if shuffle_order:
        rng.shuffle(picked)
    else:
        picked.sort(key=lambda p: (p[1], p[0].question_id))
    return picked


def shuffle_options(option_ids: Sequence[str], rng: random.Random, *, keep_order: bool = False) -> list[str]:
    """A shuffled copy of the option ids (true/false questions keep their order: ``keep_order``)."""
    out = list(option_ids)
    if not keep_order:
        rng.shuffle(out)
    return out


def stagger_offset(user_id: int, campaign_id: int, window_seconds: int) -> int:
    """Deterministic start delay in [0, window) for this examinee, spreading a province-wide 8:00 start."""
    if window_seconds <= 0:
        return 0
    x = (user_id * 2654435761 + campaign_id * 40503) & 0xFFFFFFFF
    return x % window_seconds
