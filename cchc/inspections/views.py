"""Inspection screens. Thin: rules in services, reads in selectors; InspectionError → a message on the page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.models import Area
from cchc.core.params import BadParameter, date_param, id_param, int_param, year_param
from cchc.core.shortcuts import acting_on, flash_redirect
from cchc.inspections import checklist, documents, selectors, services
from cchc.inspections.models import ChecklistItem, Finding, Inspection
from cchc.org import access
from cchc.org.models import OrgUnit, unit_order
from cchc.org.selectors import home_units, people_of_home_units

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _date(raw: str, label: str):
    return date_param(raw, name=label, label=label)


def _download(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=DOCX)
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


_REFUSALS = (services.InspectionError, BadParameter)  # shown as a message on the page
# a form posted on one plan or inspection: the service's refusal or success as a message, then its page
_on_plan = acting_on(selectors.plan_or_404, "inspections:plan_detail", errors=_REFUSALS)
_on_inspection = acting_on(selectors.inspection_or_404, "inspections:inspection_detail", errors=_REFUSALS)


@access.login_and_role_required()
def index(request):
    user = request.user
    plans = selectors.plans_visible(user)
    mine = selectors.inspections_visible(user).filter(team__user=user).order_by("plan__year", "month")
    own_unit = (access.scope_units(user, selectors.inspections_visible(user)).order_by("-plan__year", "month")
                if not access.sees_all(user) else Inspection.objects.none())
    return render(request, "inspections/index.html", {
        "plans": plans, "mine": mine, "own_unit": own_unit, "is_office": access.edits_all(user),
        "default_outline": checklist.DEFAULT_OUTLINE, "this_year": timezone.localdate().year})


@require_POST
@access.login_and_role_required()
def plan_new(request):
    p = request.POST

    def create_plan():
        year = year_param(p.get("year"), default=timezone.localdate().year)
        try:
            share = float((p.get("target_share") or "35").replace(",", "."))
        except ValueError:
            raise BadParameter("target_share", _("Tỷ lệ đơn vị được kiểm tra phải là một số.")) from None
        return services.plan_create(user=request.user, year=year, title=p.get("title", ""), target_share=share,
                                    outline_text=p.get("outline", ""))

    return flash_redirect(request, create_plan, errors=_REFUSALS, failed_to="inspections:index",
                          to=lambda plan: ("inspections:plan_detail", plan.pk),
                          success=lambda plan: _("Đã lập kế hoạch kiểm tra năm %(y)s.") % {"y": plan.year})


@access.login_and_role_required()
def plan_detail(request, pk: int):
    plan = selectors.plan_or_404(request.user, pk)
    inspections = selectors.inspections_visible(request.user).filter(plan=plan).order_by("month", "unit__name_key")
    ctx = {"plan": plan, "inspections": inspections, "coverage": selectors.plan_coverage(plan),
           "followup_linked": selectors.followup_plan_visible(request.user, plan),
           "is_office": access.edits_all(request.user), "modes": Inspection.Mode.choices,
           "months": range(1, 13)}
    if ctx["is_office"]:
        on = timezone.localdate().replace(year=plan.year) if plan.year >= 2025 else None
        taken = set(plan.inspections.values_list("unit_id", flat=True))
        ctx["unit_choices"] = [(u.pk, u.name, u.get_kind_display()) for u in
                               home_units(on).filter(kind__in=selectors.INSPECTED_KINDS).exclude(pk__in=taken)
                               .order_by(*unit_order())]
        ctx["people"] = people_of_home_units()  # who can be on a team: the service checks the same
    return render(request, "inspections/plan_detail.html", ctx)


@access.login_and_role_required()
def plan_docx(request, pk: int):
    plan = selectors.plan_or_404(request.user, pk)
    return _download(documents.plan_docx(plan), f"ke-hoach-kiem-tra-cchc-{plan.year}.docx")


@require_POST
@access.login_and_role_required()
def plan_issue(request, pk: int):
    return _on_plan(request, pk, lambda plan: services.plan_issue(
        user=request.user, plan=plan, document_number=request.POST.get("document_number", ""),
        issued_on=_date(request.POST.get("issued_on", ""), "Ngày ban hành") or timezone.localdate()),
        success=_("Đã ghi số và ngày ban hành kế hoạch."))


@require_POST
@access.login_and_role_required()
def inspection_new(request, pk: int):
    p = request.POST
    User = get_user_model()

    def add(plan):
        unit = OrgUnit.objects.filter(pk=id_param(p.get("unit"), name="unit")).first()
        if unit is None:
            raise BadParameter("unit", "Chọn đơn vị được kiểm tra.")
        chief_id = id_param(p.get("chief"), name="chief")
        chief = User.objects.filter(pk=chief_id).first() if chief_id else None
        try:
            members = [User.objects.get(pk=id_param(m, name="members")) for m in p.getlist("members") if m]
        except User.DoesNotExist:
            raise BadParameter("members", _("Thành viên đoàn kiểm tra không tồn tại.")) from None
        return services.inspection_add(
            user=request.user, plan=plan, unit=unit, month=int_param(p.get("month"), name="month", min_value=1,
                                                                     max_value=12, label="tháng") or 0,
            mode=p.get("mode") or Inspection.Mode.DIRECT, starts_on=_date(p.get("starts_on", ""), "Từ ngày"),
            ends_on=_date(p.get("ends_on", ""), "Đến ngày"), chief=chief, members=members)

    return _on_plan(request, pk, add, success=lambda ins: _("Đã thêm %(u)s vào kế hoạch kiểm tra.") % {
        "u": ins.unit.name})


@access.login_and_role_required()
def inspection_detail(request, pk: int):
    ins = selectors.inspection_or_404(request.user, pk)
    can_work = services.user_can_work_on(request.user, ins)
    return render(request, "inspections/inspection_detail.html", {
        "ins": ins, "can_work": can_work and ins.status != Inspection.Status.CONCLUDED, "can_conclude": can_work,
        "items": ins.checklist.all(), "results": ChecklistItem.Result.choices,
        "findings": selectors.finding_rows(ins.findings.all()),
        "state_labels": selectors.STATE_LABELS, "severities": Finding.Severity.choices, "areas": Area.choices,
        "team": ins.team.select_related("user")})


@require_POST
@access.login_and_role_required()
def checklist_save(request, pk: int):
    def save(ins):
        results = {item.pk: (request.POST[f"result-{item.pk}"], request.POST.get(f"note-{item.pk}", ""))
                   for item in ins.checklist.all() if f"result-{item.pk}" in request.POST}
        return services.checklist_save(user=request.user, inspection=ins, results=results)

    return _on_inspection(request, pk, save, errors=services.InspectionError,
                          success=lambda n: _("Đã lưu kết quả %(n)d nội dung kiểm tra.") % {"n": n})


@require_POST
@access.login_and_role_required()
def finding_new(request, pk: int):
    p = request.POST

    def add(ins):
        item_id = id_param(p.get("checklist_item"), name="checklist_item")
        item = ins.checklist.filter(pk=item_id).first() if item_id else None
        due = _date(p.get("due_date", ""), "Hạn khắc phục")
        if due is None:
            raise BadParameter("due_date", "Nhập hạn khắc phục (dd/mm/yyyy).")
        services.finding_add(user=request.user, inspection=ins, text=p.get("text", ""), due_date=due,
                             area=p.get("area", ""), severity=p.get("severity") or Finding.Severity.MINOR,
                             recommendation=p.get("recommendation", ""), checklist_item=item)
        return ins

    return _on_inspection(request, pk, add, success=lambda ins: _(
        "Đã ghi tồn tại và giao nhiệm vụ khắc phục cho %(u)s.") % {"u": ins.unit.name})


@require_POST
@access.login_and_role_required()
def conclude(request, pk: int):
    return _on_inspection(request, pk, lambda ins: services.inspection_conclude(
        user=request.user, inspection=ins, summary=request.POST.get("summary", ""),
        conclusion_number=request.POST.get("conclusion_number", ""),
        concluded_on=_date(request.POST.get("concluded_on", ""), "Ngày kết luận")),
        success=_("Đã kết luận cuộc kiểm tra."))


@access.login_and_role_required()
def minutes_docx(request, pk: int):
    ins = selectors.inspection_or_404(request.user, pk)
    return _download(documents.minutes_docx(ins), f"bien-ban-kiem-tra-{ins.plan.year}-{ins.pk}.docx")


@access.login_and_role_required()
def notice_docx(request, pk: int):
    ins = selectors.inspection_or_404(request.user, pk)
    return _download(documents.notice_docx(ins), f"thong-bao-kiem-tra-{ins.plan.year}-{ins.pk}.docx")


@access.login_and_role_required()
def summary(request):
    year = year_param(request.GET.get("year"), default=timezone.localdate().year)
    return render(request, "inspections/summary.html", {"s": selectors.year_summary(request.user, year)})
