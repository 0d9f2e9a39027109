"""Home-page items of the knowledge app: the CCHC office's queue (staff questions to answer, documents awaiting
province-wide publication)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.org import access


def items(user) -> list[dict]:
    if not access.edits_all(user):
        return []
    from .models import Question
    from .services import publication_queue

    out = []
    url = reverse("knowledge:office")
    questions = Question.objects.filter(status=Question.Status.OPEN).count()
    if questions:
        out.append({"label": _("Câu hỏi của cán bộ chờ Phòng CCHC trả lời"), "url": url + "#questions",
                    "count": questions, "level": "info"})
    documents = publication_queue().count()
    if documents:
        out.append({"label": _("Tài liệu chờ duyệt công bố toàn tỉnh"), "url": url + "#documents", "count": documents,
                    "level": "info"})
    return out
