"""Periodic knowledge tests: question bank (versioned), exam campaigns, attempts with persisted papers.

Design for the province-wide 8:00 start: the paper drawn at start is stored as AttemptItem rows pointing at
immutable QuestionVersion rows, so editing the bank (which only ever adds versions) cannot change a paper in
progress; each answer lives on its AttemptItem and is saved by one conditional UPDATE guarded by a client sequence
number (a retried or out-of-order save is harmless).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Một đáp án")
    MULTIPLE = "multiple", _("Nhiều đáp án")
    TRUEFALSE = "truefalse", _("Đúng/Sai")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Dễ")
    MEDIUM = "medium", _("Trung bình")
    HARD = "hard", _("Khó")


class Topic(models.Model):
    """A CCHC area (root; code = the knowledge base's Area value) or a sub-topic."""

    code = models.CharField(_("mã chủ đề"), max_length=50, unique=True)
    name = models.CharField(_("tên chủ đề"), max_length=255)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("chủ đề cha"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def area(self) -> str:
        """The CCHC area (root topic code)."""
        return self.code.split(".")[0]


class Question(models.Model):
    ref = models.CharField(_("mã câu hỏi"), max_length=255, unique=True,
                           help_text=_("Mã trong tệp nhập (GIFT [id:…] hoặc ::tiêu đề::, cột «Mã câu hỏi»)."))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("chủ đề"))
    kind = models.CharField(_("loại"), max_length=10, choices=QuestionKind.choices)
    difficulty = models.CharField(_("mức độ"), max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    current = models.ForeignKey("QuestionVersion", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("phiên bản hiện hành"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["topic__order", "topic__code", "ref"]
        indexes = [models.Index(fields=["topic", "difficulty", "is_active"])]

    def __str__(self):
        return self.ref


class QuestionVersion(models.Model):
    """Immutable content of a question. Options: [{"id": "a", "text": "...", "correct": true}, ...] with optional
    "feedback" and "weight" (answer fraction in %, partial credit)."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    text = models.TextField(_("nội dung"))
    options = models.JSONField(_("phương án"))
    explanation = models.TextField(_("giải thích"), blank=True)
    source_ref = models.CharField(_("nguồn, căn cứ"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("phiên bản câu hỏi")
        verbose_name_plural = _("phiên bản câu hỏi")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="exams_version_unique")]

    def __str__(self):
        return f"{self.question_id} v{self.number}"

    @property
    def correct_ids(self) -> list[str]:
        return [o["id"] for o in self.options if o.get("correct")]

    @property
    def option_ids(self) -> list[str]:
        return [o["id"] for o in self.options]

    @property
    def weights(self) -> dict[str, float] | None:
        """Explicit answer weights in % (Moodle fractions, e.g. GIFT ``~%50%``), None when the default rule applies."""
        out = {o["id"]: float(o["weight"]) for o in self.options if o.get("weight") is not None}
        return out or None

    def fraction(self, selected) -> float:
        """The share of the mark earned by choosing ``selected`` (see ``cchc.exams.grading``)."""
        from cchc.exams import grading

        return grading.item_fraction(self.kind, self.correct_ids, self.option_ids, selected, self.weights)


class ResultsPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Ngay sau khi nộp bài")
    AFTER_CLOSE = "after_close", _("Sau khi kỳ kiểm tra kết thúc")
    MANUAL = "manual", _("Khi Sở Nội vụ công bố")


class Campaign(models.Model):
    title = models.CharField(_("tên kỳ kiểm tra"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="exam_campaigns",
                                   verbose_name=_("đơn vị dự kiểm tra (gồm đơn vị trực thuộc)"))
    roles = models.JSONField(_("vai trò dự kiểm tra"), default=list, blank=True,
                             help_text=_("Để trống: mọi tài khoản thuộc các đơn vị trên."))
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    duration_minutes = models.PositiveIntegerField(_("thời gian làm bài (phút)"), default=30)
    blueprint = models.JSONField(_("ma trận đề"), default=list,
                                 help_text=_('[{"topic": "procedures", "difficulty": "easy", "count": 3}, ...]'))
    pass_percent = models.FloatField(_("điểm đạt (%)"), default=50.0)
    attempts_allowed = models.PositiveSmallIntegerField(_("số lần làm bài"), default=1)
    results_policy = models.CharField(_("công bố kết quả"), max_length=12, choices=ResultsPolicy.choices,
                                      default=ResultsPolicy.IMMEDIATELY)
    results_published = models.BooleanField(_("đã công bố kết quả"), default=False)
    review_allowed = models.BooleanField(_("cho xem lại bài làm"), default=True)
    shuffle_questions = models.BooleanField(_("đảo thứ tự câu hỏi"), default=True)
    shuffle_options = models.BooleanField(_("đảo thứ tự phương án"), default=True)
    stagger_seconds = models.PositiveIntegerField(_("giãn thời điểm bắt đầu (giây)"), default=0,
                                                  help_text=_("Mỗi người được bắt đầu sau một độ trễ riêng trong "
                                                              "khoảng này, tránh dồn tải lúc mở đề."))
    is_published = models.BooleanField(_("đã phát hành"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ kiểm tra")
        verbose_name_plural = _("kỳ kiểm tra")
        ordering = ["-opens_at"]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def question_count(self) -> int:
        return sum(int(r.get("count", 0)) for r in self.blueprint or [])

    def results_visible(self, now=None) -> bool:
        now = now or timezone.now()
        if self.results_policy == ResultsPolicy.IMMEDIATELY:
            return True
        if self.results_policy == ResultsPolicy.AFTER_CLOSE:
            return now >= self.closes_at or self.results_published
        return self.results_published


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Đang làm bài")
    SUBMITTED = "submitted", _("Đã nộp")
    AUTO_SUBMITTED = "auto_submitted", _("Tự động nộp khi hết giờ")


class Attempt(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exam_attempts")
    unit = models.ForeignKey("org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị"))
    number = models.PositiveSmallIntegerField(_("lần làm"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS)
    seed = models.BigIntegerField(default=0)
    started_at = models.DateTimeField(_("bắt đầu"))
    deadline = models.DateTimeField(_("hạn nộp"))
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    score = models.FloatField(_("điểm"), null=True, blank=True)
    max_score = models.FloatField(_("điểm tối đa"), null=True, blank=True)
    percent = models.FloatField(_("tỷ lệ điểm (%)"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True, blank=True)
    topic_scores = models.JSONField(default=dict, blank=True)  # {topic_id: [score, max]} by CCHC area
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bài làm")
        verbose_name_plural = _("bài làm")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user", "number"], name="exams_attempt_number_unique"),
            models.UniqueConstraint(fields=["campaign", "user"], condition=Q(status="in_progress"),
                                    name="exams_one_open_attempt"),
        ]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.user} — {self.campaign} (lần {self.number})"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    def remaining_seconds(self, now=None) -> int:
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class AttemptItem(models.Model):
    """One slot of a paper: the question version drawn, the displayed option order and the saved answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempt_items")
    area = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")  # root topic, for per-area scores
    option_order = models.JSONField(default=list)
    n_options = models.PositiveSmallIntegerField(default=0)  # ids are "a".. in order: lets the save's WHERE check them
    multi = models.BooleanField(default=False)  # several options may be chosen
    selected = models.JSONField(default=list)
    seq = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    mark = models.FloatField(null=True, blank=True)
    max_mark = models.FloatField(default=1.0)

    class Meta:
        verbose_name = _("câu trong bài làm")
        verbose_name_plural = _("câu trong bài làm")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="exams_item_position_unique")]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


class GradeChange(models.Model):
    """A manual change of one item's mark (the automatic grades are reproducible from the answers)."""

    item = models.ForeignKey(AttemptItem, on_delete=models.CASCADE, related_name="grade_changes")
    old_mark = models.FloatField(null=True)
    new_mark = models.FloatField()
    reason = models.CharField(_("lý do"), max_length=500)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điều chỉnh điểm")
        verbose_name_plural = _("điều chỉnh điểm")

    def __str__(self):
        return f"{self.item_id}: {self.old_mark} → {self.new_mark}"
