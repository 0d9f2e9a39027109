"""One review state machine for everything a unit submits and the CCHC office reviews (pure Python).

draft → submitted → accepted | returned; returned → submitted again; accepted may be reopened (→ returned)
by a reviewer. Used by task progress reports (plans) and meant for measurements and index self-assessments.

Like DHIS2's approval API the machine answers with ``may_*`` flags so a UI never guesses, and every
refusal is a :class:`TransitionError` with a machine ``code`` and a Vietnamese ``message``.
Optimistic concurrency: :func:`check_version` compares the version a client read with the stored one.
The Django side (fields + helpers) is :mod:`cchc.core.reviewable`.
"""

from __future__ import annotations

from cchc.core.errors import CodedError

DRAFT = "draft"
SUBMITTED = "submitted"
ACCEPTED = "accepted"
RETURNED = "returned"
STATES = (DRAFT, SUBMITTED, ACCEPTED, RETURNED)
STATE_LABELS = {DRAFT: "Nháp", SUBMITTED: "Đã gửi", ACCEPTED: "Đã chấp nhận", RETURNED: "Bị trả lại"}

SUBMIT = "submit"
ACCEPT = "accept"
RETURN = "return"
REOPEN = "reopen"

# action -> (states it may start from, resulting state, who: "editor" | "reviewer")
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    SUBMIT: (frozenset({DRAFT, RETURNED}), SUBMITTED, "editor"),
    ACCEPT: (frozenset({SUBMITTED}), ACCEPTED, "reviewer"),
    RETURN: (frozenset({SUBMITTED}), RETURNED, "reviewer"),
    REOPEN: (frozenset({ACCEPTED}), RETURNED, "reviewer"),
}
EDITABLE_STATES = frozenset({DRAFT, RETURNED})


class TransitionError(CodedError):
    """A review transition that the current state or role does not allow."""


class VersionConflict(TransitionError):
    def __init__(self, expected: int, current: int):
        super().__init__(
            "version_conflict",
            f"Báo cáo đã được người khác thay đổi (phiên bản {current}, bạn đang sửa phiên bản {expected}). "
            "Hãy tải lại trang để xem nội dung mới trước khi lưu.")
        self.expected = expected
        self.current = current


def next_state(state: str, action: str, *, can_edit: bool = True, can_review: bool = True,
               comment: str = "") -> str:
    """The state after ``action``; raises TransitionError when the action is not allowed."""
    if state not in STATES:
        raise TransitionError("bad_state", f"Trạng thái không hợp lệ: {state}")
    if action not in TRANSITIONS:
        raise TransitionError("bad_action", f"Thao tác không hợp lệ: {action}")
    sources, target, who = TRANSITIONS[action]
    if who == "editor" and not can_edit:
        raise TransitionError("forbidden", "Bạn không có quyền gửi báo cáo của đơn vị này.")
    if who == "reviewer" and not can_review:
        raise TransitionError("forbidden", "Chỉ Phòng CCHC mới được chấp nhận hoặc trả lại báo cáo.")
    if state not in sources:
        raise TransitionError(
            "invalid_transition",
            f"Không thể thực hiện “{ACTION_LABELS[action]}” khi báo cáo đang ở trạng thái “{STATE_LABELS[state]}”.")
    if action in (RETURN, REOPEN) and not (comment or "").strip():
        raise TransitionError("comment_required", "Khi trả lại báo cáo phải ghi rõ lý do.")
    return target


ACTION_LABELS = {SUBMIT: "Gửi", ACCEPT: "Chấp nhận", RETURN: "Trả lại", REOPEN: "Mở lại"}


def flags(state: str, *, can_edit: bool, can_review: bool) -> dict[str, bool]:
    """``may_edit``, ``may_submit``, ``may_accept``, ``may_return``, ``may_reopen`` for one user."""
    def may(action):
        sources, _target, who = TRANSITIONS[action]
        return state in sources and (can_edit if who == "editor" else can_review)

    return {
        "may_edit": can_edit and state in EDITABLE_STATES,
        "may_submit": may(SUBMIT),
        "may_accept": may(ACCEPT),
        "may_return": may(RETURN),
        "may_reopen": may(REOPEN),
    }


def check_editable(state: str) -> None:
    if state not in EDITABLE_STATES:
        raise TransitionError("not_editable",
                              f"Báo cáo ở trạng thái “{STATE_LABELS.get(state, state)}” không sửa được.")


def check_version(expected: int | None, current: int) -> None:
    """Raise VersionConflict when the client's ``expected`` version is not the stored ``current`` one."""
    if expected is None:
        return
    if int(expected) != int(current):
        raise VersionConflict(int(expected), int(current))
