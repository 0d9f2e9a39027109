"""Moodle GIFT import/export for single choice, multiple choice and true/false questions (pure Python).

Supported on import (as Moodle does): ``//`` comments, ``$CATEGORY:`` lines (the last path part is the topic),
``::title::``, ``[html]``/``[moodle]``/``[plain]``/``[markdown]`` text formats, ``{T}``/``{FALSE}``,
``{=right ~wrong}``, weighted ``~%50%`` options, per-answer ``#feedback`` (dropped) and general feedback ``####``
(kept as the explanation), backslash escapes. Moodle's ``// [id:…] [tag:…]`` comment syntax carries the external id
and the difficulty tag (``[tag:easy|medium|hard]``); our own ``// nguồn: …`` comment carries the source reference
(Moodle ignores it as a plain comment). Other question types (essay, short answer, numerical, matching,
missing word) are reported as line errors.
"""

from __future__ import annotations

import re

from cchc.core.vntext import fold_key, nfc
from cchc.exams.qdata import (
    DIFFICULTIES,
    MULTIPLE,
    SINGLE,
    TRUEFALSE,
    LineError,
    Option,
    ParseResult,
    QuestionData,
    finish,
    parse_difficulty,
    truefalse_options,
)

_SPECIAL = "~=#{}:"
_ID_RE = re.compile(r"\[id:([^\]]+)\]")
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
_SOURCE_RE = re.compile(r"^(?:nguồn|nguon|source)\s*:\s*(.+)$", re.IGNORECASE)
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")


def _find_unescaped(s: str, ch: str, start: int = 0) -> int:
    i = start
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if s.startswith(ch, i):
            return i
        i += 1
    return -1


def unescape(s: str) -> str:
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out).strip()


def escape(s: str) -> str:
    s = nfc(s).replace("\\", "\\\\")
    for ch in _SPECIAL:
        s = s.replace(ch, "\\" + ch)
    return s.replace("\r\n", "\n").replace("\n", "\\n")


def _split_answers(body: str) -> list[str]:
    """Split the inside of {...} into tokens starting with = or ~ (unescaped)."""
    tokens: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            cur.append(body[i:i + 2])
            i += 2
            continue
        if c in "=~":
            if "".join(cur).strip():
                tokens.append("".join(cur))
            cur = [c]
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        tokens.append("".join(cur))
    return tokens


def _blocks(text: str):
    """Yield (first_line_no, comment_lines, question_lines, category) for each question block."""
    lines = text.split("\n")
    category = ""
    comments: list[str] = []
    block: list[str] = []
    start = 0
    for no, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not block:
            if not stripped:
                comments = []
                continue
            if stripped.startswith("//"):
                comments.append(stripped[2:].strip())
                continue
            if stripped.upper().startswith("$CATEGORY:"):
                category = stripped.split(":", 1)[1].strip()
                comments = []
                continue
        if not stripped:
            if block:
                yield start, comments, block, category
                block, comments = [], []
            continue
        if stripped.startswith("//") and block and "{" not in "".join(block):
            continue
        if not block:
            start = no
        block.append(line)
    if block:
        yield start, comments, block, category


