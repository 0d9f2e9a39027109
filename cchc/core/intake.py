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

import functools
import html as html_lib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from cchc.core.errors import CodedError
from cchc.core.translation import gettext
from cchc.core.vntext import nfc

DEFAULT_UPLOAD_MB = 20
# Decompression limits applied before any parser sees a .docx/.xlsx (zip) or .pdf (Flate streams): the total
# inflated size, the inflation ratio of one large member and the number of members.
DEFAULT_INFLATED_MB = 100
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # members smaller than this inflated are not ratio-checked (tiny XML parts compress well)
MAX_MEMBERS = 5000
CHARS_PER_PAGE = 3000

Block = str | list[list[str]]


class IntakeError(CodedError):
    """A file could not be read. ``code`` is machine-readable, ``message`` is Vietnamese."""


def read_source(path_or_bytes: str | os.PathLike | bytes, filename: str | None = None,
                error: type[IntakeError] = IntakeError) -> tuple[bytes, str]:
    """The bytes of an upload (bytes as given) or of a file (read from its path) and the name to report it by:
    ``filename``, else the path's name, else "tệp tải lên". A path that cannot be read raises ``error``
    (an :class:`IntakeError` subclass) with code ``not_found``."""
    if isinstance(path_or_bytes, bytes | bytearray):
        return bytes(path_or_bytes), filename or "tệp tải lên"
    p = Path(path_or_bytes)
    name = filename or p.name
    try:
        return p.read_bytes(), name
    except OSError as exc:
        raise error("not_found", f"Không mở được tệp {name}.") from exc


def _setting_bytes(name: str, default_mb: float) -> int:
    """A size limit in bytes from the Django setting ``name`` (MB; the settings read the environment), the default
    when Django is not configured (bench, pure tests). No environment is read here."""
    mb = default_mb
    try:
        from django.conf import settings  # noqa: PLC0415 - intake stays usable without Django

        if settings.configured:
            mb = getattr(settings, name, default_mb)
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return int(float(mb) * 1024 * 1024)


def max_upload_bytes() -> int:
    """The one upload limit: setting ``CCHC_MAX_UPLOAD_MB`` (20 MB)."""
    return _setting_bytes("CCHC_MAX_UPLOAD_MB", DEFAULT_UPLOAD_MB)


def max_inflated_bytes() -> int:
    """How large a .docx/.xlsx/.pdf may inflate: setting ``CCHC_MAX_INFLATED_MB`` (100 MB)."""
    return _setting_bytes("CCHC_MAX_INFLATED_MB", DEFAULT_INFLATED_MB)


def check_upload_size(size: int, name: str) -> None:
    """Refuse a file over :func:`max_upload_bytes` (IntakeError ``too_large``): the one size check of every upload
    (plans, knowledge, capacity, ...); views call it on the upload's size before reading it."""
    limit = max_upload_bytes()
    if size > limit:
        raise IntakeError("too_large", f"Tệp {name} quá lớn ({size / 1048576:.1f} MB), vượt giới hạn "
                                       f"{limit / 1048576:.0f} MB.")


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
    if _MARKUP_DOC.match(low) and not _HTML_DOC.match(low):
        return "markup"  # SVG, XML or another markup document: never read as text (it may carry scripts)
    if name.endswith((".html", ".htm")) or b"<html" in low or b"<table" in low or b"<!doctype html" in low:
        return "html"
    return "txt"


# a document that *is* markup, whatever its name: optional BOM/whitespace/comments, then an XML prologue,
# a doctype or a root element (svg, xml, html …)
_MARKUP_DOC = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:\?xml|!doctype|svg|html|[a-z][\w.-]*:[\w.-]+[\s>])",
                         re.S)
_HTML_DOC = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|\?xml[^>]*>\s*<!doctype\s+html)",
                       re.S)


# --------------------------------------------------------------------------- decompression guard

def _too_big(name: str, cap: int | None = None, ratio: float | None = None, member: str = "") -> IntakeError:
    """The refusal of a zip bomb, naming the file and the limit it broke: the total inflated size (``cap`` bytes),
    one member's inflation ratio (``ratio``, with ``member``), or else the number of members."""
    if ratio is not None:
        said = gettext("phần “%(member)s” khi giải nén lớn hơn %(ratio)s lần khi nén (tỉ lệ nén bất thường)") % {
            "member": member, "ratio": f"{ratio:g}"}
    elif cap is not None:
        said = gettext("khi giải nén, nội dung vượt %(mb)s MB") % {"mb": f"{cap / 1048576:g}"}
    else:
        said = gettext("gói nén có hơn %(n)s phần") % {"n": MAX_MEMBERS}
    return IntakeError("too_large_inflated", gettext(
        "Tệp %(name)s bị từ chối: %(said)s — có thể là tệp độc hại (“bom nén”). Hãy kiểm tra lại tệp.")
        % {"name": name, "said": said})


