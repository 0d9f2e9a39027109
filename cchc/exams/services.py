"""Writes of the exams app: question bank (versioned), imports, attempts (start, autosave, submit), grading."""

from __future__ import annotations

import random
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.import_report import ImportReport as BaseImportReport
from cchc.core.vntext import clean_spaces, fold_key
from cchc.exams import grading, paper, qdata
from cchc.exams.models import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    Campaign,
    GradeChange,
    Question,
    QuestionVersion,
    Topic,
)
from cchc.exams.qdata import MULTIPLE, LineError, Option, ParseResult, QuestionData, option_key
from cchc.exams.selectors import (  # noqa: F401 - read-time rules, re-exported for the app's callers
    GRACE_SECONDS,
    attempt_as_of,
    attempt_grade_apply,
    attempt_grade_in_memory,
    attempt_is_overdue,
    campaign_eligible_unit,
    deadline_cutoff,
    time_up,
)


class ExamError(CodedError):
    """A refused exam action: a :class:`cchc.core.errors.CodedError` (message first, as the exam code writes it;
    the HTTP status comes from the code's entry in ``cchc.core.errors.HTTP_STATUS``)."""

    def __init__(self, message: str, code: str, status: int | None = None, **extra):
        super().__init__(code, message, status=status, **extra)


# --------------------------------------------------------------------------- topics & bank

def topics_ensure(specs) -> dict[str, Topic]:
    """Create the topics ``[(code, name, parent_code)]`` when missing; returns code -> Topic."""
    out = {t.code: t for t in Topic.objects.all()}
    for order, (code, name, parent) in enumerate(specs):
        if code not in out:
            out[code] = Topic.objects.create(code=code, name=name, parent=out.get(parent) if parent else None,
                                             order=order)
    return out


def topic_resolve(text: str, topics: list[Topic] | None = None) -> Topic | None:
    """A topic by code or by name (diacritic-insensitive)."""
    key = fold_key(text)
    if not key:
        return None
    topics = topics if topics is not None else list(Topic.objects.all())
    for t in topics:
        if fold_key(t.code) == key:
            return t
    for t in topics:
        if fold_key(t.name) == key:
            return t
    return None


def topic_label(topic: Topic, topics: list[Topic]) -> str:
    """How a blueprint line names ``topic``: its name as the question bank shows it; the code when the name cannot be
    read back (another topic has the same name, or it holds the ";" that separates the parts of a line)."""
    key = fold_key(topic.name)
    if ";" in topic.name or not key or any(t.pk != topic.pk and key in (fold_key(t.name), fold_key(t.code))
                                           for t in topics):
        return topic.code
    return topic.name


def difficulty_word(code: str) -> str:
    """A blueprint difficulty code as the word written in the blueprint box ("hard" → "khó"); "" stays ""."""
    from cchc.exams.models import Difficulty

    if not code:
        return ""
    try:
        label = str(Difficulty(code).label)
    except ValueError:
        return code
    return label[:1].lower() + label[1:]


def blueprint_text(blueprint: list[dict], topics: list[Topic] | None = None) -> str:
    """The campaign's blueprint as lines «chủ đề; mức độ; số câu» in words (read back by the campaign form, which
    also accepts the codes)."""
    topics = topics if topics is not None else list(Topic.objects.all())
    by_code = {t.code: t for t in topics}
    lines = []
    for r in blueprint or []:
        code = r.get("topic") or ""
        name = topic_label(by_code[code], topics) if code in by_code else code
        lines.append(f"{name}; {difficulty_word(r.get('difficulty') or '')}; {r.get('count')}")
    return "\n".join(lines)


def _options_json(options: list[Option]) -> list[dict]:
    out = []
    for i, o in enumerate(options):
        item = {"id": chr(ord("a") + i), "text": o.text, "correct": bool(o.correct)}
        if o.feedback:
            item["feedback"] = o.feedback  # per-answer feedback (GIFT "#…")
        if o.weight is not None:
            item["weight"] = o.weight  # partial credit (GIFT "~%50%…")
        out.append(item)
    return out


def _option_tuples(options: list[dict]) -> list[tuple]:
    return [(o["text"], bool(o["correct"]), o.get("feedback", ""), o.get("weight")) for o in options]


def _content(v: QuestionVersion | None) -> tuple:
    if v is None:
        return ()
    return (v.topic_id, v.kind, v.difficulty, v.text, _option_tuples(v.options), v.explanation, v.source_ref)


