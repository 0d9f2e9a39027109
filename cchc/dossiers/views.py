"""The office's 766 page: units with their points for a month range, drill-down to the late dossiers, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.excel import write_xlsx
from cchc.dossiers import engine, selectors
from cchc.org.access import login_and_role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = ("2.1", "3.3", "3.6", "4.1", "4.2", "4.3", "5.4")


def _period(request):
    """?from=YYYY-MM&to=YYYY-MM (default: January to the current month); a bad value is said and replaced."""
    today = timezone.localdate()
    default = (f"{today.year}-01", f"{today.year}-{today.month:02d}")
    f, t = request.GET.get("from") or default[0], request.GET.get("to") or default[1]
    try:
        start, end = engine.month_range(f, t)
    except engine.DossierError as exc:
        messages.error(request, str(exc))
        f, t = default
        start, end = engine.month_range(f, t)
    return f, t, start, end


def _row(u):
    by_id = {i["id"]: i for i in u["indicators"]}
    return {"unit": u, "name": u["org_unit"]["name"] if u["org_unit"] else u["unit_id"],
            "cells": [by_id.get(k) for k in SHOWN], "groups": u["groups"]}


@login_and_role_required()
def index(request):
    f, t, start, end = _period(request)
    result = selectors.unit_scores(request.user, start, end)
    rows = sorted((_row(u) for u in result["units"]), key=lambda r: (-(r["unit"]["total"] or 0), r["name"]))
    if request.GET.get("format") == "xlsx":
        headers = [_("Đơn vị"), _("Mã"), _("Tổng điểm"), _("Điểm tính được tối đa")]
        for k in SHOWN:
            headers += [f"{k} (%)", f"{k} " + _("điểm")]
        data = []
        for r in rows:
            line = [r["name"], r["unit"]["unit_id"], r["unit"]["total"], r["unit"]["total_max_available"]]
            for c in r["cells"]:
                line += [c["ratio"] if c else None, c["points"] if c else None]
            data.append(line)
        notes = [[a] for a in result["assumptions"]]
        resp = HttpResponse(write_xlsx([(_("Chỉ số 766"), headers, data), (_("Giả định"), [_("Giả định")], notes)]),
                            content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="chi-so-766-{f}-{t}.xlsx"'
        return resp
    return render(request, "dossiers/index.html", {"rows": rows, "shown": SHOWN, "from": f, "to": t,
                                                   "assumptions": result["assumptions"]})


@login_and_role_required()
def late(request, code):
    f, t, start, end = _period(request)
    rows = selectors.late_dossiers(request.user, code, start, end)
    if request.GET.get("format") == "xlsx":
        headers = [_("Mã hồ sơ"), _("Mã TTHC"), _("Ngày tiếp nhận"), _("Ngày hẹn trả"), _("Ngày kết thúc"),
                   _("Số lần yêu cầu bổ sung"), _("Lý do tính trễ hạn"), _("Tồn kỳ trước")]
        data = [[r["dossier_id"], r["tthc_code"], r["received_at"], r["due"], r["finished"], r["supplement_count"],
                 r["reason"], _("có") if r["carried_over"] else ""] for r in rows]
        resp = HttpResponse(write_xlsx([(_("Hồ sơ trễ hạn"), headers, data)]), content_type=XLSX)
        resp["Content-Disposition"] = f'attachment; filename="ho-so-tre-han-{code}-{f}-{t}.xlsx"'
        return resp
    return render(request, "dossiers/late.html", {"rows": rows, "code": code, "from": f, "to": t})
