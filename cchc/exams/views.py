from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.listing import paginate
from cchc.core.shortcuts import first_or_404, refusal_on_form
from cchc.core.vntext import fold_key
from cchc.exams import aiken, gift, reports, selectors, services, sheet
from cchc.exams.forms import LETTERS, CampaignForm, ImportForm, MarkChangeForm, QuestionForm
from cchc.exams.models import Attempt, AttemptStatus, Campaign, GradeChange, Question, Topic
from cchc.exams.qdata import QuestionData
from cchc.org import access
from cchc.org.access import login_and_role_required

MANAGERS = (access.ADMIN, access.PAR_OFFICE)


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@login_and_role_required()
def index(request):
    user = request.user
    now = timezone.now()
    # an attempt whose time ran out while the page was closed is shown submitted (read-time; stored by the
    # periodic `cchc exams close_overdue` or the next POST) — a GET never writes
    mine = [services.attempt_as_of(a, now) for a in
            Attempt.objects.filter(user=user).select_related("campaign").order_by("-started_at")[:50]]
    rows = selectors.campaign_rows(user, now)
    return render(request, "exams/index.html", {
        "rows": rows, "mine": mine, "can_manage": selectors.user_can_manage(user),
        "can_see_results": selectors.user_can_see_results(user),
        "result_campaigns": Campaign.objects.filter(is_published=True)[:20] if selectors.user_can_see_results(user) else [],
    })


# --------------------------------------------------------------------------- bank

BANK_SORTS = {"ref": ("ref",), "topic": ("topic__code", "ref"), "kind": ("kind", "ref"),
              "difficulty": ("difficulty", "ref")}


def _bank_filter(request):
    """Questions the bank page shows and its exports hold: topic, search text, inactive ones or not."""
    qs = Question.objects.select_related("current", "topic")
    topic = request.GET.get("topic", "")
    q = request.GET.get("q", "").strip()
    if topic:
        qs = qs.filter(Q(topic__code=topic) | Q(topic__code__startswith=topic + "."))
    if request.GET.get("inactive") != "1":
        qs = qs.filter(is_active=True)
    if q:
        key = fold_key(q)
        ids = [pk for pk, text, ref in qs.values_list("pk", "current__text", "ref")
               if key in fold_key(text or "") or key in fold_key(ref)]
        qs = qs.filter(pk__in=ids)
    return qs, topic, q


@login_and_role_required(*MANAGERS)
def bank(request):
    qs, topic, q = _bank_filter(request)
    listing = paginate(request, qs, sorts=BANK_SORTS, default="ref")
    return render(request, "exams/bank.html", {"page": listing.page, "listing": listing, "topics": Topic.objects.all(),
                                               "topic": topic, "q": q, "total": listing.total})


@login_and_role_required(*MANAGERS)
def question_edit(request, pk=None):
    question = get_object_or_404(Question.objects.select_related("current"), pk=pk) if pk else None
    initial = {}
    if question and question.current:
        v = question.current
        initial = {"topic": v.topic_id, "kind": v.kind, "difficulty": v.difficulty, "text": v.text,
                   "explanation": v.explanation, "source_ref": v.source_ref}
        for i, o in enumerate(v.options[:len(LETTERS)]):
            initial[f"option_{LETTERS[i]}"] = o["text"]
            initial[f"correct_{LETTERS[i]}"] = o["correct"]
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("deactivate") and question:
        services.question_deactivate(question)
        messages.success(request, _("Đã ngừng dùng câu hỏi (các bài làm đã có vẫn giữ nguyên)."))
        return redirect("exams:bank")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = QuestionData(text=d["text"], kind=d["kind"], options=form.options(), topic=d["topic"].code,
                            difficulty=d["difficulty"], explanation=d["explanation"], source_ref=d["source_ref"],
                            ref=question.ref if question else "")
        if d["kind"] == "truefalse" and not data.options:
            from cchc.exams.qdata import truefalse_options

            data.options = truefalse_options(True)
        problems = data.normalise().problems()
        if problems:
            for p in problems:
                form.add_error(None, p)
        else:
            question, outcome = services.question_save(data, topic=d["topic"], user=request.user,
                                                       question=question)
            messages.success(request, {"created": _("Đã tạo câu hỏi %(r)s."),
                                       "versioned": _("Đã lưu phiên bản mới của câu hỏi %(r)s."),
                                       "unchanged": _("Câu hỏi %(r)s không thay đổi.")}[outcome] % {"r": question.ref})
            return redirect("exams:bank")
    versions = question.versions.order_by("-number") if question else []
    return render(request, "exams/question_form.html", {"form": form, "question": question, "versions": versions,
                                                        "letters": LETTERS})


