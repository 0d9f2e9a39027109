"""/api/exams/ — the exam-taking endpoints used by the test page (autosave, state, submit) and by scripts."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from cchc.core.api_params import id_path
from cchc.exams import services
from cchc.exams.models import Attempt, Campaign

router = Router(tags=["exams"])


class AnswerIn(Schema):
    position: int
    selected: list[str]
    seq: int


def _error(exc: services.ExamError):
    return exc.status, exc.as_dict()


@router.post("/campaigns/{campaign_id}/start", response={200: dict, 400: dict, 403: dict, 404: dict, 409: dict})
def start(request: HttpRequest, campaign_id: int = id_path()):
    campaign = Campaign.objects.filter(pk=campaign_id, is_published=True).first()
    if campaign is None:
        return 404, {"ok": False, "code": "not_found", "message": "Không tìm thấy kỳ kiểm tra."}
    try:
        attempt = services.attempt_start(request.auth, campaign)
    except services.ExamError as exc:
        return _error(exc)
    return 200, _state(attempt)


def _state(attempt: Attempt) -> dict:
    items = []
    for it in attempt.items.select_related("version"):
        opts = {o["id"]: o["text"] for o in it.version.options}
        items.append({"position": it.position, "text": it.version.text, "multi": it.multi, "seq": it.seq,
                      "selected": it.selected, "options": [{"id": oid, "text": opts[oid]} for oid in it.option_order]})
    return {"ok": True, "attempt": attempt.pk, "status": attempt.status, "remaining_seconds":
            attempt.remaining_seconds(), "items": items}


@router.get("/attempts/{attempt_id}", response={200: dict, 404: dict})
def state(request: HttpRequest, attempt_id: int = id_path()):
    attempt = Attempt.objects.filter(pk=attempt_id, user_id=request.auth.pk).first()
    if attempt is None:
        return 404, {"ok": False, "code": "not_found", "message": "Không tìm thấy bài làm."}
    # a read never writes: an attempt whose time ran out is reported submitted (stored by the periodic
    # `cchc exams close_overdue` or by the next save/submit); the answer key is never part of this state
    return 200, _state(services.attempt_as_of(attempt))


@router.post("/attempts/{attempt_id}/answers", response={200: dict, 400: dict, 404: dict, 409: dict})
def save_answer(request: HttpRequest, payload: AnswerIn, attempt_id: int = id_path()):
    try:
        return 200, services.answer_save(request.auth, attempt_id, payload.position, payload.selected, payload.seq)
    except services.ExamError as exc:
        return _error(exc)


@router.post("/attempts/{attempt_id}/submit", response={200: dict, 404: dict})
def submit(request: HttpRequest, attempt_id: int = id_path()):
    try:
        attempt = services.attempt_submit(request.auth, attempt_id)
    except services.ExamError as exc:
        return _error(exc)
    out = {"ok": True, "status": attempt.status}
    if attempt.campaign.results_visible():
        out.update(score=attempt.score, max_score=attempt.max_score, percent=attempt.percent, passed=attempt.passed)
    return 200, out
