"""What every part of the plans services shares: the error type and the plan's issue date."""

from __future__ import annotations

from datetime import date

from cchc.core.errors import CodedError
from cchc.core.vndates import parse_date_input


class PlanError(CodedError):
    """A rule was broken; ``code`` for machines, ``message`` in Vietnamese for people."""


def draft_issue_date(d: dict) -> date | None:
    """The issue date of a plan draft (``issue_date``, else ``date``), or None."""
    for key in ("issue_date", "date"):
        v = d.get(key)
        if v:
            try:
                return parse_date_input(v)
            except ValueError:
                continue
    return None