_IMPORT_SESSION = "exams_import_pending"
IMPORT_MAX_BYTES = 10 * 1024 * 1024
_PENDING_MAX_AGE = 24 * 3600


def _pending_dir():
    from pathlib import Path

    from django.conf import settings

    return Path(settings.VAR_DIR) / "exams-import"


def _pending_path(token: str):
    import re

    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token or ""):
        return None
    return _pending_dir() / f"{token}.upload"


def _store_pending(data: bytes) -> str:
    """Keep an uploaded bank file between the preview and the confirmation (in var/, not in the session, so a big
    file does not travel with every request); files older than a day are removed."""
    import secrets
    import time

    folder = _pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.upload"):
        try:
            if now - old.stat().st_mtime > _PENDING_MAX_AGE:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_urlsafe(24)
    _pending_path(token).write_bytes(data)
    return token


def _drop_pending(request) -> dict | None:
    pending = request.session.pop(_IMPORT_SESSION, None)
    if pending:
        path = _pending_path(pending.get("token", ""))
        if path is not None:
            path.unlink(missing_ok=True)
    return pending


def _import_counts(report) -> str:
    return _("%(c)d câu mới, %(v)d câu có phiên bản mới, %(u)d câu không đổi, %(d)d câu trùng bỏ qua") % {
        "c": report.created, "v": report.versioned, "u": report.unchanged, "d": report.duplicates}


