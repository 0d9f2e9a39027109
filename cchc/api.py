"""REST API root: /api/ (OpenAPI docs at /api/docs are public; the data is not)."""

from django.contrib.auth.models import AnonymousUser
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, django_auth


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <key>` (keys are issued with `cchc api_token USER`)."""

    param_name = "Authorization"

    def authenticate(self, request, key):
        if not key or not key.startswith("Token "):
            return None
        from cchc.core.models_token import ApiToken

        token = ApiToken.objects.select_related("user").filter(key=key[6:].strip(), user__is_active=True).first()
        if token is None:
            return None
        request.user = token.user
        return token.user


auth = [django_auth, TokenAuth()]

api = NinjaAPI(title="cchc API", version="1", urls_namespace="api", auth=auth,
               docs_url="/docs", openapi_url="/openapi.json")


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
):
    _mount(_prefix, _module)

__all__ = ["api", "auth", "AnonymousUser"]
