"""`cchc surveys templates` — install the shipped questionnaires (SIPAS service, staff survey) if missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Khảo sát sự hài lòng: templates (cài các bộ câu hỏi mẫu nếu chưa có; chạy lại không sao)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("templates", help="Cài bộ câu hỏi SIPAS và phiếu khảo sát cán bộ, công chức (nếu chưa có)")

    def handle(self, *args, **opts):
        from django.utils import timezone

        from cchc.surveys import models as m
        from cchc.surveys.loading import install_templates

        created = install_templates(m.Questionnaire, m.QuestionnaireVersion, m.Section, m.Item, now=timezone.now())
        self.stdout.write(f"Đã cài {len(created)} bộ câu hỏi: {', '.join(created) or 'không có (đã có sẵn)'}.")
