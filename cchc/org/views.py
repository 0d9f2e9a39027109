from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import CodedError
from cchc.core.listing import export_rows, paginate
from cchc.core.shortcuts import refusal_on_form
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import fold_key
from cchc.org import access, selectors, services
from cchc.org.access import login_and_role_required
from cchc.org.forms import ImportForm, ResolveForm, UnitForm
from cchc.org.models import OrgUnit, UnitKind


def _on_date(request):
    try:
        return parse_date_input(request.GET.get("on")) or timezone.localdate()
    except ValueError:
        return timezone.localdate()


UNIT_SORTS = {"path": ("path",), "code": ("code",), "name": ("name_key",), "kind": ("kind", "name_key"),
              "parent": ("parent__name_key", "name_key"), "valid": ("valid_from", "name_key")}


def _unit_filter(request):
    """Units the list shows (and the export holds): scope, date, search, kind."""
    on = _on_date(request)
    qs = access.scope_units(request.user, OrgUnit.objects.all(), field="").active_on(on)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        qs = qs.filter(Q(name_key__contains=fold_key(q)) | Q(code__icontains=q))
    if kind in UnitKind.values:
        qs = qs.filter(kind=kind)
    elif not q and not request.GET.get("all"):
        qs = qs.exclude(kind=UnitKind.COMMUNE)
    return qs, on, q, kind


@login_and_role_required()
def unit_list(request):
    qs, on, q, kind = _unit_filter(request)
    listing = paginate(request, qs.select_related("parent"), sorts=UNIT_SORTS, default="path")
    return render(request, "org/unit_list.html", {"page": listing.page, "listing": listing, "q": q, "kind": kind,
                                                   "kinds": UnitKind.choices, "on": on})


@login_and_role_required()
def unit_detail(request, code):
    unit = access.get_unit_scoped_or_404(request.user, OrgUnit.objects.select_related("parent"), field="", code=code)
    on = _on_date(request)
    children = selectors.unit_children(unit, None)
    child_list = paginate(request, children, sorts={"name": ("kind", "name")}, default="name")
    # links only to units the user may open (a unit user's parent or predecessor is plain text, not a 404 link)
    succ_in = list(unit.successions_in.select_related("predecessor"))
    succ_out = list(unit.successions_out.select_related("successor"))
    for s in succ_in:
        s.linked = access.can_view_unit(request.user, s.predecessor)
    for s in succ_out:
        s.linked = access.can_view_unit(request.user, s.successor)
    return render(request, "org/unit_detail.html", {
        "unit": unit, "children": child_list.page, "children_count": child_list.total, "listing": child_list,
        "parent_linked": access.can_view_unit(request.user, unit.parent),
        "aliases": unit.aliases.all(), "succ_in": succ_in, "succ_out": succ_out,
        "can_edit": access.can_edit_unit_registry(request.user, unit), "on": on,
        "show_audit": access.has_role(request.user, access.ADMIN, access.PAR_OFFICE),
        "members": unit.memberships.select_related("user") if access.can_edit_unit(request.user, unit) else [],
    })


@login_and_role_required()
def unit_edit(request, code):
    """The unit's registry entry (name, validity): the CCHC office's; a unit's own staff get 403 (OrgUnit has no
    contact fields a unit would keep itself)."""
    unit = access.get_unit_scoped_or_404(request.user, OrgUnit.objects.all(), field="", code=code)
    access.require_edit_unit_registry(request.user, unit)
    form = UnitForm.for_unit(unit, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(request.user, unit, **form.cleaned_data)
        except ValidationError as exc:
            refusal_on_form(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("org:unit_detail", code=unit.code)
    return render(request, "org/unit_edit.html", {"unit": unit, "form": form})


@login_and_role_required()
def unit_export(request):
    """The units of the list page with the same filter (search, kind, date) and sort, every page."""
    qs, _on, _q, _kind = _unit_filter(request)
    data = services.units_export_xlsx(export_rows(request, qs, sorts=UNIT_SORTS, default="path"))
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = 'attachment; filename="don-vi.xlsx"'
    return resp


@login_and_role_required(access.ADMIN, access.PAR_OFFICE)
def unit_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            report = services.units_import_xlsx(f.read(), user=request.user, filename=f.name)
        except CodedError as exc:
            refusal_on_form(form, exc)
        if report is not None and report.ok:
            messages.success(request, _("Đã nhập %(c)d đơn vị mới, cập nhật %(u)d đơn vị.")
                             % {"c": report.created, "u": report.updated})
            return redirect("org:unit_list")
    return render(request, "org/unit_import.html", {"form": form, "report": report})


@login_and_role_required()
def resolve(request):
    form = ResolveForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        result = selectors.agency_resolve(form.cleaned_data["text"], province=form.cleaned_data["province"] or None,
                                          on=form.cleaned_data["on"])
    return render(request, "org/resolve.html", {"form": form, "result": result})
