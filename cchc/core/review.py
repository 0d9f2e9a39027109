"""One review state machine for everything a unit submits and the CCHC office reviews (pure Python).

draft → submitted → accepted | returned; returned → submitted again; accepted may be reopened (→ returned)
by a reviewer. Used by task progress reports (plans) and meant for measurements and index self-assessments.

Optional leader step (a province setting, ``leader_step=True``): a focal point's submission first goes to the
unit leader (``leader_review``, "Chờ lãnh đạo duyệt"); the leader approves it (→ submitted, the office sees it)
or returns it to the focal point (→ returned, comment required). The office only ever reviews ``submitted``.

Each transition is a rule ``(action, from state) → (to state, who)`` where who is "editor" (the unit's focal
point/leader or the office), "leader" (a leader of the unit) or "reviewer" (the CCHC office).
Like DHIS2's approval API the machine answers with ``may_*`` flags so a UI never guesses, and every
refusal is a :class:`TransitionError` with a machine ``code`` and a Vietnamese ``message``.
No Django import: the messages and labels are Vietnamese msgids that the local :func:`_` passes through Django's
gettext when Django is configured (the source text otherwise), like :mod:`cchc.plans.importing`; the label tables
hold msgids marked with :func:`gettext_noop` and are translated where shown (:func:`state_label`,
:func:`action_label`).
Optimistic concurrency: :func:`check_version` compares the version a client read with the stored one.
The Django side (fields + helpers) is :mod:`cchc.core.reviewable`.
"""

from __future__ import annotations

from cchc.core.errors import CodedError
from cchc.core.translation import gettext as _
from cchc.core.translation import gettext_noop

STATES = DRAFT, LEADER_REVIEW, SUBMITTED, ACCEPTED, RETURNED = (
    "draft", "leader_review", "submitted", "accepted", "returned")
# the same msgids as the labels of cchc.core.reviewable.Reviewable.ReviewState
STATE_LABELS = {DRAFT: gettext_noop("Nháp"), LEADER_REVIEW: gettext_noop("Chờ lãnh đạo duyệt"),
                SUBMITTED: gettext_noop("Đã gửi"), ACCEPTED: gettext_noop("Đã chấp nhận"),
                RETURNED: gettext_noop("Bị trả lại")}

ACTIONS = SUBMIT, APPROVE, ACCEPT, RETURN, REOPEN = "submit", "approve", "accept", "return", "reopen"

EDITOR, LEADER, REVIEWER = "editor", "leader", "reviewer"

# (action, from state) -> (resulting state, who). SUBMIT's target is SUBMITTED, or LEADER_REVIEW with the
# leader step (see :func:`next_state`).
RULES: dict[tuple[str, str], tuple[str, str]] = {
    (SUBMIT, DRAFT): (SUBMITTED, EDITOR),
    (SUBMIT, RETURNED): (SUBMITTED, EDITOR),
    (APPROVE, LEADER_REVIEW): (SUBMITTED, LEADER),
    (RETURN, LEADER_REVIEW): (RETURNED, LEADER),
    (ACCEPT, SUBMITTED): (ACCEPTED, REVIEWER),
    (RETURN, SUBMITTED): (RETURNED, REVIEWER),
    (REOPEN, ACCEPTED): (RETURNED, REVIEWER),
}
EDITABLE_STATES = frozenset({DRAFT, RETURNED})
PENDING_STATES = frozenset({LEADER_REVIEW, SUBMITTED})  # sent, waiting for someone else
# with the CCHC office (sent and, with the leader step, approved by the unit's leader): what the office has
# received — a unit's report or self-assessment in draft, returned or still with its leader is not received
RECEIVED_STATES = frozenset({SUBMITTED, ACCEPTED})
COMMENT_REQUIRED = frozenset({RETURN, REOPEN})

ACTION_LABELS = {SUBMIT: gettext_noop("Gửi"), APPROVE: gettext_noop("Duyệt, chuyển Phòng CCHC"),
                 ACCEPT: gettext_noop("Chấp nhận"), RETURN: gettext_noop("Trả lại"), REOPEN: gettext_noop("Mở lại")}
