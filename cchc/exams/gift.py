"""Moodle GIFT import/export for single choice, multiple choice and true/false questions (pure Python).

Import follows Moodle's own GIFT reader (question/format/gift/format.php):

* questions are separated by blank lines; lines starting with ``//`` are comments; ``$CATEGORY:`` sets the topic
  of the questions after it (last part of the path; an unknown one falls back to the default topic, with a
  warning, in the service); ``::title::`` names the question (used as its code when there is no ``[id:…]``);
* backslash escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``;
* ``[html]``/``[moodle]``/``[plain]``/``[markdown]`` before a text (question, option, feedback). HTML is turned
  into plain text (paragraphs and line breaks kept); an image (``@@PLUGINFILE@@/…``) cannot come with a text file,
  so it is dropped with a warning on its question;
* multiple choice: the question is single-answer when an option starts with ``=`` (also written ``~=``), else
  multiple-answer, where options with a positive ``~%w%`` weight are the correct ones. Weights are kept as
  Moodle's answer fractions and graded the same way (``cchc.exams.grading``): in a single-answer question a
  ``~%50%`` option earns half the mark; in a multiple-answer question each chosen option adds its weight (a
  ``~%0%`` wrong option costs nothing, as in Moodle). Weights equal to the default rule are not stored;
* ``{T}``/``{TRUE}``/``{F}``/``{FALSE}`` with ``#wrong feedback#right feedback``;
* per-answer feedback ``#…`` is kept on the option, general feedback ``####…`` is the explanation;
* the missing-word form (text after the closing ``}``) is read with ``_____`` in place of the answers.

Moodle's ``// [id:…] [tag:…]`` comment carries the external id and the difficulty tag (``[tag:easy|medium|hard]``);
our own ``// nguồn: …`` comment carries the source reference. Other question types (essay, description, short
answer, numerical, matching) are refused on their line with the type named.
"""

from __future__ import annotations

import html as html_lib
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
    parse_difficulty,
    read_text_bank,
    truefalse_options,
)

_SPECIAL = "~=#{}:"
_ID_RE = re.compile(r"\[id:([^\]]+)\]")
_TAG_RE = re.compile(r"\[tag:([^\]]+)\]")
_SOURCE_RE = re.compile(r"^(?:nguồn|nguon|source)\s*:\s*(.+)$", re.IGNORECASE)
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^\s*%\s*(-?\d+(?:[.,]\d*)?)\s*%")
_DEFAULT_CATEGORY = re.compile(r"^(?:default for|mặc định cho|mac dinh cho)\b", re.IGNORECASE)


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


def _rfind_unescaped(s: str, ch: str) -> int:
    found, i = -1, 0
    while True:
        i = _find_unescaped(s, ch, i)
        if i < 0:
            return found
        found = i
        i += 1


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


# --------------------------------------------------------------------------- text formats

_KNOWN_TAG_RE = re.compile(r"</?(?:p|br|div|span|b|i|u|s|strong|em|img|sub|sup|table|tbody|thead|tr|td|th|ul|ol|li|"
                           r"h[1-6]|a|font|blockquote|pre|code|hr)\b[^>]*>", re.IGNORECASE)
