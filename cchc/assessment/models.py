"""The yearly CCHC index: frameworks (bộ tiêu chí) per year and unit kind, a round per framework, each unit's
self-assessment and its scores per criterion. Scoring logic is pure (:mod:`cchc.assessment.scoring`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.assessment import scoring
from cchc.core.evidence import EvidenceFile
from cchc.core.reviewable import Reviewable
from cchc.org.models import OrgUnit, UnitKind


class IndexKind(models.TextChoices):
    """Which units a framework scores; ``org_kinds`` maps to the org tree's unit kinds."""

    SO = "so", _("Sở, ban, ngành")
    XA = "xa", _("UBND xã, phường, đặc khu")
    HUYEN = "huyen", _("UBND cấp huyện (đến 30/6/2025)")
    TINH = "tinh", _("Cấp tỉnh (Chỉ số CCHC của Bộ Nội vụ)")


ORG_KINDS = {
    IndexKind.SO: (UnitKind.DEPARTMENT,),
    IndexKind.XA: (UnitKind.COMMUNE,),
    IndexKind.HUYEN: (UnitKind.DISTRICT,),
    IndexKind.TINH: (UnitKind.PROVINCE,),
}


def default_bands():
    return [{"label": label, "min": str(low)} for label, low in scoring.DEFAULT_BANDS]


