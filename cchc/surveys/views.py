"""Staff pages of the surveys app: rounds, code sheets with QR, kiosk, paper entry, import, results, questionnaires.

Every page goes through the unit scope (org.access): a unit sees its own rounds and results, the CCHC office all;
another unit's round is a 404."""

from __future__ import annotations

import datetime as dt
import io
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.excel import write_xlsx
from cchc.core.listing import paginate
from cchc.core.params import id_param, year_param
from cchc.core.shortcuts import refusal_on_form
from cchc.org import access
from cchc.org.access import login_and_role_required
from cchc.org.models import OrgUnit
from cchc.surveys import codes as codelib
from cchc.surveys import selectors, services
from cchc.surveys.forms import CodesForm, CountsForm, ImportForm, ItemForm, KioskForm, RoundForm
from cchc.surveys.models import Item, KioskSession, PaperEntry, Questionnaire, QuestionnaireVersion
from cchc.surveys.public import answer_errors, form_sections, posted_values

EDITORS = (access.ADMIN, access.PAR_OFFICE, access.UNIT_LEADER, access.FOCAL_POINT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable_units(user):
    return access.scope_units(user, OrgUnit.objects.filter(valid_to__isnull=True), field="", for_edit=True)


def _year(request):
    return year_param(request.GET.get("year"), default=timezone.localdate().year)


def _aware(day: dt.date, end: bool = False):
    t = dt.time(23, 59, 59) if end else dt.time(0, 0)
    return timezone.make_aware(dt.datetime.combine(day, t))


ROUND_SORTS = {"unit": ("unit__name", "-year", "-quarter"), "period": ("-year", "-quarter", "unit__name"),
               "n": ("n_responses", "unit__name")}


@login_and_role_required()
def index(request):
    year = _year(request)
    rounds = selectors.rounds_for(request.user).filter(year=year)
    listing = paginate(request, rounds, sorts=ROUND_SORTS, default="period")
    return render(request, "surveys/index.html", {
        "listing": listing, "year": year, "can_edit": access.has_role(request.user, *EDITORS),
        "is_office": access.edits_all(request.user)})


@login_and_role_required(*EDITORS)
def round_new(request):
    units = _editable_units(request.user)
    today = timezone.localdate()
    form = RoundForm(request.POST or None, units=units,
                     initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1, "opens_on": today,
                              "closes_on": today + dt.timedelta(days=90)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_create(request.user, version=d["version"], unit=d["unit"], year=d["year"],
                                        quarter=d["quarter"], opens_at=_aware(d["opens_on"]),
                                        closes_at=_aware(d["closes_on"], end=True), quota=d["quota"],
                                        population=d["population"], title=d["title"])
        except (ValidationError, services.SurveyError) as exc:
            form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
        else:
            messages.success(request, _("Đã tạo đợt khảo sát."))
            return redirect("surveys:round_detail", pk=rnd.pk)
    return render(request, "surveys/form.html", {"form": form, "title": _("Tạo đợt khảo sát")})


@login_and_role_required()
def round_detail(request, pk: int):
    rnd = selectors.round_for(request.user, pk)
    can_edit = access.can_edit_unit(request.user, rnd.unit)
    counts_form = CountsForm(request.POST or None, initial={
        "quota": rnd.quota, "population": rnd.population, "opens_on": timezone.localtime(rnd.opens_at).date(),
        "closes_on": timezone.localtime(rnd.closes_at).date()})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if counts_form.is_valid():
            d = counts_form.cleaned_data
            try:
                services.round_counts_update(
                    request.user, rnd, quota=d["quota"], population=d["population"],
                    opens_at=_aware(d["opens_on"]) if d["opens_on"] else None,
                    closes_at=_aware(d["closes_on"], end=True) if d["closes_on"] else None)
            except ValidationError as exc:
                counts_form.add_error(None, "; ".join(exc.messages))
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("surveys:round_detail", pk=rnd.pk)
    now = timezone.now()
    return render(request, "surveys/round_detail.html", {
        "round": rnd, "can_edit": can_edit, "codes": selectors.code_counts(rnd),
        "n": rnd.responses.count(), "by_channel": selectors.channel_counts(rnd),
        "batches": rnd.batches.order_by("-created_at"), "imports": rnd.imports.order_by("-created_at"),
        "kiosks": rnd.kiosks.filter(stopped_at__isnull=True, ends_at__gt=now).order_by("-started_at"),
        "paper": selectors.paper_counts(rnd), "is_open": rnd.is_open(now), "counts_form": counts_form,
        "codes_form": CodesForm(), "kiosk_form": KioskForm()})


def _qr_svg(url: str) -> str:
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=3, border=2, xmldecl=False, svgns=True,
                                    omitsize=False)
    return buf.getvalue().decode()


def _round_form_posted(form_class):
    """Views of a round's page that post ``form_class`` (code batch, kiosk): an editor of the round only, by POST; an
    invalid form goes back to the round's page with its errors as one message, a valid one reaches the view as
    ``view(request, rnd, form)``."""

    def deco(view):
        @login_and_role_required(*EDITORS)
        @require_POST
        @wraps(view)
        def wrapper(request, pk: int):
            rnd = selectors.round_for(request.user, pk, for_edit=True)
            form = form_class(request.POST)
            if not form.is_valid():
                messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
                return redirect("surveys:round_detail", pk=rnd.pk)
            return view(request, rnd, form)

        return wrapper

    return deco


@_round_form_posted(CodesForm)
def codes_new(request, rnd, form):
    """Create a batch and return its printable sheet at once: the codes are not stored and cannot be shown again."""
    batch, plain = services.codes_create(request.user, rnd, **form.cleaned_data)
    base = request.build_absolute_uri(reverse("survey_enter"))
    cards = [{"code": codelib.display(c), "url": f"{base}{codelib.display(c)}/",
              "svg": _qr_svg(f"{base}{codelib.display(c)}/")} for c in plain]
    resp = render(request, "surveys/code_sheet.html", {"round": rnd, "batch": batch, "cards": cards,
                                                       "enter_url": base})
    resp["Cache-Control"] = "no-store"
    return resp


@_round_form_posted(KioskForm)
def kiosk_start(request, rnd, form):
    try:
        _ks, token = services.kiosk_start(request.user, rnd, **form.cleaned_data)
    except services.SurveyError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:round_detail", pk=rnd.pk)
    return redirect("survey_kiosk", token=token)


@login_and_role_required(*EDITORS)
@require_POST
def kiosk_stop(request, pk: int, kiosk_id: int):
    rnd = selectors.round_for(request.user, pk, for_edit=True)
    ks = get_object_or_404(KioskSession, pk=kiosk_id, round=rnd)
    services.kiosk_stop(request.user, ks)
    messages.success(request, _("Đã dừng máy khảo sát."))
    return redirect("surveys:round_detail", pk=rnd.pk)


@login_and_role_required(*EDITORS)
def paper(request, pk: int):
    rnd = selectors.round_for(request.user, pk, for_edit=True)
    items = services.items_of(rnd.version)
    errors, values, form_number = {}, {}, ""
    if request.method == "POST":
        form_number = (request.POST.get("form_number") or "").strip()
        try:
            entry = services.paper_enter(request.user, rnd, form_number, request.POST.getlist)
        except ValidationError as exc:
            errors, values = answer_errors(exc), posted_values(request)
        except services.SurveyError as exc:
            messages.error(request, exc.message)
            values = posted_values(request)
        else:
            if entry.status == PaperEntry.Status.MATCHED:
                messages.success(request, _("Phiếu số %(n)s: hai lần nhập khớp nhau, phiếu đã được tính.")
                                 % {"n": entry.form_number})
            elif entry.status == PaperEntry.Status.MISMATCH:
                diff = services.paper_differences(entry, items)
                messages.error(request, _("Phiếu số %(n)s: không khớp với lần nhập trước ở các câu: %(q)s. Hãy "
                                          "kiểm tra phiếu giấy và nhập lại.") % {"n": entry.form_number,
                                                                                  "q": "; ".join(diff)})
            else:
                messages.info(request, _("Phiếu số %(n)s: đã lưu lần nhập thứ nhất; cần một người khác nhập lần "
                                         "hai.") % {"n": entry.form_number})
            return redirect("surveys:paper", pk=rnd.pk)
    entries = PaperEntry.objects.filter(round=rnd).select_related("entered_by").order_by("-created_at")
    return render(request, "surveys/paper.html", {
        "round": rnd, "sections": form_sections(rnd.version, values, errors), "errors": errors,
        "form_number": form_number, "listing": paginate(request, entries)})


@login_and_role_required(*EDITORS)
def import_responses(request, pk: int):
    rnd = selectors.round_for(request.user, pk, for_edit=True)
    if request.GET.get("template"):
        resp = HttpResponse(services.responses_template_xlsx(rnd), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="mau-phieu-khao-sat-{rnd.pk}.xlsx"'
        return resp
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        report = services.responses_import_xlsx(request.user, rnd, f.read(), f.name)
        if not report["errors"]:
            messages.success(request, _("Đã nhập %(n)s phiếu.") % {"n": report["saved"]})
            return redirect("surveys:round_detail", pk=rnd.pk)
    return render(request, "surveys/import.html", {"round": rnd, "form": form, "report": report})


# ----------------------------------------------------------------------------- results

def _result_rounds(request):
    year = _year(request)
    rounds = selectors.rounds_for(request.user).filter(year=year)
    unit_id = id_param(request.GET.get("unit"), name="unit")
    if unit_id:
        rounds = rounds.filter(unit_id=unit_id)
    kind = request.GET.get("kind") or Questionnaire.Kind.SERVICE
    if kind not in Questionnaire.Kind.values:
        kind = Questionnaire.Kind.SERVICE
    rounds = rounds.filter(version__questionnaire__kind=kind)
    return rounds, year, unit_id, kind


@login_and_role_required()
def results(request):
    rounds, year, unit_id, kind = _result_rounds(request)
    by = "year" if request.GET.get("by") == "year" else "period"
    rows, titles, texts = selectors.satisfaction_results(rounds, by=by)
    elements = [c for c in titles if any(c in r.result.elements for r in rows)]
    if request.GET.get("format") == "xlsx":
        return _results_xlsx(rows, titles, texts, elements, year)
    trend = selectors.satisfaction_results(selectors.rounds_for(request.user).filter(
        version__questionnaire__kind=kind, **({"unit_id": unit_id} if unit_id else {})), by="period")[0]
    units = OrgUnit.objects.filter(pk__in=selectors.rounds_for(request.user).values("unit_id")).order_by("name_key")
    items = []
    if unit_id and rows:
        for r in rows:
            for key, share in sorted(r.result.items.items()):
                items.append({"period_label": r.period_label, "text": texts.get(key, key), "share": share})
    targets = []
    if unit_id and kind == Questionnaire.Kind.SERVICE and access.can_edit_unit(
            request.user, OrgUnit.objects.filter(pk=unit_id).first()):
        from django.db.models import Q

        from cchc.plans.models import Target

        targets = Target.objects.filter(Q(indicator__icontains="hài lòng") | Q(text__icontains="hài lòng")) \
            .select_related("plan").order_by("-plan__issue_date", "order")[:50]
    return render(request, "surveys/results.html", {
        "targets": targets,
        "rows": rows, "elements": [(c, titles[c]) for c in elements], "year": year, "unit_id": unit_id,
        "by": by, "kind": kind, "kinds": Questionnaire.Kind.choices, "units": units, "items": items,
        "trend": trend, "choices": selectors.choice_counts(rounds) if unit_id else []})


def _results_xlsx(rows, titles, texts, elements, year):
    head = [_("Đơn vị"), _("Kỳ"), _("Số phiếu"), _("Tổng số hồ sơ (tổng thể)"), _("Tỷ lệ hài lòng (%)"), _("Sai số ± (điểm %)"),
            _("Tỷ lệ khảo sát (%)"), _("Đạt yêu cầu mẫu"), _("Lý do"), _("Điểm"), _("Điểm tối đa")]
    head += [titles[c] + " (%)" for c in elements]
    data = []
    for r in rows:
        o, s = r.result.overall, r.result.sample
        data.append([r.unit_name, r.period_label, r.result.responses, s.population if s else None,
                     round(o.pct, 2) if o and o.pct is not None else None,
                     round(o.moe, 2) if o and o.moe is not None else None,
                     round(s.share * 100, 2) if s and s.share is not None else None,
                     _("Đạt") if s and s.met else _("Chưa đạt"), "; ".join(s.reasons) if s else "",
                     round(r.points, 3) if r.points is not None else None, r.max_points]
                    + [round(r.result.elements[c].pct, 2) if c in r.result.elements and
                       r.result.elements[c].pct is not None else None for c in elements])
    item_rows = [[r.unit_name, r.period_label, texts.get(k, k), s.n, s.positive,
                  round(s.pct, 2) if s.pct is not None else None, round(s.moe, 2) if s.moe is not None else None]
                 for r in rows for k, s in sorted(r.result.items.items())]
    body = write_xlsx([(_("Kết quả"), head, data),
                       (_("Theo câu hỏi"), [_("Đơn vị"), _("Kỳ"), _("Câu hỏi"), _("Số trả lời"), _("Hài lòng"),
                                            _("Tỷ lệ (%)"), _("Sai số ±")], item_rows)])
    resp = HttpResponse(body, content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="ket-qua-khao-sat-{year}.xlsx"'
    return resp


@login_and_role_required()
def texts(request):
    rounds, year, unit_id, kind = _result_rounds(request)
    q = (request.GET.get("q") or "").strip()[:100]
    rows, keywords = selectors.free_texts(rounds, q)
    return render(request, "surveys/texts.html", {"rows": paginate(request, rows), "keywords": keywords, "q": q,
                                                  "year": year, "unit_id": unit_id, "kind": kind})


@login_and_role_required(*EDITORS)
@require_POST
def record_measurement(request):
    """Write a unit's yearly satisfaction % as the measurement of a plan target (plans.services.measurement_save
    checks the user's right to edit the unit)."""
    from cchc.plans.models import Target

    unit = access.get_unit_scoped_or_404(request.user, OrgUnit.objects.all(), field="", for_edit=True,
                                         pk=id_param(request.POST.get("unit"), name="unit"))
    target = get_object_or_404(Target, pk=id_param(request.POST.get("target"), name="target"))
    year = year_param(request.POST.get("year"))
    try:
        services.target_measurement_record(request.user, target=target, unit=unit, year=year)
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi kết quả khảo sát vào chỉ tiêu “%(t)s”.") % {"t": target.indicator})
    return redirect(f"{reverse('surveys:results')}?year={year}&unit={unit.pk}")


# ----------------------------------------------------------------------------- questionnaires (CCHC office)

@login_and_role_required()
def questionnaires(request):
    qs = QuestionnaireVersion.objects.select_related("questionnaire").order_by("questionnaire__title", "-number")
    return render(request, "surveys/questionnaires.html", {"versions": qs,
                                                           "is_office": access.edits_all(request.user)})


@login_and_role_required()
def version_detail(request, pk: int):
    version = get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)
    is_office = access.edits_all(request.user)
    item_id = id_param(request.GET.get("item"), name="item")
    item = get_object_or_404(Item, pk=item_id, section__version=version) if item_id else None
    form = None
    if is_office and not version.is_locked:
        initial = {}
        if item:
            initial = {"section": item.section, "order": item.order, "code": item.code, "text": item.text,
                       "kind": item.kind, "measure": item.measure, "choices": "\n".join(item.choices or []),
                       "required": item.required, "condition_item": item.condition_item,
                       "condition_values": "\n".join(item.condition_values or [])}
        form = ItemForm(request.POST or None, version=version, initial=initial)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.item_save(request.user, version, section=d["section"], item=item, order=d["order"],
                                   code=d["code"], text=d["text"], kind=d["kind"], measure=d["measure"],
                                   choices=ItemForm.lines(d["choices"]), required=d["required"],
                                   condition_item=d["condition_item"],
                                   condition_values=ItemForm.lines(d["condition_values"]))
            except ValidationError as exc:
                refusal_on_form(form, exc)
            else:
                messages.success(request, _("Đã lưu câu hỏi."))
                return redirect("surveys:version_detail", pk=version.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "surveys/version_detail.html", {
        "version": version, "sections": version.sections.prefetch_related("items__condition_item"),
        "is_office": is_office, "form": form, "item": item})


@login_and_role_required(access.ADMIN, access.PAR_OFFICE)
@require_POST
def version_action(request, pk: int):
    version = get_object_or_404(QuestionnaireVersion, pk=pk)
    try:
        if request.POST.get("action") == "publish":
            services.version_publish(request.user, version)
            messages.success(request, _("Đã công bố phiên bản; từ nay không sửa được."))
        else:
            version = services.version_new(request.user, version)
            messages.success(request, _("Đã tạo phiên bản nháp mới để sửa."))
    except services.SurveyError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:version_detail", pk=version.pk)
