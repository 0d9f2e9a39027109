"""Knowledge base: documents, passages, the BM25 postings index, staff questions, FAQ and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core import models as core_models
from cchc.core.reviewable import Reviewable

from .metadata import KINDS


class DocumentKind(models.TextChoices):
    LAW = "law", _("Luật")
    DECREE = "decree", _("Nghị định")
    DECISION = "decision", _("Quyết định")
    PLAN = "plan", _("Kế hoạch")
    SCHEME = "scheme", _("Đề án")
    CIRCULAR = "circular", _("Thông tư")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    REPORT = "report", _("Báo cáo")
    LECTURE = "lecture", _("Bài giảng")
    FAQ = "faq", _("Hỏi đáp (FAQ)")
    GUIDE = "guide", _("Hướng dẫn")
    OTHER = "other", _("Khác")


assert {c.value for c in DocumentKind} == set(KINDS), "DocumentKind and metadata.KINDS must agree"


Area = core_models.Area  # the one vocabulary (cchc.core.areas, GLOSSARY.md)


class Document(Reviewable):
    """A document of the library. ``status`` is who reads it: the owner unit's scope (draft) or the whole province
    (published). Province-wide publication of a unit's upload goes through the review workflow (``review_state``:
    submitted → accepted by the CCHC office, or returned with a reason); the office publishes directly.
    ``file_hash``/``text_hash`` recognise the same document added again (``revision`` counts text changes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nội bộ đơn vị (chỉ đơn vị sở hữu xem)")
        PUBLISHED = "published", _("Công bố toàn tỉnh")

    class Validity(models.TextChoices):
        EFFECTIVE = "effective", _("Còn hiệu lực")
        EXPIRED = "expired", _("Hết hiệu lực")
        UNKNOWN = "unknown", _("Chưa xác định")

    class IndexState(models.TextChoices):
        PENDING = "pending", _("Chờ lập chỉ mục")
        INDEXED = "indexed", _("Đã lập chỉ mục")
        FAILED = "failed", _("Lỗi")

    title = models.CharField(_("tiêu đề"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    validity = models.CharField(_("hiệu lực"), max_length=10, choices=Validity.choices, default=Validity.UNKNOWN)
    area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("đơn vị sở hữu"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="kb_documents")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    source_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    file = models.FileField(_("tệp"), upload_to="kb/%Y/%m/", blank=True)
    text = models.TextField(blank=True, editable=False)
    index_state = models.CharField(max_length=10, choices=IndexState.choices, default=IndexState.PENDING)
    index_error = models.TextField(blank=True)
    passage_count = models.PositiveIntegerField(default=0)
    file_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    text_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    revision = models.PositiveIntegerField(_("lần cập nhật nội dung"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-issued_on", "-created_at"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def citation(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title


class Passage(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    ordinal = models.PositiveIntegerField()
    heading = models.TextField(blank=True)  # heading path joined with " › "
    kind = models.CharField(max_length=8, default="text")  # text | row
    text = models.TextField()
    length = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("đoạn tài liệu")
        verbose_name_plural = _("đoạn tài liệu")
        ordering = ["document_id", "ordinal"]
        indexes = [models.Index(fields=["document", "ordinal"])]

    def __str__(self):
        return f"{self.document_id}#{self.ordinal}"


class Posting(models.Model):
    """One row of the BM25 postings table: (term, passage) -> tf-part of the BM25 weight.

    The table is created by migration 0002 with a storage layout per database (SQLite: a clustered
    WITHOUT ROWID table keyed on (term, passage_id); PostgreSQL: a heap with a covering index
    (term) INCLUDE (passage_id, weight)); Django only reads it through raw SQL in ``search.py``.
    """

    pk = models.CompositePrimaryKey("term", "passage")
    term = models.CharField(max_length=120)
    passage = models.ForeignKey(Passage, on_delete=models.DO_NOTHING, db_constraint=False)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("mục chỉ mục tìm kiếm")
        managed = False
        db_table = "knowledge_posting"

    def __str__(self):
        return f"{self.term}@{self.passage_id}"


class TermStat(models.Model):
    term = models.CharField(max_length=120, primary_key=True)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("thống kê từ")
        verbose_name_plural = _("thống kê từ")

    def __str__(self):
        return f"{self.term} ({self.df})"


class IndexStat(models.Model):
    """Single row (pk=1): number of passages and their total length (BM25 N and avgdl)."""

    passages = models.PositiveIntegerField(default=0)
    total_length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("thống kê chỉ mục")
        verbose_name_plural = _("thống kê chỉ mục")

    def __str__(self):
        return f"{self.passages} đoạn"


class Question(models.Model):
    """A question from staff; unanswered ones queue to the CCHC office, answers can become FAQ."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ trả lời")
        ANSWERED = "answered", _("Đã trả lời")
        PUBLISHED = "published", _("Đã đưa vào hỏi đáp (FAQ)")

    text = models.TextField(_("câu hỏi"))
    topic = models.CharField(_("chủ đề"), max_length=20, choices=Area.choices, default=Area.GENERAL)
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("đơn vị hỏi"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="kb_questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="kb_questions")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    faq_document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="faq_question")
    helpful = models.PositiveIntegerField(default=0)
    not_helpful = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:80]


class QueryLog(models.Model):
    """Every question asked through Q&A (for "most asked" and "unanswered topics")."""

    text = models.CharField(max_length=500)
    key = models.CharField(max_length=500, db_index=True)  # folded, for grouping
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    unit = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered = models.BooleanField(default=False)
    top_passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt hỏi")
        verbose_name_plural = _("lượt hỏi")

    def __str__(self):
        return self.text[:80]


class Feedback(models.Model):
    """A user's "helpful / not helpful" mark on an answer (a passage answer or a FAQ answer)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=500, blank=True)
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("góp ý về câu trả lời")
        verbose_name_plural = _("góp ý về câu trả lời")

    def __str__(self):
        return f"{'+' if self.helpful else '-'} {self.query[:60]}"