@login_and_role_required(*MANAGERS)
def bank_import(request):
    """Two steps: the upload is checked without writing (preview: what would be created, updated, left unchanged,
    refused with its line, warnings); then "import the valid questions" or "cancel". The pending file waits in
    var/exams-import under a random token kept in the user's session."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    filename = ""
    op = request.POST.get("op", "") if request.method == "POST" else ""
    if op == "cancel":
        _drop_pending(request)
        messages.info(request, _("Đã hủy, không nhập câu hỏi nào."))
        return redirect("exams:bank_import")
    if op == "confirm":
        pending = request.session.get(_IMPORT_SESSION)
        path = _pending_path(pending.get("token", "")) if pending else None
        if not pending or pending.get("token") != request.POST.get("token") or path is None or not path.exists():
            messages.error(request, _("Không còn tệp chờ nhập (đã nhập, đã hủy hoặc phiên đã hết hạn); hãy tải lên "
                                      "lại."))
            return redirect("exams:bank_import")
        data = path.read_bytes()
        _drop_pending(request)
        default = Topic.objects.filter(pk=pending.get("topic")).first() if pending.get("topic") else None
        report = services.questions_import_file(data, pending["name"], fmt=pending["fmt"], user=request.user,
                                      default_topic=default, mode=services.IMPORT_VALID)
        if report.items:
            text = _("Đã nhập từ %(f)s: %(n)s.") % {"f": pending["name"], "n": _import_counts(report)}
            if report.errors:
                text += " " + _("%(k)d câu bị từ chối không được nhập.") % {"k": len(report.refused_lines)}
            messages.success(request, text)
            return redirect("exams:bank")
        filename = pending["name"]
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name
        if upload.size > IMPORT_MAX_BYTES:
            form.add_error("file", _("Tệp %(n)s lớn hơn %(m)d MB.") % {"n": upload.name,
                                                                      "m": IMPORT_MAX_BYTES // 1048576})
        else:
            data = upload.read()
            default = form.cleaned_data.get("default_topic")
            fmt = form.cleaned_data["fmt"]
            report = services.questions_import_file(data, upload.name, fmt=fmt, user=request.user, default_topic=default,
                                          mode=services.IMPORT_PREVIEW)
            if report.items:
                _drop_pending(request)
                token = _store_pending(data)
                request.session[_IMPORT_SESSION] = {"token": token, "name": upload.name, "fmt": report.fmt or fmt,
                                                    "topic": default.pk if default else None}
                return render(request, "exams/import.html", {"form": None, "report": report, "filename": upload.name,
                                                             "token": token, "preview": True})
    return render(request, "exams/import.html", {"form": form, "report": report, "filename": filename,
                                                 "preview": False})


@login_and_role_required(*MANAGERS)
def bank_export(request, fmt):
    qs, _topic, _q = _bank_filter(request)  # the same questions as the bank page shows
    data = services.questions_export(qs, topic_names=fmt == "xlsx")
    if fmt == "xlsx":
        return _file(sheet.write_xlsx(data), "ngan-hang-cau-hoi.xlsx", reports.XLSX)
    if fmt == "gift":
        return _file(gift.export_gift(data).encode("utf-8"), "ngan-hang-cau-hoi.gift.txt", "text/plain; charset=utf-8")
    if fmt == "aiken":
        text, _skipped = aiken.export_aiken(data, strict=request.GET.get("strict") == "1")
        return _file(text.encode("utf-8"), "ngan-hang-cau-hoi.aiken.txt", "text/plain; charset=utf-8")
    raise Http404


# --------------------------------------------------------------------------- campaigns

CAMPAIGN_SORTS = {"opens": ("-opens_at",), "title": ("title",), "status": ("is_published", "-opens_at")}
ATTEMPT_SORTS = {"percent": ("-percent", "user__username"), "name": ("user__last_name", "user__first_name",
                                                                     "user__username"),
                 "unit": ("unit__name", "user__username"), "number": ("number", "user__username")}


@login_and_role_required(*selectors.RESULT_ROLES)
def campaign_list(request):
    campaigns = Campaign.objects.all() if selectors.user_can_manage(request.user) else Campaign.objects.filter(
        is_published=True)
    listing = paginate(request, campaigns, sorts=CAMPAIGN_SORTS, default="opens")
    return render(request, "exams/campaign_list.html", {"campaigns": listing.page, "listing": listing,
                                                        "can_manage": selectors.user_can_manage(request.user)})


@login_and_role_required(*MANAGERS)
def campaign_edit(request, pk=None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.campaign_save(request.user, campaign=campaign, **form.service_fields())
        except services.ExamError as exc:
            refusal_on_form(form, exc)
        else:
            shortages = services.blueprint_shortages(obj)
            if shortages:
                messages.warning(request, _("Ngân hàng chưa đủ câu hỏi cho ma trận đề: ") + "; ".join(
                    f"{label}: cần {want}, có {have}" for label, want, have in shortages))
            else:
                messages.success(request, _("Đã lưu kỳ kiểm tra."))
            return redirect("exams:campaign_detail", pk=obj.pk)
    return render(request, "exams/campaign_form.html", {"form": form, "campaign": campaign,
                                                        "topics": Topic.objects.all()})


@login_and_role_required(*selectors.RESULT_ROLES)
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    if not campaign.is_published and not selectors.user_can_manage(request.user):
        raise Http404
    rows, total = selectors.unit_summary(request.user, campaign)
    ctx = {"campaign": campaign, "rows": rows, "total": total, "can_manage": selectors.user_can_manage(request.user),
           "commendation": selectors.campaign_commendation(request.user, campaign, limit=10),
           "counts": selectors.attempt_counts(campaign, request.user), "max_dist": max(total.distribution) or 1,
           "bands": [(f"{i * 10}–{i * 10 + 10}", n) for i, n in enumerate(total.distribution)]}
    if access.sees_all(request.user):
        ctx["test"], ctx["items"] = selectors.item_analysis(campaign)
    if ctx["can_manage"]:
        ctx["shortages"] = services.blueprint_shortages(campaign)
        ctx["overdue"] = sum(1 for a in Attempt.objects.filter(campaign=campaign, status=AttemptStatus.IN_PROGRESS)
                             .only("status", "deadline") if services.attempt_is_overdue(a))
    # finished attempts the user may list (results published, or the office): sorted and paged in memory
    ctx["listing"] = paginate(request, selectors.attempts_listed(request.user, campaign), sorts=ATTEMPT_SORTS,
                              default="percent")
    ctx["attempts"] = ctx["listing"].page
    return render(request, "exams/campaign_detail.html", ctx)


@login_and_role_required(*selectors.RESULT_ROLES)
def campaign_export(request, pk, table):
    campaign = get_object_or_404(Campaign, pk=pk, is_published=True)
    if table == "attempts":
        data = reports.attempts_xlsx(request.user, campaign)
    elif table == "units":
        data = reports.units_xlsx(request.user, campaign)
    elif table == "items" and access.sees_all(request.user):
        data = reports.items_xlsx(campaign)
    elif table == "commendation":
        data = reports.commendation_xlsx(request.user, campaign)
    else:
        raise Http404
    return _file(data, f"ky-kiem-tra-{campaign.pk}-{table}.xlsx", reports.XLSX)


@login_and_role_required(*MANAGERS)
@require_POST
def campaign_publish_results(request, pk):
    services.campaign_publish_results(campaign=get_object_or_404(Campaign, pk=pk), user=request.user)
    messages.success(request, _("Đã công bố kết quả."))
    return redirect("exams:campaign_detail", pk=pk)


@login_and_role_required(*MANAGERS)
@require_POST
def campaign_close_overdue(request, pk):
    """The office stores the attempts whose time ran out (the periodic command does the same every minute)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    n = services.attempts_close_overdue(campaign=campaign)
    messages.success(request, _("Đã nộp tự động %(n)d bài làm hết giờ.") % {"n": n})
    return redirect("exams:campaign_detail", pk=pk)


