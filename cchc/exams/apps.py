from django.utils.translation import gettext_lazy as _

from cchc.core.apps import DomainConfig


class ExamsConfig(DomainConfig):
    name = "cchc.exams"
    label = "exams"
    verbose_name = _("Kiểm tra kiến thức")
    # Attempt: every grade (score/percent/passed) change is audited. AttemptItem is not: answers are saved by a
    # guarded UPDATE (idempotent autosave) and manual mark changes are recorded as GradeChange rows.
    audited = ("Topic", "Question", "QuestionVersion", ("Campaign", {"m2m_fields": {"units"}}), "GradeChange",
               ("Attempt", {"include_fields": ["status", "submitted_at", "score", "max_score", "percent", "passed"]}))
