"""Split a document's text into passages that follow its own structure (pure Python, no Django).

Headings recognised (each opens a level of the heading path used for citations):
  part titles (QUYẾT ĐỊNH, KẾ HOẠCH, ĐỀ ÁN, PHỤ LỤC ...) > Chương > Mục > I. > Điều > A. > 1. > 1.1. > 1.1.1. > a)
Numbered items that are long sentences (khoản, điểm with content) stay content, not headings.

The text is read into blocks by ``cchc.core.intake.text_blocks``, the reader of uploads (tab-separated rows,
markdown rows, web copies' cells between lines holding a single "|"); the splitter has no table reader of its own.
Each table row becomes one passage, kept whole, each cell prefixed with its column name ("Nhiệm vụ: … / Cơ quan chủ
trì: …"); rows broken across pages are re-joined and repeated header rows are skipped. Section rows ("I  CẢI CÁCH
THỂ CHẾ") become headings (a passage of their own when no row follows them).

Hard-wrapped text is reflowed; paragraphs broken by a page break (a block starting in lower case)
are re-joined; a lead-in ending with ":" stays with its bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.intake import clean_markup, text_blocks
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


# ---------------------------------------------------------------- tables (the blocks of core.intake)
def _reflow(lines: list[str]) -> str:
    """A hard-wrapped cell of a web copy: its lines joined, except before a list item."""
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


def _cell(text: str) -> str:
    """A table cell as the passage shows it: markup removed, wrapped lines joined, list items on lines of their own."""
    return "\n".join(clean_spaces(p) for p in _reflow([clean_markup(ln) for ln in text.split("\n")]).split("\n")
                     if p.strip())


_PORTAL_HEADER = re.compile(r"(?m)^\*\*\s*(?:S[ốo]\s*)?S?TT\.?\s*\*\*\s*$", re.I)


def _fill_leading(table: list[list[str]]) -> list[list[str]]:
    """Rows of a portal table whose first cells are empty (cells merged down over them: number, lead unit) repeat
    the row above; a group row ("I | KIỆN TOÀN BỘ MÁY") repeats nothing and is not repeated."""
    out: list[list[str]] = table[:1]  # the header
    prev: list[str] | None = None
    for raw in table[1:]:
        cells = list(raw)
        if len(cells) < 3 or (sum(1 for c in cells if c.strip()) <= 2 and not any(c.strip() for c in cells[2:])):
            out.append(cells)
            prev = None
            continue
        if prev is not None and not cells[0].strip():
            k = next((i for i, c in enumerate(cells) if c.strip()), len(cells))
            cells = prev[:k] + cells[k:]
        out.append(cells)
        prev = cells
    return out


def _written_as_pipe_rows(table: list[list[str]], pipe_lines: list[str]) -> bool:
    """The table was written as "| a | b |" lines (two of its first row's cells on one line of the text)."""
    row = next((r for r in table if sum(1 for c in r if c.strip()) >= 2), None)
    if row is None:
        return False
    a, b = [c.strip() for c in row if c.strip()][:2]
    return any(a in ln and b in ln and ln.index(a) < ln.rindex(b) for ln in pipe_lines)


def _looks_header(cells: list[str]) -> bool:
    keys = {fold(c).lower().strip(" .") for c in cells if c}
    return bool(keys & {"tt", "stt", "so tt"}) or (
        sum(1 for k in keys if k.startswith(("nhiem vu", "co quan chu tri", "thoi gian", "noi dung"))) >= 2)


def _names_columns(cells: list[str]) -> bool:
    """The first row of a table that names its columns ("Tên đơn vị | Địa bàn | Trụ sở"): short labels, most
    filled, no row number."""
    filled = [c for c in cells if c.strip()]
    return (len(filled) * 3 >= len(cells) * 2 and all(len(c) <= 60 for c in cells)
            and not any(_CELL_NUMBER_RE.match(c.strip()) for c in filled))


_CELL_NUMBER_RE = re.compile(r"^(?:" + _ROMAN + r"|\d{1,3}(?:[.,]\d{1,3})*|[a-zđ])[.)]?$", re.I)


def _row_is_section(cells: list[str]) -> bool:
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if not filled or max(filled) > 1 or len(cells) < 3:
        return False
    first = cells[0].strip()
    if len(filled) == 1:
        return bool(re.match(r"^(?:" + _ROMAN + r"|[A-ZĐ]|\d{1,2})[.)]?\s+\S", first)) or _is_upper(first)
    return bool(re.fullmatch(r"(?:" + _ROMAN + r"|[A-ZĐ]|\d{1,2})[.)]?", first)) and len(cells[1]) <= 300


def _row_text(header: list[str], cells: list[str]) -> str:
    """"Nhiệm vụ: … / Chủ trì: …": each filled cell with its column name (a readable sentence per line)."""
    parts = []
    for i, c in enumerate(cells):
        c = c.strip()
        if not c:
            continue
        name = header[i].strip() if i < len(header) and header[i].strip() else f"Cột {i + 1}"
        parts.append(f"{name}: {c}")
    return "\n".join(parts)


# ---------------------------------------------------------------- main splitter
# the old stored form of a portal web copy (see _paragraphs): lone "|" lines beside tab-separated rows
_OLD_PORTAL_FORM = re.compile(r"\n\|(?=\n|$)")
_TAB_ROW = re.compile(r"(?m)^[^\t\n]*\t[^\n]*\t")


def _paragraphs(text: str) -> list[_Para]:
    """Paragraphs, headings and table rows of a stored text, read through :func:`cchc.core.intake.text_blocks` (the
    reader of uploads): its tables arrive as rows of cells, one passage is made per row."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    raw_lines = text.replace("****", "**\n\n**").split("\n")  # "**I. MỤC ĐÍCH****1. Mục đích**"
    # judged on the lines as written (cells of a web copy are read as paragraphs of their own)
    hard_wrapped = _is_hard_wrapped([clean_markup(ln.rstrip(" \r\u00a0")) for ln in raw_lines])
    if _OLD_PORTAL_FORM.search(text) and _TAB_ROW.search(text):
        # a portal web copy stored before the splitter read tables through intake: its text blocks each followed by
        # a lone "|" line, its tables already tab-separated rows. The "|" lines are paragraph breaks there (read as
        # the web-copy layout they would cut the text into cells again), the tab rows intake reads as tables.
        text = _OLD_PORTAL_FORM.sub("\n\n", text)
    blocks = text_blocks(text)
    # a web copy of a portal (a "**STT**" header cell): a row whose first cells are empty continues the row above
    merged_down = bool(_PORTAL_HEADER.search(text))
    layout = sum(1 for ln in raw_lines if ln.strip() == "|") >= 6  # cells between lone "|" lines (intake's rule)
    pipe_lines = [ln for ln in raw_lines if ln.count("|") >= 2]

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

    def text_line(line: str) -> None:
        nonlocal header, header_key, after_break
        if not line.strip():
            if pending_row is not None:
                after_break = True
            else:
                flush_block()
            return
        if pending_row is not None:
            flush_row()
            header, header_key = None, ""
        after_break = False
        block.append(line)
        if not hard_wrapped:
            flush_block()

    def table_row(cells: list[str], first: bool = False) -> None:
        nonlocal header, header_key, after_break, pending_row
        flush_block()
        key = "|".join(fold(c).lower() for c in cells)
        if header is None or (_looks_header(cells) and key != header_key):
            if _looks_header(cells) or (header is None and first and _names_columns(cells)):
                flush_row()
                header, header_key, after_break = cells, key, False
                return
        if key == header_key:  # header repeated after a page break
            after_break = True
            return
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
            return
        flush_row()
        pending_row = cells
        after_break = False

    for b in blocks:
        if isinstance(b, str):
            b = b.replace("****", "**\n\n**")
            for line in b.split("\n"):
                # a lone "|" left in a text block ends a paragraph: the cell separator of a web copy, and what the
                # library stored before the splitter read tables through intake (a portal copy's text blocks each
                # followed by a "|" line, its task tables as tab-separated rows, which intake reads as tables)
                text_line("" if line.strip() == "|" else clean_markup(line.rstrip(" \r\u00a0")))
            text_line("")
            continue
        if merged_down:
            b = _fill_leading(b)
        # rows written "| a | b |" (a web page saved as text: mostly lists, rarely task tables) stay lines of text, as
        # they always were: read as rows they crowded the answers out (bench/qa_bench.py, measured)
        pipe_rows = _written_as_pipe_rows(b, pipe_lines)
        for i, row in enumerate(b):
            if not row:  # intake's page-break marker inside a table
                text_line("")
            elif pipe_rows or (len(row) < 3 and layout):
                text_line(clean_markup("| " + " | ".join(row) + " |"))
            elif len(row) < 3:  # two cells are a line of text ("Nơi nhận: | …"), not a table
                text_line(clean_markup("\t".join(row).rstrip(" \r\u00a0")))
            else:
                table_row([_cell(c) for c in row], first=i == 0 and len(b) > 1)
        text_line("")
    flush_row()
    flush_block()
    return paras


def _is_hard_wrapped(lines: list[str]) -> bool:
    text_lines = [ln for ln in lines if ln.strip() and ln.count("\t") < 2]
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


def _wrapped_heading(para: _Para) -> bool:
    """A heading paragraph that a lower-case line may continue: a numbered or lettered item in ordinary case, not a
    title in capitals, not a lead-in or a sentence already ended ("c) Sở Nông nghiệp và Môi trường:")."""
    text = para.text.rstrip()
    return (para.kind == "heading" and para.level >= 1 and not _is_upper(text)
            and not text.endswith(_SENT_END + (":", "”", ")")))


_LABEL_WORD_RE = re.compile(r"^(?:Chương|Mục|Phần|Điều)$", re.I)
_LABEL_NUMBER_RE = re.compile(r"^(?:\d+[a-z]?|[IVXLC]+)\b")


def _add_text_para(paras: list[_Para], text: str) -> None:
    text = text.strip()
    if not text:
        return
    # a line that looked like a heading ("đ) Thanh tra tỉnh: Phối hợp", "a) Tham mưu Chủ tịch Ủy ban") was the first
    # line of a wrapped paragraph when the next line goes on in lower case: the two are one paragraph, read again
    if text[:1].islower() and not _BULLET_RE.match(text) and paras and _wrapped_heading(paras[-1]):
        _add_text_para(paras, paras.pop().text + " " + text)
        return
    # "Điều" / "Chương" alone on a line, its number on the next ("Điều\n12. Trách nhiệm của Sở …")
    if paras and _LABEL_WORD_RE.match(paras[-1].text.strip()) and _LABEL_NUMBER_RE.match(text):
        _add_text_para(paras, paras.pop().text.strip() + " " + text)
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

    # a heading under which nothing was written (a table's group row "10 | Phạm Mạnh Cương | " followed by the next
    # one, a wrapped "a) Cập nhật công khai đầy đủ" read as a heading) is kept as a passage of its own when it is
    # closed, so that no text of the document is lost
    marks: list[tuple[int, str, str]] = []  # per stack entry: passages before it was opened, its text, its kind

    def close(level: float) -> None:
        while stack and stack[-1][0] >= level:
            stack.pop()
            opened, text, kind = marks.pop()
            if text and len(out) == opened:
                out.append(Passage([h for _, h in stack], text, kind))

    in_table_row_parent: str | None = None
    for p in paras:
        if p.kind == "heading":
            emit()
            level = p.level
            # Điều / khoản headings carry content after the label: keep the paragraph as text too
            close(level)
            label = _short_heading(p.text)
            if level == 4:  # Điều: the label is "Điều N" (+ its title when the paragraph is only a title)
                m = re.match(r"^(Điều\s+\d+[a-z]?)\s*[.:]\s*(.*)$", p.text.strip(), re.S)
                title = m.group(2).strip() if m else ""
                label = m.group(1) if m else label
                if title and len(title) <= 120 and not title.endswith((".", ";")):
                    label = f"{label}. {title}"
            marks.append((len(out), p.text.strip(), "row" if level == 3.8 else "text"))
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
    close(-1)
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
