"""Reads of the CCHC index: scoped lists, one unit's sheet, results (index, rank, class) per round."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cchc.assessment import scoring
from cchc.assessment.models import (
    Council,
    CouncilMember,
    Criterion,
    Framework,
    MemberScore,
    Objection,
    Round,
    Score,
    SelfAssessment,
)
from cchc.core import review
from cchc.org import access

# A unit is ranked once its self-assessment has reached the office (review.RECEIVED_STATES: waiting for appraisal or
# appraised); the others are listed under the ranking, unranked, with why (their draft scores are not a result).
UNRANKED_LABELS = {
    review.DRAFT: gettext_noop("Chưa gửi tự đánh giá"),
    review.RETURNED: gettext_noop("Bị trả lại, chưa gửi lại"),
    review.LEADER_REVIEW: gettext_noop("Chờ lãnh đạo đơn vị duyệt, Sở Nội vụ chưa nhận"),
}


def scores_awaiting_appraisal():
    """Score lines the appraisal still owes: given by the unit, applicable, not survey-scored, no appraised score."""
    return Score.objects.filter(appraised_points__isnull=True, not_applicable=False, self_points__isnull=False,
                                criterion__survey=False)


def unranked_label(state: str) -> str:
    """Why a unit in ``state`` is not ranked, in the active language."""
    return _(UNRANKED_LABELS.get(state, UNRANKED_LABELS[review.DRAFT]))


def assessments_for(user, *, year: int | None = None, state: str | None = None):
    qs = SelfAssessment.objects.select_related("unit", "round__framework").order_by(
        "-round__framework__year", "round__framework__unit_kind", "unit__path")
    if year:
        qs = qs.filter(round__framework__year=year)
    if state:
        qs = qs.filter(review_state=state)
    return access.scope_units(user, qs)


def self_assessment_sheet(sa: SelfAssessment) -> list[dict]:
    """Every criterion of the framework in order, with the unit's score line on the leaves (3 queries)."""
    crits = list(Criterion.objects.filter(framework=sa.round.framework_id).order_by("order"))
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=sa).select_related("objection")
              .prefetch_related("files")}
    return [{"criterion": c, "score": scores.get(c.pk)} for c in crits]


def sheet_outline(rows: list[dict]) -> list[dict]:
    """The sheet's parts (its top-level criteria, in order) with the unit's own points, the most it can get and how
    many of its lines are filled — a long sheet's table of contents (the survey part and lines not applicable are
    not counted, as in the sheet's total)."""
    parts: list[dict] = []
    for r in rows:
        c, s = r["criterion"], r["score"]
        if c.parent_id is None:
            parts.append({"criterion": c, "anchor": f"s{s.pk}" if s else f"c{c.pk}", "own": 0, "max": 0,
                          "filled": 0, "lines": 0, "survey": False})
            continue
        if s is None or not parts:
            continue
        part = parts[-1]
        part["survey"] = part["survey"] or c.survey
        if c.survey or s.not_applicable:
            continue
        part["lines"] += 1
        part["max"] += c.max_points
        if s.self_points is not None:
            part["filled"] += 1
            part["own"] += s.self_points
    return parts


def _leaves(fw: Framework) -> list[scoring.Leaf]:
    return [scoring.Leaf(code, scoring.dec(mx), kind, survey) for code, mx, kind, survey in
            Criterion.objects.filter(framework=fw, is_leaf=True).values_list("code", "max_points", "kind", "survey")]


def round_results(rnd: Round, *, use: str = "appraised", with_survey: bool | None = None) -> list[scoring.UnitResult]:
    """Index, rank and class of every unit of a round whose self-assessment the office has received
    (``review.RECEIVED_STATES``), from one query over their score lines; the others are :func:`round_unranked`.

    ``use``: "appraised" (the appraised score, the unit's own where not yet appraised — marked in ``extra``) or
    "self". ``with_survey``: None → include the survey part when any survey point was entered, else rescale."""
    fw = rnd.framework
    leaves = _leaves(fw)
    per_unit: dict[int, dict] = defaultdict(lambda: {"scores": {}, "survey": {}, "na": set(), "pending": 0})
    units = {}
    rows = (Score.objects.filter(assessment__round=rnd, assessment__review_state__in=review.RECEIVED_STATES)
            .values_list("assessment__unit_id", "assessment__unit__name", "assessment__review_state",
                         "criterion__code", "self_points", "appraised_points", "survey_points", "not_applicable"))
    any_survey = False
    for unit_id, unit_name, state, code, self_p, appr_p, surv_p, na in rows:
        units[unit_id] = (unit_name, state)
        d = per_unit[unit_id]
        if na:
            d["na"].add(code)
            continue
        if surv_p is not None:
            d["survey"][code] = surv_p
            any_survey = True
        value = self_p if use == "self" else (appr_p if appr_p is not None else self_p)
        if use != "self" and appr_p is None and self_p is not None:
            d["pending"] += 1
        if value is not None:
            d["scores"][code] = value
    include_survey = any_survey if with_survey is None else with_survey
    out = []
    for unit_id, d in per_unit.items():
        r = scoring.unit_index(leaves, d["scores"], not_applicable=d["na"],
                               survey=d["survey"] if include_survey else None, unit=unit_id)
        r.extra = {"name": units[unit_id][0], "state": units[unit_id][1], "not_appraised": d["pending"]}
        out.append(r)
    bands = fw.bands or None
    return scoring.rank(out, bands) if bands else scoring.rank(out)


