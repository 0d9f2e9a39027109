"""Reads of the 766 indicators for the site and the CLI: the engine's figures joined to org units and scoped."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

from cchc.core.periods import Period
from cchc.dossiers import engine
from cchc.org import access
from cchc.org.models import OrgUnit


def data_dir():
    return settings.CCHC_DOSSIERS_DIR


def units_attach(result: dict) -> dict:
    """unit_id in the files may be an org unit code: add the unit (id, code, name) when it matches."""
    from django.db import DatabaseError

    codes = [u["unit_id"] for u in result["units"]]
    try:
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    except DatabaseError:  # the CLI on a data directory without a migrated database: raw ids only
        by_code = {}
    for u in result["units"]:
        ou = by_code.get(u["unit_id"])
        u["org_unit"] = {"id": ou.pk, "code": ou.code, "name": ou.name} if ou else None
    return result


def assumptions_text(assumptions) -> list[str]:
    """The engine's calculation notes (msgids marked in the Django-free engine) in the active language."""
    return [_(a) for a in assumptions]


def month_label(ym: str) -> str:
    """"2026-01" -> "tháng 01/2026" (the period's label, in lower case inside a sentence); an unreadable value is
    returned as it is."""
    try:
        label = Period.parse(ym).label
    except ValueError:
        return ym
    return label[:1].lower() + label[1:]


def period_label(from_ym: str, to_ym: str) -> str:
    """The month range of the 766 pages in words: "tháng 01/2026 – tháng 12/2026", one month alone when equal."""
    if from_ym == to_ym:
        return month_label(from_ym)
    return f"{month_label(from_ym)} – {month_label(to_ym)}"


def unit_scores(user, start: date, end: date, *, as_of: datetime | None = None) -> dict:
    """The units the user may see with their 766 figures. Province-wide readers see every unit, including raw
    unit ids that match no org unit; other users only the org units in their scope."""
    result = units_attach(engine.indicators(data_dir(), start, end, as_of=as_of))
    result["assumptions"] = assumptions_text(result["assumptions"])
    if access.sees_all(user):
        return result
    visible = set(access.scope_units(user, OrgUnit.objects.all(), field="").values_list("pk", flat=True))
    result["units"] = [u for u in result["units"] if u["org_unit"] and u["org_unit"]["id"] in visible]
    return result


def level_scores(user, start: date, end: date, *, as_of: datetime | None = None) -> list[dict]:
    """Province-wide readers: the figures rolled up per level of unit (Sở, cấp huyện, cấp xã…), in one scan; unit
    ids matching no org unit form their own line. Others: nothing (their scope is their own units)."""
    from cchc.org.models import UnitKind

    if not access.sees_all(user):
        return []
    result = engine.indicators(data_dir(), start, end, as_of=as_of, by="group",
                               group_of=dict(OrgUnit.objects.exclude(code="").values_list("code", "kind")))
    labels = dict(UnitKind.choices)
    for u in result["units"]:
        u["label"] = str(labels.get(u["unit_id"], _("Mã đơn vị không có trong danh mục")))
    return result["units"]


def field_scores(user, start: date, end: date, *, unit: str | None = None,
                 as_of: datetime | None = None) -> list[dict]:
    """The figures per field (lĩnh vực) of the procedures, the field of each code taken from the procedure catalogue
    (a province variant "1.012507.H05" and its national code "1.012507" both count); dossiers of codes the catalogue
    does not know form the line "". ``unit``: one unit the user may see; without it, province-wide readers only."""
    from cchc.procedures.models import Procedure
    from cchc.procedures.selectors import national_code

    if unit is not None:
        unit_for_code(user, unit)
    elif not access.sees_all(user):
        return []
    field_of: dict[str, str] = {}
    for code, field in Procedure.objects.exclude(field="").values_list("code", "field"):
        field_of[code] = field
        field_of.setdefault(national_code(code), field)
    if not field_of:
        return []
    result = engine.indicators(data_dir(), start, end, unit=unit, as_of=as_of, by="field", group_of=field_of)
    for u in result["units"]:
        u["label"] = u["unit_id"] or _("Thủ tục chưa có trong danh mục TTHC")
    return sorted(result["units"], key=lambda u: (u["unit_id"] == "", -(u["received"] or 0), u["unit_id"]))


def unit_for_code(user, code: str) -> OrgUnit | None:
    """The org unit behind a unit id the user may see; None for a raw id (only province-wide readers)."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is not None:
        return access.get_unit_scoped_or_404(user, OrgUnit.objects.all(), field="", pk=unit.pk)
    if not access.sees_all(user):
        from django.http import Http404

        raise Http404(_("Không tìm thấy."))
    return None


def rows_rank(rows: list[dict], key) -> list[dict]:
    """Rank rows (already sorted best first) by ``key(row)``: equal values share a rank (1, 2, 2, 4); no value, no
    rank."""
    prev, r = object(), 0
    for n, row in enumerate(rows, start=1):
        v = key(row)
        if v is None:
            row["rank"] = None
            continue
        if v != prev:
            r, prev = n, v
        row["rank"] = r
    return rows


def unit_detail(user, code: str, start: date, end: date, *, as_of: datetime | None = None) -> dict | None:
    """One unit the user may see: its figures for the period, month by month (one scan) and per procedure."""
    org_unit = unit_for_code(user, code)
    res = engine.indicators(data_dir(), start, end, unit=code, as_of=as_of, monthly=True)
    res["assumptions"] = assumptions_text(res["assumptions"])
    if not res["units"]:
        return {"org_unit": org_unit, "unit": None, "procedures": [], "assumptions": res["assumptions"]}
    procedures = engine.indicators(data_dir(), start, end, unit=code, as_of=as_of, by="tthc")["units"]
    return {"org_unit": org_unit, "unit": res["units"][0], "procedures": procedures,
            "assumptions": res["assumptions"]}


def dossiers_late(user, code: str, start: date, end: date, *, as_of: datetime | None = None, limit: int = 5000,
                  offset: int = 0) -> list[dict]:
    unit_for_code(user, code)
    rows = engine.late_dossiers(data_dir(), code, start, end, as_of=as_of, limit=limit, offset=offset)
    for r in rows:
        r["reason"] = engine.LATE_REASONS.get(r["late_reason"], r["late_reason"])
    return rows
