"""Moving a task's due date for one unit and period: the unit asks ("đề nghị gia hạn") with a reason, the CCHC
office agrees (possibly to an earlier date than asked) or refuses with its reason; the office may also move a due
date itself (a decision of the province, say). The occurrence keeps the plan's date in ``original_due_date``; late,
on time and "done late" are read against the moved date from then on. Every step is audited and the unit told."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import audit
from cchc.core.vndates import format_date_short, parse_date_input
from cchc.core.vntext import clean_spaces
from cchc.org import access
from cchc.plans import notifications as plan_notifications
from cchc.plans import occurrences as occ
from cchc.plans import selectors
from cchc.plans.models import DeadlineChange, Occurrence

from .common import PlanError
from .occurrences import timely_days

# a new due date lies at most this far after the current one or today, and at most this far before the current one
# (a typing slip such as 2062 for 2026 is refused)
MAX_MOVE = timedelta(days=366 * 2)


def _reason(text: str, message: str) -> str:
    text = clean_spaces(text or "")
    if not text:
        raise PlanError("reason_required", message)
    return text


def _check_date(o: Occurrence, to_date: date | str | None, *, later: bool) -> date:
    """``to_date`` as given (a date, or the text typed: 30/06/2026, 2026-06-30 …) checked against the occurrence."""
    if isinstance(to_date, str):
        text = to_date.strip()
        try:
            to_date = parse_date_input(text) if text else None
        except ValueError:
            to_date = None
        if text and to_date is None:
            raise PlanError("bad_date", _("Hạn mới “%(v)s” không phải là ngày (dd/mm/yyyy).") % {"v": text})
    if to_date is None:
        raise PlanError("date_required", _("Hãy chọn hạn mới."))
    if later and to_date <= o.due_date:
        raise PlanError("not_later", _("Hạn đề nghị phải sau hạn hiện tại (%(d)s).") % {
            "d": format_date_short(o.due_date)})
    if later and to_date < timezone.localdate():
        raise PlanError("past", _("Hạn đề nghị %(d)s đã qua: hãy chọn một ngày từ hôm nay trở đi.") % {
            "d": format_date_short(to_date)})
    if to_date == o.due_date:
        raise PlanError("same_date", _("Hạn mới trùng với hạn hiện tại (%(d)s).") % {"d": format_date_short(o.due_date)})
    if to_date > max(o.due_date, timezone.localdate()) + MAX_MOVE or to_date < o.due_date - MAX_MOVE:
        raise PlanError("too_far", _("Hạn mới %(new)s cách hạn hiện tại (%(d)s) hoặc hôm nay hơn hai năm: hãy kiểm "
                                     "tra lại năm.") % {"new": format_date_short(to_date),
                                                        "d": format_date_short(o.due_date)})
    return to_date


def _apply(o: Occurrence, to_date: date) -> None:
    """The occurrence's due date becomes ``to_date``; timeliness and done / done late are read against it."""
    if o.original_due_date is None:
        o.original_due_date = o.due_date
    o.due_date = to_date
    if o.first_submitted_on is not None:
        o.on_time = occ.on_time(o.first_submitted_on, o.due_date, timely_days())
    o.status = occ.normalise_status(o.status, due=o.due_date, completed_on=o.completed_on)
    o.save(update_fields=["due_date", "original_due_date", "on_time", "status", "updated_at"])


def deadline_change_request(*, user, occurrence: Occurrence, to_date: date | str | None, reason: str) -> DeadlineChange:
    """The unit (its focal point or leader) asks the office to move the due date later, saying why."""
    access.require_edit(user, occurrence.unit)
    if access.edits_all(user):
        raise PlanError("office_sets", _("Phòng CCHC điều chỉnh hạn trực tiếp, không cần gửi đề nghị."))
    if occurrence.status not in occ.OPEN_STATUSES:
        raise PlanError("closed", _("Nhiệm vụ của kỳ này đã hoàn thành hoặc không áp dụng: không cần gia hạn."))
    to_date = _check_date(occurrence, to_date, later=True)
    reason = _reason(reason, _("Hãy ghi lý do đề nghị gia hạn."))
    try:
        with transaction.atomic(), audit.actor(user):
            change = DeadlineChange.objects.create(occurrence=occurrence, from_date=occurrence.due_date,
                                                   to_date=to_date, reason=reason, requested_by=user)
    except IntegrityError:
        raise PlanError("pending", _("Đã có đề nghị gia hạn đang chờ Phòng CCHC xem xét.")) from None
    return change


