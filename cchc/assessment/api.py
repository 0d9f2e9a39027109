"""/api/index/ — the CCHC index: frameworks (public criteria), a unit's scores (scoped), results (office,
appraisers). Writes: one criterion's own score with compare-and-set."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from cchc.assessment import selectors, services
from cchc.assessment.models import Framework, IndexKind, Score, SelfAssessment
from cchc.core import review
from cchc.core.api_params import id_path
from cchc.org import access

router = Router(tags=["index"])


def _num(value) -> str | None:
    return None if value is None else str(value.normalize() if hasattr(value, "normalize") else value)


class ScoreIn(Schema):
    points: str | None = None
    explanation: str | None = None
    evidence_text: str | None = None
    not_applicable: bool | None = None
    version: int


@router.get("/frameworks", response={200: list[dict]})
def frameworks(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100),
               kind: IndexKind | None = None):
    qs = Framework.objects.order_by("-year", "unit_kind", "-version")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(unit_kind=kind)
    return [{"id": f.pk, "year": f.year, "kind": f.unit_kind, "version": f.version, "title": f.title,
             "locked": f.locked, "bands": f.bands} for f in qs[:200]]


@router.get("/frameworks/{framework_id}", response={200: dict, 404: dict})
def framework(request: HttpRequest, framework_id: int = id_path()):
    f = Framework.objects.filter(pk=framework_id).first()
    if f is None:
        raise Http404
    crits = [{"code": c.code, "title": c.title, "max_points": _num(c.max_points), "rule_type": c.rule_type,
              "params": c.params, "measure": c.measure, "kind": c.kind, "survey": c.survey, "leaf": c.is_leaf,
              "guidance": c.guidance, "evidence": c.evidence_required}
             for c in f.criteria.order_by("order")]
    return 200, {"id": f.pk, "year": f.year, "kind": f.unit_kind, "version": f.version, "title": f.title,
                 "locked": f.locked, "bands": f.bands, "criteria": crits}


@router.get("/assessments", response={200: list[dict]})
def assessments(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)):
    return [{"id": a.pk, "year": a.round.framework.year, "kind": a.round.framework.unit_kind,
             "unit": {"id": a.unit_id, "name": a.unit.name}, "state": a.review_state, "version": a.version}
            for a in selectors.assessments_for(request.auth, year=year)[:500]]


def _score_json(s: Score) -> dict:
    return {"id": s.pk, "code": s.criterion.code, "max_points": _num(s.criterion.max_points),
            "prefill_points": _num(s.prefill_points), "prefill": s.prefill, "self_points": _num(s.self_points),
            "explanation": s.explanation, "evidence_text": s.evidence_text, "not_applicable": s.not_applicable,
            "appraised_points": _num(s.appraised_points), "appraisal_note": s.appraisal_note,
            "survey_points": _num(s.survey_points), "version": s.version}


@router.get("/assessments/{assessment_id}/scores", response={200: dict, 404: dict})
def scores(request: HttpRequest, assessment_id: int = id_path()):
    sa = access.get_unit_scoped_or_404(request.auth, SelfAssessment.objects.select_related("unit"),
                                       pk=assessment_id)
    rows = Score.objects.filter(assessment=sa).select_related("criterion").order_by("criterion__order")
    return 200, {"id": sa.pk, "unit": sa.unit.name, "state": sa.review_state, "scores": [_score_json(s) for s in rows]}


@router.put("/scores/{score_id}", response={200: dict, 400: dict, 403: dict, 404: dict, 409: dict})
def score_save(request: HttpRequest, payload: ScoreIn, score_id: int = id_path()):
    s = access.get_unit_scoped_or_404(
        request.auth, Score.objects.select_related("criterion", "assessment__round", "assessment__unit"),
        field="assessment__unit", pk=score_id)
    try:
        services.score_save(s, user=request.auth, points=payload.points, explanation=payload.explanation,
                            evidence_text=payload.evidence_text, not_applicable=payload.not_applicable,
                            expected_version=payload.version)
    except review.VersionConflict as exc:
        return 409, {"code": exc.code, "message": exc.message}
    except (services.AssessmentError, review.TransitionError) as exc:
        return 400, {"code": exc.code, "message": exc.message}
    except PermissionDenied as exc:
        return 403, {"code": "forbidden", "message": str(exc) or "Không có quyền."}
    return 200, _score_json(s)


@router.get("/results", response={200: dict, 403: dict, 404: dict})
def results(request: HttpRequest, year: int = Query(..., ge=2000, le=2100), kind: IndexKind = IndexKind.SO,
            use: str = Query("appraised", pattern="^(appraised|self)$")):
    if not access.sees_all(request.auth):
        return 403, {"code": "forbidden", "message": "Chỉ Phòng CCHC và Hội đồng thẩm định xem kết quả trước khi "
                                                     "công bố."}
    rnd = selectors.round_for(year, kind)
    if rnd is None:
        raise Http404
    rows = selectors.result_rows(rnd, use=use, with_previous=True)
    return 200, {"year": year, "kind": kind, "use": use, "results": rows}


# ----------------------------------------------------------------------------- appraisal council and objections

class MemberScoreIn(Schema):
    points: str
    reason: str = ""


class ObjectionIn(Schema):
    text: str


class AnswerIn(Schema):
    answer: str
    points: str | None = None


def _objection_json(o) -> dict:
    return {"id": o.pk, "score_id": o.score_id, "code": o.score.criterion.code, "text": o.text,
            "filed_at": o.filed_at.isoformat() if o.filed_at else None, "answer": o.answer,
            "answered_at": o.answered_at.isoformat() if o.answered_at else None,
            "points_before": _num(o.points_before), "points_after": _num(o.points_after)}


def _refusal(exc) -> tuple[int, dict]:
    if isinstance(exc, PermissionDenied):
        return 403, {"code": "forbidden", "message": str(exc) or "Không có quyền."}
    return 400, {"code": exc.code, "message": exc.message}


@router.get("/rounds/{round_id}/council", response={200: dict, 403: dict, 404: dict})
def council(request: HttpRequest, round_id: int = id_path()):
    """The council of a round: chair, members and the criteria assigned to each, and (office, chair and members)
    every line where members' scores are compared side by side."""
    from cchc.assessment.models import Council

    c = Council.objects.filter(round_id=round_id).select_related("chair", "round").first()
    if c is None:
        raise Http404
    if not (access.sees_all(request.auth) or services.member_for(request.auth, c)):
        return 403, {"code": "forbidden", "message": "Chỉ Phòng CCHC và thành viên Hội đồng xem được."}
    members = [{"user": m.user.username, "name": m.user.get_full_name() or m.user.username,
                "criteria": sorted(m.criteria.values_list("code", flat=True))}
               for m in c.members.select_related("user").order_by("user__username")]
    lines = [{"score_id": ln["score"].pk, "unit": ln["unit"], "code": ln["code"],
              "values": [_num(v) for v in ln["values"]], "chair": _num(ln["chair"]), "conflict": ln["conflict"],
              "reasons": [r for r in ln["reasons"] if r]} for ln in selectors.council_lines(c)]
    return 200, {"round_id": c.round_id, "chair": c.chair.username, "locked": c.locked_at is not None,
                 "members": members, "lines": lines}