def question_save_outcome(data: QuestionData, topic: Topic, question: Question | None) -> str:
    """What ``question_save`` would do, without writing: "created", "versioned" or "unchanged". Carries the
    current version's per-answer feedback over to ``data`` when ``data`` has none (see ``question_save``)."""
    if question is None:
        return "created"
    current = question.current
    if current is not None and not any(o.feedback for o in data.options):
        old = {option_key(o["text"]): o.get("feedback", "") for o in current.options}
        for o in data.options:
            o.feedback = old.get(option_key(o.text), "")
    if current is not None and all(o.weight is None for o in data.options) and current.weights:
        # partial-credit weights (GIFT) survive an edit or a re-import that cannot express them, as long as the
        # options and the right answers are the same
        old_w = {(option_key(o["text"]), bool(o["correct"])): o.get("weight") for o in current.options}
        if len(old_w) == len(data.options) and all((option_key(o.text), bool(o.correct)) in old_w
                                                   for o in data.options):
            for o in data.options:
                o.weight = old_w[(option_key(o.text), bool(o.correct))]
    new = (topic.pk, data.kind, data.difficulty, data.text, _option_tuples(_options_json(data.options)),
           data.explanation, data.source_ref)
    if current is not None and _content(current) == new and question.is_active:
        return "unchanged"
    return "versioned"


def question_save(data: QuestionData, *, topic: Topic, user=None, question: Question | None = None) -> tuple[
        Question, str]:
    """Create a question or add a new version to it (editing never changes an existing version).

    Returns (question, outcome) with outcome "created", "versioned" or "unchanged". Per-answer feedback: when
    ``data`` carries none (the edit form, Aiken and Excel cannot express it), the feedback of the current version's
    options with the same text is kept, so editing or re-importing never erases it.
    """
    data.normalise()
    problems = data.problems()
    if problems:
        raise ExamError(" ".join(problems), "invalid_question")
    if question is None and data.ref:
        question = Question.objects.filter(ref=data.ref).first()
    outcome = question_save_outcome(data, topic, question)
    if outcome == "unchanged":
        return question, outcome
    options = _options_json(data.options)
    with transaction.atomic():
        if question is None:
            question = Question.objects.create(ref=data.ref or f"TMP-{secrets.token_hex(6)}", topic=topic,
                                               kind=data.kind, difficulty=data.difficulty)
            if not data.ref:
                question.ref = f"Q{question.pk:05d}"
                question.save(update_fields=["ref"])
        number = 1 if outcome == "created" else (question.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = QuestionVersion.objects.create(
            question=question, number=number, topic=topic, kind=data.kind, difficulty=data.difficulty,
            text=data.text, options=options, explanation=data.explanation, source_ref=data.source_ref,
            created_by=user if getattr(user, "is_authenticated", False) else None)
        question.current = version
        question.topic = topic
        question.kind = data.kind
        question.difficulty = data.difficulty
        question.is_active = True
        question.save()
    return question, outcome


def question_deactivate(question: Question) -> None:
    """Withdraw a question from future papers (papers already drawn keep it)."""
    question.is_active = False
    question.save(update_fields=["is_active", "updated_at"])


IMPORT_ALL_OR_NOTHING = "all_or_nothing"  # any refused question: nothing is written
IMPORT_VALID = "valid"                    # the valid questions are written, the refused ones listed
IMPORT_PREVIEW = "preview"                # nothing is written; the report says what each mode would do
IMPORT_MODES = (IMPORT_ALL_OR_NOTHING, IMPORT_VALID, IMPORT_PREVIEW)
CODE_MAX = 255


@dataclass
class ImportItem:
    line: int
    code: str
    text: str
    outcome: str  # created | versioned | unchanged | duplicate


@dataclass
class ImportReport(BaseImportReport):
    """The question bank's import report: the importers' one type (cchc.core.import_report) with the outcome of
    every question. ``errors``: refused questions and whole-file problems (LineError); ``warnings``: notes on
    imported questions."""

    versioned: int = 0
    duplicates: int = 0
    items: list[ImportItem] = field(default_factory=list)     # one per valid question, in file order
    mode: str = IMPORT_ALL_OR_NOTHING
    fmt: str = ""
    written: bool = False                                     # something was saved

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def valid(self) -> int:
        return len(self.items)

    @property
    def refused_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors if e.line})

    @property
    def file_errors(self) -> list[LineError]:
        return [e for e in self.errors if not e.line]

    def by_outcome(self, outcome: str) -> list[ImportItem]:
        return [i for i in self.items if i.outcome == outcome]


def _content_key(text: str, options) -> tuple:
    return (text.strip(), tuple(sorted(option_key(o) for o in options)))


