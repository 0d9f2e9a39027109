"""Audit trail: one place to register models and to set the actor outside requests.

Backed by django-auditlog (LogEntry rows: who, when, action, field-level changes).
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.registry import auditlog

# Models deliberately not audited, with the reason (tests/foundation/test_audit_coverage.py checks that every other
# model of the project is registered). See docs/decisions.md, "Audit coverage".
NOT_AUDITED = {
    "plans.Schedule": "derived from the task's deadline text (Task is audited); rebuilt whenever the task changes",
    "knowledge.Passage": "derived from the document's text by the splitter (Document is audited); rebuilt on reindex",
    "knowledge.Posting": "search index rows (derived)",
    "knowledge.TermStat": "search index statistics (derived)",
    "knowledge.IndexStat": "search index totals (derived)",
    "knowledge.QueryLog": "is itself an append-only log of questions asked; rows are never edited",
    "exams.AttemptItem": ("answers: created in bulk at start and saved by guarded UPDATEs (thousands per minute at "
                          "8:00); the submit is audited instead — Attempt status/score plus one entry holding the "
                          "final answers (exams.services.finalize_attempt → audit.record)"),
}


def register(model, **options):
    """Audit every create/update/delete of ``model`` (idempotent)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)
    return model


def record(obj, changes: dict) -> None:
    """Write one audit entry for ``obj`` with ``changes`` ({field: [old, new]}) — for changes made by bulk
    updates that the model signals do not see (e.g. the answers of a submitted exam attempt)."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(obj, action=LogEntry.Action.UPDATE, changes=changes)


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
