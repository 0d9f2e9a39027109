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
        services.save_score(s, user=request.auth, points=payload.points, explanation=payload.explanation,
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