def check_archive(source: bytes | str | os.PathLike, filename: str = "", *, max_bytes: int | None = None,
                  max_ratio: float | None = None, inflate: bool = True) -> None:
    """Refuse a zip container (.docx/.xlsx) whose members inflate beyond the limits, before any parser reads it.

    ``source``: the file's bytes or its path (a large upload kept on disk). Limits: ``max_bytes`` inflated in
    total (default :func:`max_inflated_bytes`), ``max_ratio`` for a member above 1 MB inflated (default
    ``MAX_RATIO``), ``MAX_MEMBERS`` members. The declared sizes in the central directory are checked first (cheap);
    then, with ``inflate``, every member is inflated in 1 MB chunks, counting what it really yields and stopping at
    the cap, so a lying header cannot get past. Without ``inflate`` (a file of gigabytes, where a full pass would
    cost minutes) the declared sizes are the bound: Python's zipfile, which openpyxl reads through, yields no more
    than a member's declared size and then checks its CRC. Raises :class:`IntakeError` (``too_large_inflated`` or
    ``corrupt``)."""
    name = filename or "tệp"
    cap = max_inflated_bytes() if max_bytes is None else int(max_bytes)
    ratio = MAX_RATIO if max_ratio is None else max_ratio
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IntakeError("corrupt", f"Tệp {name} bị hỏng hoặc không đúng định dạng (không mở được gói nén).") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _too_big(name)
        declared = 0
        for info in infos:
            declared += info.file_size
            if declared > cap:
                raise _too_big(name, cap=cap)
            if info.file_size > RATIO_FLOOR and info.file_size > ratio * max(info.compress_size, 1):
                raise _too_big(name, ratio=ratio, member=info.filename)
        if not inflate:
            return
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            got = 0
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        got += len(chunk)
                        total += len(chunk)
                        if total > cap:
                            raise _too_big(name, cap=cap)
                        if got > RATIO_FLOOR and got > ratio * max(info.compress_size, 1):
                            raise _too_big(name, ratio=ratio, member=info.filename)
            except IntakeError:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise IntakeError("corrupt", f"Tệp {name} bị hỏng: phần “{info.filename}” không giải nén được.") from exc


_PDF_STREAM = re.compile(rb"stream\r?\n")


def check_pdf(data: bytes, filename: str = "") -> None:
    """Refuse a PDF whose Flate-compressed streams (content, fonts, object streams — images excepted, which the
    text reader never decodes) inflate beyond :func:`max_inflated_bytes`. Streams are inflated incrementally with a
    bounded output, so the check itself never holds more than one chunk."""
    import zlib  # noqa: PLC0415

    name = filename or "tệp"
    cap = max_inflated_bytes()
    total = 0
    pos = 0
    while True:
        m = _PDF_STREAM.search(data, pos)
        if m is None:
            return
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        pos = end + 9
        head = data[max(0, m.start() - 2048):m.start()]
        head = head[head.rfind(b"obj") + 3:] if b"obj" in head else head
        if b"/FlateDecode" not in head or re.search(rb"/Subtype\s*/Image", head):
            continue
        d = zlib.decompressobj()
        tail = data[start:end]
        try:
            while tail and total <= cap:
                out = d.decompress(tail, 1 << 20)
                total += len(out)
                tail = d.unconsumed_tail
                if not out:
                    break
        except zlib.error:
            continue  # a damaged stream: the PDF reader reports it (or skips it)
        if total > cap:
            raise _too_big(name, cap=cap)


# --------------------------------------------------------------------------- validation of an upload's type

_KIND_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "txt": "văn bản (.txt)",
                "html": "trang web (.html)", "image": "ảnh"}
_ZIP_PARTS = {"docx": ("[Content_Types].xml", "word/document.xml"), "xlsx": ("[Content_Types].xml", "xl/workbook.xml")}


