"""Hooks: how the apps feed the shared pages without the kernel knowing them (pure Python).

An app registers a callable under a hook name in its own ``hooks.py`` (auto-discovered by the site app, as Wagtail
discovers ``wagtail_hooks.py``); whoever owns the page asks :func:`get_hooks` for them. No list of module names
anywhere: an app that is not installed registers nothing. Hook names in use:

- ``attention`` — ``fn(user) -> list[{"key", "label", "url", "count", "level", "details"?}]``, the home page's
  "Việc cần chú ý" items;
- ``overview`` — ``fn(user) -> list[{"key", "title", "value", "note", "url"}]``, the home page's "Tình hình chung"
  headline figures, scoped to what ``user`` may see (shown to the office, appraisers, leaders and viewers);
- ``demo`` — ``fn(stdout) -> None``, the app's demo content for ``cchc load_demo`` (``order``: after what it needs);
- ``report_figures`` — ``fn(units, start, end) -> {"rows", "facts", "tables"}``, the owner app's figures for the
  periodic CCHC report (see :mod:`cchc.reports.figures`); ``start``/``end`` are the first and last day counted
  (the province's period rule: ``start`` may be 15 December of the year before, so the report's year is
  ``end.year``).
- ``exchange_report_status`` — ``fn(*, unit_ids, updated_since) -> list[dict]``, report status rows served by the
  exchange API's ``GET /api/v1/exchange/reports`` (keys and meaning: ``cchc.exchange.selectors.report_statuses``;
  no provider registered → an empty list).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_hooks: dict[str, list[tuple[int, int, Callable]]] = defaultdict(list)


def register(name: str, fn: Callable | None = None, *, order: int = 0):
    """Register ``fn`` under ``name`` (lower ``order`` first, then registration order). Usable as a decorator.
    Registering the same function twice has no effect."""
    def add(f: Callable) -> Callable:
        entries = _hooks[name]
        if all(existing is not f for _o, _n, existing in entries):
            entries.append((order, len(entries), f))
        return f

    return add(fn) if fn is not None else add


def get_hooks(name: str) -> list[Callable]:
    return [f for _o, _n, f in sorted(_hooks.get(name, ()), key=lambda e: (e[0], e[1]))]
