"""File storage that does not leave orphan files behind a rolled-back transaction.

A file saved while a transaction is open (``doc.file.save(...)`` inside ``transaction.atomic()``) is remembered
per database connection; ``transaction.on_commit`` forgets it when the transaction commits. Django drops the
on-commit callbacks of a rolled-back transaction (or savepoint), so whatever is still remembered once the
connection is outside every atomic block belonged to a save that was undone: ``cleanup_rolled_back()`` deletes
it. It runs at the end of every request (request_finished), after every background job, and before the next
save outside a transaction.
"""

from __future__ import annotations

import logging

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction

logger = logging.getLogger("cchc.storage")


def _pending(conn) -> dict:
    pending = getattr(conn, "_cchc_pending_files", None)
    if pending is None:
        pending = {}
        conn._cchc_pending_files = pending
    return pending


class TransactionalFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        conn = transaction.get_connection()
        if not conn.in_atomic_block:
            cleanup_rolled_back()
        name = super()._save(name, content)
        if conn.in_atomic_block:
            pending = _pending(conn)
            pending[name] = self
            transaction.on_commit(lambda: pending.pop(name, None))
        return name


def cleanup_rolled_back(using: str | None = None) -> int:
    """Delete files saved by transactions that were rolled back; returns how many were removed."""
    conn = transaction.get_connection(using)
    if conn.in_atomic_block:
        return 0
    pending = _pending(conn)
    removed = 0
    for name, storage in list(pending.items()):
        pending.pop(name, None)
        try:
            (storage or default_storage).delete(name)
            removed += 1
            logger.info("removed %s: its database row was rolled back", name)
        except OSError:
            logger.warning("could not remove orphan file %s", name)
    return removed


def _on_request_finished(sender, **kwargs):
    try:
        cleanup_rolled_back()
    except Exception:  # noqa: BLE001 - never break a response for housekeeping
        logger.exception("orphan file cleanup failed")
