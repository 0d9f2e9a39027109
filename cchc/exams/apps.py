from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "cchc.exams"
    label = "exams"
    verbose_name = _("Kiểm tra kiến thức")

    def ready(self):
        from cchc.core import audit
        from cchc.exams import models as m

        # Attempt: every grade (score/percent/passed) change is audited. AttemptItem is not: answers are saved
        # by a guarded UPDATE (idempotent autosave) and manual mark changes are recorded as GradeChange rows.
        for model in (m.Topic, m.Question, m.QuestionVersion, m.Campaign, m.GradeChange):
            audit.register(model)
        audit.register(m.Attempt, include_fields=["status", "submitted_at", "score", "max_score", "percent",
                                                  "passed"])
