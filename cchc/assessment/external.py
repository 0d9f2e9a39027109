"""The province's results in external indices (PAR INDEX, SIPAS, PAPI, PCI, DTI, 766): import from .xlsx, trends,
and the distance to the national average and to the best province (issue: "lost points" for external results).

Writes (the office only) are all-or-nothing and audited; a row for an (index, year, province, component) already
held replaces it, so importing the same table again changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.assessment import external_rows as rows_lib
from cchc.assessment.models import ExternalResult
from cchc.assessment.services import AssessmentError
from cchc.core import audit
from cchc.core.excel import cell_error, column_letters, read_xlsx, write_xlsx
from cchc.org import access

FIELDS = ("value", "max_value", "percent", "rank", "rank_of", "national_average", "best_value", "best_province",
          "source")


def external_import_xlsx(*, user, data: bytes, filename: str = "tệp Excel") -> dict:
    """Import the sheet; returns {"created": n, "updated": n}. Any problem → AssessmentError listing every problem
    with its row and column, and nothing written."""
    access.require_office(user)
    records, errors = read_xlsx(data, columns=rows_lib.COLUMNS, required=rows_lib.REQUIRED)
    messages = [f"{filename}: {e}" for e in errors]
    letters = column_letters(data, rows_lib.COLUMNS) if records else {}
    parsed, seen = [], {}
    for rec in records:
        row, problems = rows_lib.read_row(rec, default_province=settings.CCHC_PROVINCE)
        for field, problem in problems:
            header = (rows_lib.COLUMNS[field] or [field])[0]
            messages.append(f"{filename}: " + cell_error("", rec["_row"], letters.get(field, "?"), header, problem,
                                                        "invalid").message)
        if row is None:
            continue
        key = (row.index, row.year, row.province, row.component)
        if key in seen:
            messages.append(f"{filename}: " + _("Dòng %(row)s trùng với dòng %(first)s (cùng chỉ số, năm, tỉnh, chỉ "
                                                "số thành phần).") % {"row": rec["_row"], "first": seen[key]})
            continue
        seen[key] = rec["_row"]
        parsed.append(row)
    if not messages and not parsed:
        messages.append(f"{filename}: " + _("không có dòng kết quả nào."))
    if messages:
        raise AssessmentError("external_invalid", _("Tệp kết quả chỉ số có %(n)s lỗi; chưa nhập dòng nào.")
                              % {"n": len(messages)}, errors=messages[:200])
    created = updated = 0
    with transaction.atomic(), audit.actor(user):
        for row in parsed:
            values = {f: getattr(row, f) for f in FIELDS}
            _obj, made = ExternalResult.objects.update_or_create(
                index=row.index, year=row.year, province=row.province, component=row.component,
                defaults={**values, "created_by": user})
            created += made
            updated += not made
    return {"created": created, "updated": updated}


def external_overview(index: str | None = None) -> list[dict]:
    """Per index, per (province, component): the yearly series and, for the latest year, the distance to the
    national average and to the best province, and the rank change against the year before. Read-only."""
    qs = ExternalResult.objects.all().order_by("index", "province", "component", "year")
    if index:
        qs = qs.filter(index=index)
    labels = dict(ExternalResult.Index.choices)
    out: dict[str, dict] = {}
    series = defaultdict(list)
    for r in qs:
        series[(r.index, r.province, r.component)].append(r)
    for items in series.values():
        for r in items:  # 80.000 → 80, 83.100 → 83.1: shown as the publication printed them
            for name in ("value", "max_value", "national_average", "best_value"):
                setattr(r, name, _trim(getattr(r, name)))
    for (idx, province, component), items in series.items():
        last = items[-1]
        prev = items[-2] if len(items) > 1 else None
        block = out.setdefault(idx, {"index": idx, "label": labels.get(idx, idx), "lines": []})
        block["lines"].append({
            "province": province, "component": component, "years": [r.year for r in items],
            "values": [r.value for r in items], "latest": last, "previous": prev,
            "change": rows_lib.gap(last.value, prev.value if prev else None),
            "rank_change": (prev.rank - last.rank) if prev and prev.rank and last.rank else None,
            "to_average": rows_lib.gap(last.value, last.national_average),
            "to_best": rows_lib.gap(last.value, last.best_value)})
    order = list(ExternalResult.Index.values)
    return sorted(out.values(), key=lambda b: order.index(b["index"]) if b["index"] in order else len(order))


def _trim(value):
    if value is None:
        return None
    return value.quantize(1) if value == value.to_integral_value() else value.normalize()


def external_export_xlsx() -> bytes:
    headers = [rows_lib.COLUMNS[f][0] for f in rows_lib.COLUMNS]
    data = [[r.get_index_display(), r.year, r.province, r.component, r.value, r.max_value, r.rank, r.rank_of,
             r.national_average, r.best_value, r.best_province, r.source]
            for r in ExternalResult.objects.order_by("index", "province", "component", "year")]
    return write_xlsx([(_("Kết quả chỉ số"), headers, data)])
