"""Satisfaction surveys: questionnaires with locked published versions, rounds per unit and quarter, one-time codes,
anonymous responses (no user, no IP, no code link), paper double entry, kiosk sessions, imports.

Anonymity: a :class:`Response` has no link to a person, an account, an address, a code or a kiosk token; codes
are stored as keyed hashes only and marked used by a guarded UPDATE (no audit row, which would hold the
citizen's address). The staff's writes (rounds, code batches, kiosk sessions, paper entries, imports) are audited.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.org.models import OrgUnit
from cchc.surveys import stats


class Questionnaire(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Hài lòng về dịch vụ hành chính công (SIPAS)")
        POLICY = "policy", _("Hài lòng về chính sách")
        STAFF = "staff", _("Khảo sát cán bộ, công chức (ĐTXHH)")
        OTHER = "other", _("Khác")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    title = models.CharField(_("tên bộ câu hỏi"), max_length=300)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ câu hỏi")
        verbose_name_plural = _("bộ câu hỏi")
        ordering = ["title"]

    def __str__(self):
        return self.title


class LockedError(ValidationError):
    pass


def _locked_message():
    return _("Phiên bản đã công bố không được sửa: hãy tạo phiên bản mới.")


class QuestionnaireVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    scale_labels = models.JSONField(_("nhãn thang 5 mức"), default=list, blank=True)
    # the editable method (defaults = the working assumption of stats.py; ❌ where the official text is unconfirmed)
    satisfied_min = models.PositiveSmallIntegerField(_("điểm tối thiểu được tính là hài lòng"),
                                                     default=stats.DEFAULT_METHOD.satisfied_min)
    min_share = models.FloatField(_("tỷ lệ khảo sát tối thiểu (0–1)"), default=stats.DEFAULT_METHOD.min_share)
    min_count = models.PositiveIntegerField(_("số phiếu tối thiểu"), default=stats.DEFAULT_METHOD.min_count)
    method_note = models.TextField(_("cách tính"), blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bộ câu hỏi")
        verbose_name_plural = _("phiên bản bộ câu hỏi")
        ordering = ["questionnaire", "-number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="surveys_version_unique")]

    def __str__(self):
        return f"{self.questionnaire} – v{self.number}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def method(self) -> stats.Method:
        return stats.Method(satisfied_min=self.satisfied_min, min_share=self.min_share, min_count=self.min_count)

    def save(self, *args, **kwargs):
        if self.pk:
            old = QuestionnaireVersion.objects.filter(pk=self.pk).values(
                "status", "satisfied_min", "min_share", "min_count", "intro", "method_note", "scale_labels").first()
            if old and old["status"] == self.Status.PUBLISHED and any(
                    getattr(self, k) != v for k, v in old.items()):
                raise LockedError(_locked_message())
        super().save(*args, **kwargs)


class _LockedByVersion(models.Model):
    """Sections and items of a published version cannot be changed or deleted (also through the admin)."""

    class Meta:
        abstract = True

    def _version(self) -> QuestionnaireVersion:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self._version().is_locked:
            raise LockedError(_locked_message())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version().is_locked:
            raise LockedError(_locked_message())
        return super().delete(*args, **kwargs)


class Section(_LockedByVersion):
    """A part of the form; for SIPAS one of the five elements, whose ``weight`` is its points in the index."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("mã"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    weight = models.FloatField(_("điểm tối đa trong chỉ số"), default=0)

    class Meta:
        verbose_name = _("phần (yếu tố)")
        verbose_name_plural = _("phần (yếu tố)")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="surveys_section_code")]

    def __str__(self):
        return self.title

    def _version(self):
        return self.version


class Item(_LockedByVersion):
    class Kind(models.TextChoices):
        LIKERT5 = "likert5", _("Thang 5 mức")
        SINGLE = "single", _("Chọn một")
        MULTIPLE = "multiple", _("Chọn nhiều")
        TEXT = "text", _("Trả lời tự do")

    class Measure(models.TextChoices):
        SATISFACTION = "satisfaction", _("Sự hài lòng")
        PERCEPTION = "perception", _("Nhận định")
        EXPECTATION = "expectation", _("Sự mong đợi")
        INFO = "info", _("Thông tin chung")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("mã"), max_length=40)
    text = models.TextField(_("câu hỏi"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.LIKERT5)
    measure = models.CharField(_("đo"), max_length=12, choices=Measure.choices, default=Measure.SATISFACTION)
    choices = models.JSONField(_("phương án"), default=list, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=False)
    condition_item = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="dependents", verbose_name=_("chỉ hỏi khi câu"))
    condition_values = models.JSONField(_("có trả lời"), default=list, blank=True)

    class Meta:
        verbose_name = _("câu hỏi khảo sát")
        verbose_name_plural = _("câu hỏi khảo sát")
        ordering = ["section__order", "order"]

    def __str__(self):
        return self.text[:80]

    def _version(self):
        return self.section.version

    @property
    def scored(self) -> bool:
        return self.kind == self.Kind.LIKERT5 and self.measure == self.Measure.SATISFACTION