def round_unranked(rnd: Round) -> list[dict]:
    """The units of a round not ranked because the office has not received their self-assessment (draft, returned,
    with their leader), in the units' order: unit id, name, state and why (one query)."""
    return [{"unit_id": uid, "unit": name, "state": state, "reason": unranked_label(state)}
            for uid, name, state in rnd.assessments.exclude(review_state__in=review.RECEIVED_STATES)
            .order_by("unit__path").values_list("unit_id", "unit__name", "review_state")]


def round_previous(rnd: Round) -> Round | None:
    """The round of the year before for the same unit kind (for the rank change)."""
    return (Round.objects.select_related("framework")
            .filter(framework__year=rnd.framework.year - 1, framework__unit_kind=rnd.framework.unit_kind).first())


def result_rows(rnd: Round, *, with_previous: bool = False, **kw) -> list[dict]:
    """Results as plain dicts (JSON, API, export): numbers as strings with 3 decimals, the index unrounded too;
    with ``with_previous`` the unit's rank of the year before (published ranking if any) and the change.

    The ranked units first (``ranked`` True), then the units whose self-assessment the office has not received
    (:func:`round_unranked`): ``ranked`` False, no rank, no figures (a draft's scores are not a result), ``state``
    and ``reason`` ("Chưa gửi tự đánh giá", …)."""
    def q(x: Decimal) -> str:
        return str(x.quantize(Decimal("0.001")))

    before: dict[int, int] = {}
    if with_previous:
        prev = round_previous(rnd)
        if prev is not None:
            before = ({r["unit_id"]: r["rank"] for r in prev.published_results} if prev.published_results else
                      {r.unit: r.rank for r in round_results(prev)})
    out = []
    for r in round_results(rnd, **kw):
        row = {"rank": r.rank, "unit_id": r.unit, "unit": r.extra["name"], "points": q(r.points),
               "maximum": q(r.maximum), "index": q(r.index), "index_exact": str(r.index), "class": r.band,
               "survey_points": q(r.survey_points), "not_applicable": list(r.not_applicable),
               "not_appraised": r.extra["not_appraised"], "state": r.extra["state"], "ranked": True, "reason": ""}
        if with_previous:
            row["previous_rank"] = before.get(r.unit)
            row["rank_change"] = (before[r.unit] - r.rank) if r.unit in before else None
        out.append(row)
    for u in round_unranked(rnd):
        row = {"rank": None, "unit_id": u["unit_id"], "unit": u["unit"], "points": None, "maximum": None,
               "index": None, "index_exact": None, "class": None, "survey_points": None, "not_applicable": [],
               "not_appraised": 0, "state": u["state"], "ranked": False, "reason": u["reason"]}
        if with_previous:
            row["previous_rank"], row["rank_change"] = before.get(u["unit_id"]), None
        out.append(row)
    return out


def rounds_published():
    return (Round.objects.select_related("framework").filter(published_at__isnull=False)
            .order_by("-framework__year", "framework__unit_kind"))


def round_for(year: int, unit_kind: str) -> Round | None:
    return (Round.objects.select_related("framework")
            .filter(framework__year=year, framework__unit_kind=unit_kind).first())