def verify(data: bytes, filename: str = "", allowed: set[str] | frozenset[str] | None = None) -> str:
    """The real type of an upload, checked by parsing it, not by its first bytes alone; raises :class:`IntakeError`.

    pdf: the PDF opens and has at least one page; docx/xlsx: a zip within the decompression limits holding the
    package parts of its type, whose main part is XML; image: Pillow verifies it; txt/html: the bytes decode
    (UTF-8, UTF-16 or a legacy Vietnamese encoding) and a .txt/.md is not a markup document; SVG/XML are refused
    everywhere. ``allowed`` limits the kinds accepted (None = every kind above)."""
    name = filename or "tệp"
    if not data:
        raise IntakeError("empty", f"Tệp {name} rỗng (0 byte).")
    kind = sniff(data, filename)
    if kind == "markup":
        raise IntakeError("markup", f"Tệp {name} là tài liệu đánh dấu (SVG/XML), không phải văn bản hay tài liệu "
                                    "được hỗ trợ.")
    if kind in ("unknown", "doc") or (allowed is not None and kind not in allowed):
        wanted = ", ".join(_KIND_LABELS.get(k, k) for k in sorted(allowed or _KIND_LABELS))
        raise IntakeError("bad_type", f"Tệp {name} không phải định dạng được chấp nhận ({wanted}); nội dung tệp "
                                      "không khớp định dạng cho phép.")
    corrupt = IntakeError("corrupt", f"Tệp {name} có phần đầu giống {_KIND_LABELS.get(kind, kind)} nhưng nội dung "
                                     "không đọc được (tệp hỏng hoặc giả mạo định dạng).")
    if kind in _ZIP_PARTS:
        check_archive(data, name)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if not all(part in names for part in _ZIP_PARTS[kind]):
                raise corrupt
            with zf.open(_ZIP_PARTS[kind][1]) as fh:
                head = fh.read(2048).lstrip(b"\xef\xbb\xbf \r\n\t")
            if not head.startswith(b"<"):
                raise corrupt
    elif kind == "pdf":
        check_pdf(data, name)
        try:
            from pdfminer.pdfdocument import PDFDocument  # noqa: PLC0415
            from pdfminer.pdfpage import PDFPage  # noqa: PLC0415
            from pdfminer.pdfparser import PDFParser  # noqa: PLC0415

            doc = PDFDocument(PDFParser(io.BytesIO(data)))
            if next(PDFPage.create_pages(doc), None) is None:
                raise corrupt
        except IntakeError:
            raise
        except Exception as exc:  # noqa: BLE001 - any parser failure means "not a PDF"
            msg = str(exc).lower()
            if "password" in msg or "encrypt" in msg:
                return kind  # an encrypted PDF is a real PDF (evidence may be one)
            raise corrupt from exc
    elif kind == "image":
        try:
            from PIL import Image  # noqa: PLC0415

            with Image.open(io.BytesIO(data)) as im:
                im.verify()
        except Exception as exc:  # noqa: BLE001
            raise corrupt from exc
    else:  # txt / html
        _decode_text(data, name)
        low = data[:4096].lower()
        if kind == "html" and (filename or "").lower().endswith((".txt", ".md", ".csv")) and _HTML_DOC.match(low):
            raise IntakeError("markup", f"Tệp {name} mang tên văn bản thuần nhưng nội dung là trang HTML; hãy đổi "
                                        "đuôi tệp thành .html hoặc tải lên văn bản thuần.")
    return kind


# --------------------------------------------------------------------------- text decoding

_LEGACY_LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI", "cp1258": "Windows-1258"}


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
    if text is None and (cp1258 := legacy_encoding.windows_1258(data)) is not None:
        return nfc(cp1258), "cp1258"  # Excel's "CSV"/Notepad's "ANSI" on a Vietnamese Windows
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


@functools.lru_cache(maxsize=8192)
def _bare(cell: str) -> str:
    """A cell without markdown emphasis, footnote marks and surrounding space: "**STT**" → "STT"."""
    return re.sub(r"\s+", " ", re.sub(r"\[\d+\]|[*_#]", "", cell or "")).strip()