class Round(models.Model):
    """One survey of one unit's desk (citizens) or staff in one quarter (or a whole year when quarter is empty)."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="rounds",
                                verbose_name=_("bộ câu hỏi"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    title = models.CharField(_("tên đợt"), max_length=300, blank=True)
    quota = models.PositiveIntegerField(_("số phiếu dự kiến"), null=True, blank=True)
    population = models.PositiveIntegerField(_("tổng số hồ sơ đã giải quyết (hoặc số CBCC)"), null=True, blank=True)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt khảo sát")
        verbose_name_plural = _("đợt khảo sát")
        ordering = ["-year", "-quarter", "unit__name"]

    def __str__(self):
        return self.title or f"{self.unit} {self.period_label}"

    @property
    def period_code(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def period_label(self) -> str:
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
        return f"Quý {roman[self.quarter]}/{self.year}" if self.quarter else f"Năm {self.year}"

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at


class CodeBatch(models.Model):
    """A batch of one-time codes printed for a desk; the codes themselves are shown once, stored hashed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="batches")
    count = models.PositiveIntegerField(_("số mã"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lô mã khảo sát")
        verbose_name_plural = _("lô mã khảo sát")

    def __str__(self):
        return f"{self.count} mã – {self.round}"


class ResponseCode(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    batch = models.ForeignKey(CodeBatch, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    draft = models.JSONField(default=dict, blank=True)  # answers saved before submitting (cleared on submit)

    class Meta:
        verbose_name = _("mã khảo sát")
        verbose_name_plural = _("mã khảo sát")

    def __str__(self):
        return f"mã #{self.pk}"


class KioskSession(models.Model):
    """A desk tablet taking one answer after another for one round, started by staff (token in the URL)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="kiosks")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("vị trí đặt máy"), max_length=200, blank=True)
    min_interval_seconds = models.PositiveIntegerField(_("thời gian tối thiểu giữa hai phiếu (giây)"), default=20)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(_("kết thúc lúc"))
    stopped_at = models.DateTimeField(_("đã dừng lúc"), null=True, blank=True)
    last_submit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("máy khảo sát tại quầy")
        verbose_name_plural = _("máy khảo sát tại quầy")

    def __str__(self):
        return self.label or f"máy #{self.pk}"


class ImportBatch(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(_("tên tệp"), max_length=255)
    rows = models.PositiveIntegerField(_("số phiếu"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập phiếu từ Excel")
        verbose_name_plural = _("lần nhập phiếu từ Excel")

    def __str__(self):
        return self.filename


class Response(models.Model):
    class Channel(models.TextChoices):
        CODE = "code", _("Mã/QR")
        KIOSK = "kiosk", _("Máy tại quầy")
        PAPER = "paper", _("Phiếu giấy")
        IMPORT = "import", _("Nhập từ Excel")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(_("hình thức"), max_length=8, choices=Channel.choices)
    submitted_on = models.DateField(_("ngày trả lời"))  # a date only: a time could be matched to a desk visit
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="responses")

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")

    def __str__(self):
        return f"phiếu #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)  # Likert 1..5
    choices = models.JSONField(default=list, blank=True)  # single/multiple: chosen option texts
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="surveys_answer_unique")]

    def __str__(self):
        return f"{self.item_id}: {self.value or self.choices or self.text[:40]}"


class PaperEntry(models.Model):
    """One staff keying of a paper form; two entries of the same form number that match create the response."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ nhập lần hai")
        MATCHED = "matched", _("Khớp, đã tính")
        MISMATCH = "mismatch", _("Không khớp")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="paper_entries")
    form_number = models.CharField(_("số phiếu"), max_length=40)
    payload = models.JSONField(_("câu trả lời"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu giấy đã nhập")
        verbose_name_plural = _("phiếu giấy đã nhập")
        ordering = ["round", "form_number", "created_at"]

    def __str__(self):
        return f"phiếu giấy số {self.form_number}"
