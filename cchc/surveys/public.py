"""Public (anonymous) survey pages: a code typed or read from a QR, the form, the desk kiosk.

No account, no session, no cookie: the one-time code (or the kiosk token) in the URL is the only key, so the pages
are exempt from CSRF (there is no signed-in state to forge) and never touch the session or the messages framework.
The request log drops the client address for these paths (cchc.core.middleware.RequestLogMiddleware).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cchc.surveys import codes as codelib
from cchc.surveys import guard, services
from cchc.surveys.models import Item

DEFAULT_SCALE = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]


def _private(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def form_sections(version, values: dict, errors: dict) -> list[dict]:
    """The form as sections of items, each with its field name, options and what is checked or typed."""
    scale = version.scale_labels or DEFAULT_SCALE
    sections: dict[int, dict] = {}
    codes = {}
    for it in services.items_of(version):
        key = str(it.pk)
        codes[it.pk] = it
        current = values.get(key)
        if it.kind == Item.Kind.LIKERT5:
            options = [(str(n), f"{n} – {scale[n - 1]}" if len(scale) >= n else str(n), str(current) == str(n))
                       for n in range(5, 0, -1)]
        elif it.kind in (Item.Kind.SINGLE, Item.Kind.MULTIPLE):
            chosen = current if isinstance(current, list) else [current]
            options = [(c, c, c in chosen) for c in it.choices]
        else:
            options = []
        cond = None
        if it.condition_item_id:
            parent = codes.get(it.condition_item_id) or it.condition_item
            cond = {"field": str(it.condition_item_id), "values": it.condition_values,
                    "label": _("Chỉ trả lời nếu ở câu “%(q)s” Ông/Bà chọn: %(v)s")
                    % {"q": parent.text, "v": ", ".join(it.condition_values)}}
        sec = sections.setdefault(it.section_id, {"title": it.section.title, "items": []})
        sec["items"].append({"key": key, "text": it.text, "kind": it.kind, "required": it.required,
                             "options": options, "text_value": current if it.kind == Item.Kind.TEXT else "",
                             "error": errors.get(key, ""), "cond": cond})
    return list(sections.values())


_BLANK_FORMS: dict[tuple, str] = {}


def sections_html(version, values: dict, errors: dict) -> str:
    """The questions as HTML; the blank form of a published version is rendered once per process and language
    (most requests: a citizen opening the QR link)."""
    from django.utils.translation import get_language

    key = services.version_published_key(version)
    blank = not values and not errors and key is not None
    if blank and (key, get_language()) in _BLANK_FORMS:
        return _BLANK_FORMS[(key, get_language())]
    html = render_to_string("surveys/public/_sections.html", {"sections": form_sections(version, values, errors)})
    if blank:
        if len(_BLANK_FORMS) > 200:
            _BLANK_FORMS.clear()
        _BLANK_FORMS[(key, get_language())] = html
    return html


def _too_many(request):
    return _private(render(request, "surveys/public/message.html", {
        "title": _("Tạm dừng nhận mã"),
        "message": _("Đã nhập sai mã quá nhiều lần. Xin Ông/Bà kiểm tra mã in trên phiếu hẹn và thử lại sau "
                     "%(minutes)s phút.") % {"minutes": guard.WINDOW // 60}}, status=429))


def answer_errors(exc: ValidationError) -> dict:
    """The first message of each refused answer, by field (as :func:`form_sections` shows them)."""
    return {k: v[0] for k, v in exc.message_dict.items()}


def posted_values(request) -> dict:
    """The posted answers to show again on the form: a list for a field sent several times, else its value."""
    return {k: (request.POST.getlist(k) if len(request.POST.getlist(k)) > 1 else request.POST.get(k))
            for k in request.POST}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def enter_code(request):
    """/s/ — the page printed on the receipt: type the code (works without JavaScript)."""
    raw = (request.POST.get("code") or request.GET.get("code") or "").strip()
    if raw:
        if guard.blocked(request):
            return _too_many(request)
        code = codelib.normalize(raw)
        if codelib.is_well_formed(code):
            return redirect(reverse("survey_respond", args=[codelib.display(code)]))
        guard.record_miss(request)
        return _private(render(request, "surveys/public/enter.html", {
            "error": services.CODE_MESSAGES["malformed"].format(code=raw[:20]), "code": raw[:20]}, status=400))
    return _private(render(request, "surveys/public/enter.html", {}))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def respond(request, code: str):
    """/s/<code>/ — the form for one code; POST "save" keeps the answers so far, "submit" sends them."""
    if guard.blocked(request):
        return _too_many(request)
    rc, problem, norm = services.code_find(code)
    if problem:
        if problem in ("unknown", "malformed"):
            guard.record_miss(request)
        err = services.code_error(problem, norm)
        return _private(render(request, "surveys/public/message.html",
                               {"title": _("Không dùng được mã này"), "message": err.message, "problem": problem},
                               status=410 if problem in ("used", "expired", "closed") else 404))
    rnd = rc.round
    values, errors, saved = dict(rc.draft or {}), {}, None
    if request.method == "POST":
        if request.POST.get("action") == "save":
            saved = services.code_draft_save(code, request.POST.getlist, found=(rc, problem, norm))
            if request.headers.get("X-Autosave"):  # the page's script: nothing to show
                return _private(HttpResponse(status=204))
            rc.refresh_from_db()
            values = dict(rc.draft or {})
        else:
            try:
                services.response_submit_with_code(code, request.POST.getlist, found=(rc, problem, norm))
            except ValidationError as exc:
                errors, values = answer_errors(exc), posted_values(request)
            except services.SurveyError as exc:
                return _private(render(request, "surveys/public/message.html",
                                       {"title": _("Không gửi được"), "message": exc.message}, status=410))
            else:
                return _private(render(request, "surveys/public/thanks.html", {"round": rnd}))
    return _private(render(request, "surveys/public/form.html", {
        "round": rnd, "version": rnd.version, "sections_html": sections_html(rnd.version, values, errors),
        "errors": errors, "saved": saved, "code": codelib.display(norm), "action": request.path, "kiosk": False},
        status=400 if errors else 200))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def kiosk(request, token: str):
    """/s/k/<token>/ — the desk tablet: one answer after another, no code; a short pause between two answers."""
    ks = services.kiosk_find(token)
    if ks is None:
        raise Http404(_("Máy khảo sát chưa được mở hoặc đã dừng."))
    rnd = ks.round
    errors, values = {}, {}
    if request.method == "POST":
        try:
            services.kiosk_submit(ks, request.POST.getlist)
        except ValidationError as exc:
            errors, values = answer_errors(exc), posted_values(request)
        except services.SurveyError as exc:
            return _private(render(request, "surveys/public/message.html",
                                   {"title": _("Xin đợi giây lát"), "message": exc.message, "back": request.path},
                                   status=429))
        else:
            return _private(render(request, "surveys/public/thanks.html", {"round": rnd, "again": request.path}))
    return _private(render(request, "surveys/public/form.html", {
        "round": rnd, "version": rnd.version, "sections_html": sections_html(rnd.version, values, errors),
        "errors": errors, "action": request.path, "kiosk": True}, status=400 if errors else 200))