def _pipe_blocks(lines: list[str]) -> list[Block]:
    """Text from legal portals: cells are blocks of hard-wrapped lines separated by lines holding only '|'.

    A header row ("Stt | Nhiệm vụ | ...") gives the column count. Two layouts:

    - rows run on without a separator (seed layout): a row starting with a Roman numeral or a capital letter
      is a 2-cell group row, any other row takes one cell per column;
    - rows separated by an empty cell (web copies: "… | Sản phẩm |  | 1 | …"): rows may be shorter than the
      header (group rows, merged cells simply missing); see :func:`_portal_rows`. A two-level header ("Mức độ
      DVCTT" over "Toàn trình | Một phần") widens the table, Word-like: see :func:`_two_level_rows`.

    Cells before and after a table are returned as paragraphs (hard-wrapped lines kept).
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
        if len(lns) > 1 and _HEADER_FIRST.match(_bare(lns[-1])):
            split.extend(["\n".join(lns[:-1]), lns[-1]])
        else:
            split.append(c)
    cells = split
    blocks: list[Block] = []
    i = 0
    n = len(cells)
    while i < n:
        cell = cells[i]
        if _HEADER_FIRST.match(_bare(cell)):
            j = i + 1
            while j < n and _bare(cells[j]) and len(cells[j]) <= 90 and not _ROMAN_OR_LETTER.match(_bare(cells[j])) \
                    and not re.match(r"^\d+(?:\.\d+)*\.?$", _bare(cells[j])):
                j += 1
            ncols = j - i
            if ncols >= 3:
                header = [c.replace("\n", " ") for c in cells[i:j]]
                if j < n and not cells[j].strip():
                    sub = _sub_header(cells, j + 1, header)
                    if sub:
                        rows, k, tail, header, sub_row = _two_level_rows(cells, j + 2 + len(sub), header, sub)
                    else:
                        rows, k, tail = _portal_rows(cells, j + 1, header)
                        sub_row = None
                    if blocks and isinstance(blocks[-1], list) and blocks[-1] and \
                            [_bare(c) for c in blocks[-1][0]] == [_bare(c) for c in header]:
                        blocks[-1].extend(rows)  # the header repeated after a page break: the same table goes on
                    else:
                        blocks.append([header, *([sub_row] if sub_row else []), *rows])
                    for para in tail:
                        blocks.append(para)
                    i = k
                    continue
                table: list[list[str]] = [header]
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


# ---- web-copy tables with an empty cell between rows

# a row number ("1", "1.2.3", "II", "a)"), not an amount written with thousands dots ("16.500.000", "162.000")
_NUM_CELL = re.compile(r"^(?!\d{1,3}(?:\.\d{3})+$)(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]+(?:\.\d{1,3})*|[A-ZĐ]|[a-zđ])[.):]?$")
_TIME_CELL = re.compile(
    r"\b(?:năm|quý|tháng|ngày|thường xuyên|hằng|hàng|định kỳ|giai đoạn|trước|sau khi|khi có|kịp thời|liên tục|"
    r"theo (?:kế hoạch|lộ trình|tiến độ|yêu cầu|quy định)|20\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/20\d\d)\b", re.I)
_AGENCY_CELL = re.compile(
    r"^(?:[-+•]\s*)?(?:\(\d+\)\s*)?(?:các\s+|Các\s+)?(?:(?:Sở|Bộ|Ban|Cục|Vụ|Đài|Báo|Hội|Đoàn|Trường|Viện|Tổng cục|Chi cục|"
    r"Phòng|Tỉnh|Thành|Huyện|Xã|Quỹ|Cổng|Bảo hiểm|Ngân hàng|Kho bạc)(?=\s+[A-ZĐ]|\s*[,;]|\s*$)|"
    r"(?:sở|bộ|UBND|Ủy ban|Uỷ ban|Văn phòng|Trung tâm|Thanh tra|Công an|Tòa án|Viện kiểm sát|Mặt trận|Liên đoàn|Cơ quan|"
    r"cơ quan|Đơn vị|đơn vị|Địa phương|địa phương|Thủ trưởng|Giám đốc|Chủ tịch|Người đứng đầu|Hội đồng|Bộ Chỉ huy|"
    r"Bộ CHQS|Công ty|Tập đoàn|Tổng công ty|Trung ương|Chính phủ|Thủ tướng|Học viện|Đại học|Bệnh viện|Lực lượng|"
    r"Thông tấn|Ban Chỉ huy|Ban Chỉ đạo|Sở, ban, ngành|Các sở)\b)")
_COL_NUMBER = re.compile(r"^(?:số\s*)?s?tt\.?$|^số thứ tự$", re.I)
_COL_TIME = re.compile(r"thời gian|thời hạn|tiến độ|thời điểm|hạn hoàn thành|lộ trình|mốc", re.I)
_COL_AGENCY = re.compile(r"chủ trì|phối hợp|cơ quan|đơn vị|trách nhiệm|người đứng đầu|thực hiện$", re.I)
# end of the table in a web copy: the next appendix, a footnote, the portal's own lines
_TABLE_END = re.compile(r"^\W*(?:PHỤ LỤC|Phụ lục|Nơi nhận|NƠI NHẬN|\[\d+\]\s|Văn bản này|Văn bản liên quan|#)")
_CHROME_LINE = re.compile(
    r"^(?:#+\s|Văn bản này|(?:Kế hoạch|Quyết định|Nghị quyết|Công văn|Thông tư|Chỉ thị|Nghị định|Thông báo|Báo cáo|"
    r"Chương trình|Đề án|Hướng dẫn|Văn bản hợp nhất|Luật|Pháp lệnh)\s+(?:số\s+)?\d+[^\s]*/\S+\s+(?:năm|ngày|về|của|do)\b)")


def _column_kind(header: str) -> str:
    h = _bare(header)
    if _COL_NUMBER.match(h):
        return "number"
    if _COL_TIME.search(h):
        return "time"
    if _COL_AGENCY.search(h) and len(h) <= 45:
        return "agency"
    return "text"


def _fit(cell: str, kind: str) -> float:
    """How well a cell's text suits a column kind (number / time / agency / text); empty cells are neutral."""
    c = _bare(cell)
    if not c:
        return 0.0
    num = bool(_NUM_CELL.match(c))
    if kind == "number":
        return 3.0 if num else -3.0
    if num:
        return -2.5
    time = bool(_TIME_CELL.search(c)) and len(c) <= 160
    agency = bool(_AGENCY_CELL.match(c))
    if kind == "time":
        return 2.0 if time and not agency else (-1.5 if agency else -0.5)
    if kind == "agency":
        if agency:
            return 1.5
        return -1.0 if time and len(c) < 60 else -0.6
    return 0.4 if len(c) > 25 and not (agency and len(c) < 60) else 0.0


