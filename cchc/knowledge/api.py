"""Knowledge API: ask / search within what the caller may see (auth: session or token, from cchc.api)."""

from ninja import Query, Router, Schema

from cchc.core.deferred import after_response

from . import selectors, services

router = Router(tags=["knowledge"])


class HitOut(Schema):
    document: str
    title: str
    number: str
    section: str
    text: str
    answer: str
    score: float
    passage_id: int
    document_id: int


class AskOut(Schema):
    answered: bool
    message: str
    hits: list[HitOut]
    related: list[HitOut] = []  # no answer: the nearest passages, not an answer (empty when answered)


@router.get("/ask", response=AskOut)
def ask(request, q: str = "", top: int = Query(5, ge=1, le=50), kind: str = "", area: str = "", year: str = "",
        issuer: str = ""):
    filters = {"kind": kind, "area": area, "year": year, "issuer": issuer}
    res = selectors.library_ask(user=request.user, text=q[:5000], k=top, filters=filters)
    after_response(services.query_log_add, user=request.user, result=res)  # the usage log, after the response
    rows = [HitOut(document=h.document.original_name or h.document.title, title=h.document.title,
                   number=h.document.number, section=h.passage.heading, text=h.passage.text,
                   answer=h.answer_text, score=round(h.score, 4), passage_id=h.passage.pk,
                   document_id=h.document.pk) for h in res.hits]
    if res.answered:
        return AskOut(answered=True, message=res.message, hits=rows)
    return AskOut(answered=False, message=res.message, hits=[], related=rows[:selectors.RELATED_ON_NO_ANSWER])
