"""Split a document's text into passages that follow its own structure (pure Python, no Django).

Headings recognised (each opens a level of the heading path used for citations):
  part titles (QUYẾT ĐỊNH, KẾ HOẠCH, ĐỀ ÁN, PHỤ LỤC ...) > Chương > Mục > I. > Điều > A. > 1. > 1.1. > 1.1.1. > a)
Numbered items that are long sentences (khoản, điểm with content) stay content, not headings.

Tables (tab-separated rows, or cells separated by lines holding a single "|") become one passage per
row, kept whole, each cell prefixed with its column name; rows broken across pages are re-joined and
repeated header rows are skipped. Section rows ("I  CẢI CÁCH THỂ CHẾ") become headings.

Hard-wrapped text is reflowed; paragraphs broken by a page break (a block starting in lower case)
are re-joined; a lead-in ending with ":" stays with its bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.vntext import clean_spaces, fold, nfc

SOFT_MAX_CHARS = 900
HARD_MAX_CHARS = 1800
HEADING_MAX_CHARS = 160


@dataclass
class Passage:
    heading: list[str]
    text: str
    kind: str = "text"  # "text" | "row"
    ordinal: int = 0

    @property
    def heading_text(self) -> str:
        return " › ".join(self.heading)


@dataclass
class _Para:
    text: str
    kind: str = "text"  # text | row | heading
    level: float = 0.0
    heading: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- markup clean-up
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|mailto:)[^)]*\)")
_HTML_TAG = re.compile(r"</?(?:b|i|u|p|em|strong|span|br|div|sup|sub)\b[^>]*>", re.I)


def clean_markup(line: str) -> str:
    line = _MD_LINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = line.replace("&nbsp;", " ").replace("&amp;", "&")
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    # *italic* markers (keep bullets "* text")
    line = re.sub(r"(?<!\S)\*(?=\S)|(?<=\S)\*(?!\S)", "", line)
    return line


# ---------------------------------------------------------------- heading detection
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
PART_WORDS = ("QUYẾT ĐỊNH", "KẾ HOẠCH", "ĐỀ ÁN", "PHỤ LỤC", "CHƯƠNG TRÌNH", "QUY ĐỊNH", "QUY CHẾ",
              "HƯỚNG DẪN", "THÔNG TƯ", "NGHỊ ĐỊNH", "LUẬT", "CÔNG VĂN", "BÁO CÁO", "TỜ TRÌNH", "NGHỊ QUYẾT",
              "CHỈ THỊ", "HỎI ĐÁP", "PHẦN")
_PART_RE = re.compile(r"^(?:" + "|".join(PART_WORDS) + r")\b", re.I)
# the numeral must be there: "Chương trình tổng thể ..." is not a chapter
_CHUONG_RE = re.compile(r"^Chương\s+(?:(?=[IVXLC])" + _ROMAN + r"|\d+)\b", re.I)
_BARE_LABEL_RE = re.compile(r"^(?:Chương|Mục|Phần)\s+(?:[IVXLC]+|\d+)[.:]?$", re.I)
_MUC_RE = re.compile(r"^Mục\s+\d+\b")
_DIEU_RE = re.compile(r"^Điều\s+\d+[a-z]?\s*[.:]")
_ROMAN_RE = re.compile(r"^(" + _ROMAN + r")[.)]\s+\S")
_UPPER_LETTER_RE = re.compile(r"^[A-ZĐ][.)]\s+\S")
_NUM_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+\S")
_LETTER_RE = re.compile(r"^[a-zđ]\)\s+\S")
_BULLET_RE = re.compile(r"^(?:[-–+•*]\s+|[a-zđ]\)\s+|\d{1,2}(?:\.\d{1,2})*[.)]\s+)")
_SENT_END = tuple(".;!?")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _is_part_line(text: str) -> bool:
    t = text.strip().rstrip(":").strip()
    return _is_upper(t) and fold(t).upper() in _PART_KEYS


_PART_KEYS = {fold(w).upper() for w in PART_WORDS}


def heading_level(text: str) -> float | None:
    """The heading level of a paragraph, or None when it is content."""
    t = text.strip()
    if not t or len(t) > 400:
        return None
    if _CHUONG_RE.match(t):
        return 1
    if _MUC_RE.match(t) and len(t) <= HEADING_MAX_CHARS:
        return 2
    if _DIEU_RE.match(t):
        return 4
    short = len(t) <= HEADING_MAX_CHARS and not t.endswith((";", ",")) and t.count(". ") <= 1
    if _PART_RE.match(t) and _is_upper(t) and len(t) <= 120:
        return 0
    m = _ROMAN_RE.match(t)
    if m and m.group(1) and short:
        return 3
    if _UPPER_LETTER_RE.match(t) and short and len(t) <= 120:
        return 3.5
    m = _NUM_RE.match(t)
    if m and not re.match(r"^[\d.]+[.)]", t) and not t[m.end() - 1].isupper():
        m = None  # "11 năm 2011 của ..." is a wrapped date, not "1. Mục tiêu"
    if m and short and not t.endswith("."):
        return 5 + m.group(1).count(".")
    if _LETTER_RE.match(t) and short and len(t) <= 100 and not t.endswith("."):
        return 9
    return None


# ---------------------------------------------------------------- pipe tables ("|" lines)
_CELL_NUMBER_RE = re.compile(r"^(?:" + _ROMAN + r"|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$", re.I)


def _reflow(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if out and not _BULLET_RE.match(s):
            out[-1] = out[-1] + " " + s
        else:
            out.append(s)
    return "\n".join(out)


def _pipe_tables_to_tabs(lines: list[str]) -> list[str]:
    """Turn runs of cells separated by lines holding a single '|' into tab-separated rows."""
    if sum(1 for ln in lines if ln.strip() == "|") < 3:
        return lines
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        # does a pipe run start within the next few lines?
        j = i
        while j < n and lines[j].strip() != "|" and lines[j].strip():
            j += 1
        if j < n and lines[j].strip() == "|" and j > i:
            # cell run: the first cell is the one line before the '|' (multi-line first cells of
            # layout tables are rare and harmless), earlier lines are ordinary text
            out.extend(lines[i:j - 1])
            cells: list[str] = []
            cur: list[str] = [lines[j - 1]]
            k = j
            while k < n:
                s = lines[k].strip()
                if s == "|":
                    cells.append(_reflow(cur))
                    cur = []
                    # the run ends at a blank line, or when the next '|' is far away (ordinary text)
                    nxt = k + 1
                    while nxt < n and nxt - k <= 40 and lines[nxt].strip() not in ("|", ""):
                        nxt += 1
                    if k + 1 >= n or not lines[k + 1].strip() or nxt >= n or lines[nxt].strip() != "|":
                        k += 1
                        break
                else:
                    cur.append(lines[k])
                k += 1
            if cur:
                out.extend(cur)
            out.extend(_cells_to_rows(cells))
            out.append("")
            i = k
        else:
            out.extend(lines[i:j + 1] if j < n else lines[i:j])
            i = j + 1
    return out


def _cells_to_rows(cells: list[str]) -> list[str]:
    if not cells:
        return []
    header_idx = None
    for idx, c in enumerate(cells[:3]):
        if fold(c).lower().strip(" .") in ("stt", "tt", "so tt"):
            header_idx = idx
            break
    if header_idx is None:  # a layout table: one paragraph per cell
        out = []
        for c in cells:
            out.extend(c.split("\n"))
            out.append("")
        return out
    # header: from header_idx while cells are short labels, until a row-number cell
    width = 0
    for c in cells[header_idx:]:
        if width and _CELL_NUMBER_RE.match(c.strip()):
            break
        width += 1
    width = max(width, 2)
    header = cells[header_idx:header_idx + width]
    rows = [header]
    cur: list[str] = []
    for c in cells[header_idx + width:]:
        starts = _CELL_NUMBER_RE.match(c.strip()) or not c.strip()
        complete = len(cur) >= width
        section = len(cur) == 2 and re.fullmatch(_ROMAN, cur[0].strip() or "-") is not None
        if cur and starts and (complete or section):
            rows.append(cur)
            cur = []
        cur.append(c)
    if cur:
        rows.append(cur)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return ["\t".join(x.replace("\n", " \u2028 ").replace("\t", " ") for x in r) for r in rows]


# ---------------------------------------------------------------- main splitter
def _split_cells(line: str) -> list[str]:
    return [clean_spaces(c.replace("\u2028", "\n")) if "\u2028" not in c else
            "\n".join(clean_spaces(p) for p in c.split("\u2028") if p.strip()) for c in line.split("\t")]


def _is_table_line(line: str) -> bool:
    return line.count("\t") >= 2


def _looks_header(cells: list[str]) -> bool:
    keys = {fold(c).lower().strip(" .") for c in cells if c}
    return bool(keys & {"tt", "stt", "so tt"}) or (
        sum(1 for k in keys if k.startswith(("nhiem vu", "co quan chu tri", "thoi gian", "noi dung"))) >= 2)


def _row_is_section(cells: list[str]) -> bool:
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if not filled or max(filled) > 1 or len(cells) < 3:
        return False
    first = cells[0].strip()
    if len(filled) == 1:
        return bool(re.match(r"^(?:" + _ROMAN + r"|[A-ZĐ]|\d{1,2})[.)]?\s+\S", first)) or _is_upper(first)
    return bool(re.fullmatch(r"(?:" + _ROMAN + r"|[A-ZĐ]|\d{1,2})[.)]?", first)) and len(cells[1]) <= 300


def _row_text(header: list[str], cells: list[str]) -> str:
    parts = []
    for i, c in enumerate(cells):
        c = c.strip()
        if not c:
            continue
        name = header[i].strip() if i < len(header) and header[i].strip() else f"Cột {i + 1}"
        parts.append(f"{name}: {c}")
    return "\n".join(parts)


def _paragraphs(text: str) -> list[_Para]:
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("****", "**\n\n**")  # "**I. MỤC ĐÍCH****1. Mục đích**"
    lines = [clean_markup(ln.rstrip(" \r\u00a0")) for ln in text.split("\n")]
    # judged on the lines as written: the layout cells turned into paragraphs below add blank lines
    hard_wrapped = _is_hard_wrapped(lines)
    lines = _pipe_tables_to_tabs(lines)

    paras: list[_Para] = []
    header: list[str] | None = None
    header_key = ""
    after_break = False
    pending_row: list[str] | None = None

    def flush_row():
        nonlocal pending_row
        if pending_row is not None and any(c.strip() for c in pending_row):
            if _row_is_section(pending_row):
                title = " ".join(c.strip() for c in pending_row if c.strip())
                paras.append(_Para(title, "heading", 3.8))
            else:
                paras.append(_Para(_row_text(header or [], pending_row), "row"))
        pending_row = None

    block: list[str] = []

    def flush_block():
        nonlocal block
        if block:
            for p in _block_paragraphs(block, hard_wrapped):
                _add_text_para(paras, p)
        block = []

    for line in lines:
        if _is_table_line(line):
            flush_block()
            cells = _split_cells(line)
            key = "|".join(fold(c).lower() for c in cells)
            if header is None or (_looks_header(cells) and key != header_key):
                if _looks_header(cells):
                    flush_row()
                    header, header_key, after_break = cells, key, False
                    continue
            if key == header_key:  # header repeated after a page break
                after_break = True
                continue
            if header is None:
                header, header_key = [f"Cột {i + 1}" for i in range(len(cells))], ""
            if pending_row is not None and after_break and not cells[0].strip():
                # the rest of a row broken by a page break
                for i, c in enumerate(cells):
                    if not c.strip():
                        continue
                    if i < len(pending_row):
                        pending_row[i] = (pending_row[i] + " " + c).strip()
                    else:
                        pending_row.append(c)
                after_break = False
                continue
            flush_row()
            pending_row = cells
            after_break = False
            continue
        if not line.strip():
            if pending_row is not None:
                after_break = True
            else:
                flush_block()
            continue
        # ordinary text line
        if pending_row is not None:
            flush_row()
            header, header_key = None, ""
        after_break = False
        block.append(line)
        if not hard_wrapped:
            flush_block()
    flush_row()
    flush_block()
    return paras


def _is_hard_wrapped(lines: list[str]) -> bool:
    text_lines = [ln for ln in lines if ln.strip() and not _is_table_line(ln)]
    if len(text_lines) < 20:
        return False
    blanks = sum(1 for ln in lines if not ln.strip())
    return blanks < 0.1 * len(text_lines)


def _block_paragraphs(block: list[str], hard_wrapped: bool) -> list[str]:
    """Reflow one block of lines into paragraphs."""
    if not hard_wrapped:
        return [clean_spaces(" ".join(block))]
    out: list[str] = []
    for line in block:
        s = clean_spaces(line)
        if not s:
            continue
        if not out:
            out.append(s)
            continue
        prev = out[-1]
        s_head = heading_level(s) is not None
        p_head = heading_level(prev) is not None and len(prev) <= HEADING_MAX_CHARS
        both_upper = _is_upper(s) and _is_upper(prev)
        new_para = (
            _is_part_line(s) or _is_part_line(prev)
            or (s_head and (prev.endswith(_SENT_END + (":", "”", ")")) or p_head or _is_upper(prev)))
            or (bool(_BULLET_RE.match(s)) and (prev.endswith(_SENT_END + (":", "”")) or p_head))
            or (prev.endswith(_SENT_END + (":",)) and s[:1].isupper() and len(prev) > 40)
            or (p_head and s[:1].isupper() and not both_upper)
            or (_is_upper(s) != _is_upper(prev) and len(s) > 3)
        )
        if new_para:
            out.append(s)
        else:
            out[-1] = prev + " " + s
    return out


_FOOTNOTE_RE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\S")


def _add_text_para(paras: list[_Para], text: str) -> None:
    text = text.strip()
    if not text:
        return
    # a paragraph cut by a page break continues in lower case: join it to the last text paragraph
    if text[:1].islower() and not _BULLET_RE.match(text):
        for p in reversed(paras):
            if p.kind == "text" and not _FOOTNOTE_RE.match(p.text):
                if not p.text.endswith((".", "!", "?")) or p is paras[-1]:
                    p.text = p.text + " " + text
                    return
                break
    level = heading_level(text)
    prev = paras[-1] if paras else None
    if (prev is not None and prev.kind == "heading" and _BARE_LABEL_RE.match(prev.text)
            and len(text) <= HEADING_MAX_CHARS and (_is_upper(text) or level is None)
            and not _DIEU_RE.match(text)):
        prev.text = f"{prev.text.rstrip('.:')}. {text}"  # "Chương I" + "NHỮNG QUY ĐỊNH CHUNG"
        return
    if level is not None:
        paras.append(_Para(text, "heading", level))
    else:
        paras.append(_Para(text, "text"))


def _short_heading(text: str) -> str:
    text = text.strip().rstrip(":")
    if len(text) > HEADING_MAX_CHARS:
        cut = text[:HEADING_MAX_CHARS]
        text = cut[: cut.rfind(" ")] + "…" if " " in cut else cut + "…"
    return text


def split_passages(text: str, *, soft_max: int = SOFT_MAX_CHARS, hard_max: int = HARD_MAX_CHARS) -> list[Passage]:
    """Split a document's text into passages with their heading paths."""
    paras = _paragraphs(text or "")
    stack: list[tuple[float, str]] = []
    out: list[Passage] = []
    cur: list[str] = []
    cur_heading: list[str] = []

    def emit():
        nonlocal cur
        if cur:
            body = "\n".join(cur).strip()
            if body:
                out.append(Passage(list(cur_heading), body, "text"))
        cur = []

    in_table_row_parent: str | None = None
    for p in paras:
        if p.kind == "heading":
            emit()
            level = p.level
            # Điều / khoản headings carry content after the label: keep the paragraph as text too
            while stack and stack[-1][0] >= level:
                stack.pop()
            label = _short_heading(p.text)
            if level == 4:  # Điều: the label is "Điều N" (+ its title when the paragraph is only a title)
                m = re.match(r"^(Điều\s+\d+[a-z]?)\s*[.:]\s*(.*)$", p.text.strip(), re.S)
                title = m.group(2).strip() if m else ""
                label = m.group(1) if m else label
                if title and len(title) <= 120 and not title.endswith((".", ";")):
                    label = f"{label}. {title}"
            stack.append((level, label))
            cur_heading = [h for _, h in stack]
            in_table_row_parent = None
            if level == 4 and not label.endswith(p.text.strip()):
                cur = [p.text]
            continue
        if p.kind == "row":
            emit()
            heading = [h for _, h in stack]
            first_line = p.text.split("\n", 1)[0]
            numbered = re.match(r"^(?:S?TT|Stt|Số TT)\s*:", first_line, re.I)
            parent = in_table_row_parent if not numbered else None
            out.append(Passage(heading + ([parent] if parent else []), p.text, "row"))
            # rows whose number cell is filled become the context of the following sub-rows
            if numbered:
                lines = p.text.split("\n")
                in_table_row_parent = _short_heading(
                    (_cell_value(lines[0]) + ". " + _cell_value(lines[1])) if len(lines) > 1 else lines[0])
            continue
        # text
        if cur_heading != [h for _, h in stack]:
            emit()
            cur_heading = [h for _, h in stack]
        size = sum(len(x) + 1 for x in cur)
        lead_in = bool(cur) and cur[-1].endswith(":")
        bullet = bool(_BULLET_RE.match(p.text))
        if cur and size + len(p.text) > soft_max and not (lead_in and bullet and size + len(p.text) <= hard_max):
            emit()
        if len(p.text) > hard_max:
            for chunk in _split_long(p.text, soft_max):
                cur.append(chunk)
                emit()
            continue
        cur.append(p.text)
    emit()
    for i, ps in enumerate(out):
        ps.ordinal = i
    return out


def _cell_value(line: str) -> str:
    """"Nhiệm vụ: Rà soát …" → "Rà soát …" (a line without a column name is kept whole)."""
    return line.split(":", 1)[1].strip() if ":" in line else line.strip()


_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.;!?…])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9-])")


def _split_long(text: str, size: int) -> list[str]:
    sentences = _SENTENCE_SPLIT_RE.split(text)
    chunks: list[str] = []
    cur = ""
    for s in sentences:
        while len(s) > 2 * size:  # a "sentence" with no break at all
            cut = s.rfind(" ", 0, size) if " " in s[:size] else size
            chunks.append((cur + " " + s[:cut]).strip())
            cur, s = "", s[cut:].strip()
        if cur and len(cur) + len(s) > size:
            chunks.append(cur.strip())
            cur = ""
        cur = (cur + " " + s).strip()
    if cur:
        chunks.append(cur)
    return chunks