def parse_gift(text: str | bytes, *, default_topic: str = "") -> ParseResult:
    """Parse a GIFT file. Never raises; every problem becomes a LineError."""
    result = ParseResult()
    try:
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError:
                result.errors.append(LineError(0, "Tệp không phải văn bản UTF-8 (hãy lưu lại với mã hóa UTF-8)."))
                return result
        text = nfc(text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
        for start, comments, block, category in _blocks(text):
            _parse_block(start, comments, block, category, default_topic, result)
    except Exception as exc:  # noqa: BLE001 - a parser must never crash the import
        result.errors.append(LineError(0, f"Không đọc được tệp GIFT: {exc}"))
        return result
    return finish(result)


def _parse_block(start, comments, block, category, default_topic, result: ParseResult):
    joined = "\n".join(block)
    open_at = _find_unescaped(joined, "{")
    if open_at < 0:
        result.errors.append(LineError(start, "Không tìm thấy phần đáp án trong cặp ngoặc { }."))
        return
    close_at = _find_unescaped(joined, "}", open_at + 1)
    if close_at < 0:
        line = start + joined[:open_at].count("\n")
        result.errors.append(LineError(line, "Thiếu dấu } đóng phần đáp án."))
        return
    head, body, tail = joined[:open_at], joined[open_at + 1:close_at], joined[close_at + 1:]
    if _find_unescaped(tail, "{") >= 0:
        result.errors.append(LineError(start, "Một câu hỏi có nhiều phần đáp án { } — chưa hỗ trợ."))
        return
    title = ""
    head = head.strip()
    if head.startswith("::"):
        end = head.find("::", 2)
        if end < 0:
            result.errors.append(LineError(start, "Tiêu đề câu hỏi thiếu dấu :: đóng."))
            return
        title, head = head[2:end], head[end + 2:]
    head = _FORMAT_RE.sub("", head, count=1)
    qtext = unescape(head)
    if tail.strip():
        qtext = f"{qtext} _____ {unescape(tail)}"
    q = QuestionData(text=qtext, title=unescape(title), line=start)
    topic = category.rstrip("/").split("/")[-1].strip() if category else ""
    if topic.startswith("$") or fold_key(topic) == "top":
        topic = ""
    q.topic = topic or default_topic
    for c in comments:
        m = _ID_RE.search(c)
        if m:
            q.ref = m.group(1).strip()
        for t in _TAG_RE.findall(c):
            d = parse_difficulty(t)
            if d in DIFFICULTIES:
                q.difficulty = d
        m = _SOURCE_RE.match(c)
        if m:
            q.source_ref = m.group(1).strip()
    body_line = start + joined[:open_at].count("\n")
    gf = _find_unescaped(body, "####")
    if gf >= 0:
        q.explanation = unescape(body[gf + 4:])
        body = body[:gf]
    stripped = body.strip()
    if not stripped:
        result.errors.append(LineError(body_line, "Câu tự luận (ngoặc { } rỗng) — chỉ hỗ trợ trắc nghiệm."))
        return
    if stripped.startswith("#"):
        result.errors.append(LineError(body_line, "Câu dạng số (#) — chỉ hỗ trợ trắc nghiệm."))
        return
    head_word = stripped.split("#", 1)[0].strip().upper()
    if head_word in ("T", "TRUE", "F", "FALSE"):
        q.kind = TRUEFALSE
        q.options = truefalse_options(head_word in ("T", "TRUE"))
        result.questions.append(q)
        return
    if _find_unescaped(stripped, "->") >= 0:
        result.errors.append(LineError(body_line, "Câu ghép cặp (->) — chỉ hỗ trợ trắc nghiệm."))
        return
    tokens = _split_answers(stripped)
    if not tokens or not all(t[0] in "=~" for t in tokens):
        result.errors.append(LineError(body_line, "Phương án phải bắt đầu bằng = (đúng) hoặc ~ (sai)."))
        return
    if all(t[0] == "=" for t in tokens):
        result.errors.append(LineError(body_line, "Câu trả lời ngắn (chỉ có =) — chỉ hỗ trợ trắc nghiệm."))
        return
    weighted = False
    partial = False
    for tok in tokens:
        sign, rest = tok[0], tok[1:].strip()
        weight = 100.0 if sign == "=" else 0.0
        m = _WEIGHT_RE.match(rest)
        if m:
            weighted = True
            try:
                weight = float(m.group(1).replace(",", "."))
            except ValueError:
                result.errors.append(LineError(body_line, f"Trọng số không hợp lệ: {m.group(0)}"))
                return
            rest = rest[m.end():]
            partial = partial or 0 < weight < 100
        fb = _find_unescaped(rest, "#")
        if fb >= 0:
            rest = rest[:fb]
        q.options.append(Option(unescape(rest), weight > 0))
    n_correct = sum(o.correct for o in q.options)
    q.kind = MULTIPLE if n_correct > 1 or (weighted and partial) else SINGLE
    result.questions.append(q)


def _fmt_weight(w: float) -> str:
    s = f"{w:.5f}".rstrip("0").rstrip(".")
    return s


def export_gift(questions: list[QuestionData]) -> str:
    """GIFT text for ``questions`` (importable by Moodle and by ``parse_gift``)."""
    out: list[str] = ["// Ngân hàng câu hỏi CCHC — xuất từ cchc (định dạng Moodle GIFT)", ""]
    current_topic = None
    for q in questions:
        if q.topic != current_topic:
            out.append(f"$CATEGORY: $course$/top/{q.topic.replace('/', '-')}")
            out.append("")
            current_topic = q.topic
        meta = []
        if q.ref:
            meta.append(f"[id:{q.ref}]")
        meta.append(f"[tag:{q.difficulty}]")
        out.append("// " + " ".join(meta))
        if q.source_ref:
            out.append(f"// nguồn: {q.source_ref}")
        title = f"::{escape(q.title)}::" if q.title else ""
        lines = [f"{title}{escape(q.text)} {{"]
        if q.kind == TRUEFALSE:
            correct_true = bool(q.options and q.options[0].correct)
            lines[0] += "TRUE" if correct_true else "FALSE"
            if q.explanation:
                lines[0] += f"####{escape(q.explanation)}"
            lines[0] += "}"
            out.extend(lines)
            out.append("")
            continue
        if q.kind == MULTIPLE:
            nc = max(1, sum(o.correct for o in q.options))
            nw = max(1, sum(not o.correct for o in q.options))
            for o in q.options:
                w = 100.0 / nc if o.correct else -100.0 / nw
                lines.append(f"\t~%{_fmt_weight(w)}%{escape(o.text)}")
        else:
            for o in q.options:
                lines.append(f"\t{'=' if o.correct else '~'}{escape(o.text)}")
        if q.explanation:
            lines.append(f"\t####{escape(q.explanation)}")
        lines.append("}")
        out.extend(lines)
        out.append("")
    return "\n".join(out)


__all__ = ["parse_gift", "export_gift", "escape", "unescape", "SINGLE", "MULTIPLE", "TRUEFALSE"]