def _align(fits: list[list[float]], kinds: list[str]) -> tuple[float, list[int]]:
    """Best order-keeping placement of a row's cells in the columns (cells missing = merged from above). Missing
    columns inside the row cost a little (merged cells are usually at its start or end)."""
    k, m = len(fits), len(kinds)
    neg = -1e9
    gap = 0.35
    # f[a][j]: first a cells placed, cell a-1 in column j
    f = [[neg] * m for _ in range(k)]
    back = [[-1] * m for _ in range(k)]
    for a in range(k):
        for j in range(a, m - (k - 1 - a)):
            fit = fits[a][j]
            if a == 0:
                f[a][j] = fit + 0.01 * j  # leading columns merged from above: the usual case
                continue
            best, arg = neg, -1
            for i in range(a - 1, j):
                # a skipped column costs a little more the further right it is: merged cells are mostly the
                # grouping columns on the left (number, agencies, task group)
                v = f[a - 1][i] - (0.0 if i == j - 1 else gap + 0.01 * j)
                if v > best:
                    best, arg = v, i
            f[a][j], back[a][j] = best + fit, arg
    j = max(range(m), key=lambda c: f[k - 1][c])
    score = f[k - 1][j]
    cols = [j]
    for a in range(k - 1, 0, -1):
        j = back[a][j]
        cols.append(j)
    cols.reverse()
    return score, cols


def _unwrap(cell: str) -> str:
    """A web-copy cell is hard-wrapped at a fixed width: its lines are re-joined, except before a list item
    ("- …", "+ …", "1. …", "a) …") or after a line ending a sentence."""
    out: list[str] = []
    for ln in cell.split("\n"):
        s = ln.strip()
        if not s:
            continue
        if out and not re.match(r"^(?:\*\*)?(?:[-+•]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|\(\d+\)\s)", s) \
                and not re.search(r"[.;:]\**$", out[-1]):
            out[-1] += " " + s
        else:
            out.append(s)
    return "\n".join(out)


def _group_row(row: list[str]) -> bool:
    vals = [_bare(c) for c in row]
    if len(vals) == 2:
        return bool(_NUM_CELL.match(vals[0])) and bool(vals[1]) and not _NUM_CELL.match(vals[1])
    if len(vals) == 1:
        return bool(re.match(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*)[.)]\s+\S", vals[0])) or (vals[0].isupper() and len(vals[0]) > 3)
    return False


