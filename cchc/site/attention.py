"""The home page's two lists, fed by every app through :mod:`cchc.core.hooks` (registered in the app's ``hooks.py``):
what needs the user's attention (``attention``) and, for those who follow the province or lead a unit, the headline
figures of each domain (``overview``). Empty states are fine."""

from __future__ import annotations

import logging

from cchc.core.hooks import get_hooks

logger = logging.getLogger(__name__)


def collect(user, hook: str = "attention") -> list[dict]:
    """Each hook is ``fn(user) -> list[dict]`` (``attention``: ``{"label", "url", "count", "level"}``;
    ``overview``: ``{"key", "title", "value", "note", "url"}``); one failing app does not break the home page."""
    out = []
    for fn in get_hooks(hook):
        try:
            out.extend(fn(user))
        except Exception:  # noqa: BLE001 - one app must not break the home page
            logger.exception("%s hook %s.%s failed", hook, fn.__module__, fn.__qualname__)
    return out


def shows_overview(user) -> bool:
    """Headline figures on the home page: for whoever follows the province (the office, appraisers, admins) and for
    leaders and viewers (their units' figures); a focal point's home is their unit's work."""
    from cchc.org import access

    return access.sees_all(user) or access.has_role(user, access.UNIT_LEADER, access.VIEWER)
