"""Plain question data shared by the importers/exporters (pure Python, no Django).

A question read from a file (GIFT, Aiken, Excel) becomes a ``QuestionData``; a problem with one line/row becomes
a ``LineError`` carrying the place (line or row, optional column) and a Vietnamese message. Importers never raise:
they return ``ParseResult(questions, errors)`` and the caller imports nothing when ``errors`` is not empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def normalise(self) -> QuestionData:
        self.text = nfc(self.text).strip()
        self.title = clean_spaces(self.title)
        self.topic = clean_spaces(self.topic)
        self.explanation = nfc(self.explanation).strip()
        self.source_ref = clean_spaces(self.source_ref)
        self.ref = clean_spaces(self.ref)
        for o in self.options:
            o.text = nfc(o.text).strip()
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
        n_correct = len(self.correct_indexes())
        if self.kind == TRUEFALSE:
            if len(self.options) != 2 or n_correct != 1:
                out.append("Câu Đúng/Sai phải có đúng 2 phương án và 1 đáp án đúng.")
        else:
            if len(self.options) < 2:
                out.append("Cần ít nhất 2 phương án trả lời.")
            if any(not o.text for o in self.options):
                out.append("Có phương án trả lời để trống.")
            texts = [fold_key(o.text) for o in self.options]
            if len(set(texts)) != len(texts):
                out.append("Có hai phương án trả lời trùng nhau.")
            if n_correct == 0:
                out.append("Chưa có đáp án đúng.")
            elif self.kind == SINGLE and n_correct > 1:
                out.append("Câu một đáp án nhưng có nhiều đáp án đúng.")
        return out


def truefalse_options(answer: bool) -> list[Option]:
    return [Option(TRUE_TEXT, answer), Option(FALSE_TEXT, not answer)]


@dataclass
class LineError:
    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"dòng {self.line}" + (f", cột {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ParseResult:
    questions: list[QuestionData] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.questions)


def finish(result: ParseResult) -> ParseResult:
    """Validate every parsed question, turning its problems into line errors."""
    for q in result.questions:
        q.normalise()
        for msg in q.problems():
            result.errors.append(LineError(q.line, msg))
    if not result.questions and not result.errors:
        result.errors.append(LineError(0, "Tệp không có câu hỏi nào."))
    result.errors.sort(key=lambda e: e.line)
    return result