def _is_bold(cell: str) -> bool:
    c = cell.strip()
    return c.startswith("**") and c.endswith("**") and len(c) > 4


def _sub_header(cells: list[str], start: int, header: list[str]) -> list[str] | None:
    """The second line of a two-level header, if ``cells[start:]`` opens with one: 2–6 label cells followed by the
    empty row separator ("Mức độ DVCTT" over "Toàn trình | Một phần"). Labels are short, hold no number, code or
    date, and are bold when every header cell is. Else None."""
    end = start
    n = len(cells)
    while end < n and cells[end].strip() and end - start <= 6:
        end += 1
    k = end - start
    if not 2 <= k <= 6 or end >= n or cells[end].strip():
        return None
    sub = cells[start:end]
    bold = all(_is_bold(h) for h in header)
    for c in sub:
        b = _bare(c)
        if not b or len(b) > (150 if bold else 60) or (bold and not _is_bold(c)) or "\n\n" in c.strip():
            return None
        if _NUM_CELL.match(b) or _ROMAN_OR_LETTER.match(b) or _HEADER_FIRST.match(b) or re.match(r"^\(\d+\)$", b):
            return None
        if re.search(r"\b\d\.\d{5,6}\b", b) or (not bold and re.search(r"\d", b)):
            return None
    return [c.replace("\n", " ") for c in sub]


# the columns that name a row (number, code, name, content) are never split under a two-level header
_KEY_COLUMN = re.compile(r"^(?:(?:số\s*)?s?tt\.?|số thứ tự|mã\b.*|tên\b.*|nội dung\b.*|nhiệm vụ\b.*)$", re.I)


def _two_level_rows(cells: list[str], start: int, header: list[str], sub: list[str]):
    """Rows under a two-level header: one header cell spans the ``sub`` labels, so rows have
    ``len(header) + len(sub) - 1`` cells. The table is widened the way a Word/HTML table reads (the spanning label,
    then empty header cells; a second header row holding the labels under it). Which header cell spans is not in
    the text: every position but the columns naming the row (STT, Mã, Tên, Nội dung …) is tried on the rows read
    with the last one, and the one whose columns the cells suit best wins (ties: the rightmost, the usual place of
    "Mức độ", "Kết quả", "Định mức"). Returns (rows, next index, tail paragraphs, widened header, second header row)."""
    n, k = len(header), len(sub)
    base = [_column_kind(h) for h in header]

    def widen(s: int) -> tuple[list[str], list[str], list[str]]:
        wide = [*header[:s + 1], *[""] * (k - 1), *header[s + 1:]]
        row = [*[""] * s, *sub, *[""] * (n - s - 1)]
        kinds = [*base[:s], *[(_column_kind(x) if _column_kind(x) != "text" else base[s]) for x in sub], *base[s + 1:]]
        return wide, row, kinds

    last = n - 1
    wide, row, kinds = widen(last)
    rows, end, tail = _portal_rows(cells, start, wide, kinds)
    full = [r for r in rows if MISSING not in r and sum(1 for c in r if c.strip()) > 2]
    best, best_s = None, last
    candidates = [x for x in range(last, 0, -1) if not _KEY_COLUMN.match(_bare(header[x]))] or [last]
    for s in candidates:
        ks = widen(s)[2]
        total = sum(_fit(c, kd) for r in full for c, kd in zip(r, ks, strict=False))
        if best is None or total > best + 1e-9:
            best, best_s = total, s
    if best_s != last:
        wide, row, kinds = widen(best_s)
        rows, end, tail = _portal_rows(cells, start, wide, kinds)
    return rows, end, tail, wide, row