def lost_points(rnd: Round, *, use: str = "appraised", top: int | None = 10) -> list[dict]:
    """Where points were lost: per criterion, the points lost over all units it applies to (max − score), how many
    units lost any, and the units that lost most — highest total first (one query over the lines of the units
    ranked, as :func:`round_results`: a draft has lost nothing yet)."""
    crits = {c.code: c for c in Criterion.objects.filter(framework=rnd.framework_id, is_leaf=True)
             .exclude(kind__in=[scoring.BONUS, scoring.PENALTY])}
    per: dict[str, dict] = {}
    for unit_id, unit_name, code, self_p, appr_p, surv_p, na in (
            Score.objects.filter(assessment__round=rnd, assessment__review_state__in=review.RECEIVED_STATES)
            .values_list("assessment__unit_id", "assessment__unit__name", "criterion__code", "self_points",
                         "appraised_points", "survey_points", "not_applicable")):
        c = crits.get(code)
        if c is None or na:
            continue
        if c.survey:
            value = surv_p
            if value is None:
                continue
        else:
            value = self_p if use == "self" else (appr_p if appr_p is not None else self_p)
        lost = c.max_points - (value or 0)
        d = per.setdefault(code, {"code": code, "title": c.title, "max_points": c.max_points, "lost": Decimal(0),
                                  "units": 0, "losers": []})
        if lost > 0:
            d["lost"] += lost
            d["units"] += 1
            d["losers"].append((lost, unit_name, unit_id))
    out = sorted((d for d in per.values() if d["lost"] > 0), key=lambda d: (-d["lost"], crits[d["code"]].order))
    for d in out:
        worst = sorted(d["losers"], key=lambda t: -t[0])[:5]
        d["losers"] = [name for _, name, _ in worst]
        d["loser_ids"] = [uid for _, _, uid in worst]
    return out[:top] if top else out


def council_lines(council: Council) -> list[dict]:
    """Every unit × criterion some member has appraised, the members' scores side by side (2 queries):
    {score, unit, code, self, members: [(name, points, reason)], values (distinct), conflict, chair, reasons}."""
    by_score: dict[int, dict] = {}
    for ms in (MemberScore.objects.filter(member__council=council)
               .select_related("score__assessment__unit", "score__criterion", "member__user")
               .order_by("score__assessment__unit__path", "score__criterion__order", "member__user__username")):
        s = ms.score
        d = by_score.setdefault(s.pk, {"score": s, "unit": s.assessment.unit.name, "code": s.criterion.code,
                                       "title": s.criterion.title, "self": s.self_points, "members": [],
                                       "chair": None, "reasons": []})
        name = ms.member.user.get_full_name() or ms.member.user.username
        d["members"].append((name, ms.points, ms.reason))
        d["reasons"].append(ms.reason)
        if ms.member.user_id == council.chair_id:
            d["chair"] = ms.points
    out = []
    for d in by_score.values():
        d["values"] = sorted({p for _, p, _ in d["members"]})
        d["conflict"] = len(d["values"]) > 1
        out.append(d)
    return out


def member_queue(user, council: Council) -> list[dict]:
    """The lines a member appraises: each assigned criterion × each unit of the round that was submitted or
    accepted, with the member's own score if any."""
    member = CouncilMember.objects.filter(council=council, user=user).first() if user.is_authenticated else None
    if member is None:
        return []
    crit_ids = list(member.criteria.values_list("pk", flat=True))
    mine = {ms.score_id: ms for ms in MemberScore.objects.filter(member=member)}
    rows = (Score.objects.filter(assessment__round=council.round_id, criterion__in=crit_ids,
                                 assessment__review_state__in=["submitted", "accepted"])
            .select_related("assessment__unit", "criterion").prefetch_related("files")
            .order_by("criterion__order", "assessment__unit__path"))
    return [{"score": s, "mine": mine.get(s.pk)} for s in rows]


def round_objections(rnd: Round):
    return (Objection.objects.filter(score__assessment__round=rnd)
            .select_related("score__criterion", "score__assessment__unit", "filed_by", "answered_by")
            .order_by("answered_at", "filed_at"))


def member_queue_pending(user) -> list[tuple[Council, int]]:
    """For each open council the user sits on (not locked, round not closed): how many lines of
    :func:`member_queue` still wait for the user's own score (one query, then one count per council)."""
    if not user or not user.is_authenticated:
        return []
    out = []
    for member in (CouncilMember.objects.filter(user=user, council__locked_at__isnull=True,
                                                council__round__closed=False)
                   .select_related("council__round__framework")):
        n = (Score.objects.filter(assessment__round=member.council.round_id,
                                  criterion__in=member.criteria.values("pk"),
                                  assessment__review_state__in=["submitted", "accepted"])
             .exclude(member_scores__member=member).count())
        if n:
            out.append((member.council, n))
    return out
