"""File intake: type sniffing, size limits and reading documents into text + tables (pure Python).

``read_document(data, filename)`` returns a :class:`Document` whose ``blocks`` is the ordered list of
paragraphs (``str``) and tables (``list[list[str]]``, rows of cell strings).  Supported: .docx
(real Word tables, merged-cell continuations read as empty cells), .pdf with a text layer (pdfplumber
tables + text), .html (``<table>`` rows), .txt/.md (tab-separated rows kept as tables, everything
else as paragraphs).  Every failure is an :class:`IntakeError` with a machine ``code`` and a
Vietnamese ``message`` naming the file.

Page counts: real pages for pdf; for docx/txt/html an estimate of ``characters / 3000``.
"""

from __future__ import annotations

import html as html_lib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

from cchc.core.errors import CodedError
from cchc.core.vntext import nfc

MAX_UPLOAD_BYTES = int(float(os.environ.get("CCHC_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
CHARS_PER_PAGE = 3000

Block = str | list[list[str]]


class IntakeError(CodedError):
    """A file could not be read. ``code`` is machine-readable, ``message`` is Vietnamese."""


@dataclass
class Document:
    kind: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: float = 1.0
    filename: str = ""
    warnings: list[str] = field(default_factory=list)  # Vietnamese, shown to the user (e.g. legacy encoding)

    @property
    def tables(self) -> list[list[list[str]]]:
        return [b for b in self.blocks if isinstance(b, list)]


# --------------------------------------------------------------------------- sniffing

def sniff(data: bytes, filename: str = "") -> str:
    """Return "docx", "pdf", "txt", "html", "xlsx", "doc", "image" or "unknown" from content (name as hint)."""
    head = data[:8]
    name = (filename or "").lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2 compound file: old Word (.doc) or old Excel
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "unknown"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "unknown"
    if (head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*")
            or (head.startswith(b"RIFF") and data[8:12] == b"WEBP")):
        return "image"
    sample = data[:4096]
    if b"\x00" in sample and not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff")):
        return "unknown"
    low = sample.lower()
    if name.endswith((".html", ".htm")) or b"<html" in low or b"<table" in low or b"<!doctype html" in low:
        return "html"
    return "txt"


# --------------------------------------------------------------------------- text decoding

_LEGACY_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def legacy_warning(encoding: str) -> str:
    return (f"Văn bản dùng bảng mã cũ {_LEGACY_LABELS.get(encoding, encoding)}; đã tự động chuyển sang Unicode — "
            "hãy kiểm tra lại chính tả trước khi xác nhận.")


def _convert_blocks(blocks: list[Block]) -> tuple[list[Block], str]:
    """Paragraphs and cells typed in a TCVN3/VNI font (.docx, .pdf): converted to Unicode; returns the encoding
    found ("unicode" when there was nothing to convert)."""
    from cchc.core import legacy_encoding  # noqa: PLC0415

    enc = legacy_encoding.detect(_blocks_text(blocks))
    if enc not in _LEGACY_LABELS:
        return blocks, enc
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, str):
            out.append(nfc(legacy_encoding.to_unicode(b, enc)))
        else:
            out.append([[nfc(legacy_encoding.to_unicode(c, enc)) if c else c for c in row] for row in b])
    return out, enc


def _decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Text of a .txt/.html upload (NFC) and the encoding it was converted from: "unicode", or "tcvn3"/"vni" for
    legacy-encoded text (converted here). Raises IntakeError when it is neither UTF-8 nor convertible."""
    from cchc.core import legacy_encoding  # noqa: PLC0415

    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return nfc(data.decode("utf-16")), legacy_encoding.UNICODE
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or _looks_legacy(text):
        try:
            if text is None:
                enc = legacy_encoding.detect(data[:200000].decode("cp1252", errors="replace"))
                return nfc(legacy_encoding.decode_bytes(data)), enc
            enc = legacy_encoding.detect(text)
            return nfc(legacy_encoding.to_unicode(text, enc)), enc
        except Exception:  # noqa: BLE001 - fall through to the clear message below
            pass
        if text is None:
            raise IntakeError(
                "legacy_encoding",
                f"Tệp {filename or ''} không phải văn bản Unicode (UTF-8); có thể đang dùng bảng mã cũ "
                "TCVN3 (ABC) hoặc VNI. Hãy chuyển sang Unicode rồi tải lên lại.",
            )
    return nfc(text), legacy_encoding.UNICODE


_LEGACY_HINT = re.compile(r"[µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉËÌÐÎÏÑÒÕÓÔÖª×ÝØÜÞßãáâäåæçéèêëìíîïóòôõöøùúûüýþ]{3,}")


def _looks_legacy(text: str) -> bool:
    """Heuristic: text full of Latin-1 symbols typical of TCVN3/VNI fonts read as Unicode."""
    if not text:
        return False
    sample = text[:20000]
    hits = len(_LEGACY_HINT.findall(sample))
    viet = len(re.findall(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", sample, re.I))
    return hits >= 5 and viet < hits


# --------------------------------------------------------------------------- txt

_TAG_RE = re.compile(r"</?(?:b|i|u|strong|em|span|font)(?:\s[^>]*)?>", re.I)
_P_RE = re.compile(r"</?p(?:\s[^>]*)?>|<br\s*/?>", re.I)


def clean_cell(text: str) -> str:
    """Remove inline markup from a cell; ``<p>``/``<br>`` boundaries become newlines. Keeps newlines."""
    text = nfc(text or "")
    text = _P_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = text.replace("**", "")
    text = html_lib.unescape(text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _txt_blocks(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if sum(1 for ln in lines if ln.strip() == "|") >= 6:
        return _pipe_blocks(lines)
    blocks: list[Block] = []
    table: list[list[str]] | None = None
    para: list[str] = []

    def flush_para():
        if para:
            blocks.append("\n".join(para))
            para.clear()

    for ln in lines:
        if "\t" in ln:
            flush_para()
            if table is None:
                table = []
                blocks.append(table)
            table.append(ln.split("\t"))
            continue
        if not ln.strip():
            flush_para()
            if table is not None:
                table.append([])  # page-break marker inside a table: an empty row
            continue
        if table is not None:
            while table and not table[-1]:
                table.pop()
            table = None
        para.append(ln)
    flush_para()
    for b in blocks:
        if isinstance(b, list):
            while b and not b[-1]:
                b.pop()
    return blocks


_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str] | None:
    """"| a | b |" (markdown) or "a | b |" (web copy of a table row) → cells; None if not a pipe row."""
    s = line.strip()
    if s.count("|") - s.count("\\|") < 2 or s == "|":
        return None
    s = s.replace("\\|", "\x02")
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.replace("\x02", "|").strip() for c in s.split("|")]


def _pipe_row_tables(blocks: list[Block]) -> list[Block]:
    """Paragraph lines written as pipe rows ("| STT | Nhiệm vụ | … |", markdown separator "|---|") become table
    blocks, so a task table pasted as text is read like a real one. A table interrupted only by blank lines
    (a page break) continues as the same table."""
    out: list[Block] = []
    last_pipe: list | None = None
    for block in blocks:
        if not isinstance(block, str) or "|" not in block:
            out.append(block)
            last_pipe = None if not isinstance(block, str) or block.strip() else last_pipe
            continue
        text: list[str] = []
        rows: list[list[str]] | None = None
        for line in block.split("\n"):
            cells = None if _PIPE_SEP.match(line) else _pipe_cells(line)
            if _PIPE_SEP.match(line) and rows is not None:
                continue
            if cells is None:
                if rows is not None:
                    last_pipe = rows
                    rows = None
                text.append(line)
                continue
            if rows is None:
                if text:
                    out.append("\n".join(text))
                    text = []
                    last_pipe = None
                if last_pipe is not None and not text:
                    rows = last_pipe
                    rows.append([])  # page-break marker, as in tab-separated tables
                else:
                    rows = []
                    out.append(rows)
            rows.append(cells)
        if rows is not None:
            last_pipe = rows
        if text:
            out.append("\n".join(text))
            last_pipe = None
    return out



_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_HEADER_FIRST = re.compile(r"^(?:s[ốo]\s*)?s?tt\.?$", re.I)
_ROW_NUM = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXLC]+|[A-ZĐa-zđ])[.)]?$")


def _pipe_blocks(lines: list[str]) -> list[Block]:
    """Text from legal portals: cells are blocks of hard-wrapped lines separated by lines holding only '|'.

    Rows are not delimited. A header row ("Stt | Nhiệm vụ | ...") gives the column count; after it,
    a row starting with a Roman numeral or a capital letter is a 2-cell group row, any other row takes
    one cell per column (an empty block between two '|' lines is an empty cell). Cells before the
    header are returned as paragraphs (hard-wrapped lines kept, joined later by the consumer).
    """
    cells: list[str] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip() == "|":
            cells.append("\n".join(cur).strip("\n"))
            cur = []
            continue
        cur.append(ln.rstrip())
    cells.append("\n".join(cur).strip("\n"))
    split: list[str] = []
    for c in cells:  # a header's first cell ("Stt") is glued to the paragraph lines above it
        lns = c.split("\n")
        if len(lns) > 1 and _HEADER_FIRST.match(lns[-1].strip()):
            split.extend(["\n".join(lns[:-1]), lns[-1]])
        else:
            split.append(c)
    cells = split
    blocks: list[Block] = []
    i = 0
    n = len(cells)
    while i < n:
        cell = cells[i]
        if _BOLD_HEADER_FIRST.match(cell.strip()):
            k = _portal_table(cells, i, blocks)
            if k > i:
                i = k
                continue
        if _HEADER_FIRST.match(cell.strip()):
            j = i + 1
            while j < n and cells[j].strip() and len(cells[j]) <= 60 and not _ROMAN_OR_LETTER.match(cells[j].strip()) \
                    and not re.match(r"^\d+(?:\.\d+)*\.?$", cells[j].strip()):
                j += 1
            ncols = j - i
            if ncols >= 3:
                table: list[list[str]] = [[c.replace("\n", " ") for c in cells[i:j]]]
                k = j
                while k < n:
                    first = cells[k].strip()
                    if _ROW_NUM.match(first) and not _ROMAN_OR_LETTER.match(first) and k + 2 < n \
                            and _ROW_NUM.match(cells[k + 2].strip()):
                        # a group row "1 | Cải cách thể chế" (merged across the other columns) before "1.1 | …":
                        # printed with two cells only, recognised because the next row's number follows its title
                        table.append(cells[k:k + 2] + [""] * (ncols - 2))
                        k += 2
                        continue
                    if _ROMAN_OR_LETTER.match(first) and k + 1 < n:
                        rest = cells[k + 2:k + ncols]
                        if len(rest) == ncols - 2 and all(not c.strip() for c in rest):
                            table.append(cells[k:k + ncols])
                            k += ncols
                        else:
                            table.append(cells[k:k + 2] + [""] * (ncols - 2))
                            k += 2
                        continue
                    row = cells[k:k + ncols]
                    row += [""] * (ncols - len(row))
                    table.append(row)
                    k += ncols
                blocks.append(table)
                i = k
                continue
        for para in re.split(r"\n\s*\n", cell):
            if para.strip():
                blocks.append(para.strip("\n"))
        i += 1
    return blocks


_TABLE_END = re.compile(r"(?m)^(?:#{1,6}\s|\[\d+\]|Văn bản này chưa cập nhật)")
_BOLD_HEADER_FIRST = re.compile(r"^\*\*\s*(?:s[ốo]\s*)?s?tt\.?\s*\*\*$", re.I)


def _plain(cell: str) -> str:
    return " ".join(cell.replace("*", " ").split())


def _portal_table(cells: list[str], i: int, blocks: list[Block]) -> int:
    """A portal task table whose header cells are bold ("**STT**", "**Nhiệm vụ**", …): rows are separated by
    empty cells, and a cell merged down over several rows is simply missing from the rows it covers.

    A row with all its cells is taken as is; a shorter row starting with a number is a row whose last cells are
    empty; any other shorter row continues the row above: its cells are the last columns and the missing first
    ones repeat the row above ("1 | Sở Nội vụ | …" then "| - hoạt động 2 | 2026" keeps lead unit and number).
    A row of one or two cells starting with a Roman numeral or a capital letter is a group row. Appends the table
    to ``blocks`` and returns the index after it (``i`` when the header is not a table header)."""
    j = i + 1
    while j < len(cells) and cells[j].strip().startswith("**") and len(_plain(cells[j])) <= 80:
        j += 1
    ncols = j - i
    if ncols < 3:
        return i
    header = [_plain(c) for c in cells[i:j]]
    table: list[list[str]] = [header]
    segs: list[list[str]] = []
    cur: list[str] = []
    k = j
    while k < len(cells):
        c = _plain(cells[k].replace("\n", " \u2028 ")).replace(" \u2028 ", "\n").replace("\u2028", "\n")
        if _BOLD_HEADER_FIRST.match(cells[k].strip()) and k > j:
            break  # the next table
        if _TABLE_END.search(cells[k]) or cells[k].count("\n") > 40:
            break  # footnotes, the portal's own text after the document
        if not c:
            if cur:
                segs.append(cur)
                cur = []
        else:
            cur.append(c)
        k += 1
    if cur:
        segs.append(cur)
    prev: list[str] | None = None
    for seg in segs:
        first = seg[0].split("\n", 1)[0].strip()
        if len(seg) <= 2 and (_ROMAN_OR_LETTER.match(first) or re.match(r"^(?:[IVXLC]+|[A-ZĐ])\.\s", first)):
            table.append(seg + [""] * (ncols - len(seg)))
            prev = None
            continue
        while len(seg) > ncols:
            table.append(seg[:ncols])
            prev, seg = seg[:ncols], seg[ncols:]
        if len(seg) == ncols or _ROW_NUM.match(first) or prev is None:
            row = seg + [""] * (ncols - len(seg))
        else:
            row = prev[: ncols - len(seg)] + seg
        table.append(row)
        prev = row
    blocks.append(table)
    return k


# --------------------------------------------------------------------------- html

class _HTMLTables(HTMLParser):
    BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article"}

    """Paragraphs and tables of an HTML page. A cell with ``rowspan`` covers the cells below it: they are read
    as empty cells (so later cells keep their column), or with ``fill_merged`` as the spanning cell's text."""

    def __init__(self, fill_merged: bool = False):
        super().__init__(convert_charrefs=True)
        self.fill_merged = fill_merged
        self.blocks: list[Block] = []
        self.stack: list[dict] = []  # open tables
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
            return
        if tag == "table":
            self._flush_text()
            self.stack.append({"rows": [], "row": None, "cell": None, "span": 1, "rowspan": 1, "carry": {}})
            return
        if self.stack:
            t = self.stack[-1]
            if tag == "tr":
                t["row"] = []
            elif tag in ("td", "th"):
                if t["row"] is None:
                    t["row"] = []
                self._covered(t)
                t["cell"] = []
                a = dict(attrs)
                span, rowspan = a.get("colspan") or "1", a.get("rowspan") or "1"
                t["span"] = int(span) if str(span).isdigit() else 1
                t["rowspan"] = int(rowspan) if str(rowspan).isdigit() else 1
            elif tag in ("p", "br", "div", "li") and t["cell"] is not None:
                t["cell"].append("\n")
            return
        if tag in self.BLOCK_TAGS:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
            return
        if self.stack:
            t = self.stack[-1]
            if tag in ("td", "th") and t["cell"] is not None:
                self._end_cell(t)
            elif tag == "tr" and t["row"] is not None:
                if t["cell"] is not None:
                    self._end_cell(t)
                self._covered(t)
                t["rows"].append(t["row"])
                t["row"] = None
            elif tag == "table":
                done = self.stack.pop()
                if done["row"]:
                    done["rows"].append(done["row"])
                if self.stack and self.stack[-1]["cell"] is not None:
                    # nested table: flatten into the enclosing cell's text
                    self.stack[-1]["cell"].append("\n".join(" ".join(r) for r in done["rows"]))
                else:
                    self.blocks.append(done["rows"])
            return
        if tag in self.BLOCK_TAGS:
            self.text.append("\n")

    def _end_cell(self, t: dict) -> None:
        start = len(t["row"])
        text = clean_cell("".join(t["cell"]))
        t["row"].append(text)
        t["row"].extend([""] * (t["span"] - 1))
        t["cell"] = None
        if t["rowspan"] > 1:
            for col in range(start, len(t["row"])):
                t["carry"][col] = (t["rowspan"] - 1, text if col == start and self.fill_merged else "")
        t["rowspan"] = 1

    @staticmethod
    def _covered(t: dict) -> None:
        """Cells of this row covered by a rowspan from above, up to the next cell the row itself has."""
        carry, row = t["carry"], t["row"]
        while len(row) in carry:
            left, text = carry[len(row)]
            if left <= 1:
                del carry[len(row)]
            else:
                carry[len(row)] = (left - 1, text)
            row.append(text)

    def handle_data(self, data):
        if self.skip:
            return
        if self.stack:
            t = self.stack[-1]
            if t["cell"] is not None:
                t["cell"].append(data)
            return
        self.text.append(data)

    def _flush_text(self):
        raw = "".join(self.text)
        self.text = []
        for para in re.split(r"\n\s*\n|\n", raw):
            p = re.sub(r"[ \t\u00a0]+", " ", para).strip()
            if p:
                self.blocks.append(p)

    def close(self):
        super().close()
        while self.stack:
            done = self.stack.pop()
            self.blocks.append(done["rows"])
        self._flush_text()


def _html_blocks(text: str, fill_merged: bool = False) -> list[Block]:
    parser = _HTMLTables(fill_merged)
    parser.feed(text)
    parser.close()
    return parser.blocks


# --------------------------------------------------------------------------- docx

def _docx_blocks(data: bytes, filename: str, fill_merged: bool = False) -> list[Block]:
    try:
        import docx  # noqa: PLC0415
        from docx.oxml.ns import qn  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - dependency is installed
        raise IntakeError("unsupported", "Máy chủ thiếu thư viện đọc tệp Word (.docx).") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        raise IntakeError("corrupt", f"Tệp Word {filename} bị hỏng hoặc không đúng định dạng .docx.") from exc

    def para_text(p_el) -> str:
        parts = []
        for node in p_el.iter():
            if node.tag == qn("w:t") and node.text:
                parts.append(node.text)
            elif node.tag in (qn("w:tab"),):
                parts.append(" ")
            elif node.tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
        return "".join(parts)

    def cell_text(tc) -> str:
        paras = []
        for child in tc.iterchildren():
            if child.tag == qn("w:p"):
                paras.append(para_text(child))
            elif child.tag == qn("w:tbl"):
                for row in table_rows(child):
                    paras.append(" ".join(c for c in row if c))
        return "\n".join(p for p in paras if p.strip())

    def table_rows(tbl) -> list[list[str]]:
        rows = []
        for tr in tbl.iterchildren(qn("w:tr")):
            row: list[str] = []
            for tc in tr.iterchildren(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span, vcont = 1, False
                if tcpr is not None:
                    gs = tcpr.find(qn("w:gridSpan"))
                    if gs is not None and str(gs.get(qn("w:val")) or "1").isdigit():
                        span = int(gs.get(qn("w:val")))
                    vm = tcpr.find(qn("w:vMerge"))
                    if vm is not None and (vm.get(qn("w:val")) in (None, "continue")):
                        vcont = True
                col = len(row)
                above = rows[-1][col] if vcont and fill_merged and rows and col < len(rows[-1]) else ""
                row.append(above if vcont else nfc(cell_text(tc)))
                row.extend([""] * (span - 1))
            rows.append(row)
        return rows

    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            t = nfc(para_text(child)).strip()
            if t:
                blocks.append(t)
        elif child.tag == qn("w:tbl"):
            blocks.append(table_rows(child))
    return blocks


# --------------------------------------------------------------------------- pdf

def _pdf_blocks(data: bytes, filename: str) -> tuple[list[Block], int]:
    try:
        import pdfplumber  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover
        raise IntakeError("unsupported", "Máy chủ thiếu thư viện đọc tệp PDF.") from exc
    if b"/Encrypt" in data[:200000] or b"/Encrypt" in data[-20000:]:
        raise IntakeError(
            "pdf_encrypted", f"Tệp PDF {filename} được đặt mật khẩu hoặc mã hóa; hãy gỡ mật khẩu rồi tải lên lại."
        )
    blocks: list[Block] = []
    text_chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_pages = len(pdf.pages)
            for page in pdf.pages:
                items: list[tuple[float, Block]] = []
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                for t in tables:
                    rows = [[nfc(c or "") for c in row] for row in t.extract()]
                    items.append((t.bbox[1], rows))

                def outside(obj, boxes=boxes):
                    cx = (obj["x0"] + obj["x1"]) / 2
                    cy = (obj["top"] + obj["bottom"]) / 2
                    return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

                rest = page.filter(outside) if boxes else page
                lines = rest.extract_text_lines() if hasattr(rest, "extract_text_lines") else []
                for ln in lines:
                    items.append((ln["top"], nfc(ln["text"])))
                text_chars += sum(len(ln["text"]) for ln in lines) + sum(
                    len(c) for _, b in items if isinstance(b, list) for r in b for c in r
                )
                items.sort(key=lambda it: it[0])
                for _, b in items:
                    if isinstance(b, list) and blocks and isinstance(blocks[-1], list):
                        blocks[-1].extend(b)  # a table continued on the next page
                    else:
                        blocks.append(b)
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001
        msg = str(exc).lower()
        if "password" in msg or "encrypt" in msg:
            raise IntakeError(
                "pdf_encrypted", f"Tệp PDF {filename} được đặt mật khẩu hoặc mã hóa; hãy gỡ mật khẩu rồi tải lên lại."
            ) from exc
        raise IntakeError("corrupt", f"Tệp PDF {filename} bị hỏng hoặc không đọc được.") from exc
    if text_chars < 20:
        raise IntakeError(
            "pdf_no_text",
            f"Tệp {filename} không có lớp văn bản (có thể là bản quét/ảnh chụp); hãy dùng bản PDF xuất từ Word "
            "hoặc tệp .docx.",
        )
    return blocks, n_pages


# --------------------------------------------------------------------------- entry point

def _blocks_text(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
        else:
            for row in b:
                out.append("\t".join(c.replace("\n", " ") for c in row))
    return nfc("\n".join(out))


def read_document(data: bytes, filename: str = "", *, fill_merged: bool = False) -> Document:
    """Read an uploaded file into a :class:`Document`. Raises :class:`IntakeError` (never anything else).

    A table cell merged down over several rows (Word ``vMerge``, HTML ``rowspan``) leaves the cells it covers
    empty; with ``fill_merged`` they repeat its text ("Sở Tư pháp" spanning tasks 1 and 2 leads both)."""
    name = filename or "tệp"
    if data is None or len(data) == 0:
        raise IntakeError("empty", f"Tệp {name} rỗng (0 byte).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise IntakeError(
            "too_large",
            f"Tệp {name} có dung lượng {len(data) / 1048576:.1f} MB, vượt giới hạn "
            f"{MAX_UPLOAD_BYTES / 1048576:.0f} MB.",
        )
    kind = sniff(data, filename)
    try:
        if kind == "doc":
            raise IntakeError(
                "doc_legacy",
                f"Tệp {name} là định dạng Word cũ (.doc) hoặc Excel cũ; hãy mở bằng Word và lưu lại thành .docx.",
            )
        if kind == "image":
            raise IntakeError(
                "image", f"Tệp {name} là ảnh chụp/bản quét, không có lớp văn bản; hãy tải lên tệp .docx hoặc PDF có chữ."
            )
        if kind == "xlsx":
            raise IntakeError("unsupported", f"Tệp {name} là bảng tính Excel; chức năng này cần văn bản .docx, .pdf hoặc .txt.")
        if kind == "unknown":
            raise IntakeError("unsupported", f"Không nhận dạng được định dạng tệp {name}; hỗ trợ .docx, .pdf, .txt, .html.")
        if kind in ("pdf", "docx"):
            if kind == "pdf":
                blocks, npages = _pdf_blocks(data, name)
            else:
                blocks = _docx_blocks(data, name, fill_merged)
            blocks, enc = _convert_blocks(blocks)
            text = _blocks_text(blocks)
            pages = float(npages) if kind == "pdf" else max(1.0, round(len(text) / CHARS_PER_PAGE, 2))
        else:
            raw, enc = _decode_text(data, name)
            blocks = _html_blocks(raw, fill_merged) if kind == "html" else _pipe_row_tables(_txt_blocks(raw))
            text = raw if kind == "txt" else _blocks_text(blocks)
            pages = max(1.0, round(len(text) / CHARS_PER_PAGE, 2))
        warnings = [legacy_warning(enc)] if enc in _LEGACY_LABELS else []
        return Document(kind=kind, text=nfc(text), blocks=blocks, pages=pages, filename=filename, warnings=warnings)
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsers never raise unhandled exceptions
        raise IntakeError("corrupt", f"Không đọc được tệp {name}: tệp bị hỏng hoặc sai định dạng ({type(exc).__name__}).") from exc