def _portal_rows(cells: list[str], start: int, header: list[str],
                 kinds: list[str] | None = None) -> tuple[list[list[str]], int, list[str]]:
    """Rows of a web-copy table whose rows are separated by an empty cell; returns (rows, next index, paragraphs
    cut from the table's last cell). Empty cells inside a row look like separators, so the split into rows is
    chosen by dynamic programming: each row's cells are placed in the header's columns in order (cells missing
    where a merged cell covered them), scored by how well each text suits its column (a number under STT, a
    date or period under Thời gian, an agency under Chủ trì/Phối hợp); a group row is "I | TITLE" or one cell.
    Cells a row lacks are returned as "\x00MISSING" so the consumer may fill them from the row above."""
    ncols = len(header)
    kinds = kinds or [_column_kind(h) for h in header]
    end = start
    n = len(cells)
    tail: list[str] = []
    last_cut: str | None = None
    while end < n:
        c = cells[end]
        if _TABLE_END.match(_bare(c.split("\n")[0]) if c.strip() else "") or (
                _HEADER_FIRST.match(_bare(c)) and end + 2 < n and _bare(cells[end + 1]) and not _bare(cells[end + 1]).isdigit()
                and not _NUM_CELL.match(_bare(cells[end + 1]))):
            break
        if end > start and re.search(r"\n[ \t]*\n", c.strip("\n")):
            # a cell never holds a blank line: after the table's last "|" the document goes on in paragraphs
            # ("**13. Định mức …**", "Trong đó: …") that reach the next "|"; they end the table and stay prose
            first, rest = re.split(r"\n[ \t]*\n", c.strip("\n"), maxsplit=1)
            last_cut = first
            tail = [para for para in re.split(r"\n[ \t]*\n", rest) if para.strip()]
            end += 1
            break
        lines = c.split("\n")
        cut = next((x for x, ln in enumerate(lines) if x and _CHROME_LINE.match(ln.strip())), None)
        if cut is not None:  # the portal's closing lines glued to the last cell
            last_cut = "\n".join(lines[:cut])
            tail = ["\n".join(lines[cut:])]
            end += 1
            break
        end += 1
    seg = list(cells[start:end])
    if last_cut is not None:
        seg[-1] = last_cut
    elif end < n and end - start >= 2 and _HEADER_FIRST.match(_bare(cells[end])) and _is_bold(cells[end - 1]) \
            and cells[end - 2].strip() and not _NUM_CELL.match(_bare(cells[end - 1])):
        # the heading of the next table ("**2. Danh mục thủ tục … bị bãi bỏ**") glued after the last row without a
        # separator: it is prose, not a cell of that row
        tail = [cells[end - 1]]
        seg = seg[:-1]
    while seg and not seg[-1].strip():
        seg.pop()
    m = len(seg)
    fitm = [[_fit(c, kd) for kd in kinds] for c in seg]
    neg = -1e18
    best = [neg] * (m + 2)
    back: list[tuple[int, int, bool, list[int]]] = [(0, 0, False, [])] * (m + 2)
    best[0] = 0.0
    for p in range(m):
        if best[p] == neg:
            continue
        for q in range(p + 1, min(m, p + ncols) + 1):
            row = seg[p:q]
            if not any(c.strip() for c in row):
                continue
            # a row ends before an empty separator cell (or at the end); a stray text there ("……") costs dearly
            sep_cost = 4.0 if q < m and re.search(r"\w", seg[q]) else 0.0
            if q - p <= 2 and _group_row(row):
                score, cols, group = 2.5, list(range(len(row))), True
            else:
                score, cols = _align(fitm[p:q], kinds)
                score -= 0.25 * (ncols - len(row)) + 0.5 - (0.3 if len(row) == ncols else 0.0)
                group = False
            score -= sep_cost
            nxt = q + 1 if q < m else q
            if best[p] + score > best[nxt]:
                best[nxt] = best[p] + score
                back[nxt] = (p, q, group, cols)
    if best[m] == neg:  # should not happen: fall back to fixed-width rows
        rows = [seg[x:x + ncols] + [""] * max(0, ncols - len(seg[x:x + ncols])) for x in range(0, m, ncols + 1)]
        return rows, end, tail
    spans: list[tuple[int, int, bool, list[int]]] = []
    pos = m
    while pos > 0:
        p, q, group, cols = back[pos]
        spans.append((p, q, group, cols))
        pos = p
    spans.reverse()
    rows: list[list[str]] = []
    for p, q, group, cols in spans:
        row = seg[p:q]
        if group:
            rows.append(row + [""] * (ncols - len(row)))
            continue
        out = [MISSING] * ncols
        for c, col in zip(row, cols, strict=False):
            out[col] = _unwrap(c)
        rows.append(out)
    return rows, end, tail


