"""Translation for the Django-free modules (pure Python): the Vietnamese source text goes through Django's gettext
when Django is configured, and is returned as it is otherwise (the CLI, benches, pure tests). ``makemessages`` finds
``_("…")`` and ``gettext_noop("…")`` calls by name, so the importing module binds these two names."""

from __future__ import annotations


def gettext(text: str) -> str:
    """``text`` (a Vietnamese msgid) in the active language, or as it is without Django settings."""
    try:
        from django.utils.translation import gettext as django_gettext  # noqa: PLC0415

        return django_gettext(text)
    except Exception:  # noqa: BLE001 - no Django or no settings (pure use, CLI): the Vietnamese source
        return text


def gettext_noop(text: str) -> str:
    """Marks a msgid in a table for ``makemessages``; it is translated where it is shown (:func:`gettext`)."""
    return text
