"""Reporting periods and due dates generated from a schedule (pure Python, no Django).

Period codes follow DHIS2 (:class:`cchc.core.periods.Period`): "2024" (year), "2024S1" (half-year),
"2024Q1" (quarter), "202401" (month).

``expand_schedule(schedule, years=...)`` turns one schedule dict (the shape of
``cchc.plans.importing.schedule.parse_deadline``) into the list of ``(period_code, due_date)`` a unit has
to report on:

- once: one occurrence at ``due`` (period = the year of the due date);
- recurring yearly / half-yearly / quarterly / monthly: one per period of every plan year, due at the end
  of the period, or on the stated ``day``/``month`` anchor;
- continuous tasks ("Thường xuyên"): reported each quarter, due at the end of the quarter; event-driven tasks
  ("Khi có hướng dẫn …"): checked once a year, due at the end of each plan year;
- range: one per year of the range (inside the plan years), the last one due on the range end;
- combined: the union of its parts; unknown: one occurrence at the end of the last plan year.

Nothing falls due before the plan existed. With ``issued`` (the plan's issue date) and ``lead_days`` (default
``LEAD_DAYS`` = 30): a generated period (yearly, quarterly, "Thường xuyên", …) is kept only when its due date is at
least ``lead_days`` after the issue date — so the first period is the first one that leaves the units a month to
report (decision 1718 of 21/07/2023, "Thường xuyên" over 2023-2030: first due 30/09/2023, not 31/03/2023). A date
written in the plan ("Trước 31/3/2023", the end of a range) is kept when it is on or after the issue date (even if
close to it: the plan chose it) and dropped when it is before: such deadlines are returned by
``deadlines_before_issue`` so the review screen flags them for the reviewer instead of producing an overdue line.
When every period of a schedule falls before the lead time (a plan for 2023 issued in December 2023), one
occurrence is due ``lead_days`` after the issue date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.core.periods import Period  # noqa: F401 - re-exported for the app
from cchc.core.vndates import parse_date_input

YEARLY, HALF_YEARLY, QUARTERLY, MONTHLY = "yearly", "half_yearly", "quarterly", "monthly"
LEAD_DAYS = 30  # a generated reporting period is due at least this many days after the plan's issue date


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _anchor(y: int, m: int, day: int | None) -> date:
    if not day:
        return _month_end(y, m)
    return date(y, m, min(int(day), calendar.monthrange(y, m)[1]))


def _iso(text: str | None) -> date | None:
    try:
        return parse_date_input(text)
    except ValueError:
        return None


def plan_years(period: str | None, *, fallback: int) -> list[int]:
    """Years covered by a plan period "2022-2030" / "2024" (fallback year when missing or odd)."""
    m = re.match(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$", period or "")
    if not m:
        return [fallback]
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a or b - a > 20:
        return [a]
    return list(range(a, b + 1))


def expand_schedule(schedule: dict | None, *, years: list[int], issued: date | None = None,
                    lead_days: int = LEAD_DAYS) -> list[tuple[str, date]]:
    """``(period_code, due_date)`` pairs for one schedule over the plan ``years`` (sorted, no duplicates).

    ``issued``: the plan's issue date; nothing is due before it, generated periods not before ``issued`` +
    ``lead_days`` (see the module docstring)."""
    schedule = schedule or {}
    years = sorted(set(years)) or [date.today().year]
    out: dict[str, date] = {}
    explicit: set[str] = set()
    _expand(schedule, years, out, explicit)
    if issued is not None:
        earliest = issued + timedelta(days=max(0, lead_days))
        out = {p: d for p, d in out.items() if (d >= issued if p in explicit else d >= earliest)}
        if not out and deadlines_before_issue(schedule, issued=issued):
            return []  # the plan's own date is before the plan: flagged for the reviewer, no overdue line
    if not out:
        end = date(years[-1], 12, 31)
        if issued is not None and end < issued + timedelta(days=max(0, lead_days)):
            end = issued + timedelta(days=max(0, lead_days))
        out[str(end.year)] = end
    return sorted(out.items(), key=lambda kv: (kv[1], kv[0]))


def deadlines_before_issue(schedule: dict | None, *, issued: date | None) -> list[date]:
    """Dates written in the deadline (a one-off due date, the end of a range) that fall before the plan's issue
    date — most likely a typo or a copied deadline; the reviewer should correct them."""
    if issued is None:
        return []
    out: dict[str, date] = {}
    explicit: set[str] = set()
    _expand(schedule or {}, [issued.year], out, explicit)
    return sorted({d for p, d in out.items() if p in explicit and d < issued})


def _expand(s: dict, years: list[int], out: dict[str, date], explicit: set[str]) -> None:  # noqa: C901
    """One branch per kind; ``explicit`` collects the periods whose date is written in the plan."""
    kind = s.get("kind") or "unknown"
    if kind == "combined":
        for part in s.get("parts") or []:
            _expand(part, years, out, explicit)
        return
    if kind == "once":
        due = _iso(s.get("due"))
        if due and str(due.year) not in out:
            out[str(due.year)] = due
            explicit.add(str(due.year))
        return
    if kind == "recurring":
        freq = s.get("frequency") or YEARLY
        day = s.get("day")
        for y in years:
            if freq == MONTHLY:
                for m in range(1, 13):
                    out.setdefault(f"{y}{m:02d}", _anchor(y, m, day))
            elif freq == QUARTERLY:
                quarters = [int(s["quarter"])] if s.get("quarter") else [1, 2, 3, 4]
                for q in quarters:
                    out.setdefault(f"{y}Q{q}", _anchor(y, q * 3, day))
            elif freq == HALF_YEARLY:
                for h in (1, 2):
                    out.setdefault(f"{y}S{h}", _anchor(y, 6 * h, day))
            else:
                if s.get("quarter") and not s.get("month"):
                    due = _month_end(y, int(s["quarter"]) * 3)
                else:
                    due = _anchor(y, int(s.get("month") or 12), day)
                out.setdefault(str(y), due)
        return
    if kind == "range":
        start, end = _iso(s.get("start")), _iso(s.get("end"))
        if not end:
            return
        first = start.year if start else end.year
        for y in years:
            if first <= y < end.year:
                out.setdefault(str(y), date(y, 12, 31))
        if str(end.year) not in out:
            out[str(end.year)] = end
            explicit.add(str(end.year))
        return
    if kind == "continuous":
        # "Thường xuyên": no deadline of its own, so the unit reports its progress each quarter (the provinces'
        # periodic CCHC reports are quarterly); due at the end of each quarter
        for y in years:
            for q in (1, 2, 3, 4):
                out.setdefault(f"{y}Q{q}", _month_end(y, q * 3))
        return
    if kind == "event":  # "Khi có hướng dẫn …": checked once a year until the event comes
        for y in years:
            out.setdefault(str(y), date(y, 12, 31))
        return
    # unknown: handled by the caller's fallback


# ---------------------------------------------------------------- status, lateness, reporting rates

NOT_STARTED, IN_PROGRESS, DONE, DONE_LATE, NOT_APPLICABLE = (
    "not_started", "in_progress", "done", "done_late", "not_applicable")
OPEN_STATUSES = (NOT_STARTED, IN_PROGRESS)
DONE_STATUSES = (DONE, DONE_LATE)


def normalise_status(status: str, *, due: date, completed_on: date | None) -> str:
    """done / done late follow the completion date: finished after the due date is "done late"."""
    if status in DONE_STATUSES and completed_on is not None:
        return DONE_LATE if completed_on > due else DONE
    return status


# The at-risk rule (one definition; ``plans.selectors.occurrences_at_risk_q`` builds its SQL from these constants): open work
# due within AT_RISK_DAYS (not yet late) that is not started or less than AT_RISK_PERCENT done.
AT_RISK_DAYS = 7
AT_RISK_PERCENT = 50


def timing(status: str, *, due: date, today: date, at_risk_days: int = AT_RISK_DAYS, percent: int = 0) -> str:
    """One of "done", "done_late", "not_applicable", "late", "at_risk", "on_track".

    Open work is late once the due date has passed; at risk when due within ``at_risk_days`` and not started
    or less than half done (:data:`AT_RISK_PERCENT`).
    """
    if status in (DONE, DONE_LATE, NOT_APPLICABLE):
        return status
    if due < today:
        return "late"
    if (due - today).days <= at_risk_days and (status == NOT_STARTED or (percent or 0) < AT_RISK_PERCENT):
        return "at_risk"
    return "on_track"


def on_time(first_submitted_on: date | None, due: date, timely_days: int = 0) -> bool:
    """A report is timely when first submitted no later than ``timely_days`` after the due date (DHIS2)."""
    return first_submitted_on is not None and first_submitted_on <= due + timedelta(days=timely_days)


@dataclass
class Rates:
    expected: int = 0
    reported: int = 0
    reported_on_time: int = 0
    done: int = 0
    late: int = 0

    @staticmethod
    def pct(a: int, b: int) -> float | None:
        return round(a * 100.0 / b, 1) if b else None

    @property
    def completeness(self) -> float | None:
        return self.pct(self.reported, self.expected)

    @property
    def timeliness(self) -> float | None:
        return self.pct(self.reported_on_time, self.expected)

    @property
    def completion(self) -> float | None:
        return self.pct(self.done, self.expected)


def reporting_rates(facts, *, today: date) -> Rates:
    """DHIS2-style figures over occurrence facts ``(due, status, first_submitted_on, on_time)``.

    Expected = occurrences due on or before ``today``; reported = those with a submitted report; on time =
    first submitted by the due date (+ timely days, already folded into ``on_time``); done = done or done
    late; late = expected and still open.
    """
    r = Rates()
    for due, status, first_submitted_on, timely in facts:
        if due > today:
            continue
        r.expected += 1
        if first_submitted_on is not None:
            r.reported += 1
            if timely:
                r.reported_on_time += 1
        if status in DONE_STATUSES:
            r.done += 1
        elif status in OPEN_STATUSES:
            r.late += 1
    return r


def attained(value: float | None, target: float, comparator: str = ">=", value_max: float | None = None) -> bool | None:
    """Whether a measured ``value`` meets the target; None when nothing was measured."""
    if value is None:
        return None
    comparator = comparator or ">="
    if value_max is not None:
        return target <= value <= value_max if comparator == "=" else value >= target
    if comparator == ">":
        return value > target
    if comparator == "<":
        return value < target
    if comparator == "<=":
        return value <= target
    if comparator == "=":
        return abs(value - target) < 1e-9 or value >= target
    return value >= target
