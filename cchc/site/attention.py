"""What needs the user's attention on the home page: the items every app registers under the ``attention`` hook
(:mod:`cchc.core.hooks`, registered in the app's ``hooks.py``); empty states are fine."""

from __future__ import annotations

import logging

from cchc.core.hooks import get_hooks

logger = logging.getLogger(__name__)


def collect(user) -> list[dict]:
    """Each hook is ``fn(user) -> list[{"label", "url", "count", "level"}]``; one failing app does not break the
    home page."""
    out = []
    for fn in get_hooks("attention"):
        try:
            out.extend(fn(user))
        except Exception:  # noqa: BLE001 - one app must not break the home page
            logger.exception("attention hook %s.%s failed", fn.__module__, fn.__qualname__)
    return out
