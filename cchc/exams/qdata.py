"""Plain question data shared by the importers/exporters (pure Python, no Django).

A question read from a file (GIFT, Aiken, Excel) becomes a ``QuestionData``; a problem with one line/row becomes
a ``LineError`` carrying the place (line or row, optional column; line 0 = the whole file) and a Vietnamese message.
Importers never raise: they return ``ParseResult(questions, errors, warnings)``. ``questions`` holds only valid
questions (a refused question is an error on its line); ``warnings`` are notes on imported questions (a partial-credit
option read as wrong, an image not included, legacy encoding converted). The service decides whether a file with
errors imports nothing or only its valid questions.

``read_bank`` is the one entry point for an uploaded file: it detects the format from the content
(``detect_format``), decodes text with the shared intake decoder (legacy TCVN3/VNI converted, with a warning) and
runs the matching reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.excel import too_long
from cchc.core.translation import gettext as _
from cchc.core.vntext import clean_spaces, fold_key, nfc

SINGLE = "single"
MULTIPLE = "multiple"
TRUEFALSE = "truefalse"
KINDS = (SINGLE, MULTIPLE, TRUEFALSE)

EASY = "easy"
MEDIUM = "medium"
HARD = "hard"
DIFFICULTIES = (EASY, MEDIUM, HARD)

TRUE_TEXT = "Đúng"
FALSE_TEXT = "Sai"

# accepted spellings (folded) -> canonical value
_KIND_WORDS = {
    "single": SINGLE, "mot dap an": SINGLE, "mot lua chon": SINGLE, "chon mot": SINGLE, "1": SINGLE,
    "multiple": MULTIPLE, "nhieu dap an": MULTIPLE, "nhieu lua chon": MULTIPLE, "chon nhieu": MULTIPLE,
    "truefalse": TRUEFALSE, "true/false": TRUEFALSE, "dung/sai": TRUEFALSE, "dung sai": TRUEFALSE,
    "dung - sai": TRUEFALSE, "dung-sai": TRUEFALSE,
}
_DIFF_WORDS = {
    "easy": EASY, "de": EASY, "nhan biet": EASY, "1": EASY,
    "medium": MEDIUM, "trung binh": MEDIUM, "thong hieu": MEDIUM, "2": MEDIUM, "vua": MEDIUM,
    "hard": HARD, "kho": HARD, "van dung": HARD, "3": HARD,
}
KIND_LABELS = {SINGLE: "Một đáp án", MULTIPLE: "Nhiều đáp án", TRUEFALSE: "Đúng/Sai"}
DIFFICULTY_LABELS = {EASY: "Dễ", MEDIUM: "Trung bình", HARD: "Khó"}


def parse_kind(text: str | None) -> str | None:
    return _KIND_WORDS.get(fold_key(text))


def parse_difficulty(text: str | None) -> str | None:
    return _DIFF_WORDS.get(fold_key(text))


@dataclass
class Option:
    text: str
    correct: bool = False
    feedback: str = ""       # per-answer feedback (GIFT "#..."), shown with the answer key
    weight: float | None = None  # Moodle's answer fraction in % (GIFT "~%50%…"); None = the default rule


# how many characters the bank stores of a question's id and of its source (exams.models: Question.ref,
# QuestionVersion.source_ref)
REF_MAX, SOURCE_REF_MAX = 255, 500


@dataclass
class QuestionData:
    text: str
    kind: str = SINGLE
    options: list[Option] = field(default_factory=list)
    topic: str = ""          # topic code (or name) as written in the file; resolved by the service
    difficulty: str = MEDIUM
    explanation: str = ""
    source_ref: str = ""
    title: str = ""
    ref: str = ""            # external id (GIFT [id:...], Excel "Mã câu hỏi") — same id = new version
    line: int = 0            # first line / row in the source file
    warnings: list[LineError] = field(default_factory=list, repr=False, compare=False)  # notes on this question

    def normalise(self) -> QuestionData:
        self.text = nfc(self.text).strip()
        self.title = clean_spaces(self.title)
        self.topic = clean_spaces(self.topic)
        self.explanation = nfc(self.explanation).strip()
        self.source_ref = clean_spaces(self.source_ref)
        self.ref = clean_spaces(self.ref)
        for o in self.options:
            o.text = nfc(o.text).strip()
            o.feedback = nfc(o.feedback).strip()
        return self

    def correct_indexes(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correct]

    def problems(self) -> list[str]:
        """Vietnamese messages for what makes this question unusable (empty list = valid)."""
        out = []
        if not self.text:
            out.append("Thiếu nội dung câu hỏi.")
        if self.kind not in KINDS:
            out.append(f"Loại câu hỏi không hợp lệ: «{self.kind}».")
        if self.difficulty not in DIFFICULTIES:
            out.append(f"Mức độ không hợp lệ: «{self.difficulty}».")
        for label, value, limit in ((_("Mã câu hỏi"), self.ref, REF_MAX),
                                    (_("Nguồn, căn cứ"), self.source_ref, SOURCE_REF_MAX)):
            if long := too_long(value, limit):  # said here, not as a database error at writing
                out.append(_("«%(column)s» %(problem)s.") % {"column": label, "problem": long})
        n_correct = len(self.correct_indexes())
        if self.kind == TRUEFALSE:
            if len(self.options) != 2 or n_correct != 1:
                out.append("Câu Đúng/Sai phải có đúng 2 phương án và 1 đáp án đúng.")
        else:
            if len(self.options) < 2:
                out.append("Cần ít nhất 2 phương án trả lời.")
            if any(not o.text for o in self.options):
                out.append("Có phương án trả lời để trống.")
            # exact text (NFC, spaces and case aside): "Bộ" and "Bố" are different options
            texts = [option_key(o.text) for o in self.options if o.text]
            dupes = sorted({t for t in texts if texts.count(t) > 1})
            if dupes:
                shown = ", ".join(f"«{o.text}»" for o in self.options if option_key(o.text) == dupes[0])
                out.append(f"Có hai phương án trả lời trùng nhau: {shown}.")
            if n_correct == 0:
                out.append("Chưa có đáp án đúng.")
            elif self.kind == SINGLE and n_correct > 1:
                out.append("Câu một đáp án nhưng có nhiều đáp án đúng.")
        return out


def option_key(text: str) -> str:
    """Comparison key of an option text: NFC, spaces collapsed, case ignored — tone marks kept."""
    return clean_spaces(text).casefold()


def truefalse_options(answer: bool) -> list[Option]:
    return [Option(TRUE_TEXT, answer), Option(FALSE_TEXT, not answer)]


@dataclass
class LineError:
    line: int
    message: str
    column: str = ""
    excerpt: str = ""        # the start of the line in the file, to recognise the refused question

    @property
    def where(self) -> str:
        """"dòng 12", "dòng 3, cột D" or "toàn tệp" (line 0: a problem of the whole file)."""
        if not self.line:
            return "toàn tệp"
        return f"dòng {self.line}" + (f", cột {self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ParseResult:
    questions: list[QuestionData] = field(default_factory=list)   # valid questions only (after ``finish``)
    errors: list[LineError] = field(default_factory=list)          # refused questions and file problems
    warnings: list[LineError] = field(default_factory=list)        # notes on what was imported
    fmt: str = ""                                                  # "gift", "aiken" or "xlsx" (read_bank)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.questions)

    def error(self, line: int, message: str, column: str = "") -> None:
        self.errors.append(LineError(line, message, column))

    def warn(self, line: int, message: str, column: str = "") -> None:
        self.warnings.append(LineError(line, message, column))


def set_difficulty(q: QuestionData, text: str, result: ParseResult, line: int, column: str = "") -> None:
    """``q.difficulty`` from the level as written in a file (dễ, trung bình, khó, …); an unknown one is an error on
    its line (Aiken ``MỨC ĐỘ:``, the sheet's "Mức độ" column)."""
    difficulty = parse_difficulty(text)
    if difficulty is None:
        result.error(line, f"Mức độ không hợp lệ: «{text}» (dễ, trung bình, khó).", column)
    else:
        q.difficulty = difficulty


def finish(result: ParseResult) -> ParseResult:
    """Validate every parsed question: a question with problems leaves ``questions`` and becomes line errors."""
    valid = []
    for q in result.questions:
        q.normalise()
        problems = q.problems()
        for msg in problems:
            result.error(q.line, msg)
        if not problems:
            valid.append(q)
            result.warnings.extend(q.warnings)
    result.questions = valid
    if not result.questions and not result.errors:
        result.error(0, "Tệp không có câu hỏi nào.")
    result.errors.sort(key=lambda e: e.line)
    result.warnings.sort(key=lambda e: e.line)
    return result


# --------------------------------------------------------------------------- text decoding and legacy encodings

def decode_text(data: str | bytes, result: ParseResult) -> str | None:
    """Text of an uploaded GIFT/Aiken file: the shared intake decoder (UTF-8/UTF-16, legacy 8-bit files), then
    TCVN3/VNI text stored inside a Unicode file converted line by line (``core.legacy_encoding``), with a warning.
    None (and a whole-file error) when the bytes cannot be read as text."""
    from cchc.core import intake, legacy_encoding  # noqa: PLC0415 - pure modules, imported on use

    if isinstance(data, bytes):
        if intake.sniff(data) not in ("txt", "html"):
            result.error(0, "Tệp không phải văn bản UTF-8 (hãy lưu lại với mã hóa UTF-8).")
            return None
        try:
            text, enc = intake._decode_text(data, "")  # noqa: SLF001 - the one shared text decoder
        except intake.IntakeError as exc:
            result.error(0, exc.message)
            return None
        if "\x00" in text or "\ufffd" in text:
            result.error(0, "Tệp không phải văn bản UTF-8 (hãy lưu lại với mã hóa UTF-8).")
            return None
        if enc != legacy_encoding.UNICODE:  # TCVN3, VNI, Windows-1258: converted, said
            result.warn(0, intake.legacy_warning(enc))
            return _lines(text)
    else:
        text = data
    text = _lines(nfc(text.lstrip("\ufeff")))
    enc = legacy_encoding.detect(text)
    if enc in (legacy_encoding.TCVN3, legacy_encoding.VNI):
        before = text.split("\n")
        text = _lines(legacy_encoding.to_unicode(text, enc))
        changed = [i for i, (a, b) in enumerate(zip(before, text.split("\n"), strict=False), start=1) if a != b]
        result.warn(0, intake.legacy_warning(enc) + _line_list(changed))
    return text


def read_text_bank(data: str | bytes, fmt_name: str, parse) -> ParseResult:
    """Read a text question bank (GIFT, Aiken): decode it (``decode_text``), ``parse(text, result)`` it, then
    validate the questions (``finish``) and give line errors their excerpts. Never raises: a crash of the parser
    becomes one whole-file error naming the format."""
    result = ParseResult()
    try:
        decoded = decode_text(data, result)
        if decoded is None:
            return result
        parse(decoded, result)
    except Exception as exc:  # noqa: BLE001 - a parser must never crash the import
        result.error(0, f"Không đọc được tệp {fmt_name}: {exc}")
        return result
    finish(result)
    attach_excerpts(result, decoded)
    return result


def attach_excerpts(result: ParseResult, text: str, width: int = 90) -> None:
    """Give every line error of a text file the beginning of its line."""
    lines = text.split("\n")
    for e in result.errors:
        if 0 < e.line <= len(lines) and not e.excerpt:
            ln = " ".join(lines[e.line - 1].split())
            e.excerpt = ln if len(ln) <= width else ln[:width - 1] + "…"


def _lines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _line_list(lines: list[int], word: str = "dòng") -> str:
    if not lines:
        return ""
    shown = ", ".join(str(n) for n in lines[:12]) + (f"… (tổng {len(lines)})" if len(lines) > 12 else "")
    return f" Các {word} đã chuyển: {shown}."


def convert_legacy_cells(rows: list[list[str]], result: ParseResult) -> list[list[str]]:
    """Cells of a sheet typed in a TCVN3/VNI font: converted to Unicode, with a warning naming the rows."""
    from cchc.core import intake, legacy_encoding  # noqa: PLC0415

    sample = "\n".join(c for row in rows for c in row if c)
    enc = legacy_encoding.detect(sample)
    if enc not in (legacy_encoding.TCVN3, legacy_encoding.VNI):
        return rows
    out, changed = [], []
    for r, row in enumerate(rows, start=1):
        new = [nfc(legacy_encoding.to_unicode(c, enc)) if c else c for c in row]
        if new != row:
            changed.append(r)
        out.append(new)
    result.warn(0, intake.legacy_warning(enc) + _line_list(changed))
    return out


# --------------------------------------------------------------------------- format detection

_GIFT_BLOCK_RE = re.compile(r"(?<!\\)\{\s*(?:[=~#]|T\b|F\b|TRUE\b|FALSE\b|\})", re.IGNORECASE)
_GIFT_HINT_RE = re.compile(r"^\s*(?:\$CATEGORY:|::[^:]+::)", re.MULTILINE)
_AIKEN_ANSWER_RE = re.compile(r"^\s*(?:ANSWER|ĐÁP ÁN|DAP AN)\s*:\s*[A-Za-z]", re.MULTILINE | re.IGNORECASE)


def detect_format(data: bytes | str, filename: str = "") -> str:
    """"xlsx", "gift", "aiken" or "" (unknown) from the content; the file name is never trusted over it.

    GIFT: answer blocks ``{=…}``/``{~…}``/``{T}``, ``::title::`` or ``$CATEGORY:`` lines. Aiken: ``ANSWER: X``
    lines. The one that appears more often wins."""
    if isinstance(data, bytes):
        from cchc.core import intake  # noqa: PLC0415

        kind = intake.sniff(data, filename)
        if kind == "xlsx":
            return "xlsx"
        if kind not in ("txt", "html"):
            return ""
        from cchc.core.legacy_encoding import decode_bytes  # noqa: PLC0415

        text = decode_bytes(data[:200_000])  # UTF-8, UTF-16 (Notepad's "Unicode"), Windows-1258, TCVN3/VNI
    else:
        text = data[:200_000]
    gift = len(_GIFT_BLOCK_RE.findall(text)) + len(_GIFT_HINT_RE.findall(text))
    aiken = len(_AIKEN_ANSWER_RE.findall(text))
    if not gift and not aiken:
        return ""
    return "gift" if gift >= aiken else "aiken"


FORMAT_LABELS = {"xlsx": "Excel (.xlsx)", "gift": "Moodle GIFT", "aiken": "Moodle Aiken"}


def read_bank(data: bytes | str, filename: str = "", *, fmt: str = "auto", default_topic: str = "") -> ParseResult:
    """Read a question-bank file of any supported format (``fmt="auto"``: detected from the content)."""
    from cchc.exams import aiken, gift, sheet  # noqa: PLC0415 - they import this module

    if fmt in ("", "auto"):
        fmt = detect_format(data, filename)
    if fmt == "xlsx":
        if not isinstance(data, bytes):
            return ParseResult(errors=[LineError(0, "Tệp không phải bảng tính Excel .xlsx hợp lệ.")], fmt=fmt)
        result = sheet.read_xlsx(data, default_topic=default_topic)
    elif fmt == "gift":
        result = gift.parse_gift(data, default_topic=default_topic)
    elif fmt == "aiken":
        result = aiken.parse_aiken(data, default_topic=default_topic)
    else:
        return ParseResult(errors=[LineError(0, "Không nhận ra định dạng tệp câu hỏi: cần bảng tính .xlsx, văn bản "
                                                "Moodle GIFT (… {=đúng ~sai}) hoặc Moodle Aiken (… ANSWER: B).")])
    result.fmt = fmt
    return result
