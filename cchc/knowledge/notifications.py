"""Notifications sent by the knowledge app (kinds registered at start-up; one-line calls from services)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.notifications import kinds
from cchc.notifications.services import users_notify

ANSWERED = "knowledge.answered"
kinds.register(ANSWERED, gettext_lazy("Câu hỏi đã được trả lời"), app="knowledge")


def question_answered(question) -> int:
    """The CCHC office answered a staff question: tell the person who asked."""
    if not question.asked_by_id:
        return 0
    return len(users_notify([question.asked_by_id], ANSWERED,
                      _("Phòng CCHC đã trả lời câu hỏi: %(q)s") % {"q": question.text[:150]},
                      body=question.answer[:500], url=reverse("knowledge:faq"),
                      key=f"question:{question.pk}:answered:{question.answered_at:%Y%m%d%H%M%S}"))