def deadline_change_decide(*, user, change: DeadlineChange, approve: bool, comment: str = "",
                           to_date: date | str | None = None) -> DeadlineChange:
    """The office agrees (to the date asked, or to ``to_date``) or refuses (a reason is required)."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới quyết định việc gia hạn."))
    if not access.can_view_unit(user, change.occurrence.unit):
        raise PermissionDenied(_("Bạn không có quyền với nhiệm vụ của đơn vị này."))
    comment = clean_spaces(comment or "")
    with transaction.atomic(), audit.actor(user):
        change = DeadlineChange.objects.select_for_update().select_related("occurrence").get(pk=change.pk)
        if change.state != DeadlineChange.State.REQUESTED:
            raise PlanError("decided", _("Đề nghị này đã được xem xét (%(s)s).") % {"s": change.get_state_display()})
        o = change.occurrence
        if approve:
            change.to_date = _check_date(o, to_date or change.to_date, later=False)
            change.state = DeadlineChange.State.APPROVED
            _apply(o, change.to_date)
        else:
            comment = _reason(comment, _("Hãy ghi lý do không đồng ý gia hạn (đơn vị sẽ nhận được ý kiến này)."))
            change.state = DeadlineChange.State.REFUSED
        change.comment, change.decided_by, change.decided_at = comment, user, timezone.now()
        change.save(update_fields=["to_date", "state", "comment", "decided_by", "decided_at"])
        plan_notifications.deadline_decided(change, user=user)
    return change


def deadline_change_set(*, user, occurrence: Occurrence, to_date: date | str | None, reason: str,
                        every_unit: bool = False) -> DeadlineChange:
    """The office moves the due date itself (earlier or later), saying why; a request waiting is answered by it.
    ``every_unit``: the same move for every unit's line of the task with the same due date (a province's decision
    extends a task for all): one transaction, each line audited and its unit told; lines already closed are left.
    Returns the change of ``occurrence``."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới điều chỉnh được hạn của nhiệm vụ."))
    if not access.can_view_unit(user, occurrence.unit):
        raise PermissionDenied(_("Bạn không có quyền với nhiệm vụ của đơn vị này."))
    if occurrence.status == occ.NOT_APPLICABLE:
        raise PlanError("closed", _("Nhiệm vụ của kỳ này được báo cáo là không áp dụng: không điều chỉnh hạn."))
    reason = _reason(reason, _("Hãy ghi lý do (hoặc văn bản) điều chỉnh hạn."))
    with transaction.atomic(), audit.actor(user):
        o = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        to_date = _check_date(o, to_date, later=False)
        others = []
        if every_unit:
            others = list(selectors.occurrence_same_due_others(user, o).select_for_update(of=("self",)))
        change = _set_one(user, o, to_date, reason)
        for other in others:
            _set_one(user, other, to_date, reason)
    occurrence.refresh_from_db()
    return change


def _set_one(user, o: Occurrence, to_date: date, reason: str) -> DeadlineChange:
    pending = o.deadline_changes.filter(state=DeadlineChange.State.REQUESTED).first()
    if pending is not None:
        pending.to_date, pending.state = to_date, DeadlineChange.State.APPROVED
        pending.comment, pending.decided_by, pending.decided_at = reason, user, timezone.now()
        pending.save(update_fields=["to_date", "state", "comment", "decided_by", "decided_at"])
        change = pending
    else:
        change = DeadlineChange.objects.create(
            occurrence=o, from_date=o.due_date, to_date=to_date, reason=reason, requested_by=user,
            state=DeadlineChange.State.APPROVED, decided_by=user, decided_at=timezone.now())
    _apply(o, to_date)
    plan_notifications.deadline_decided(change, user=user)
    return change