def questions_import(result: ParseResult, *, user=None, default_topic: Topic | None = None,
                     mode: str = IMPORT_ALL_OR_NOTHING) -> ImportReport:
    """Import parsed questions.

    ``mode``: ``IMPORT_ALL_OR_NOTHING`` (any refused question — parse error, unknown topic without a default,
    repeated code — and nothing is written), ``IMPORT_VALID`` (the valid questions are written, the refused ones
    listed with their line) or ``IMPORT_PREVIEW`` (nothing written, the report tells what would happen).

    The question code is the file's id (GIFT ``[id:…]``, Excel "Mã câu hỏi", Aiken ``MÃ:``) or else the GIFT
    ``::title::``: a question whose code exists gets a new version (or is reported unchanged). A question without a
    code matches an existing one with the same text and the same options (answer key aside), so re-importing an
    Aiken file reports its questions unchanged instead of duplicating them. A topic the bank does not have falls
    back to ``default_topic`` with a warning.
    """
    if mode not in IMPORT_MODES:
        raise ValueError(mode)
    if user is not None:  # the bank is province-wide: only the CCHC office imports (``user=None``: command line)
        from cchc.org import access

        access.require_office(user, _("Chỉ Sở Nội vụ được nhập câu hỏi vào ngân hàng."))
    report = ImportReport(errors=list(result.errors), warnings=list(result.warnings), mode=mode, fmt=result.fmt)
    topics = list(Topic.objects.all())
    resolved: list[tuple[QuestionData, Topic]] = []
    fallback: dict[str, list[int]] = {}
    for q in result.questions:
        topic = topic_resolve(q.topic, topics) if q.topic else default_topic
        if topic is None and q.topic and default_topic is not None:
            fallback.setdefault(q.topic, []).append(q.line)
            topic = default_topic
        if topic is None:
            report.errors.append(LineError(q.line, _("Không có chủ đề «%(topic)s» trong ngân hàng câu hỏi (chọn chủ "
                                                     "đề mặc định khi nhập để dùng chủ đề đó).") % {"topic": q.topic}
                                           if q.topic else _("Thiếu chủ đề (chọn chủ đề mặc định khi nhập).")))
            continue
        resolved.append((q, topic))
    for name, lines in fallback.items():
        report.warnings.append(LineError(lines[0], _("Không có chủ đề «%(topic)s» trong ngân hàng câu hỏi — "
                                                     "%(count)s câu dùng chủ đề mặc định «%(default)s».")
                                         % {"topic": name, "count": len(lines), "default": default_topic.name}))
    # question codes: the explicit id, else the title (when it is unique in the file)
    explicit = [clean_spaces(q.ref) for q, _ in resolved if q.ref]
    titles = [clean_spaces(q.title) for q, _ in resolved if not q.ref and q.title]
    repeated_titles: dict[str, list[int]] = {}
    kept: list[tuple[QuestionData, Topic]] = []
    for q, topic in resolved:
        code = clean_spaces(q.ref)
        if code and explicit.count(code) > 1:
            report.errors.append(LineError(q.line, _("Mã câu hỏi «%(code)s» lặp lại trong tệp.") % {"code": code}))
            continue
        if not code and q.title:
            title = clean_spaces(q.title)
            if titles.count(title) > 1 or title in explicit:
                repeated_titles.setdefault(title, []).append(q.line)
            elif len(title) > CODE_MAX:
                report.warnings.append(LineError(q.line, _("Tiêu đề dài hơn %(max)s ký tự — không dùng làm mã câu "
                                                           "hỏi.") % {"max": CODE_MAX}))
            else:
                code = title
        if len(code) > CODE_MAX:
            report.errors.append(LineError(q.line, _("Mã câu hỏi dài hơn %(max)s ký tự.") % {"max": CODE_MAX}))
            continue
        q.ref = code
        kept.append((q, topic))
    for title, lines in repeated_titles.items():
        report.warnings.append(LineError(lines[0], _("Tiêu đề «%(title)s» lặp lại trong tệp (dòng %(lines)s) — không "
                                                     "dùng làm mã câu hỏi; các câu này được so khớp theo nội dung.")
                                         % {"title": title, "lines": ", ".join(map(str, lines))}))
    if not result.questions and not report.errors:
        report.errors.append(LineError(0, _("Tệp không có câu hỏi nào.")))
    report.errors.sort(key=lambda e: e.line)
    report.warnings.sort(key=lambda e: e.line)
    if report.errors and mode == IMPORT_ALL_OR_NOTHING:
        return report
    try:
        with transaction.atomic(), audit.actor(user):
            _write_questions(kept, report, user, dry=mode == IMPORT_PREVIEW)
            report.written = mode != IMPORT_PREVIEW and report.created + report.versioned > 0
    except ExamError as exc:  # a question the parser let through but the bank refuses: nothing written
        report.errors.append(LineError(0, exc.message))
        report.items.clear()
        report.created = report.versioned = report.unchanged = report.duplicates = 0
        report.written = False
    return report


