"""Knowledge base pages (thin: rules live in services.py / selectors.py, permissions in org.access)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.intake import IntakeError
from cchc.core.params import id_param
from cchc.org.access import (
    EDIT_ALL_ROLES,
    EDIT_OWN_ROLES,
    can_edit_unit,
    has_role,
    login_and_role_required,
    primary_unit,
)

from . import selectors, services
from .forms import AnswerForm, QuestionForm, UploadForm
from .models import Area, DocumentKind, Passage, Question


def _filters(request):
    return {k: request.GET.get(k, "").strip() for k in ("kind", "area", "year", "issuer")}


@login_and_role_required()
def search(request):
    q = request.GET.get("q", "")
    filters = _filters(request)
    result = None
    hits = []
    if q.strip():
        result = selectors.ask(user=request.user, text=q, k=8, filters=filters)
        for h in result.hits:
            hits.append({"hit": h, "html": mark_safe(selectors.hit_html(h, result.query))})  # noqa: S308 - escaped
    return render(request, "knowledge/search.html", {
        "q": q, "result": result, "hits": hits, "filters": filters, "kinds": DocumentKind.choices,
        "areas": Area.choices, "question_form": QuestionForm(initial={"text": q}),
    })


@login_and_role_required()
def document_list(request):
    docs = selectors.visible_documents(request.user).select_related("unit")
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    can_upload = has_role(request.user, *EDIT_ALL_ROLES, *EDIT_OWN_ROLES)
    return render(request, "knowledge/document_list.html", {"page": page, "can_upload": can_upload,
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
    messages.success(request, _("Đã nhận tài liệu; đang lập chỉ mục."))
    return redirect("knowledge:document", pk=doc.pk)


def _visible_document_or_404(user, pk):
    doc = selectors.visible_documents(user).filter(pk=pk).first()
    if doc is None:
        raise Http404(_("Không tìm thấy tài liệu."))
    return doc


@login_and_role_required()
def document_detail(request, pk):
    doc = _visible_document_or_404(request.user, pk)
    return render(request, "knowledge/document_detail.html", {"doc": doc, "passages": doc.passages.all()})


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
        messages.error(request, _("Câu hỏi trống."))
        return redirect("knowledge:search")
    services.question_ask(user=request.user, text=form.cleaned_data["text"], topic=form.cleaned_data["topic"])
    messages.success(request, _("Đã gửi câu hỏi tới Phòng CCHC. Câu trả lời sẽ có trong mục Hỏi đáp."))
    return redirect("knowledge:faq")


@login_and_role_required()
def faq(request):
    items = Question.objects.filter(status=Question.Status.PUBLISHED).order_by("-answered_at")
    mine = Question.objects.filter(asked_by=request.user).exclude(status=Question.Status.PUBLISHED)[:20]
    return render(request, "knowledge/faq.html", {"items": items, "mine": mine})


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
    return redirect(request.POST.get("next") or "knowledge:faq")


@login_and_role_required(*EDIT_ALL_ROLES)
def office(request):
    open_qs = Question.objects.filter(status=Question.Status.OPEN).select_related("unit", "asked_by")
    stats = selectors.office_stats()
    labels = dict(Area.choices)
    for t in stats["open_by_topic"]:
        t["label"] = labels.get(t["topic"], t["topic"])
    return render(request, "knowledge/office.html", {"open": open_qs, "stats": stats})


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
