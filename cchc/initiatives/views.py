"""Initiative screens (thin). The recognised list is public (no sign-in)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cchc.core.models import Area
from cchc.core.params import BadParameter, date_param, id_param, year_param
from cchc.core.shortcuts import acting_on, flash_redirect
from cchc.initiatives import scoring, selectors, services
from cchc.initiatives.models import Initiative
from cchc.org import access
from cchc.org.models import OrgUnit, unit_order
from cchc.org.selectors import home_units

_REFUSALS = (services.InitiativeError, BadParameter)  # shown as a message on the page
# a form posted on one initiative: the service's refusal or success as a message, then the initiative's page
_on_initiative = acting_on(selectors.initiative_or_404, "initiatives:detail", errors=_REFUSALS)


@require_GET
def public_list(request):
    year = year_param(request.GET.get("year"))
    qs = selectors.initiatives_public()
    if year:
        qs = qs.filter(year=year)
    return render(request, "initiatives/public.html", {"items": qs.order_by("-year", "title"), "year": year})


@access.login_and_role_required()
def index(request):
    user = request.user
    qs = selectors.initiatives_with_scores(selectors.initiatives_visible(user)).order_by("-year", "status", "title")
    status = request.GET.get("status") or ""
    if status in Initiative.Status.values:
        qs = qs.filter(status=status)
    units = [(u.pk, u.name) for u in access.scope_units(user, home_units(timezone.localdate()), field="",
                                                           for_edit=True).order_by(*unit_order())[:500]]
    return render(request, "initiatives/index.html", {
        "items": qs, "status": status, "statuses": Initiative.Status.choices, "areas": Area.choices,
        "units": units, "this_year": timezone.localdate().year, "is_council": services.user_is_council(user)})


@require_POST
@access.login_and_role_required()
def propose(request):
    p = request.POST

    def propose_initiative():
        unit = OrgUnit.objects.filter(pk=id_param(p.get("unit"), name="unit")).first()
        if unit is None:
            raise BadParameter("unit", "Chọn đơn vị đề xuất.")
        f = request.FILES.get("attachment")
        return services.initiative_propose(
            user=request.user, unit=unit, year=year_param(p.get("year"), default=timezone.localdate().year),
            title=p.get("title", ""), authors=p.get("authors", ""), description=p.get("description", ""),
            area=p.get("area") or Area.GENERAL, attachment=(f.name, f.read()) if f else None)

    return flash_redirect(request, propose_initiative, errors=_REFUSALS,
                          success=lambda ini: _("Đã gửi đề xuất sáng kiến «%(t)s».") % {"t": ini.title},
                          to=lambda ini: ("initiatives:detail", ini.pk), failed_to="initiatives:index")


@access.login_and_role_required()
def detail(request, pk: int):
    ini = selectors.initiative_or_404(request.user, pk)
    own_sheet = ini.scores.filter(member=request.user).first()
    return render(request, "initiatives/detail.html", {
        "ini": ini, **selectors.sheet_rows(ini, request.user), "own_sheet": own_sheet,
        "can_score": services.user_is_council(request.user) and ini.status == Initiative.Status.PROPOSED,
        "can_decide": access.edits_all(request.user) and ini.status == Initiative.Status.PROPOSED,
        "replications": ini.replications.select_related("unit").order_by("started_on"),
        "my_units": [u for u in access.user_units(request.user) if u.pk != ini.unit_id
                     and access.can_edit_unit(request.user, u)],
        "criteria": scoring.DEFAULT_SHEET})


@access.login_and_role_required()
def attachment(request, pk: int):
    """The attached file, for whoever may see the initiative (media is never served publicly)."""
    from django.http import FileResponse, Http404

    ini = selectors.initiative_or_404(request.user, pk)
    if not ini.attachment:
        raise Http404("Không có tài liệu kèm theo.")
    return FileResponse(ini.attachment.open("rb"), as_attachment=True, filename=ini.attachment.name.rsplit("/", 1)[-1])


@require_POST
@access.login_and_role_required()
def score(request, pk: int):
    return _on_initiative(request, pk, lambda ini: services.initiative_score(
        user=request.user, initiative=ini, comment=request.POST.get("comment", ""),
        scores={c: request.POST.get(f"score-{c}") for c, _l, _m in scoring.DEFAULT_SHEET}),
        success=_("Đã lưu phiếu chấm."), errors=services.InitiativeError)


@require_POST
@access.login_and_role_required()
def decide(request, pk: int):
    return _on_initiative(request, pk, lambda ini: services.initiative_decide(
        user=request.user, initiative=ini, recognise=request.POST.get("outcome") == "recognise",
        decision_number=request.POST.get("decision_number", ""),
        decided_on=date_param(request.POST.get("decided_on", ""), name="decided_on", label=_("Ngày quyết định")),
        note=request.POST.get("note", ""), commendation=request.POST.get("commendation", ""),
        commendation_url=request.POST.get("commendation_url", "")), success=_("Đã ghi quyết định."))


@require_POST
@access.login_and_role_required()
def replicate(request, pk: int):
    def declare(ini):
        unit = OrgUnit.objects.filter(pk=id_param(request.POST.get("unit"), name="unit")).first()
        started = date_param(request.POST.get("started_on", ""), name="started_on", label=_("Ngày bắt đầu áp dụng"))
        if unit is None or started is None:
            raise BadParameter("started_on", "Chọn đơn vị và nhập ngày bắt đầu áp dụng (dd/mm/yyyy).")
        services.replication_declare(user=request.user, initiative=ini, unit=unit, started_on=started,
                                     result=request.POST.get("result", ""))

    return _on_initiative(request, pk, declare, success=_("Đã ghi nhận đơn vị áp dụng sáng kiến."))
