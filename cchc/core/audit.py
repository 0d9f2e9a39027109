"""Audit trail: one place to register models and to set the actor outside requests.

Backed by django-auditlog (LogEntry rows: who, when, action, field-level changes).
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.registry import auditlog


def register(model, **options):
    """Audit every create/update/delete of ``model`` (idempotent)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    return model


@contextmanager
def actor(user):
    """Attribute audit rows written inside the block to ``user`` (for commands, jobs, services)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def entries_for_object(obj):
    from auditlog.models import LogEntry

    return LogEntry.objects.get_for_object(obj).select_related("actor")


def entries_for_user(user):
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(actor=user).select_related("content_type")