_FORBIDDEN = {
    EDITOR: gettext_noop("Bạn không có quyền gửi báo cáo của đơn vị này."),
    LEADER: gettext_noop("Chỉ lãnh đạo đơn vị mới được duyệt hoặc trả lại báo cáo đang chờ lãnh đạo duyệt."),
    REVIEWER: gettext_noop("Chỉ Phòng CCHC mới được chấp nhận hoặc trả lại báo cáo."),
}


def state_label(state: str | None) -> str | None:
    """The label of a state in the active language (an unknown state as given)."""
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state


def action_label(action: str | None) -> str | None:
    """The label of an action in the active language (an unknown action as given)."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


class TransitionError(CodedError):
    """A review transition that the current state or role does not allow."""


class VersionConflict(TransitionError):
    def __init__(self, expected: int, current: int):
        super().__init__(
            "version_conflict",
            _("Báo cáo đã được người khác thay đổi (phiên bản %(current)s, bạn đang sửa phiên bản %(expected)s). "
              "Hãy tải lại trang để xem nội dung mới trước khi lưu.") % {"current": current, "expected": expected})
        self.expected = expected
        self.current = current


def _allowed(who: str, can_edit: bool, can_lead: bool, can_review: bool) -> bool:
    return {EDITOR: can_edit, LEADER: can_lead, REVIEWER: can_review}[who]


def next_state(state: str, action: str, *, can_edit: bool = True, can_review: bool = True, can_lead: bool = True,
               leader_step: bool = False, comment: str = "") -> str:
    """The state after ``action``; raises TransitionError when the action is not allowed.

    ``leader_step``: a submission goes to the unit leader first (``leader_review``) instead of the office.
    """
    if state not in STATES:
        raise TransitionError("bad_state", _("Trạng thái không hợp lệ: %(state)s") % {"state": state})
    if action not in ACTIONS:
        raise TransitionError("bad_action", _("Thao tác không hợp lệ: %(action)s") % {"action": action})
    rule = RULES.get((action, state))
    if rule is None:
        raise TransitionError(
            "invalid_transition",
            _("Không thể thực hiện “%(action)s” khi báo cáo đang ở trạng thái “%(state)s”.")
            % {"action": action_label(action), "state": state_label(state)})
    target, who = rule
    if not _allowed(who, can_edit, can_lead, can_review):
        raise TransitionError("forbidden", _(_FORBIDDEN[who]))
    if action in COMMENT_REQUIRED and not (comment or "").strip():
        raise TransitionError("comment_required", _("Khi trả lại báo cáo phải ghi rõ lý do."))
    if action == SUBMIT and leader_step:
        return LEADER_REVIEW
    return target


def flags(state: str, *, can_edit: bool, can_review: bool, can_lead: bool = False) -> dict[str, bool]:
    """``may_edit``, ``may_submit``, ``may_approve``, ``may_accept``, ``may_return``, ``may_reopen`` for one user."""
    def may(action):
        rule = RULES.get((action, state))
        return rule is not None and _allowed(rule[1], can_edit, can_lead, can_review)

    return {
        "may_edit": can_edit and state in EDITABLE_STATES,
        "may_submit": may(SUBMIT),
        "may_approve": may(APPROVE),
        "may_accept": may(ACCEPT),
        "may_return": may(RETURN),
        "may_reopen": may(REOPEN),
    }


def check_editable(state: str) -> None:
    if state not in EDITABLE_STATES:
        raise TransitionError("not_editable",
                              _("Báo cáo ở trạng thái “%(state)s” không sửa được.") % {"state": state_label(state)})


def check_version(expected: int | None, current: int) -> None:
    """Raise VersionConflict when the client's ``expected`` version is not the stored ``current`` one."""
    if expected is None:
        return
    if int(expected) != int(current):
        raise VersionConflict(int(expected), int(current))
