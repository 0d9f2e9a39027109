"""Django side of the review state machine (:mod:`cchc.core.review`): an abstract model and two helpers.

``Reviewable`` adds ``review_state``, ``version``, submission, leader-approval and review stamps.
``review_apply`` moves an object through the machine and saves it; every transition is audited (the
django-auditlog entry of the save carries ``additional_data["review"]`` = action, from, to, comment, by).
``save_versioned`` saves edits only when the stored version is still the one the client read (atomic
compare-and-set), so two people editing the same object never overwrite each other silently.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core import review


class Reviewable(models.Model):
    class ReviewState(models.TextChoices):
        DRAFT = review.DRAFT, _("Nháp")
        LEADER_REVIEW = review.LEADER_REVIEW, _("Chờ lãnh đạo duyệt")
        SUBMITTED = review.SUBMITTED, _("Đã gửi")
        ACCEPTED = review.ACCEPTED, _("Đã chấp nhận")
        RETURNED = review.RETURNED, _("Bị trả lại")

    review_state = models.CharField(_("trạng thái duyệt"), max_length=20, choices=ReviewState.choices,
                                    default=review.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("người gửi"))
    approved_at = models.DateTimeField(_("lãnh đạo duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("lãnh đạo duyệt"))
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("người duyệt"))
    review_comment = models.TextField(_("ý kiến của người duyệt"), blank=True)

    class Meta:
        abstract = True

    def review_flags(self, *, can_edit: bool, can_review: bool, can_lead: bool = False) -> dict[str, bool]:
        return review.flags(self.review_state, can_edit=can_edit, can_review=can_review, can_lead=can_lead)

    def get_additional_data(self):
        """Read by django-auditlog: the transition being saved (None for plain edits)."""
        event = getattr(self, "_review_event", None)
        return {"review": event} if event else None


def save_versioned(obj: Reviewable, *, expected_version: int | None) -> None:
    """Save ``obj`` if the stored version equals ``expected_version`` (then bump it); else VersionConflict."""
    with transaction.atomic():
        model = type(obj)
        if expected_version is None:
            expected_version = obj.version
        updated = model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
        if not updated:
            current = model.objects.filter(pk=obj.pk).values_list("version", flat=True).first() or 0
            raise review.VersionConflict(int(expected_version), int(current))
        obj.version = int(expected_version) + 1
        obj.save()


@contextmanager
def _actor_context(user):
    """Attribute the audit entry to ``user``; the audit context of the request (if any) is restored after, so
    later saves in the same request keep their actor and address."""
    from auditlog.context import auditlog_value

    from cchc.core.audit import actor

    outer = auditlog_value.get(None)
    try:
        with actor(user):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def review_apply(obj: Reviewable, action: str, *, user, can_edit: bool, can_review: bool, can_lead: bool = False,
                 leader_step: bool = False, comment: str = "", expected_version: int | None = None) -> str:
    """Apply ``action`` (submit/approve/accept/return/reopen) and save with the version check; returns the
    new state. The save is audited with who, when, from → to and the comment."""
    source = obj.review_state
    target = review.next_state(source, action, can_edit=can_edit, can_review=can_review, can_lead=can_lead,
                               leader_step=leader_step, comment=comment)
    now = timezone.now()
    comment = (comment or "").strip()
    if action == review.SUBMIT:
        obj.submitted_at, obj.submitted_by = now, user
        obj.approved_at, obj.approved_by = None, None
    elif action == review.APPROVE:
        obj.approved_at, obj.approved_by = now, user
        obj.review_comment = comment
    else:
        obj.reviewed_at, obj.reviewed_by = now, user
        obj.review_comment = comment
    obj.review_state = target
    obj._review_event = {"action": action, "from": source, "to": target, "comment": comment,
                         "by": getattr(user, "pk", None), "by_name": getattr(user, "username", ""),
                         "at": now.isoformat()}
    try:
        with _actor_context(user):
            save_versioned(obj, expected_version=expected_version)
    finally:
        obj._review_event = None
    return target


def transitions_of(obj: Reviewable) -> list[dict]:
    """The audited transitions of ``obj``, oldest first: {action, from, to, comment, by_name, at (datetime)}."""
    from cchc.core.audit import entries_for_object

    out = []
    for e in entries_for_object(obj).order_by("timestamp", "pk"):
        data = (e.additional_data or {}).get("review") if isinstance(e.additional_data, dict) else None
        if data:
            out.append({**data, "at": e.timestamp, "actor": e.actor,
                        "from_label": review.state_label(data.get("from")),
                        "to_label": review.state_label(data.get("to"))})
    return out