def _write_questions(kept: list[tuple[QuestionData, Topic]], report: ImportReport, user, *, dry: bool) -> None:
    """Save (or with ``dry`` only classify) each question: its code or, without one, its content finds the
    question it updates."""
    codes = sorted({d.ref for d, _ in kept if d.ref})
    texts = sorted({d.text for d, _ in kept if not d.ref})
    by_code: dict[str, Question] = {}
    by_content: dict[tuple, Question] = {}
    for i in range(0, len(codes), 500):  # chunks: SQLite limits the parameters of one query
        by_code.update((q.ref, q) for q in Question.objects.filter(ref__in=codes[i:i + 500]).select_related("current"))
    for i in range(0, len(texts), 500):
        for v in QuestionVersion.objects.filter(text__in=texts[i:i + 500]).select_related("question"):
            if v.question.current_id == v.pk:
                by_content.setdefault(_content_key(v.text, [o["text"] for o in v.options]), v.question)
    seen: dict[tuple, int] = {}
    for data, topic in kept:
        key = _content_key(data.text, [o.text for o in data.options])
        if not data.ref and key in seen:
            report.duplicates += 1
            report.items.append(ImportItem(data.line, "", data.text, "duplicate"))
            report.warnings.append(LineError(data.line, _("Câu hỏi trùng nội dung với câu ở dòng %(line)s — bỏ qua.")
                                             % {"line": seen[key]}))
            continue
        seen.setdefault(key, data.line)
        existing = by_code.get(data.ref) if data.ref else by_content.get(key)
        if dry:
            outcome = question_save_outcome(data, topic, existing)
            code = existing.ref if existing is not None else data.ref
        else:
            question, outcome = question_save(data, topic=topic, user=user, question=existing)
            code = question.ref
            if not data.ref:
                by_content[key] = question
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.items.append(ImportItem(data.line, code, data.text, outcome))


def questions_import_file(data: bytes, filename: str = "", *, fmt: str = "auto", user=None, default_topic: Topic | None = None,
                mode: str = IMPORT_ALL_OR_NOTHING) -> ImportReport:
    """Read a question-bank file (format detected from its content unless ``fmt`` says) and import it."""
    parsed = qdata.read_bank(data, filename, fmt=fmt)
    return questions_import(parsed, user=user, default_topic=default_topic, mode=mode)


def question_data(question: Question, version: QuestionVersion | None = None) -> QuestionData:
    v = version or question.current
    return QuestionData(text=v.text, kind=v.kind, options=[Option(o["text"], bool(o["correct"]), o.get("feedback", ""),
                                                                  o.get("weight")) for o in v.options],
                        topic=v.topic.code, difficulty=v.difficulty, explanation=v.explanation,
                        source_ref=v.source_ref, ref=question.ref)


def questions_export(qs, *, topic_names: bool = False) -> list[QuestionData]:
    """The questions as data; ``topic_names``: each topic as people read it (its name, see :func:`topic_label`) rather
    than its code — for the Excel sheet, whose "Chủ đề" column showed "direction"; the import reads either back."""
    qs = qs.filter(current__isnull=False).select_related("current", "current__topic")
    out = [question_data(q) for q in qs]
    if topic_names:
        topics = list(Topic.objects.all())
        label = {t.code: topic_label(t, topics) for t in topics}
        for q in out:
            q.topic = label.get(q.topic, q.topic)
    return out


# --------------------------------------------------------------------------- papers

_POOL_TTL = 20.0
_pool_cache: dict[tuple, tuple[float, list[paper.PoolItem], list[paper.BlueprintRow]]] = {}
_pool_lock = threading.Lock()


def _topic_tree() -> tuple[dict[int, Topic], dict[str, Topic]]:
    topics = list(Topic.objects.all())
    return {t.pk: t for t in topics}, {t.code: t for t in topics}


def blueprint_rows(campaign: Campaign) -> list[paper.BlueprintRow]:
    _by_id, by_code = _topic_tree()
    rows = []
    for i, row in enumerate(campaign.blueprint or []):
        code = row.get("topic", "")
        topic = by_code.get(code)
        if topic is None:
            raise ExamError(_("Ma trận đề dòng %(row)s: không có chủ đề «%(code)s».") % {"row": i + 1, "code": code},
                            "bad_blueprint")
        ids = frozenset(t.pk for c, t in by_code.items() if c == code or c.startswith(code + "."))
        diff = row.get("difficulty") or None
        count = int(row.get("count", 0))
        label = f"{topic.name}" + (f" ({diff})" if diff else "")
        rows.append(paper.BlueprintRow(ids, diff, count, label))
    return rows


