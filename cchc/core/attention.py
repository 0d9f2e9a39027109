"""What needs the user's attention on the home page. Apps contribute providers; empty states are fine."""

from __future__ import annotations

import importlib
import importlib.util
import logging

logger = logging.getLogger(__name__)
PROVIDERS = ["cchc.plans.attention", "cchc.exams.attention", "cchc.knowledge.attention"]


def collect(user) -> list[dict]:
    """Each provider module exposes ``items(user) -> list[{"label", "url", "count", "level"}]``."""
    out = []
    for name in PROVIDERS:
        if importlib.util.find_spec(name) is None:
            continue
        mod = importlib.import_module(name)
        try:
            out.extend(mod.items(user))
        except Exception:  # noqa: BLE001 - one app must not break the home page
            logger.exception("attention provider %s failed", name)
    return out
