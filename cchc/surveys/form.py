"""Validation of one filled form against a questionnaire version (pure Python, no Django).

Used by every channel (code/QR, kiosk, paper entry, Excel import) so that all answers obey the same rules:
Likert answers are whole numbers 1..5; a single choice is one of the options (its text or its number 1..k); a
multiple choice is a subset of the options; a conditional item is asked only when the answer to its earlier item is
one of ``condition_values`` — otherwise its answer is ignored (and it cannot be missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.core.vntext import clean_spaces, fold_key

LIKERT5, SINGLE, MULTIPLE, TEXT = "likert5", "single", "multiple", "text"
MAX_TEXT = 2000


@dataclass(frozen=True)
class ItemSpec:
    key: str
    kind: str
    text: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    condition_key: str | None = None
    condition_values: tuple[str, ...] = ()


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)  # key -> int | str | list[str]
    errors: dict[str, str] = field(default_factory=dict)  # key -> Vietnamese message

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(spec: ItemSpec, raw: str) -> str | None:
    raw = clean_spaces(raw)
    if raw.isdigit() and 1 <= int(raw) <= len(spec.choices):
        return spec.choices[int(raw) - 1]
    wanted = fold_key(raw)
    return next((c for c in spec.choices if fold_key(c) == wanted), None)


def shown(spec: ItemSpec, values: dict) -> bool:
    """Whether ``spec`` is asked given the earlier answers."""
    if not spec.condition_key:
        return True
    given = values.get(spec.condition_key)
    given = given if isinstance(given, list) else [given]
    return any(str(g) in spec.condition_values for g in given if g is not None)


def parse(specs: list[ItemSpec], getter: Callable[[str], list[str]], *, enforce_required: bool = True) -> Parsed:
    """Read each item's raw strings through ``getter(key)`` (e.g. ``QueryDict.getlist``) in form order."""
    out = Parsed()
    for spec in specs:
        raw = [clean_spaces(str(r)) for r in (getter(spec.key) or []) if r is not None and clean_spaces(str(r))]
        if not shown(spec, out.values):
            continue
        if not raw:
            if spec.required and enforce_required:
                out.errors[spec.key] = "Chưa trả lời câu này."
            continue
        if spec.kind == LIKERT5:
            v = raw[0].replace(",", ".")
            try:
                number = float(v)
            except ValueError:
                number = None
            if number is None or number != int(number) or not 1 <= number <= 5:
                out.errors[spec.key] = f"“{raw[0][:20]}” không phải mức từ 1 đến 5."
                continue
            out.values[spec.key] = int(number)
        elif spec.kind == SINGLE:
            if len(raw) > 1:
                out.errors[spec.key] = "Chỉ được chọn một phương án."
                continue
            c = _choice(spec, raw[0])
            if c is None:
                out.errors[spec.key] = f"“{raw[0][:40]}” không phải là phương án của câu này."
                continue
            out.values[spec.key] = c
        elif spec.kind == MULTIPLE:
            parts = [p for r in raw for p in (s.strip() for s in r.split(";")) if p]
            chosen, bad = [], []
            for p in parts:
                c = _choice(spec, p)
                (chosen if c is not None else bad).append(c if c is not None else p)
            if bad:
                out.errors[spec.key] = f"“{bad[0][:40]}” không phải là phương án của câu này."
                continue
            out.values[spec.key] = [c for c in spec.choices if c in chosen]
        else:
            text = " ".join(raw)
            if len(text) > MAX_TEXT:
                out.errors[spec.key] = f"Ý kiến dài quá {MAX_TEXT} ký tự."
                continue
            out.values[spec.key] = text
    return out
