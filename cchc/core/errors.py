"""The one error type of the project (pure Python): a machine ``code``, a Vietnamese ``message``, the HTTP
``status`` the code maps to, and ``extra`` data for clients. Every app's error is a :class:`CodedError` (plans'
PlanError, exams' ExamError, capacity's CapacityError, knowledge's PublicationError, intake, Excel, review,
parameters), so views and the API handle one shape.

Codes map to HTTP statuses and default Vietnamese messages here, in one place (:data:`HTTP_STATUS`,
:data:`MESSAGES`); a code not listed is a 400 and needs its own message."""

from __future__ import annotations

from cchc.core.translation import gettext as _
from cchc.core.translation import gettext_noop

HTTP_STATUS: dict[str, int] = {
    # the user may not do this (for this object)
    "forbidden": 403, "not_published": 403, "not_eligible": 403,
    "not_found": 404,
    # the object's state does not allow it now: someone changed it, it is closed, not open yet, already done
    "conflict": 409, "version_conflict": 409, "not_open": 409, "closed": 409, "staggered": 409,
    "no_attempts_left": 409, "bank_too_small": 409, "submitted": 409, "deadline": 409, "not_submitted": 409,
    "report_frozen": 409, "report_exists": 409,  # reports: a frozen periodic report; one per unit and period
    # the exchange API (cchc.exchange): a token without the scope, not a client system's, a reused key, too fast
    "scope_missing": 403, "not_client": 403, "client_inactive": 409, "idempotency_conflict": 409,
    "rate_limited": 429,
}

# msgids, translated when an error takes its default message
MESSAGES: dict[str, str] = {
    "forbidden": gettext_noop("Bạn không có quyền thực hiện thao tác này."),
    "not_found": gettext_noop("Không tìm thấy."),
    "conflict": gettext_noop("Dữ liệu vừa được người khác thay đổi; hãy tải lại trang rồi thử lại."),
    "version_conflict": gettext_noop("Dữ liệu vừa được người khác thay đổi; hãy tải lại trang rồi thử lại."),
    "invalid": gettext_noop("Dữ liệu không hợp lệ."),
    "rate_limited": gettext_noop("Quá số yêu cầu cho phép mỗi phút của khóa API; hãy thử lại sau số giây trong "
                                 "Retry-After."),
}


def status_of(code: str) -> int:
    return HTTP_STATUS.get(code, 400)


class CodedError(Exception):
    """``code`` is for machines (API, tests), ``message`` is the Vietnamese text shown to people (the code's
    default message when none is given), ``status`` the HTTP status (from :data:`HTTP_STATUS` unless given or
    set on the subclass), ``extra`` more fields for the API body (e.g. ``wait_seconds``)."""

    status: int | None = None

    def __init__(self, code: str, message: str | None = None, *, status: int | None = None, **extra):
        if message is None:
            message = _(MESSAGES[code]) if code in MESSAGES else code
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or type(self).status or status_of(code)
        self.extra = extra

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict:
        """The API body of this error: ``{"ok": false, "code", "message", **extra}``."""
        return {"ok": False, "code": self.code, "message": self.message, **self.extra}
