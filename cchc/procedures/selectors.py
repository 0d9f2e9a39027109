"""Reads of the procedure catalogue (never write). Everyone signed in reads the whole catalogue: it is public law."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cchc.core.vntext import fold_key
from cchc.procedures.models import Procedure, ProcedureEvent

FILTERS = ("field", "level", "agency", "online", "status")


def procedures_search(params) -> QuerySet:
    """The catalogue filtered by ``q`` (code or words of the name/field/agency, diacritics and case ignored) and
    the filters field / level / agency (unit id, or text) / online / status."""
    qs = Procedure.objects.select_related("agency", "decision")
    q = fold_key(params.get("q") or "")
    for word in q.split()[:8]:  # each word starts a word of the code, name, field or agency ("di san" ≠ "động sản")
        qs = qs.filter(Q(search_key__startswith=word) | Q(search_key__contains=f" {word}"))
    if params.get("field"):
        qs = qs.filter(field=params["field"])
    for key in ("level", "online", "status"):
        v = params.get(key)
        if v == "-":
            qs = qs.filter(**{key: ""})
        elif v:
            qs = qs.filter(**{key: v})
    agency = (params.get("agency") or "").strip()
    if agency.isdigit():
        qs = qs.filter(agency_id=int(agency))
    elif agency:
        qs = qs.filter(search_key__contains=fold_key(agency))
    return qs


def field_choices() -> list[str]:
    from cchc.core.vntext import sort_vi

    return sort_vi(Procedure.objects.exclude(field="").values_list("field", flat=True).distinct())


def agency_choices() -> list[tuple[int, str]]:
    rows = (Procedure.objects.exclude(agency=None).values("agency_id", "agency__name")
            .annotate(n=Count("id")).order_by("agency__name_key"))
    return [(r["agency_id"], r["agency__name"]) for r in rows]


def status_counts() -> dict[str, int]:
    return dict(Procedure.objects.values_list("status").annotate(n=Count("id")).order_by())


def procedure_history(procedure: Procedure) -> QuerySet:
    return ProcedureEvent.objects.filter(procedure=procedure).select_related("decision", "created_by") \
        .order_by("-decision__issued_on", "-created_at", "-pk")


def national_code(code: str) -> str:
    """"3.000527.H61" → "3.000527": a province's variant of a national procedure."""
    return ".".join((code or "").split(".")[:2])


def names_for_codes(codes) -> dict[str, dict]:
    """{tthc_code: {"name", "field", "level", "status"}} for the codes the catalogue knows — a dossier export's
    code "1.012507" finds the province's "1.012507.H05" and the other way round. Unknown codes are left out."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    wanted = codes | {national_code(c) for c in codes}
    q = Q(code__in=wanted)
    for c in list(wanted)[:200]:
        q |= Q(code__startswith=f"{national_code(c)}.")
    found = list(Procedure.objects.filter(q).values("code", "name", "field", "level", "status"))
    by_code = {r["code"]: r for r in found}
    by_national: dict[str, dict] = {}
    for r in found:
        by_national.setdefault(national_code(r["code"]), r)
    out = {}
    for c in codes:
        r = by_code.get(c) or by_code.get(national_code(c)) or by_national.get(national_code(c))
        if r:
            out[c] = {k: r[k] for k in ("name", "field", "level", "status")}
    return out