class Framework(models.Model):
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    unit_kind = models.CharField(_("đối tượng"), max_length=8, choices=IndexKind.choices)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=500)
    decision = models.CharField(_("quyết định ban hành"), max_length=255, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    bands = models.JSONField(_("mức xếp loại"), default=default_bands, blank=True)
    locked = models.BooleanField(_("đã khóa"), default=False)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies",
                                    verbose_name=_("sao chép từ"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí chỉ số CCHC")
        ordering = ["-year", "unit_kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "unit_kind", "version"], name="assess_fw_unique")]

    def __str__(self):
        return f"{self.title} ({self.year}, v{self.version})"


class Criterion(models.Model):
    class Kind(models.TextChoices):
        NORMAL = scoring.NORMAL, _("Tiêu chí")
        BONUS = scoring.BONUS, _("Điểm thưởng")
        PENALTY = scoring.PENALTY, _("Điểm trừ")

    class Rule(models.TextChoices):
        TIMELINESS = scoring.TIMELINESS, _("Theo thời hạn")
        BANDS = scoring.BANDS, _("Theo khung tỷ lệ %")
        BINARY = scoring.BINARY, _("Đạt / không đạt")
        LINEAR = scoring.LINEAR, _("Tỷ lệ so với chỉ tiêu")
        COUNT = scoring.COUNT, _("Theo số lượng")
        SURVEY = scoring.SURVEY, _("Điều tra xã hội học")
        MANUAL = scoring.MANUAL, _("Chấm trực tiếp")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("STT"), max_length=30)
    title = models.TextField(_("lĩnh vực/tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=3)
    rule_type = models.CharField(_("cách chấm"), max_length=12, choices=Rule.choices, blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    measure = models.CharField(_("số liệu tự động"), max_length=80, blank=True)
    evidence_required = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.NORMAL)
    survey = models.BooleanField(_("chấm bằng điều tra xã hội học"), default=False)
    is_leaf = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="assess_crit_unique")]

    def __str__(self):
        return f"{self.code}. {self.title[:80]}"

    @property
    def depth(self) -> int:
        return self.code.count(".")


class Round(models.Model):
    """The office opens a round of self-assessment for one framework with a deadline."""

    framework = models.OneToOneField(Framework, on_delete=models.PROTECT, related_name="round")
    deadline = models.DateTimeField(_("hạn gửi tự đánh giá"))
    closed = models.BooleanField(_("đã đóng"), default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decision = models.CharField(_("quyết định phê duyệt kết quả"), max_length=255, blank=True)
    published_results = models.JSONField(_("kết quả đã công bố"), default=list, blank=True, editable=False)
    objections_until = models.DateTimeField(_("hạn gửi kiến nghị về điểm thẩm định"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")

    def __str__(self):
        return f"{self.framework}"


class SelfAssessment(Reviewable):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    prefilled_at = models.DateTimeField(_("điền số liệu lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tự đánh giá chỉ số CCHC")
        verbose_name_plural = _("báo cáo tự đánh giá chỉ số CCHC")
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="assess_sa_unique")]

    def __str__(self):
        return f"{self.unit} — {self.round.framework.year}"


class Score(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    prefill_points = models.DecimalField(_("điểm gợi ý từ số liệu"), max_digits=7, decimal_places=3, null=True,
                                         blank=True)
    prefill = models.JSONField(_("số liệu"), default=dict, blank=True)  # value, formula, rows, measure
    self_points = models.DecimalField(_("điểm tự đánh giá"), max_digits=7, decimal_places=3, null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    evidence_text = models.TextField(_("tài liệu kiểm chứng (số, ký hiệu, ngày, trích yếu)"), blank=True)
    not_applicable = models.BooleanField(_("không áp dụng"), default=False)
    appraised_points = models.DecimalField(_("điểm thẩm định"), max_digits=7, decimal_places=3, null=True,
                                           blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    survey_points = models.DecimalField(_("điểm điều tra xã hội học"), max_digits=7, decimal_places=3, null=True,
                                        blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="assess_score_unique")]

    def __str__(self):
        return f"{self.assessment} — {self.criterion.code}"


def score_evidence_path(instance, filename):
    return f"assessment/evidence/{instance.score.assessment_id}/{instance.score_id}/{filename}"


class ScoreEvidence(EvidenceFile):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=score_evidence_path)


class Council(models.Model):
    """The appraisal council (Hội đồng thẩm định) of one round: members re-score the criteria assigned to them;
    the chair locks the final scores."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="council")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("chủ tịch hội đồng"))
    locked_at = models.DateTimeField(_("chốt điểm lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng thẩm định")
        verbose_name_plural = _("hội đồng thẩm định")

    def __str__(self):
        return f"{self.round}"


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+", verbose_name=_("tiêu chí được giao"))

    class Meta:
        verbose_name = _("thành viên hội đồng thẩm định")
        verbose_name_plural = _("thành viên hội đồng thẩm định")
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="assess_member_unique")]

    def __str__(self):
        return f"{self.user} — {self.council}"


class MemberScore(models.Model):
    """One member's appraisal of one unit's criterion (compared side by side with the other members')."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="member_scores")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("điểm thẩm định"), max_digits=7, decimal_places=3)
    reason = models.TextField(_("lý do"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm thẩm định của thành viên")
        verbose_name_plural = _("điểm thẩm định của thành viên")
        constraints = [models.UniqueConstraint(fields=["score", "member"], name="assess_memberscore_unique")]

    def __str__(self):
        return f"{self.member} — {self.score}"


class Objection(models.Model):
    """A unit's objection to the appraised score of one criterion (one per criterion), answered by the office."""

    score = models.OneToOneField(Score, on_delete=models.CASCADE, related_name="objection")
    text = models.TextField(_("nội dung kiến nghị"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    points_before = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    points_after = models.DecimalField(_("điểm sau khi xem xét"), max_digits=7, decimal_places=3, null=True,
                                       blank=True)

    class Meta:
        verbose_name = _("kiến nghị về điểm thẩm định")
        verbose_name_plural = _("kiến nghị về điểm thẩm định")

    def __str__(self):
        return f"{self.score}"


class ExternalResult(models.Model):
    """One published result of the province in an external index (PAR INDEX, SIPAS, PAPI, PCI, DTI, 766) for a
    year: the overall index (``component`` blank) or one of its components, with the rank among the provinces, the
    national average and the best province where the publication gives them (cchc.assessment.external_rows)."""

    class Index(models.TextChoices):
        PAR = "par", "PAR INDEX"
        SIPAS = "sipas", "SIPAS"
        PAPI = "papi", "PAPI"
        PCI = "pci", "PCI"
        DTI = "dti", "DTI"
        SERVICE_766 = "766", _("Bộ chỉ số 766")

    index = models.CharField(_("chỉ số"), max_length=8, choices=Index.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.CharField(_("tỉnh"), max_length=120)
    component = models.CharField(_("chỉ số thành phần"), max_length=200, blank=True)
    value = models.DecimalField(_("điểm"), max_digits=9, decimal_places=3)
    max_value = models.DecimalField(_("điểm tối đa"), max_digits=9, decimal_places=3, null=True, blank=True)
    percent = models.BooleanField(_("là tỷ lệ %"), default=False)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("số tỉnh xếp hạng"), null=True, blank=True)
    national_average = models.DecimalField(_("trung bình cả nước"), max_digits=9, decimal_places=3, null=True,
                                           blank=True)
    best_value = models.DecimalField(_("cao nhất"), max_digits=9, decimal_places=3, null=True, blank=True)
    best_province = models.CharField(_("tỉnh cao nhất"), max_length=120, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả chỉ số bên ngoài")
        verbose_name_plural = _("kết quả chỉ số bên ngoài")
        ordering = ["index", "province", "component", "year"]
        constraints = [models.UniqueConstraint(fields=["index", "year", "province", "component"],
                                               name="assess_external_unique")]

    def __str__(self):
        return f"{self.get_index_display()} {self.year} {self.province} {self.component}".strip()
