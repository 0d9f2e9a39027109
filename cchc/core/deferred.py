"""Work that a request asks for but that must not happen on its read path: run once the response is built.

A GET never writes — with one documented exception, the append-only usage logs (the Q&A question log): the view
computes its answer and renders the page without writing, then calls :func:`after_response`; the middleware runs
the callbacks after the view has returned its response (a failure is logged, never shown to the user, and cannot
change the page). Outside a request (CLI, jobs, tests calling a function directly) the callback runs at once."""

from __future__ import annotations

import contextvars
import logging

logger = logging.getLogger("cchc.deferred")
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar("cchc_after_response", default=None)


def after_response(fn, /, *args, **kwargs) -> None:
    pending = _pending.get()
    if pending is None:
        fn(*args, **kwargs)
    else:
        pending.append((fn, args, kwargs))


def run_pending(pending: list) -> None:
    for fn, args, kwargs in pending:
        try:
            fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the response is already built; a log line must not break it
            logger.exception("after-response callback %s failed", getattr(fn, "__qualname__", fn))


class AfterResponseMiddleware:
    """Collects :func:`after_response` callbacks during the view and runs them once the response exists."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: list = []
        token = _pending.set(pending)  # a list shared by reference: a view run in another thread still adds to it
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(token)
        run_pending(pending)
        return response
