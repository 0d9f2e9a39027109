"""REST API root: /api/ (OpenAPI docs at /api/docs are public; the data is not).

Authentication, tried in this order:
1. ``Authorization: Token <secret>`` — a hashed, scoped, expiring :class:`~cchc.core.models_token.ApiToken`. A
   request carrying this header is a script's request: CSRF does not apply (a browser cannot add the header to a
   cross-site request), and the session is not consulted. A read-scope token gets 403 on a write method.
2. The Django session (the exam page, HTMX) — with ninja's CSRF check on unsafe methods.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security.session import SessionAuth

from cchc.core.errors import CodedError
from cchc.core.token_auth import HeaderTokenAuth, token_sign_in

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HeaderTokenAuth):
    """`Authorization: Token <secret>` (secrets are issued with `cchc api_token USER --scope read|write`)."""

    def accept(self, request, token):
        if _is_client_user(token.user):
            raise HttpError(403, "Khóa của hệ thống kết nối chỉ dùng được cho API trao đổi dữ liệu (/api/v1/exchange/).")
        if request.method not in SAFE_METHODS and not token.can_write:
            raise HttpError(403, "Khóa API này chỉ có quyền đọc (scope read); hãy dùng khóa có quyền ghi (write).")
        return token_sign_in(request, token)


def _is_client_user(user) -> bool:
    from cchc.exchange.selectors import user_is_client

    return user_is_client(user)


class SessionAuthNoToken(SessionAuth):
    """Session authentication (CSRF enforced), skipped for requests that present an Authorization header."""

    def __call__(self, request):
        if "Authorization" in request.headers:
            return None
        return super().__call__(request)


token_auth = TokenAuth()
session_auth = SessionAuthNoToken()
auth = [token_auth, session_auth]

# Answers every operation may give besides its own: documented once for all (the contract test checks that no
# undocumented status code and no body outside the schema is ever returned).
COMMON_RESPONSES = {
    "400": "Dữ liệu không hợp lệ (ký tự NUL, số không hữu hạn, tham số sai).",
    "401": "Chưa đăng nhập hoặc khóa API không hợp lệ / đã hết hạn.",
    "403": "Không có quyền (ví dụ khóa API chỉ đọc dùng cho thao tác ghi, hoặc thiếu CSRF với phiên đăng nhập).",
    "404": "Không tìm thấy (hoặc thuộc đơn vị khác).",
    "422": "Tham số hoặc nội dung yêu cầu sai kiểu / ngoài khoảng cho phép.",
}
ERROR_SCHEMA = {
    "title": "Error", "type": "object",
    "properties": {"detail": {}, "message": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": True,
}


class CchcAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                for code, description in COMMON_RESPONSES.items():
                    op["responses"].setdefault(code, {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
        return schema


api = CchcAPI(title="cchc API", version="1", urls_namespace="api", auth=auth,
              docs_url="/docs", openapi_url="/openapi.json")

_PYDANTIC_VI = {
    "missing": "bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "phải là danh sách",
    "json_invalid": "không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
}


def _describe(err: dict) -> str:
    loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body", "payload"))
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "greater_than_equal":
        what = f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    elif kind == "less_than_equal":
        what = f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    elif kind == "string_too_long":
        what = f"dài quá {ctx.get('max_length')} ký tự"
    elif kind == "too_long":
        what = f"có quá {ctx.get('max_length')} phần tử"
    elif kind in ("finite_number",):
        what = "phải là số hữu hạn"
    else:
        what = _PYDANTIC_VI.get(kind, "không hợp lệ")
    return f"“{loc or 'dữ liệu'}” {what}"


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    errors = list(exc.errors)
    message = "Yêu cầu không hợp lệ: " + "; ".join(_describe(e) for e in errors[:5]) + "."
    detail = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""), "msg": _describe(e)} for e in errors]
    return api.create_response(request, {"detail": detail, "message": message, "code": "invalid"}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return api.create_response(request, {"detail": "Cần đăng nhập hoặc khóa API hợp lệ (Authorization: Token …).",
                                         "code": "unauthorized"}, status=401)


@api.exception_handler(CodedError)
def _coded_error(request, exc):
    """Any app's refusal that an endpoint does not answer itself: its code's status and Vietnamese message
    (cchc.core.errors, the one table)."""
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    for name, value in (getattr(exc, "headers", None) or {}).items():  # e.g. Retry-After of a 429
        response[name] = value
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy.", "code": "not_found"}, status=404)


def _mount(prefix, module):
    import importlib

    mod = importlib.import_module(module)
    api.add_router(prefix, mod.router)


for _prefix, _module in (
    ("/org/", "cchc.org.api"),
    ("/plans/", "cchc.plans.api"),
    ("/knowledge/", "cchc.knowledge.api"),
    ("/exams/", "cchc.exams.api"),
    ("/capacity/", "cchc.capacity.api"),
    ("/index/", "cchc.assessment.api"),
    ("/v1/exchange/", "cchc.exchange.api"),
):
    _mount(_prefix, _module)

__all__ = ["api", "auth", "AnonymousUser"]
