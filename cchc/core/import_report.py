"""The one report type of every importer (org units, staff sheet, question bank, ...; pure Python).

An importer counts what it ``created`` / ``updated`` / left ``unchanged`` and lists ``errors`` (nothing is written
when there is one, unless the importer says otherwise) and ``warnings``. An error is any object whose ``str()`` is
its Vietnamese message naming the place (row, column, line): :class:`cchc.core.excel.RowError`, the exams'
``LineError``, org's row errors. An app that reports more (the question bank's outcomes per question) subclasses
it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        """One Vietnamese line per error, in order."""
        return [str(e) for e in self.errors]