@router.put("/scores/{score_id}/appraisal", response={200: dict, 400: dict, 403: dict, 404: dict})
def appraisal_save(request: HttpRequest, payload: MemberScoreIn, score_id: int = id_path()):
    """A council member's score for one unit's criterion assigned to them (a reason where it differs)."""
    s = Score.objects.select_related("criterion", "assessment__round", "assessment__unit").filter(pk=score_id).first()
    council = getattr(s.assessment.round, "council", None) if s else None
    if s is None or not (access.can_view_unit(request.auth, s.assessment.unit)
                         or (council and services.member_for(request.auth, council))):
        raise Http404
    try:
        ms = services.member_score(s, user=request.auth, points=payload.points, reason=payload.reason)
    except (services.AssessmentError, PermissionDenied) as exc:
        return _refusal(exc)
    return 200, {"score_id": s.pk, "code": s.criterion.code, "points": _num(ms.points), "reason": ms.reason}


@router.get("/assessments/{assessment_id}/objections", response={200: list[dict], 404: dict})
def objections(request: HttpRequest, assessment_id: int = id_path()):
    from cchc.assessment.models import Objection

    sa = access.get_unit_scoped_or_404(request.auth, SelfAssessment.objects.select_related("unit"), pk=assessment_id)
    return 200, [_objection_json(o) for o in Objection.objects.filter(score__assessment=sa)
                 .select_related("score__criterion").order_by("score__criterion__order")]


@router.post("/scores/{score_id}/objection", response={201: dict, 400: dict, 403: dict, 404: dict})
def objection_file(request: HttpRequest, payload: ObjectionIn, score_id: int = id_path()):
    """The unit objects to the appraised score of one criterion (once, inside the window the office set)."""
    s = access.get_unit_scoped_or_404(
        request.auth, Score.objects.select_related("criterion", "assessment__round", "assessment__unit"),
        field="assessment__unit", pk=score_id)
    try:
        o = services.objection_file(s, user=request.auth, text=payload.text)
    except (services.AssessmentError, PermissionDenied) as exc:
        return _refusal(exc)
    return 201, _objection_json(o)


@router.post("/objections/{objection_id}/answer", response={200: dict, 400: dict, 403: dict, 404: dict})
def objection_answer(request: HttpRequest, payload: AnswerIn, objection_id: int = id_path()):
    """The office answers an objection, optionally changing the appraised score."""
    from cchc.assessment.models import Objection

    o = access.get_unit_scoped_or_404(request.auth, Objection.objects.select_related(
        "score__criterion", "score__assessment__unit"), field="score__assessment__unit", pk=objection_id)
    try:
        o = services.objection_answer(o, user=request.auth, answer=payload.answer, points=payload.points)
    except (services.AssessmentError, PermissionDenied) as exc:
        return _refusal(exc)
    return 200, _objection_json(o)


@router.get("/external", response={200: list[dict]})
def external_results(request: HttpRequest, index: str | None = Query(None, pattern="^(par|sipas|papi|pci|dti|766)$")):
    """The province's published results in external indices, with trends and distances (see /index/external/)."""
    from cchc.assessment.external import external_overview

    out = []
    for block in external_overview(index):
        for ln in block["lines"]:
            last = ln["latest"]
            out.append({"index": block["index"], "province": ln["province"], "component": ln["component"],
                        "years": ln["years"], "values": [_num(v) for v in ln["values"]], "year": last.year,
                        "value": _num(last.value), "max_value": _num(last.max_value), "rank": last.rank,
                        "rank_of": last.rank_of, "to_average": _num(ln["to_average"]),
                        "to_best": _num(ln["to_best"]), "rank_change": ln["rank_change"]})
    return out