# --------------------------------------------------------------------------- taking a test

@login_and_role_required()
@require_POST
def start(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk, is_published=True)
    try:
        attempt = services.attempt_start(request.user, campaign)
    except services.ExamError as exc:
        if exc.code in ("staggered", "not_open") and exc.extra.get("wait_seconds", 0) < 3600:
            # the province-wide start is spread out: wait on a countdown page that retries by itself
            return render(request, "exams/wait.html", {"campaign": campaign, "message": exc.message,
                                                       "wait": exc.extra["wait_seconds"]}, status=409)
        messages.error(request, exc.message)
        return redirect("exams:index")
    return redirect("exams:take", pk=attempt.pk)


def _own_attempt(request, pk) -> Attempt:
    return first_or_404(Attempt.objects.select_related("campaign", "unit"), _("Không tìm thấy bài làm."), pk=pk,
                        user=request.user)


@login_and_role_required()
def take(request, pk):
    attempt = _own_attempt(request, pk)
    now = timezone.now()
    if not attempt.is_open or services.attempt_is_overdue(attempt, now):  # time ran out: the result page shows it
        return redirect("exams:result", pk=attempt.pk)
    items = []
    for it in attempt.items.select_related("version"):
        opts = {o["id"]: o["text"] for o in it.version.options}
        items.append({"position": it.position, "text": it.version.text, "multi": it.multi, "seq": it.seq,
                      "selected": it.selected, "kind": it.version.get_kind_display(),
                      "options": [(oid, opts[oid]) for oid in it.option_order]})
    return render(request, "exams/take.html", {"attempt": attempt, "items": items,
                                               "remaining": attempt.remaining_seconds(now),
                                               "remaining_ms": max(0, int((attempt.deadline - now)
                                                                          .total_seconds() * 1000))})