_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_RE = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_ALT_RE = re.compile(r"""\balt\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_HREF_FILE_RE = re.compile(r"""<a\b[^>]*href\s*=\s*["']?@@PLUGINFILE@@/([^"'\s>]+)[^>]*>""", re.IGNORECASE)
_BREAK_RE = re.compile(r"<br\s*/?>|</?(?:p|div|li|tr|table|h[1-6]|blockquote|pre|ul|ol|hr)\b[^>]*>", re.IGNORECASE)
_CELL_END_RE = re.compile(r"</t[dh]>", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[A-Za-z/!][^>]*>")


def _file_name(src: str) -> str:
    from urllib.parse import unquote  # noqa: PLC0415

    return unquote(src.rsplit("/", 1)[-1]) or src


def html_to_text(text: str) -> tuple[str, list[str]]:
    """Plain text of an HTML fragment and the names of the embedded files (images, ``@@PLUGINFILE@@`` links) it
    referred to. Paragraphs and line breaks become new lines; an image with an ``alt`` text leaves it in brackets."""
    files: list[str] = []

    def img(m):
        src = _SRC_RE.search(m.group(0))
        files.append(_file_name(src.group(1)) if src else "ảnh")
        alt = _ALT_RE.search(m.group(0))
        return f" [{alt.group(1).strip()}] " if alt and alt.group(1).strip() else " "

    text = _IMG_RE.sub(img, text)
    for m in _HREF_FILE_RE.finditer(text):
        files.append(_file_name(m.group(1)))
    text = _CELL_END_RE.sub(" ", text)
    text = _BREAK_RE.sub("\n", text)
    text = _ANY_TAG_RE.sub("", text)
    text = html_lib.unescape(text).replace("\u00a0", " ")
    lines = [" ".join(ln.split()) for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln), files


def _text(raw: str, default_format: str = "moodle") -> tuple[str, list[str], str]:
    """(plain text, embedded files, format) of a GIFT text with an optional ``[format]`` prefix."""
    fmt = default_format
    m = _FORMAT_RE.match(raw)
    if m:
        fmt = m.group(1).lower()
        raw = raw[m.end():]
    text = unescape(raw)
    files: list[str] = []
    if fmt == "html" or (fmt == "moodle" and _KNOWN_TAG_RE.search(text)):
        text, files = html_to_text(text)
    elif "@@PLUGINFILE@@" in text:
        files = [_file_name(x) for x in re.findall(r"@@PLUGINFILE@@/(\S+)", text)]
    return text, files, fmt


# --------------------------------------------------------------------------- blocks

def _blocks(text: str):
    """Yield (first_line_no, comment_lines, question_text, category) for each question block.

    Inside a block, comment lines are blanked (kept as empty lines so offsets still give line numbers)."""
    category = ""
    comments: list[str] = []
    block: list[str] = []
    start = 0
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            if block:
                yield start, comments, "\n".join(block), category
            block, comments = [], []
            continue
        if stripped.startswith("//"):
            if not block:
                comments.append(stripped[2:].strip())
            else:
                block.append("")
            continue
        if stripped.upper().startswith("$CATEGORY:"):
            if block:
                yield start, comments, "\n".join(block), category
                block = []
            category = stripped.split(":", 1)[1].strip()
            comments = []
            continue
        if not block:
            start = no
        block.append(raw.rstrip())
    if block:
        yield start, comments, "\n".join(block), category


def parse_gift(text: str | bytes, *, default_topic: str = "") -> ParseResult:
    """Parse a GIFT file. Never raises; every problem becomes a LineError (line 0 = the whole file)."""

    def parse(decoded: str, result: ParseResult) -> None:
        for start, comments, block, category in _blocks(decoded):
            _parse_block(start, comments, block, category, default_topic, result)

    return read_text_bank(text, "GIFT", parse)


def _topic(category: str) -> str:
    parts = [p.strip() for p in category.strip().rstrip("/").split("/") if p.strip()]
    topic = parts[-1] if parts else ""
    if topic.startswith("$") or fold_key(topic) == "top" or _DEFAULT_CATEGORY.match(topic):
        return ""
    return topic


def _tokens(body: str) -> list[tuple[str, str, int]]:
    """Split the inside of {...} into (marker, text, offset) at each unescaped ``=`` or ``~`` (Moodle's rule);
    ``~=`` (with or without spaces between) is one correct option."""
    tokens: list[list] = []
    cur: list | None = None
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            if cur is not None:
                cur[1] += body[i:i + 2]
            i += 2
            continue
        if c in "=~":
            if c == "=" and cur is not None and cur[0] == "~" and not cur[1].strip():
                cur[0] = "="  # "~=" and "~ =": a correct option
                i += 1
                continue
            cur = [c, "", i]
            tokens.append(cur)
        elif cur is not None:
            cur[1] += c
        i += 1
    return [(m, t, off) for m, t, off in tokens]


def _parse_block(start, comments, joined, category, default_topic, result: ParseResult):
    def line_at(offset: int) -> int:
        return start + joined[:offset].count("\n")

    warnings: list[LineError] = []
    title = ""
    head_from = len(joined) - len(joined.lstrip())
    if joined.startswith("::", head_from):
        end = _find_unescaped(joined, "::", head_from + 2)
        if end < 0:
            warnings.append(LineError(start, "Tiêu đề câu hỏi thiếu dấu :: đóng; đọc như Moodle (không có tiêu đề)."))
            head_from += 2
        else:
            title = unescape(joined[head_from + 2:end])
            head_from = end + 2
    open_at = _find_unescaped(joined, "{", head_from)
    close_at = _find_unescaped(joined, "}", open_at + 1) if open_at >= 0 else _find_unescaped(joined, "}", head_from)
    if open_at < 0 and close_at < 0:
        result.error(start, "Câu mô tả (không có phần đáp án trong cặp ngoặc { }) — chỉ nhập câu "
                     "trắc nghiệm.")
        return
    if open_at < 0:
        result.error(line_at(close_at), "Thiếu dấu { mở phần đáp án.")
        return
    if close_at < 0:
        result.error(line_at(open_at), "Thiếu dấu } đóng phần đáp án.")
        return
    head, body, tail = joined[head_from:open_at], joined[open_at + 1:close_at], joined[close_at + 1:]
    if _find_unescaped(tail, "{") >= 0:
        result.error(start, "Một câu hỏi có nhiều phần đáp án { } — chưa hỗ trợ.")
        return
    body_line = line_at(open_at)
    qtext, files, qformat = _text(head.strip())
    if tail.strip():
        tail_text, tail_files, _ = _text(tail.strip(), qformat)
        qtext = f"{qtext} _____ {tail_text}"
        files += tail_files
    q = QuestionData(text=qtext, title=title, line=start)
    q.topic = _topic(category) or default_topic
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
    gf = _rfind_unescaped(body, "####")
    if gf >= 0:
        q.explanation, more, _ = _text(body[gf + 4:].strip(), qformat)
        files += more
        body = body[:gf]
    stripped = body.strip()
    if not stripped:
        result.error(body_line, "Câu tự luận (ngoặc { } rỗng) — chỉ nhập câu trắc nghiệm.")
        return
    if stripped.startswith("#"):
        result.error(body_line, "Câu dạng số ({#…}) — chỉ nhập câu trắc nghiệm.")
        return
    has_tilde = _find_unescaped(stripped, "~") >= 0
    if not has_tilde:
        if _find_unescaped(stripped, "=") >= 0 and _find_unescaped(stripped, "->") >= 0:
            result.error(body_line, "Câu ghép cặp ({=… -> …}) — chỉ nhập câu trắc nghiệm.")
            return
        hash_at = _find_unescaped(stripped, "#")
        word = (stripped[:hash_at] if hash_at >= 0 else stripped).strip().upper()
        if word in ("T", "TRUE", "F", "FALSE"):
            answer = word in ("T", "TRUE")
            parts = [""]
            if hash_at >= 0:
                rest = stripped[hash_at + 1:]
                second = _find_unescaped(rest, "#")
                parts = [rest] if second < 0 else [rest[:second], rest[second + 1:]]
            wrong_fb = _text(parts[0].strip(), qformat)[0] if parts[0].strip() else ""
            right_fb = _text(parts[1].strip(), qformat)[0] if len(parts) > 1 and parts[1].strip() else ""
            q.kind = TRUEFALSE
            q.options = truefalse_options(answer)
            for o in q.options:
                o.feedback = right_fb if o.correct else wrong_fb
            _finish_question(q, files, warnings, result)
            return
        result.error(body_line, "Câu trả lời ngắn (chỉ có phương án =, không có ~) — chỉ nhập câu "
                     "trắc nghiệm.")
        return
    body_start = open_at + 1 + (len(body) - len(body.lstrip()))
    tokens = _tokens(stripped)
    if stripped[:1] not in "=~":
        first = stripped.split("~", 1)[0].split("=", 1)[0].strip()
        result.error(body_line, f"Phương án phải bắt đầu bằng = (đúng) hoặc ~ (sai): «{first[:40]}».")
        return
    single = any(m == "=" for m, _t, _o in tokens)
    entries = []  # (option, weight, line)
    for marker, raw, offset in tokens:
        at = line_at(body_start + offset)
        weight = 100.0 if marker == "=" else 0.0
        wm = _WEIGHT_RE.match(raw)
        if wm:
            try:
                weight = float(wm.group(1).replace(",", "."))
            except ValueError:
                result.error(at, f"Trọng số không hợp lệ: {wm.group(0).strip()}")
                return
            raw = raw[wm.end():]
        fb_at = _find_unescaped(raw, "#")
        feedback = ""
        if fb_at >= 0:
            feedback, more, _ = _text(raw[fb_at + 1:].strip(), qformat)
            files += more
            raw = raw[:fb_at]
        text, more, _ = _text(raw.strip(), qformat)
        files += more
        if not text:
            if marker == "=":
                result.error(at, "Phương án đúng (=) để trống.")
                return
            warnings.append(LineError(at, "Phương án «~» để trống — đã bỏ qua (như Moodle)."))
            continue
        entries.append((Option(text, feedback=feedback), weight, at))
    if single:
        full = [o for o, w, _ in entries if w >= 100 - 1e-9]
        if len(full) > 1:
            result.error(body_line, "Câu một đáp án có nhiều phương án «=» cùng đúng ("
                         + ", ".join(f"«{o.text}»" for o in full) + ") — chưa hỗ trợ; hãy giữ một "
                         "phương án «=», hoặc dùng ~%50% cho câu nhiều đáp án.")
            return
        for o, w, _at in entries:
            o.correct = w >= 100 - 1e-9
            if not o.correct and abs(w) > 1e-9:
                o.weight = w  # partial credit (or a penalty) for this answer, as in Moodle
        q.kind = SINGLE
    else:
        for o, w, _at in entries:
            o.correct = w > 0
        nc = sum(o.correct for o, _w, _at in entries)
        nw = len(entries) - nc
        default = [100.0 / nc if o.correct else (-100.0 / nw if nw else 0.0) for o, _w, _at in entries] if nc else []
        if default and any(abs(w - d) > 0.05 for (_o, w, _at), d in zip(entries, default, strict=True)):
            for o, w, _at in entries:
                o.weight = w  # Moodle's fractions, graded as written
        positive = [w for _o, w, _ in entries if w > 0]
        if positive and sum(positive) < 100 - 0.5:
            warnings.append(LineError(body_line, "Tổng trọng số các phương án đúng ("
                                      + " + ".join(f"{w:g}%" for w in positive) + f" = {sum(positive):g}%) nhỏ hơn "
                                      "100%: chọn đủ các phương án đúng cũng không đạt điểm tối đa (như Moodle)."))
        q.kind = MULTIPLE
    q.options = [o for o, _w, _at in entries]
    _finish_question(q, files, warnings, result)


def _finish_question(q: QuestionData, files: list[str], warnings: list[LineError], result: ParseResult) -> None:
    if files:
        names = ", ".join(dict.fromkeys(files))
        warnings.append(LineError(q.line, f"Câu hỏi có hình ảnh/tệp đính kèm ({names}) — không được nhập theo tệp "
                                          "GIFT; hãy bổ sung bằng chữ nếu cần."))
    q.warnings = warnings
    result.questions.append(q)


def _fmt_weight(w: float) -> str:
    s = f"{w:.5f}".rstrip("0").rstrip(".")
    return s


def _fb(o: Option) -> str:
    return f"#{escape(o.feedback)}" if o.feedback else ""


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
            right = next((o.feedback for o in q.options if o.correct), "")
            wrong = next((o.feedback for o in q.options if not o.correct), "")
            if right or wrong:
                lines[0] += f"#{escape(wrong)}" + (f"#{escape(right)}" if right else "")
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
                w = o.weight if o.weight is not None else (100.0 / nc if o.correct else -100.0 / nw)
                lines.append(f"\t~%{_fmt_weight(w)}%{escape(o.text)}{_fb(o)}")
        else:
            for o in q.options:
                mark = "=" if o.correct else (f"~%{_fmt_weight(o.weight)}%" if o.weight else "~")
                lines.append(f"\t{mark}{escape(o.text)}{_fb(o)}")
        if q.explanation:
            lines.append(f"\t####{escape(q.explanation)}")
        lines.append("}")
        out.extend(lines)
        out.append("")
    return "\n".join(out)


__all__ = ["parse_gift", "export_gift", "escape", "unescape", "SINGLE", "MULTIPLE", "TRUEFALSE"]
