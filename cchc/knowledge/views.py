"""Knowledge base pages (thin: rules live in services.py / selectors.py, permissions in org.access)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.deferred import after_response
from cchc.core.intake import IntakeError
from cchc.core.listing import paginate
from cchc.core.params import id_param
from cchc.core.shortcuts import first_or_404
from cchc.org.access import (
    EDIT_ALL_ROLES,
    EDIT_OWN_ROLES,
    can_edit_unit,
    edits_all,
    has_role,
    login_and_role_required,
    primary_unit,
)

from . import selectors, services
from .forms import AnswerForm, QuestionForm, ReviewForm, UploadForm
from .models import Area, DocumentKind, Passage, Question


def _safe_next(request, default: str):
    """Where to go back to: ``next`` only when it stays on this site (no open redirect), else ``default``."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return nxt
    return reverse(default)


def _office_pending() -> dict:
    return {"questions": Question.objects.filter(status=Question.Status.OPEN).count(),
            "documents": services.publication_queue().count()}


def _filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("kind", "area", "year", "issuer")}


@login_and_role_required()
def search(request):
    q = request.GET.get("q", "")
    filters = _filters(request)
    result = None
    hits = []
    if q.strip():
        result = selectors.library_ask(user=request.user, text=q, k=8, filters=filters)
        after_response(services.query_log_add, user=request.user, result=result)  # the usage log, not on the read
        for h in result.hits:
            hits.append({"hit": h, "html": mark_safe(selectors.hit_html(h, result.query))})  # noqa: S308 - escaped
    # no answer: the nearest passages stay reachable (folded, marked as not an answer), so a question worded unlike the
    # library still leads somewhere; the answer decision and what counts as answered are unchanged
    related = hits[:selectors.RELATED_ON_NO_ANSWER] if result and not result.answered else []
    return render(request, "knowledge/search.html", {
        "q": q, "result": result, "hits": hits, "related": related, "filters": filters, "kinds": DocumentKind.choices,
        "areas": Area.choices, "question_form": QuestionForm(initial={"text": q[:services.QUESTION_MAX_CHARS]}),
        "office_pending": _office_pending() if edits_all(request.user) else None,
    })


DOCUMENT_SORTS = {"issued": ("-issued_on", "title"), "number": ("number",), "title": ("title",),
                  "kind": ("kind", "title"), "status": ("status", "title")}


@login_and_role_required()
def document_list(request):
    docs = selectors.documents_visible(request.user).select_related("unit")
    f = _filters(request)
    q = request.GET.get("q", "").strip()
    if f["kind"]:
        docs = docs.filter(kind=f["kind"])
    if q:
        from django.db.models import Q

        docs = docs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    listing = paginate(request, docs, sorts=DOCUMENT_SORTS, default="issued")
    can_upload = has_role(request.user, *EDIT_ALL_ROLES, *EDIT_OWN_ROLES)
    return render(request, "knowledge/document_list.html", {"page": listing.page, "listing": listing,
                                                              "q": q, "kind": f["kind"], "kinds": DocumentKind.choices,
                                                              "can_upload": can_upload,
                                                              "form": UploadForm() if can_upload else None})


@login_and_role_required(*EDIT_ALL_ROLES, *EDIT_OWN_ROLES)
@require_POST
def document_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Thông tin tải lên chưa hợp lệ: %s") % form.errors.as_text())
        return redirect("knowledge:documents")
    f = form.cleaned_data["file"]
    unit = primary_unit(request.user)
    if unit is not None and not can_edit_unit(request.user, unit):
        unit = None
    overrides = {k: form.cleaned_data[k] for k in ("number", "title", "kind", "issuer", "issued_on", "validity", "area")}
    try:
        doc = services.document_add(user=request.user, data=f.read(), filename=f.name, unit=unit,
                                    status=form.cleaned_data["status"], overrides=overrides)
    except IntakeError as exc:
        messages.error(request, exc.message)
        return redirect("knowledge:documents")
    if doc.outcome == "unchanged":
        messages.info(request, _("Tài liệu này đã có trong kho (cùng nội dung): không lưu thêm bản mới."))
    elif doc.outcome == "revised":
        messages.success(request, _("Tài liệu đã có trong kho; nội dung mới được cập nhật (lần %(n)d), đang lập lại "
                                    "chỉ mục.") % {"n": doc.revision})
    else:
        messages.success(request, _("Đã nhận tài liệu; đang lập chỉ mục."))
    if doc.review_state == "submitted" and not edits_all(request.user):
        messages.info(request, _("Tài liệu hiển thị ngay cho đơn vị của bạn; công bố toàn tỉnh sau khi Phòng CCHC "
                                 "duyệt."))
    return redirect("knowledge:document", pk=doc.pk)


def _visible_document_or_404(user, pk):
    return first_or_404(selectors.documents_visible(user), _("Không tìm thấy tài liệu."), pk=pk)