@login_and_role_required()
def result(request, pk):
    attempt = selectors.attempt_get(request.user, pk)
    if attempt is None:
        raise Http404(_("Không tìm thấy bài làm."))
    now = timezone.now()
    attempt = services.attempt_as_of(attempt, now)
    own = attempt.user_id == request.user.pk
    if attempt.is_open and own:
        return redirect("exams:take", pk=attempt.pk)
    campaign = attempt.campaign
    visible = selectors.score_visible(request.user, attempt, now)
    key = selectors.answer_key_visible(request.user, attempt, now)
    ctx = {"attempt": attempt, "visible": visible, "own": own, "answer_key": key,
           "can_change_marks": selectors.user_can_manage(request.user) and not attempt.is_open}
    if visible and not attempt.is_open:
        topics = selectors.topics_by_id()
        ctx["per_topic"] = sorted(
            [(topics[int(k)], v[0], v[1], round(100 * v[0] / v[1], 1) if v[1] else 0)
             for k, v in (attempt.topic_scores or {}).items() if int(k) in topics],
            key=lambda r: (r[0].order, r[0].code))
        ctx["recommendations"] = selectors.attempt_remediation(attempt)
        if campaign.review_allowed and key:
            review = []
            items = getattr(attempt, "graded_items", None) or attempt.items.select_related("version")
            for it in items:
                opts = {o["id"]: o for o in it.version.options}
                review.append({"item": it, "version": it.version,
                               "options": [(opts[oid]["text"], opts[oid]["correct"], oid in it.selected,
                                            opts[oid].get("weight")) for oid in it.option_order]})
            ctx["review"] = review
        elif campaign.review_allowed:
            # the key is published later: say when, show nothing of it now
            ctx["review_pending"] = True
            ctx["review_later"] = campaign.closes_at if campaign.results_policy != "manual" else None
    return render(request, "exams/result.html", ctx)


@login_and_role_required()
def certificate(request, pk):
    attempt = selectors.attempt_get(request.user, pk)
    if attempt is not None:
        attempt = services.attempt_as_of(attempt)
    if attempt is None or attempt.is_open or not attempt.passed:
        raise Http404(_("Không có giấy chứng nhận cho bài làm này."))
    if not selectors.score_visible(request.user, attempt):
        raise Http404(_("Kết quả chưa được công bố."))
    return _file(reports.certificate_docx(attempt), f"giay-chung-nhan-{attempt.pk}.docx", reports.DOCX)


@login_and_role_required(*MANAGERS)
def change_marks(request, pk):
    """Manual mark change of one question of a submitted attempt, with a reason and the grade history."""
    attempt = get_object_or_404(Attempt.objects.select_related("campaign", "user", "unit"), pk=pk)
    if request.method == "POST" and services.attempt_is_overdue(attempt):
        attempt = services.attempt_finalize(attempt, auto=True)  # stored before its marks are changed
    items = list(attempt.items.select_related("version", "area"))
    form = MarkChangeForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            item = next(it for it in items if it.position == d["position"])
            try:
                services.mark_change(request.user, item, d["new_mark"], d["reason"])
            except services.ExamError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã điều chỉnh điểm câu %(p)d.") % {"p": item.position})
                return redirect("exams:change_marks", pk=pk)
    history = GradeChange.objects.filter(item__attempt=attempt).select_related("item", "changed_by") \
        .order_by("-changed_at", "-pk")
    return render(request, "exams/marks.html", {"attempt": attempt, "items": items, "form": form,
                                                "history": history}, status=status)
