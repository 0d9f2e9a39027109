"""Writes of the knowledge base: adding documents, (re)indexing passages, questions, FAQ, feedback."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import jobs
from cchc.core.errors import CodedError
from cchc.core.intake import IntakeError, read_document
from cchc.core.vntext import clean_spaces, fold_key, nfc

from . import notifications as knowledge_notifications
from .analysis import analyze
from .metadata import guess_metadata, number_key
from .models import Document, DocumentKind, Feedback, IndexStat, Passage, QueryLog, Question, TermStat
from .ranking import term_weight
from .splitting import split_passages

MAX_TEXT_CHARS = 5_000_000
CHUNK = 500


# ---------------------------------------------------------------- reading files
def upload_text_read(data: bytes, filename: str) -> str:
    """Text of an uploaded file (docx/pdf/txt/md/html through core.intake; xlsx tables here).

    Raises IntakeError with a Vietnamese message for empty, scanned, corrupt, huge or unknown files.
    """
    name = filename or _("tệp")
    if data[:4] == b"PK\x03\x04" and filename.lower().endswith((".xlsx", ".xlsm")):
        text = _xlsx_text(data, name)
    else:
        text = read_document(data, filename).text  # a .txt as written: the splitter reads its tables through intake
    text = nfc(text)
    if len(text) > MAX_TEXT_CHARS:
        raise IntakeError("too_long", _("Tệp %(name)s có hơn %(max)s ký tự văn bản; hãy tách thành nhiều tệp.")
                          % {"name": name, "max": f"{MAX_TEXT_CHARS:,}"})
    if len(clean_spaces(text)) < 20:
        raise IntakeError("no_text", _("Tệp %(name)s không có nội dung văn bản (có thể là bản quét chưa nhận dạng chữ).")
                          % {"name": name})
    return text


def _xlsx_text(data: bytes, name: str) -> str:
    from cchc.core.excel import ExcelError, all_sheet_rows

    try:
        sheets = all_sheet_rows(data, name, active_first=False)
    except ExcelError as exc:
        raise IntakeError(exc.code, exc.message) from exc
    out: list[str] = []
    for title, rows in sheets:
        out.append(f"PHỤ LỤC {title.upper()}")
        for row in rows:
            cells = ["" if v is None else clean_spaces(str(v)).replace("\t", " ") for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if not any(cells):
                out.append("")
                continue
            cells += [""] * max(0, 3 - len(cells))
            out.append("\t".join(cells))
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- documents
def text_fingerprint(text: str) -> str:
    """Hash of the normalised extracted text (NFC, case-folded, whitespace collapsed): the same document saved
    again, converted to another format or re-typed with other line breaks has the same fingerprint."""
    return hashlib.sha256(" ".join(nfc(text or "").casefold().split()).encode("utf-8")).hexdigest()


def _is_office(user) -> bool:
    """``user=None`` is the command line (the system), which manages every document like the office."""
    if user is None:
        return True
    from cchc.org.access import edits_all

    return edits_all(user)


def user_can_edit_document(user, doc: Document) -> bool:
    if _is_office(user):
        return True
    from cchc.org.access import can_edit_unit

    return doc.unit_id is not None and can_edit_unit(user, doc.unit)


def _same_document(user, *, source_key: str, file_hash: str, text_hash: str, meta: dict) -> Document | None:
    """The stored document this upload is another copy or a new version of, among those ``user`` may read:
    same source (command line path), same file or same text; or, for a changed text, the same number, kind and
    date of issue in a document ``user`` may edit."""
    from .selectors import documents_visible

    pool = Document.objects.all() if user is None else documents_visible(user)
    pool = pool.exclude(kind=DocumentKind.FAQ)
    if source_key:
        doc = pool.filter(source_key=source_key).first()
        if doc is not None:
            return doc
    same = list(pool.filter(Q(text_hash=text_hash) | Q(file_hash=file_hash)).order_by("pk"))
    if same:  # prefer one the user may update, then the oldest
        return next((d for d in same if user_can_edit_document(user, d)), same[0])
    key = number_key(meta.get("number") or "")
    if key and meta.get("issued_on"):
        for doc in pool.filter(number_key=key, kind=meta.get("kind"), issued_on=meta["issued_on"]).order_by("pk"):
            if user_can_edit_document(user, doc):
                return doc
    return None


def document_add(*, user=None, data: bytes, filename: str, unit=None, status: str = Document.Status.PUBLISHED,
                 overrides: dict | None = None, source_key: str = "", index: bool = True) -> Document:
    """Store a document (metadata guessed from the text, ``overrides`` win) and index it as a job.

    The same document added again (same source, same file or same normalised text — or a changed text with the
    same number, kind and date) is not stored twice: an identical text changes nothing (``doc.outcome ==
    "unchanged"``, no re-indexing), a changed text updates the document in place as a new ``revision`` and
    re-indexes it (its old passages are replaced). Someone else's document is never modified.

    ``status=published`` from the office (or the command line) publishes province-wide at once; from a unit it
    keeps the document visible to the unit and asks the CCHC office to publish it (review_state "submitted").
    """
    from cchc.core import review

    text = upload_text_read(data, filename)
    meta = guess_metadata(text, filename)
    values = {"title": meta.title[:500] or filename, "number": meta.number, "kind": meta.kind,
              "issuer": meta.issuer, "issued_on": meta.issued_on, "area": meta.area}
    values.update({k: v for k, v in (overrides or {}).items() if v not in (None, "")})
    if values["kind"] not in DocumentKind.values:
        values["kind"] = DocumentKind.OTHER
    file_hash = hashlib.sha256(data or b"").hexdigest()
    text_hash = text_fingerprint(text)
    office = _is_office(user)
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        doc = _same_document(user, source_key=source_key, file_hash=file_hash, text_hash=text_hash, meta=values)
        if doc is not None and (doc.text_hash == text_hash or not user_can_edit_document(user, doc)):
            if doc.text_hash != text_hash:  # a changed copy of a document the user may not edit: their own
                doc = None
            else:
                doc.outcome = "unchanged"
                if user_can_edit_document(user, doc) and not doc.file_hash:
                    Document.objects.filter(pk=doc.pk).update(file_hash=file_hash)
                return doc
        outcome = "created" if doc is None else "revised"
        if doc is None:
            doc = Document(source_key=source_key, created_by=actor, unit=unit)
        else:
            doc.revision += 1
        for k, v in values.items():
            setattr(doc, k, v)
        doc.number_key = number_key(doc.number)
        doc.original_name = filename[:255]
        doc.text = text
        doc.text_hash, doc.file_hash = text_hash, file_hash
        doc.index_state = Document.IndexState.PENDING
        now = timezone.now()
        if status == Document.Status.PUBLISHED and office:
            doc.status, doc.review_state = Document.Status.PUBLISHED, review.ACCEPTED
            doc.reviewed_at, doc.reviewed_by = now, actor
        elif status == Document.Status.PUBLISHED:
            # a unit's document: visible to the unit now, province-wide once the office accepts it
            doc.status, doc.review_state = Document.Status.DRAFT, review.SUBMITTED
            doc.submitted_at, doc.submitted_by = now, actor
        else:
            doc.status = Document.Status.DRAFT
            if doc.review_state in (review.SUBMITTED, review.ACCEPTED):
                doc.review_state = review.DRAFT
        doc.version += 1 if doc.pk else 0
        doc.save()
        if data and len(data) <= 30 * 1024 * 1024:
            doc.file.save(filename.rsplit("/", 1)[-1][:100], ContentFile(data), save=True)
    if index:
        jobs.enqueue("knowledge.index_document", user=user, document_id=doc.pk)
        doc.refresh_from_db()
    doc.outcome = outcome
    return doc


def duplicates_merge(*, apply: bool = False) -> list[tuple[Document, list[int]]]:
    """Documents stored more than once before duplicates were recognised: same normalised text, same reach
    (published, or the same owner unit's). Returns [(kept, [duplicate ids])]; with ``apply`` the duplicates'
    references (course materials) move to the kept document (the oldest) and the duplicates are deleted with
    their passages and postings."""
    from collections import defaultdict

    for doc in Document.objects.filter(text_hash="").only("pk", "text").iterator():
        Document.objects.filter(pk=doc.pk).update(text_hash=text_fingerprint(doc.text))
    groups: dict[tuple, list[Document]] = defaultdict(list)
    for doc in Document.objects.exclude(kind=DocumentKind.FAQ).order_by("pk"):
        reach = None if doc.status == Document.Status.PUBLISHED else doc.unit_id
        groups[(doc.text_hash, doc.status, reach)].append(doc)
    out = [(docs[0], [d.pk for d in docs[1:]]) for docs in groups.values() if len(docs) > 1]
    if apply:
        from cchc.capacity.models import Material

        with transaction.atomic():
            for kept, dupes in out:
                Material.objects.filter(document_id__in=dupes).update(document=kept)
                for doc in Document.objects.filter(pk__in=dupes):
                    document_delete(document=doc)
    return out


class PublicationError(CodedError):
    """A refused publication step (a :class:`cchc.core.errors.CodedError`)."""


PUBLICATION_MESSAGES = {
    "forbidden": gettext_lazy("Chỉ Phòng CCHC (Sở Nội vụ) được duyệt công bố tài liệu toàn tỉnh."),
    "invalid_transition": gettext_lazy("Tài liệu không ở trạng thái cho phép thao tác này."),
    "comment_required": gettext_lazy("Khi trả lại đề nghị công bố phải ghi rõ lý do."),
}


def document_publication(*, user, document: Document, action: str, comment: str = "",
                         expected_version: int | None = None) -> Document:
    """Province-wide publication through the review workflow (core.review): the owner unit asks (submit), the
    CCHC office accepts (the document becomes published) or returns it with a reason; an accepted document can be
    withdrawn by the office (reopen: back to the unit only)."""
    from cchc.core import review
    from cchc.core.reviewable import review_apply

    can_edit, can_review = user_can_edit_document(user, document), _is_office(user)
    if action == review.SUBMIT and not can_edit:
        raise PublicationError("forbidden", _("Bạn không có quyền đề nghị công bố tài liệu của đơn vị khác."))
    try:
        with transaction.atomic():
            review_apply(document, action, user=user, can_edit=can_edit, can_review=can_review, comment=comment,
                         expected_version=expected_version)
            document.status = Document.Status.PUBLISHED if document.review_state == review.ACCEPTED \
                else Document.Status.DRAFT
            document.save(update_fields=["status"])
    except review.VersionConflict as exc:
        raise PublicationError("version_conflict", _("Tài liệu vừa được người khác thay đổi; hãy tải lại trang.")) \
            from exc
    except review.TransitionError as exc:
        raise PublicationError(exc.code, str(PUBLICATION_MESSAGES.get(exc.code, exc.message))) from exc
    return document


def publication_queue():
    from cchc.core import review

    return Document.objects.filter(review_state=review.SUBMITTED).select_related("unit", "submitted_by") \
        .order_by("submitted_at", "pk")


def document_delete(*, document: Document) -> None:
    with transaction.atomic():
        _remove_passages(list(document.passages.values_list("id", flat=True)))
        document.delete()


def _stat_row() -> IndexStat:
    stat = IndexStat.objects.select_for_update().filter(pk=1).first()
    return stat or IndexStat.objects.create(pk=1)


def _remove_passages(passage_ids: list[int]) -> None:
    """Delete passages with their postings, keeping document frequencies and totals exact."""
    if not passage_ids:
        return
    stat = _stat_row()
    removed_len = 0
    with connection.cursor() as cur:
        for i in range(0, len(passage_ids), CHUNK):
            ids = passage_ids[i:i + CHUNK]
            marks = ",".join(["%s"] * len(ids))
            cur.execute(f"SELECT term, COUNT(*) FROM knowledge_posting WHERE passage_id IN ({marks}) GROUP BY term", ids)
            counts = cur.fetchall()
            cur.executemany("UPDATE knowledge_termstat SET df = df - %s WHERE term = %s", [(c, t) for t, c in counts])
            cur.execute(f"DELETE FROM knowledge_posting WHERE passage_id IN ({marks})", ids)
        cur.execute("DELETE FROM knowledge_termstat WHERE df <= 0")
    for i in range(0, len(passage_ids), CHUNK):
        qs = Passage.objects.filter(pk__in=passage_ids[i:i + CHUNK])
        removed_len += sum(qs.values_list("length", flat=True))
        qs.delete()
    IndexStat.objects.filter(pk=1).update(passages=max(0, stat.passages - len(passage_ids)),
                                          total_length=max(0, stat.total_length - removed_len))


def document_index(document: Document, *, progress: Callable[[int, int, str], None] | None = None,
                   avgdl: float | None = None, parts: list | None = None) -> int:
    """(Re)build a document's passages and postings in one transaction. Returns the passage count.

    ``parts`` (objects with heading_text, text, kind) replaces the splitter (used by the benchmark).
    """
    with transaction.atomic():
        _remove_passages(list(document.passages.values_list("id", flat=True)))
        parts = split_passages(document.text) if parts is None else parts
        title = document.title or ""
        analysed = [analyze(f"{title}\n{p.heading_text}\n{p.text}") for p in parts]
        stat = _stat_row()
        n = stat.passages + len(parts)
        total = stat.total_length + sum(dl for _, dl in analysed)
        avgdl = avgdl or (total / n if n else 1.0)
        objs = Passage.objects.bulk_create([
            Passage(document=document, ordinal=i, heading=p.heading_text[:2000], kind=p.kind, text=p.text, length=dl)
            for i, (p, (_, dl)) in enumerate(zip(parts, analysed, strict=True))], batch_size=CHUNK)
        df: Counter = Counter()
        rows = []
        for obj, (tf, dl) in zip(objs, analysed, strict=True):
            for term, c in tf.items():
                term = term[:120]
                rows.append((term, obj.pk, term_weight(c, dl, avgdl)))
                df[term] += 1
        with connection.cursor() as cur:
            for i in range(0, len(rows), 20000):
                cur.executemany("INSERT INTO knowledge_posting (term, passage_id, weight) VALUES (%s, %s, %s)",
                                rows[i:i + 20000])
                if progress:
                    progress(min(i + 20000, len(rows)), len(rows),
                             _("Đã ghi %(count)s mục chỉ mục") % {"count": min(i + 20000, len(rows))})
            cur.executemany(
                "INSERT INTO knowledge_termstat (term, df) VALUES (%s, %s) "
                "ON CONFLICT (term) DO UPDATE SET df = knowledge_termstat.df + excluded.df",
                list(df.items()))
        IndexStat.objects.filter(pk=1).update(passages=n, total_length=total)
        Document.objects.filter(pk=document.pk).update(index_state=Document.IndexState.INDEXED, index_error="",
                                                       passage_count=len(objs))
    return len(objs)


def index_rebuild(*, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Re-index every document (weights recomputed with the final average passage length)."""
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("DELETE FROM knowledge_posting")
        TermStat.objects.all().delete()
        Passage.objects.all().delete()
        IndexStat.objects.update_or_create(pk=1, defaults={"passages": 0, "total_length": 0})
        docs = list(Document.objects.order_by("pk"))
        # two passes so that every weight uses the same average length
        total = n = 0
        for d in docs:
            for p in split_passages(d.text):
                _, dl = analyze(f"{d.title}\n{p.heading_text}\n{p.text}")
                total += dl
                n += 1
        count = 0
        for i, d in enumerate(docs):
            count += document_index(d, avgdl=total / n if n else 1.0)
            if progress:
                progress(i + 1, len(docs), d.title[:80])
        return count


@jobs.task("knowledge.index_document")
def _index_job(job, document_id: int):
    doc = Document.objects.filter(pk=document_id).first()
    if doc is None:
        raise jobs.JobError(_("Tài liệu không còn tồn tại."))
    job.progress(0, 1, _("Đang tách đoạn và lập chỉ mục"))
    try:
        count = document_index(doc, progress=lambda d, t, m: job.progress(d, t, m))
    except Exception as exc:
        Document.objects.filter(pk=document_id).update(index_state=Document.IndexState.FAILED,
                                                       index_error=f"{type(exc).__name__}: {exc}"[:1000])
        raise
    return {"document_id": document_id, "passages": count}


@jobs.task("knowledge.rebuild_index")
def _rebuild_job(job):
    return {"passages": index_rebuild(progress=lambda d, t, m: job.progress(d, t, m))}


# ---------------------------------------------------------------- questions and FAQ
QUESTION_MAX_CHARS = 2000


def question_too_long_message(length: int) -> str:
    def vi(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    return _("Câu hỏi quá dài: %(n)s ký tự, tối đa %(limit)s ký tự. Hãy rút gọn câu hỏi (có thể gửi phần chi tiết "
             "trong câu hỏi tiếp theo).") % {"n": vi(length), "limit": vi(QUESTION_MAX_CHARS)}


def question_ask(*, user, text: str, topic: str = "general", unit=None) -> Question:
    text = clean_spaces(nfc(text or ""))
    if not text:
        raise ValueError(_("Câu hỏi trống."))
    if len(text) > QUESTION_MAX_CHARS:
        raise ValueError(question_too_long_message(len(text)))
    if unit is None and getattr(user, "is_authenticated", False):
        from cchc.org.access import primary_unit

        unit = primary_unit(user)
    return Question.objects.create(text=text, topic=topic, unit=unit,
                                   asked_by=user if getattr(user, "is_authenticated", False) else None)


def question_answer(*, user, question: Question, answer: str, publish: bool = True) -> Question:
    """The CCHC office answers; a published answer becomes a FAQ document and is searchable."""
    answer = nfc(answer).strip()
    if not answer:
        raise ValueError(_("Nội dung trả lời trống."))
    with transaction.atomic():
        question.answer = answer
        question.answered_by = user
        question.answered_at = timezone.now()
        question.status = Question.Status.PUBLISHED if publish else Question.Status.ANSWERED
        if publish:
            text = f"HỎI ĐÁP\n\nCâu hỏi: {question.text}\n\nTrả lời: {answer}\n"
            doc = question.faq_document or Document(source_key=f"faq:{question.pk}")
            doc.title = question.text[:500]
            doc.kind = DocumentKind.FAQ
            doc.area = question.topic
            doc.issuer = "Phòng CCHC - Sở Nội vụ"
            doc.original_name = f"hoi-dap-{question.pk}.txt"
            doc.status = Document.Status.PUBLISHED
            doc.text = text
            doc.save()
            question.faq_document = doc
        question.save()
        knowledge_notifications.question_answered(question)
    if publish:
        jobs.enqueue("knowledge.index_document", user=user, document_id=question.faq_document_id)
    return question


def feedback_record(*, user, helpful: bool, question: Question | None = None, passage: Passage | None = None,
                    query: str = "") -> Feedback:
    with transaction.atomic():
        fb = Feedback.objects.create(user=user, helpful=helpful, question=question, passage=passage,
                                     query=clean_spaces(query)[:500])
        if question is not None:
            field = "helpful" if helpful else "not_helpful"
            Question.objects.filter(pk=question.pk).update(**{field: F(field) + 1})
    return fb


def query_log_add(*, user, result) -> QueryLog | None:
    """Append a question asked to the usage log (what the office's "most asked" reads). Called after the response
    of the search page / the ask API (``cchc.core.deferred``): the one write a GET asks for, documented in
    docs/decisions.md. An empty question is not logged."""
    from cchc.org.access import primary_unit

    if result.query.empty:
        return None
    authed = getattr(user, "is_authenticated", False)
    return QueryLog.objects.create(text=result.query.text[:500], key=fold_key(result.query.text)[:500],
                                   user=user if authed else None, unit=primary_unit(user) if authed else None,
                                   answered=result.answered,
                                   top_passage=result.hits[0].passage if result.hits and result.answered else None)
