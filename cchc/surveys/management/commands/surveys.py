"""`cchc surveys templates` — install the shipped questionnaires (SIPAS service, staff survey) if missing."""

from __future__ import annotations

from cchc.core.management.base import ActionCommand


class Command(ActionCommand):
    help = "Khảo sát sự hài lòng: templates (cài các bộ câu hỏi mẫu nếu chưa có; chạy lại không sao)"

    def do_templates(self, opts):
        """Cài bộ câu hỏi SIPAS và phiếu khảo sát cán bộ, công chức (nếu chưa có)"""
        from django.utils import timezone

        from cchc.surveys import models as m
        from cchc.surveys.loading import install_templates

        created = install_templates(m.Questionnaire, m.QuestionnaireVersion, m.Section, m.Item, now=timezone.now())
        self.stdout.write(f"Đã cài {len(created)} bộ câu hỏi: {', '.join(created) or 'không có (đã có sẵn)'}.")
