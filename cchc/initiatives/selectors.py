"""Reads of the initiatives app. Recognised initiatives are public; proposals are seen by their unit (and the units
above it), the office and the council."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet

from cchc.core.shortcuts import first_or_404
from cchc.initiatives import scoring
from cchc.initiatives.models import Initiative
from cchc.org import access
from cchc.org.selectors import home_q


def initiatives_public() -> QuerySet:
    return (Initiative.objects.filter(home_q("unit"), status=Initiative.Status.RECOGNISED)
            .select_related("unit").annotate(n_replications=Count("replications")))


def initiatives_visible(user) -> QuerySet:
    qs = Initiative.objects.select_related("unit")
    if not user or not user.is_authenticated:
        return initiatives_public()
    if access.sees_all(user):
        return access.scope_units(user, qs)
    own = access.scope_units(user, qs).values("pk")
    return qs.filter(Q(pk__in=own) | Q(status=Initiative.Status.RECOGNISED)).filter(home_q("unit"))


def initiative_or_404(user, pk: int) -> Initiative:
    ini = first_or_404(initiatives_visible(user), pk=pk)
    return ini


def initiatives_with_scores(qs: QuerySet) -> QuerySet:
    return qs.annotate(mean_score=Avg("scores__total"), n_scores=Count("scores", distinct=True))


def sheet_rows(initiative: Initiative, user=None) -> dict:
    """The council's score sheets (members, points, comments) and their mean; with ``user``, none for a user outside
    the province-wide roles and the initiative's unit (another unit reads a recognised initiative, not its scoring)."""
    sheets = list(initiative.scores.select_related("member").order_by("scored_at"))
    if user is not None and not (access.sees_all(user) or access.can_view_unit(user, initiative.unit)):
        sheets = []
    mean = scoring.mean_total([s.total for s in sheets])
    return {"sheets": sheets, "mean": mean, "proposed": scoring.proposed_outcome(mean),
            "criteria": scoring.DEFAULT_SHEET, "threshold": scoring.RECOGNITION_THRESHOLD}
