"""Structured request logging."""

import logging
import time

logger = logging.getLogger("cchc.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - start) * 1000, 1),
                "user": getattr(user, "username", None) if user and user.is_authenticated else None,
            },
        )
        return response