def _fill_missing(blocks: list[Block], fill_merged: bool) -> list[Block]:
    """Cells a web-copy row lacks (merged from the row above): the text above with ``fill_merged``, else "".
    A group row ("I | TITLE", other cells empty) starts afresh: nothing is carried across it."""
    for b in blocks:
        if not isinstance(b, list):
            continue
        above: list[str] | None = None
        for i, row in enumerate(b):
            if i == 0 or (i == 1 and _second_header_row(b[0], row)):
                continue  # the header's labels are never a merged cell's text
            if MISSING not in row:
                filled = [c for c in row if c.strip()]
                if len(filled) <= 2 and len(row) > 3 and not any(c.strip() for c in row[2:]):
                    above = None  # group row
                elif len(filled) >= 2:
                    above = row
                continue
            for x, c in enumerate(row):
                if c == MISSING:
                    row[x] = above[x] if fill_merged and above is not None and x < len(above) else ""
            above = row
    return blocks


MISSING = "\x00MISSING"


def _second_header_row(head: list[str], row: list[str]) -> bool:
    """``row`` is the labels line of a two-level header (see :func:`_two_level_rows`): cells only under a spanning
    header cell and the empty header cells after it."""
    if "" not in head or MISSING in row or len(row) != len(head):
        return False
    span = {x for x, h in enumerate(head) if not h or (x + 1 < len(head) and not head[x + 1])}
    return any(c.strip() for c in row) and all(x in span for x, c in enumerate(row) if c.strip())


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


def text_blocks(text: str, *, fill_merged: bool = False) -> list[Block]:
    """The blocks of a plain text (a .txt/.md upload, or the text a library stored): paragraphs and tables —
    tab-separated rows, markdown/pipe rows, and the web-copy layout of cells between lines holding a single "|"."""
    return _fill_missing(_pipe_row_tables(_txt_blocks(text)), fill_merged)


def read_document(data: bytes, filename: str = "", *, fill_merged: bool = False) -> Document:
    """Read an uploaded file into a :class:`Document`. Raises :class:`IntakeError` (never anything else).

    A table cell merged down over several rows (Word ``vMerge``, HTML ``rowspan``) leaves the cells it covers
    empty; with ``fill_merged`` they repeat its text ("Sở Tư pháp" spanning tasks 1 and 2 leads both)."""
    name = filename or "tệp"
    if data is None or len(data) == 0:
        raise IntakeError("empty", f"Tệp {name} rỗng (0 byte).")
    check_upload_size(len(data), name)
    kind = sniff(data, filename)
    try:
        if kind == "markup" or (kind == "html" and name.lower().endswith((".txt", ".md"))
                                and _HTML_DOC.match(data[:4096].lower())):
            verify(data, filename)  # raises the "markup" refusal
        if kind in ("docx", "xlsx"):
            check_archive(data, name)
        elif kind == "pdf":
            check_pdf(data, name)
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
            blocks = _html_blocks(raw, fill_merged) if kind == "html" else text_blocks(raw, fill_merged=fill_merged)
            text = raw if kind == "txt" else _blocks_text(blocks)
            pages = max(1.0, round(len(text) / CHARS_PER_PAGE, 2))
        warnings = [legacy_warning(enc)] if enc in _LEGACY_LABELS else []
        return Document(kind=kind, text=nfc(text), blocks=blocks, pages=pages, filename=filename, warnings=warnings)
    except IntakeError:
        raise
    except Exception as exc:  # noqa: BLE001 - parsers never raise unhandled exceptions
        raise IntakeError("corrupt", f"Không đọc được tệp {name}: tệp bị hỏng hoặc sai định dạng ({type(exc).__name__}).") from exc


# --------------------------------------------------------------------------- inline markup of web copies
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|mailto:|#[\w-]+|[\w./-]+\.(?:md|html?|pdf|docx)\b)[^)]*\)")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]+\)")  # a picture a text library cannot show: dropped, alt and all
_HTML_INLINE = re.compile(r"</?(?:b|i|u|p|em|strong|span|br|div|sup|sub)\b[^>]*>", re.I)


def clean_markup(line: str) -> str:
    """One line of a web copy without its inline markup: markdown links keep their text, pictures go, HTML inline tags,
    ``&nbsp;``/``&amp;``, heading marks ("## "), ``**``/``__`` and ``*italic*`` markers go (bullets "* text" stay)."""
    line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
    line = _HTML_INLINE.sub("", line)
    line = line.replace("&nbsp;", " ").replace("&amp;", "&")
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = line.replace("**", "").replace("__", "")
    return re.sub(r"(?<!\S)\*(?=\S)|(?<=\S)\*(?!\S)", "", line)
