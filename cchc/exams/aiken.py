"""Moodle Aiken import/export (pure Python).

Standard Aiken: a question line, options ``A.`` / ``A)`` one per line (with or without a space after the mark, as
Moodle reads ``A)Sai``), then ``ANSWER: B`` (``ĐÁP ÁN: B`` accepted too).
Extensions understood on import and written on export unless ``strict=True`` (lines after ANSWER, which Moodle
does not accept, so strict export leaves them out):
``ANSWER: A, C`` (multiple choice), ``LOẠI:``, ``CHỦ ĐỀ:``, ``MỨC ĐỘ:``, ``NGUỒN:``, ``GIẢI THÍCH:``, ``MÃ:``.
"""

from __future__ import annotations

import re

from cchc.core.vntext import fold_key
from cchc.exams.qdata import (
    DIFFICULTY_LABELS,
    FALSE_TEXT,
    KIND_LABELS,
    MULTIPLE,
    SINGLE,
    TRUE_TEXT,
    TRUEFALSE,
    Option,
    ParseResult,
    QuestionData,
    parse_kind,
    read_text_bank,
    set_difficulty,
)

_OPTION_RE = re.compile(r"^([A-Za-z])\s*[.)]\s*(.*)$")
_SPACED_OPTION_RE = re.compile(r"^[A-Za-z]\s*[.)]\s")
_ANSWER_RE = re.compile(r"^(?:ANSWER|ĐÁP ÁN(?: ĐÚNG)?)\s*:\s*(.*)$", re.IGNORECASE)
_EXT_RE = re.compile(r"^([^:]{2,20}):\s*(.*)$")
_EXT_KEYS = {"loai": "kind", "chu de": "topic", "muc do": "difficulty", "nguon": "source_ref",
             "giai thich": "explanation", "ma": "ref"}


def parse_aiken(text: str | bytes, *, default_topic: str = "") -> ParseResult:
    """Parse an Aiken file. Never raises; every problem becomes a LineError (line 0 = the whole file)."""
    return read_text_bank(text, "Aiken", lambda decoded, result: _parse(decoded, default_topic, result))


def _parse(text: str, default_topic: str, result: ParseResult) -> None:
    q: QuestionData | None = None
    state = "idle"  # idle | question | after
    bad = False      # current question already has an error: skip to its end

    def close(at_line: int):
        nonlocal q
        if q is not None and state == "question" and not bad:
            result.error(q.line, "Câu hỏi thiếu dòng «ANSWER:» (đáp án đúng).")
        q = None

    for no, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if state == "after":
                q, state, bad = None, "idle", False
            elif state == "question" and q is not None and q.options:
                close(no)  # options then a blank line: the ANSWER line is missing
                state, bad = "idle", False
            continue
        if state == "after":
            m = _EXT_RE.match(line)
            key = _EXT_KEYS.get(fold_key(m.group(1))) if m else None
            if key and q is not None:
                value = m.group(2).strip()
                if key == "kind":
                    kind = parse_kind(value)
                    if kind is None:
                        result.error(no, f"Loại câu hỏi không hợp lệ: «{value}».", "LOẠI")
                    elif kind == TRUEFALSE:
                        q.kind = TRUEFALSE
                elif key == "difficulty":
                    set_difficulty(q, value, result, no, "MỨC ĐỘ")
                else:
                    setattr(q, key, value)
                continue
            q, state, bad = None, "idle", False
        if state == "idle":
            q = QuestionData(text=line, topic=default_topic, line=no)
            state, bad = "question", False
            continue
        # state == question
        m = _OPTION_RE.match(line)
        if m and not q.options and m.group(1).upper() != "A" and not _SPACED_OPTION_RE.match(line):
            m = None  # "Q.1…" / "B.Sc" continuing the question text: a first option without a space must be A
        if m:
            letter = m.group(1).upper()
            expected = chr(ord("A") + len(q.options))
            if letter != expected:
                if not bad:
                    result.error(no, f"Phương án «{letter}» không đúng thứ tự (cần «{expected}»).")
                bad = True
            q.options.append(Option(m.group(2)))
            continue
        m = _ANSWER_RE.match(line)
        if m:
            letters = [x.strip().strip(".)").upper() for x in re.split(r"[,;\s]+", m.group(1)) if x.strip(" .)")]
            if not letters:
                result.error(no, "Dòng ANSWER không có đáp án.")
                bad = True
            for letter in letters:
                idx = ord(letter[0]) - ord("A") if len(letter) == 1 and letter.isalpha() else -1
                if idx < 0 or idx >= len(q.options):
                    result.error(no, f"Đáp án «{letter}» không có trong các phương án.")
                    bad = True
                    break
                q.options[idx].correct = True
            if len(letters) > 1:
                q.kind = MULTIPLE
            if not bad:
                result.questions.append(q)
            state = "after"
            continue
        if q.options:
            if not bad:
                result.error(no, "Dòng không phải phương án (A. …) cũng không phải «ANSWER:»; có thể thiếu dòng "
                                 "ANSWER.")
            bad = True
            continue
        q.text = f"{q.text}\n{line}"
    close(0)
    for q in result.questions:
        if q.kind == TRUEFALSE:
            texts = [fold_key(o.text) for o in q.options]
            if texts != [fold_key(TRUE_TEXT), fold_key(FALSE_TEXT)]:
                result.error(q.line, "Câu Đúng/Sai phải có phương án A. Đúng và B. Sai.")


def export_aiken(questions: list[QuestionData], *, strict: bool = False) -> tuple[str, list[QuestionData]]:
    """Return (text, skipped). Strict Moodle Aiken cannot hold multiple-choice questions: they are skipped."""
    out: list[str] = []
    skipped: list[QuestionData] = []
    for q in questions:
        if strict and q.kind == MULTIPLE:
            skipped.append(q)
            continue
        if len(q.options) > 26:
            skipped.append(q)
            continue
        out.append(" ".join(q.text.split("\n")) if strict else q.text.replace("\n", " ").strip())
        for i, o in enumerate(q.options):
            out.append(f"{chr(ord('A') + i)}. {' '.join(o.text.split())}")
        letters = [chr(ord("A") + i) for i in q.correct_indexes()]
        out.append(f"ANSWER: {', '.join(letters)}")
        if not strict:
            if q.kind != SINGLE:
                out.append(f"LOẠI: {KIND_LABELS[q.kind]}")
            if q.topic:
                out.append(f"CHỦ ĐỀ: {q.topic}")
            out.append(f"MỨC ĐỘ: {DIFFICULTY_LABELS.get(q.difficulty, q.difficulty)}")
            if q.source_ref:
                out.append(f"NGUỒN: {q.source_ref}")
            if q.explanation:
                out.append(f"GIẢI THÍCH: {' '.join(q.explanation.split())}")
            if q.ref:
                out.append(f"MÃ: {q.ref}")
        out.append("")
    return "\n".join(out), skipped