def campaign_pool(campaign: Campaign, *, fresh: bool = False):
    """(pool of current active versions, blueprint rows), cached for a few seconds per process."""
    now = time.monotonic()
    key = (campaign.pk, repr(campaign.blueprint))
    with _pool_lock:
        hit = _pool_cache.get(key)
    if hit and not fresh and hit[0] > now:
        return hit[1], hit[2]
    pool = [paper.PoolItem(qid, vid, tid, diff) for qid, vid, tid, diff in Question.objects.filter(
        is_active=True, current__isnull=False).values_list("pk", "current_id", "current__topic_id",
                                                            "current__difficulty")]
    rows = blueprint_rows(campaign)
    with _pool_lock:
        _pool_cache[key] = (now + _POOL_TTL, pool, rows)
    return pool, rows


CAMPAIGN_FIELDS = ("title", "description", "opens_at", "closes_at", "duration_minutes", "pass_percent",
                   "attempts_allowed", "results_policy", "review_allowed", "shuffle_questions",
                   "shuffle_options", "stagger_seconds", "is_published")


def _campaign_refusal(values: dict, blueprint) -> ExamError | None:
    """The first rule that a campaign's ``values`` (every field of :data:`CAMPAIGN_FIELDS`) and ``blueprint``
    break, else None."""
    if not clean_spaces(values["title"] or ""):
        return ExamError(_("Cần nhập tên kỳ kiểm tra."), "invalid", field="title")
    if values["opens_at"] is None or values["closes_at"] is None:
        return ExamError(_("Cần nhập thời điểm mở và thời điểm đóng."), "invalid",
                         field="opens_at" if values["opens_at"] is None else "closes_at")
    if values["opens_at"] >= values["closes_at"]:
        return ExamError(_("Thời điểm đóng phải sau thời điểm mở."), "invalid", field="closes_at")
    if values["pass_percent"] is None or not 0 <= values["pass_percent"] <= 100:
        return ExamError(_("Điểm đạt phải trong khoảng 0–%(max)s%%.") % {"max": 100}, "invalid",
                         field="pass_percent")
    if not values["duration_minutes"] or values["duration_minutes"] <= 0:
        return ExamError(_("Thời gian làm bài phải lớn hơn 0 phút."), "invalid", field="duration_minutes")
    if not blueprint:
        return ExamError(_("Ma trận đề trống."), "invalid", field="blueprint_text")
    known = set(Topic.objects.values_list("code", flat=True))
    for row in blueprint:
        if row.get("topic") not in known:
            return ExamError(_("Ma trận đề: không có chủ đề «%(c)s».") % {"c": row.get("topic")}, "invalid",
                             field="blueprint_text")
        if not isinstance(row.get("count"), int) or row["count"] <= 0:
            return ExamError(_("Ma trận đề: số câu phải là số nguyên dương."), "invalid",
                             field="blueprint_text")
    return None


def campaign_save(user, *, campaign: Campaign | None = None, units=None, blueprint=None, roles=None,
                  **fields) -> Campaign:
    """Create (``campaign`` None) or change a campaign: the CCHC office's. ``fields`` are among
    :data:`CAMPAIGN_FIELDS` (a field not given keeps its value), ``units`` the units taking it,
    ``blueprint`` ``[{"topic", "difficulty", "count"}]``, ``roles`` the roles taking it (empty: all).

    A refusal is an ExamError (code ``invalid``, ``extra["field"]`` the field at fault) and nothing is
    written. Saved published and still open, its examinees are told once
    (``exams.notifications.campaign_opened``). Audited with ``user`` as actor (units included)."""
    from cchc.exams import notifications
    from cchc.org import access

    access.require_office(user, _("Chỉ Sở Nội vụ được tạo và sửa kỳ kiểm tra."))
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"campaign_save: unknown fields {sorted(unknown)}")
    obj = campaign or Campaign()
    values = {f: fields.get(f, getattr(obj, f)) for f in CAMPAIGN_FIELDS}
    blueprint = list(obj.blueprint if blueprint is None else blueprint)
    refusal = _campaign_refusal(values, blueprint)
    if refusal is not None:
        raise refusal
    with transaction.atomic(), audit.actor(user):
        for f, value in values.items():
            setattr(obj, f, value)
        obj.title = clean_spaces(obj.title)
        obj.blueprint = blueprint
        if roles is not None:
            obj.roles = list(roles)
        if obj.created_by_id is None:
            obj.created_by = user
        obj.save()
        if units is not None:
            obj.units.set(units)
        notifications.campaign_opened(obj)
    return obj


