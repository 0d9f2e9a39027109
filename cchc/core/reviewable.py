"""Django side of the review state machine (:mod:`cchc.core.review`): an abstract model and two helpers.

``Reviewable`` adds ``review_state``, ``version``, submission and review stamps. ``review_apply`` moves
an object through the machine and saves it (audited); ``save_versioned`` saves edits only when the
stored version is still the one the client read (atomic compare-and-set), so two people editing the same
object never overwrite each other silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core import review


class Reviewable(models.Model):
    class ReviewState(models.TextChoices):
        DRAFT = review.DRAFT, _("Nháp")
        SUBMITTED = review.SUBMITTED, _("Đã gửi")
        ACCEPTED = review.ACCEPTED, _("Đã chấp nhận")
        RETURNED = review.RETURNED, _("Bị trả lại")

    review_state = models.CharField(_("trạng thái duyệt"), max_length=10, choices=ReviewState.choices,
                                    default=review.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("người gửi"))
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("người duyệt"))
    review_comment = models.TextField(_("ý kiến của người duyệt"), blank=True)

    class Meta:
        abstract = True

    def review_flags(self, *, can_edit: bool, can_review: bool) -> dict[str, bool]:
        return review.flags(self.review_state, can_edit=can_edit, can_review=can_review)


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


def review_apply(obj: Reviewable, action: str, *, user, can_edit: bool, can_review: bool, comment: str = "",
                 expected_version: int | None = None) -> str:
    """Apply ``action`` (submit/accept/return/reopen) and save with the version check; returns the new state."""
    target = review.next_state(obj.review_state, action, can_edit=can_edit, can_review=can_review,
                               comment=comment)
    now = timezone.now()
    if action == review.SUBMIT:
        obj.submitted_at, obj.submitted_by = now, user
    else:
        obj.reviewed_at, obj.reviewed_by = now, user
        obj.review_comment = (comment or "").strip()
    obj.review_state = target
    save_versioned(obj, expected_version=expected_version)
    return target