@login_and_role_required()
def document_detail(request, pk):
    doc = _visible_document_or_404(request.user, pk)
    can_edit = services.user_can_edit_document(request.user, doc)
    return render(request, "knowledge/document_detail.html", {
        "doc": doc, "passages": doc.passages.all(),
        "review": doc.review_flags(can_edit=can_edit, can_review=edits_all(request.user))})


@login_and_role_required(*EDIT_ALL_ROLES, *EDIT_OWN_ROLES)
@require_POST
def document_publication(request, pk):
    """Ask for (unit), accept / return / withdraw (CCHC office) the province-wide publication of a document."""
    doc = _visible_document_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("knowledge:document", pk=doc.pk)
    d = form.cleaned_data
    try:
        services.document_publication(user=request.user, document=doc, action=d["action"], comment=d["comment"],
                                      expected_version=d["version"])
    except services.PublicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, {"accept": _("Đã công bố tài liệu toàn tỉnh."),
                                   "return": _("Đã trả lại đề nghị công bố."),
                                   "reopen": _("Đã gỡ công bố toàn tỉnh; tài liệu chỉ còn đơn vị sở hữu xem."),
                                   "submit": _("Đã gửi đề nghị công bố toàn tỉnh tới Phòng CCHC.")}[d["action"]])
    if d["action"] in ("accept", "return") and edits_all(request.user):
        return redirect(reverse("knowledge:office") + "#documents")
    return redirect("knowledge:document", pk=doc.pk)


@login_and_role_required()
def passage_detail(request, pk):
    p = get_object_or_404(Passage.objects.select_related("document"), pk=pk)
    _visible_document_or_404(request.user, p.document_id)
    return redirect(reverse("knowledge:document", args=[p.document_id]) + f"#p-{p.pk}")


@login_and_role_required()
@require_POST
def question_create(request):
    form = QuestionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("knowledge:search")
    try:
        services.question_ask(user=request.user, text=form.cleaned_data["text"], topic=form.cleaned_data["topic"])
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("knowledge:search")
    messages.success(request, _("Đã gửi câu hỏi tới Phòng CCHC. Câu trả lời sẽ có trong mục Hỏi đáp."))
    return redirect("knowledge:faq")


@login_and_role_required()
def faq(request):
    items = Question.objects.filter(status=Question.Status.PUBLISHED)
    q = request.GET.get("q", "").strip()
    if q:
        from django.db.models import Q

        items = items.filter(Q(text__icontains=q) | Q(answer__icontains=q))
    listing = paginate(request, items, sorts={"answered": ("-answered_at",)}, default="answered", per=20)
    mine = Question.objects.filter(asked_by=request.user).exclude(status=Question.Status.PUBLISHED)[:20]
    return render(request, "knowledge/faq.html", {"items": listing.page, "listing": listing, "q": q, "mine": mine})


@login_and_role_required()
@require_POST
def feedback(request):
    helpful = request.POST.get("helpful") == "1"
    question = Question.objects.filter(pk=id_param(request.POST.get("question"), name="question", default=0)).first()
    passage = Passage.objects.filter(pk=id_param(request.POST.get("passage"), name="passage", default=0)).first()
    services.feedback_record(user=request.user, helpful=helpful, question=question, passage=passage,
                             query=request.POST.get("q", ""))
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/_thanks.html")
    messages.success(request, _("Cảm ơn bạn đã đánh giá."))
    return redirect(_safe_next(request, "knowledge:faq"))


OFFICE_QUESTION_SORTS = {"created": ("created_at",), "unit": ("unit__name", "created_at"),
                         "topic": ("topic", "created_at")}
OFFICE_DOCUMENT_SORTS = {"submitted": ("submitted_at",), "unit": ("unit__name", "submitted_at"),
                         "title": ("title",)}


@login_and_role_required(*EDIT_ALL_ROLES)
def office(request):
    """The office's two queues, each paged and sorted on its own (questions: page/sort, documents: dpage/dsort)."""
    open_qs = Question.objects.filter(status=Question.Status.OPEN).select_related("unit", "asked_by")
    questions = paginate(request, open_qs, sorts=OFFICE_QUESTION_SORTS, default="-created")
    documents = paginate(request, services.publication_queue(), sorts=OFFICE_DOCUMENT_SORTS, default="submitted",
                         prefix="d")
    stats = selectors.office_stats()
    labels = dict(Area.choices)
    for t in stats["open_by_topic"]:
        t["label"] = labels.get(t["topic"], t["topic"])
    return render(request, "knowledge/office.html", {"open": questions.page, "questions": questions, "stats": stats,
                                                     "documents": documents.page, "doc_listing": documents})


@login_and_role_required(*EDIT_ALL_ROLES)
def question_answer(request, pk):
    question = get_object_or_404(Question, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        services.question_answer(user=request.user, question=question, answer=form.cleaned_data["answer"],
                                 publish=form.cleaned_data["publish"])
        messages.success(request, format_html(_("Đã trả lời câu hỏi “{}”."), question.text[:80]))
        return redirect("knowledge:office")
    return render(request, "knowledge/answer.html", {"question": question, "form": form})