def blueprint_shortages(campaign: Campaign):
    pool, rows = campaign_pool(campaign, fresh=True)
    return paper.check_blueprint(pool, rows)


def attempt_start(user, campaign: Campaign, *, now=None) -> Attempt:
    """Resume the open attempt, or draw and persist a new paper. Refusals raise ExamError."""
    now = now or timezone.now()
    existing = Attempt.objects.filter(campaign=campaign, user=user, status=AttemptStatus.IN_PROGRESS).first()
    if existing is not None:
        if time_up(existing.deadline, now):
            attempt_finalize(existing, auto=True, now=now)
        else:
            return existing
    if not campaign.is_published:
        raise ExamError(_("Kỳ kiểm tra chưa được phát hành."), "not_published")
    if now < campaign.opens_at:
        raise ExamError(_("Kỳ kiểm tra chưa mở."), "not_open", wait_seconds=int((campaign.opens_at - now)
                                                                                      .total_seconds()))
    if now >= campaign.closes_at:
        raise ExamError(_("Kỳ kiểm tra đã đóng."), "closed")
    # checked before any other query: the refusals of a province-wide 8:00 click stay cheap
    offset = paper.stagger_offset(user.pk, campaign.pk, campaign.stagger_seconds)
    start_at = campaign.opens_at + timedelta(seconds=offset)
    if now < start_at:
        wait = int((start_at - now).total_seconds()) + 1
        raise ExamError(_("Để tránh quá tải, lượt bắt đầu của bạn là sau %(seconds)s giây nữa.") % {"seconds": wait},
                        "staggered", wait_seconds=wait)
    unit = campaign_eligible_unit(user, campaign)
    if unit is None:
        raise ExamError(_("Bạn không thuộc đối tượng của kỳ kiểm tra này."), "not_eligible")
    previous = list(Attempt.objects.filter(campaign=campaign, user=user).values_list("pk", flat=True))
    if len(previous) >= campaign.attempts_allowed:
        raise ExamError(_("Bạn đã dùng hết số lần làm bài của kỳ kiểm tra này."), "no_attempts_left")
    seen = set(QuestionVersion.objects.filter(attempt_items__attempt_id__in=previous)
               .values_list("question_id", flat=True)) if previous else set()
    seed = secrets.randbits(48)
    for fresh in (False, True):
        pool, rows = campaign_pool(campaign, fresh=fresh)
        rng = random.Random(seed)
        try:
            drawn = paper.draw_paper(pool, rows, rng, seen, shuffle_order=campaign.shuffle_questions)
        except paper.BlueprintError as exc:
            if fresh:
                raise ExamError(str(exc), "bank_too_small") from exc
            continue
        versions = {v.pk: v for v in QuestionVersion.objects.filter(pk__in=[it.version_id for it, _ in drawn])
                    .only("pk", "kind", "options", "topic_id")}
        if len(versions) == len(drawn):
            break
    by_id, _by_code = _topic_tree()
    deadline = min(now + timedelta(minutes=campaign.duration_minutes), campaign.closes_at)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(campaign=campaign, user=user, unit=unit, number=len(previous) + 1,
                                             seed=seed, started_at=now, deadline=deadline)
            items = []
            for pos, (it, _row) in enumerate(drawn, start=1):
                v = versions[it.version_id]
                ids = [o["id"] for o in v.options]
                order = paper.shuffle_options(ids, rng, keep_order=v.kind == "truefalse" or
                                              not campaign.shuffle_options)
                area = by_id[v.topic_id]
                while area.parent_id:
                    area = by_id[area.parent_id]
                items.append(AttemptItem(attempt=attempt, position=pos, version_id=v.pk, area_id=area.pk,
                                         option_order=order, n_options=len(ids), multi=v.kind == MULTIPLE))
            AttemptItem.objects.bulk_create(items)
    except IntegrityError:
        # a parallel start of the same examinee won the race: resume that one
        existing = Attempt.objects.filter(campaign=campaign, user=user, status=AttemptStatus.IN_PROGRESS).first()
        if existing is None:
            raise ExamError(_("Không bắt đầu được bài làm, vui lòng thử lại."), "conflict") from None
        return existing
    return attempt


def answer_save(user, attempt_id: int, position: int, selected, seq: int, *, now=None) -> dict:
    """Store the answer of one slot. Idempotent: the same (seq, answer) twice is harmless, an older seq is ignored.

    The happy path is one UPDATE whose WHERE clause enforces owner, open status, deadline and freshness.
    """
    now = now or timezone.now()
    if not isinstance(selected, list) or not all(isinstance(x, str) and len(x) == 1 for x in selected) \
            or len(selected) > 26:
        raise ExamError(_("Câu trả lời không hợp lệ."), "bad_answer")
    try:
        seq = int(seq)
        position = int(position)
    except (TypeError, ValueError):
        raise ExamError(_("Thiếu số thứ tự lưu hoặc vị trí câu hỏi."), "bad_request") from None
    if seq <= 0:
        raise ExamError(_("Số thứ tự lưu phải dương."), "bad_request")
    clean = sorted(set(selected))
    highest = max((ord(x) - ord("a") for x in clean), default=-1)
    if clean and (min(ord(x) for x in clean) < ord("a")):
        raise ExamError(_("Phương án chọn không có trong câu hỏi."), "bad_option")
    # One table in the UPDATE, the attempt's conditions in an uncorrelated EXISTS: a filter through the
    # relation makes Django write "id IN (SELECT ... FROM attemptitem JOIN attempt ...)", and PostgreSQL's
    # re-check of a row updated concurrently does not re-run that self-referencing subquery, so a newer save
    # could be dropped. Here "seq < S" is re-evaluated on the row's newest version.
    open_attempt = Attempt.objects.filter(
        pk=attempt_id, user_id=user.pk, status=AttemptStatus.IN_PROGRESS,
        deadline__gt=deadline_cutoff(now),
    )
    qs = AttemptItem.objects.filter(
        Exists(open_attempt), attempt_id=attempt_id, position=position, seq__lt=seq, n_options__gt=highest,
    )
    if len(clean) > 1:
        qs = qs.filter(multi=True)
    if qs.update(selected=clean, seq=seq, answered_at=now):
        return {"ok": True, "seq": seq, "stale": False}
    # refused or stale: find out why (rare path)
    item = AttemptItem.objects.select_related("attempt").filter(attempt_id=attempt_id, position=position).first()
    if item is None or item.attempt.user_id != user.pk:
        if Attempt.objects.filter(pk=attempt_id, user_id=user.pk).exists():
            raise ExamError(_("Câu hỏi này không có trong đề của bạn."), "not_on_paper")
        raise ExamError(_("Không tìm thấy bài làm."), "not_found")
    attempt = item.attempt
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ExamError(_("Bài làm đã nộp, không thể sửa câu trả lời."), "submitted")
    if time_up(attempt.deadline, now):
        attempt_finalize(attempt, auto=True, now=now)
        raise ExamError(_("Đã hết giờ làm bài; bài làm đã được nộp tự động."), "deadline")
    if highest >= item.n_options or (len(clean) > 1 and not item.multi):
        raise ExamError(_("Phương án chọn không có trong câu hỏi."), "bad_option")
    if item.seq >= seq:
        return {"ok": True, "seq": item.seq, "stale": item.seq > seq}
    raise ExamError(_("Không lưu được câu trả lời, vui lòng thử lại."), "conflict")


def attempt_items_grade(attempt: Attempt) -> grading.AttemptGrade:
    items = list(attempt.items.select_related("version"))
    result = attempt_grade_in_memory(attempt, items)
    AttemptItem.objects.bulk_update(items, ["mark"])
    return result


def attempt_finalize(attempt: Attempt, *, auto: bool = False, now=None) -> Attempt:
    """Submit (or auto-submit at the deadline) and grade. Safe to call twice."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("campaign").get(pk=attempt.pk)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return locked
        result = attempt_items_grade(locked)
        locked.status = AttemptStatus.AUTO_SUBMITTED if auto else AttemptStatus.SUBMITTED
        locked.submitted_at = min(now, locked.deadline) if auto else now
        attempt_grade_apply(locked, result, now)
        locked.save()
        from cchc.core import audit

        answers = {str(p): sel for p, sel in locked.items.order_by("position").values_list("position", "selected")}
        audit.record(locked, {"answers": [None, answers]})
    return locked


def attempt_submit(user, attempt_id: int, *, now=None) -> Attempt:
    now = now or timezone.now()
    attempt = Attempt.objects.filter(pk=attempt_id, user_id=user.pk).first()
    if attempt is None:
        raise ExamError(_("Không tìm thấy bài làm."), "not_found")
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return attempt
    # at or after the deadline (the page's timer reaching zero, or a late retry): an automatic submission
    return attempt_finalize(attempt, auto=attempt.deadline <= now, now=now)


def attempts_close_overdue(*, campaign: Campaign | None = None, user=None, now=None) -> int:
    """Auto-submit (and grade) every open attempt whose deadline has passed, optionally only those of one
    campaign or one examinee. Returns how many."""
    now = now or timezone.now()
    qs = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=deadline_cutoff(now))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if user is not None:
        qs = qs.filter(user=user)
    n = 0
    for attempt in qs.iterator():
        attempt_finalize(attempt, auto=True, now=now)
        n += 1
    return n


def campaign_publish_results(*, campaign: Campaign, user) -> Campaign:
    """The office publishes a campaign's results (examinees see them per the campaign's policy). Audited with the
    user as actor (also outside a request)."""
    from cchc.org import access

    access.require_office(user)
    with transaction.atomic(), audit.actor(user):
        campaign.results_published = True
        campaign.save(update_fields=["results_published"])
    return campaign


def campaign_regrade(campaign: Campaign, *, user=None) -> int:
    """Recompute every finished attempt's marks (e.g. after correcting a key) in a few bulk queries.

    Manual marks (GradeChange) are kept. Each attempt whose grade changes is saved individually, so every grade
    change is audited. Returns the number of attempts whose grade changed.
    """
    now = timezone.now()
    attempts = {a.pk: a for a in Attempt.objects.filter(campaign=campaign).exclude(
        status=AttemptStatus.IN_PROGRESS)}
    versions: dict[int, QuestionVersion] = {}
    manual = set(GradeChange.objects.filter(item__attempt__campaign=campaign).values_list("item_id", flat=True))
    per_attempt: dict[int, list[grading.GradedItem]] = {pk: [] for pk in attempts}
    changed_items = []
    items = AttemptItem.objects.filter(attempt_id__in=list(attempts)).only(
        "pk", "attempt_id", "version_id", "area_id", "selected", "mark", "max_mark")
    for it in items.iterator(chunk_size=5000):
        v = versions.get(it.version_id)
        if v is None:
            v = versions[it.version_id] = QuestionVersion.objects.only("kind", "options").get(pk=it.version_id)
        mark = grading.item_mark(it.max_mark, v.kind, v.correct_ids, v.option_ids, it.selected,
                                 current=it.mark, manual=it.pk in manual, weights=v.weights)
        if mark != it.mark:
            it.mark = mark
            changed_items.append(it)
        per_attempt[it.attempt_id].append(grading.GradedItem(it.area_id, mark, it.max_mark))
    n = 0
    with transaction.atomic(), audit.actor(user):
        AttemptItem.objects.bulk_update(changed_items, ["mark"], batch_size=2000)
        for pk, graded in per_attempt.items():
            attempt = attempts[pk]
            result = grading.grade_attempt(graded, campaign.pass_percent)
            if (attempt.score, attempt.passed) != (result.score, result.passed):
                attempt_grade_apply(attempt, result, now)
                attempt.save()
                n += 1
    return n


def mark_change(actor, item: AttemptItem, new_mark: float, reason: str) -> Attempt:
    """Manual grade change of one slot, recorded (GradeChange) and audited (Attempt score change).

    Only the CCHC office (admin, Sở Nội vụ) may change a mark."""
    from django.core.exceptions import PermissionDenied

    from cchc.org import access

    if not access.edits_all(actor):
        raise PermissionDenied(_("Chỉ Sở Nội vụ được điều chỉnh điểm."))
    if not reason or not reason.strip():
        raise ExamError(_("Cần ghi lý do điều chỉnh điểm."), "reason_required")
    if not 0 <= new_mark <= item.max_mark:
        raise ExamError(_("Điểm phải trong khoảng 0–%(max)s.") % {"max": format(item.max_mark, "g")}, "bad_mark")
    attempt = item.attempt
    if attempt.status == AttemptStatus.IN_PROGRESS:
        raise ExamError(_("Bài làm chưa nộp."), "not_submitted")
    with transaction.atomic(), audit.actor(actor):
        GradeChange.objects.create(item=item, old_mark=item.mark, new_mark=new_mark, reason=reason.strip(),
                                   changed_by=actor)
        item.mark = new_mark
        item.save(update_fields=["mark"])
        graded = [grading.GradedItem(i.area_id, i.mark or 0.0, i.max_mark) for i in attempt.items.all()]
        result = grading.grade_attempt(graded, attempt.campaign.pass_percent)
        attempt_grade_apply(attempt, result, timezone.now())
        attempt.save()
    return attempt
