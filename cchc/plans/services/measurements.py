"""Targets' measurements: typed on the screen or imported from the Excel template."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core import review
from cchc.core.vntext import parse_number
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.plans import occurrences as occ
from cchc.plans.models import Measurement, Plan, Target


def measurement_save(*, target: Target, unit: OrgUnit, period: str, value, user, note: str = "",
                     expected_version: int | None = None) -> Measurement:
    access.require_edit(user, unit)
    occ.Period.parse(period)
    number = parse_number(value)  # Vietnamese writing (1.234,5); NaN and ±Infinity are not numbers
    if number is None or abs(number) > 10**15:
        raise ValidationError({"value": _("Giá trị “%(value)s” không phải là số.") % {"value": str(value)[:40]}})
    value = float(number)
    with transaction.atomic():
        m = Measurement.objects.select_for_update().filter(target=target, unit=unit, period=period).first()
        if m is None:
            return Measurement.objects.create(target=target, unit=unit, period=period, value=value, note=note,
                                              entered_by=user)
        review.check_version(expected_version, m.version)
        m.value, m.note, m.entered_by, m.version = value, note, user, m.version + 1
        m.save()
        return m


def measurements_save_form(*, plan: Plan, unit: OrgUnit, period: str, user,
                           values: dict[int, tuple[str, int | None]]) -> list[str]:
    """The measurement screen: ``values`` = {target id: (typed value, version read)}; empty values are skipped.
    Each value is saved on its own (as the screen always did: a refused value does not hold back the others);
    returns one Vietnamese line per refused value, "<indicator>: <why>"."""
    errors: list[str] = []
    for t in plan.targets.all():
        raw, version = values.get(t.pk, ("", None))
        if not raw:
            continue
        try:
            measurement_save(target=t, unit=unit, period=period, value=raw, user=user, expected_version=version)
        except ValidationError as exc:
            errors.extend(f"{t.indicator}: {m}" for ms in exc.message_dict.values() for m in ms)
        except (review.VersionConflict, ValueError) as exc:
            errors.append(f"{t.indicator}: {getattr(exc, 'message', exc)}")
    return errors


TEMPLATE_HEADERS = ["Mã chỉ tiêu", "Nội dung chỉ tiêu", "Chỉ tiêu", "So sánh", "Đơn vị tính", "Năm", "Kỳ báo cáo",
                    "Giá trị đạt được", "Ghi chú"]


def measurement_template_xlsx(*, plan: Plan, unit: OrgUnit, period: str) -> bytes:
    """An Excel sheet for one unit: one row per target of the plan, the value column to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    occ.Period.parse(period)
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append([f"Đơn vị: {unit.name}", f"Mã đơn vị: {unit.code}", f"Kế hoạch: {plan.pk}"])
    ws.append(TEMPLATE_HEADERS)
    for c in ws[2]:
        c.font = Font(bold=True)
    current = {m.target_id: m for m in Measurement.objects.filter(target__plan=plan, unit=unit, period=period)}
    for t in plan.targets.all():
        m = current.get(t.pk)
        ws.append([t.pk, t.text, t.value, t.comparator, t.unit_of_measure, t.year, period,
                   m.value if m else None, m.note if m else None])
        ws.cell(row=ws.max_row, column=8).fill = PatternFill("solid", fgColor="FFF2CC")
    for col, width in zip("ABCDEFGHI", (10, 70, 10, 8, 10, 8, 10, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# the template's columns the reader looks for by their header (a user may insert or move columns)
MEASUREMENT_COLUMNS = {"target": [TEMPLATE_HEADERS[0]], "period": [TEMPLATE_HEADERS[6]],
                       "value": [TEMPLATE_HEADERS[7]], "note": [TEMPLATE_HEADERS[8]]}


def measurement_import_xlsx(*, data: bytes, user, plan: Plan, filename: str | None = None) -> dict:
    """Read a filled template; all rows or none. Returns {"saved": n, "errors": ["Dòng r, cột c: …"]}. The unit is
    the "Mã đơn vị: …" cell of row 1; the columns are found by their headers, wherever the user moved them."""
    from openpyxl.utils import get_column_letter

    from cchc.core.excel import ExcelError, find_header, sheet_rows

    named = filename
    if filename is None:
        filename = _("tệp Excel")

    try:
        rows = sheet_rows(data, filename)
    except ExcelError as exc:
        return {"saved": 0, "errors": [exc.message]}
    errors: list[str] = []
    label = next((str(v) for v in (rows[0] if rows else ()) if "Mã đơn vị:" in str(v or "")), None)
    if len(rows) < 2 or label is None:
        return {"saved": 0, "errors": [_("%(name)s: không đúng mẫu (thiếu ô “Mã đơn vị: …” ở dòng 1).") % {"name": filename}]}
    code = label.split(":", 1)[1].strip()
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return {"saved": 0, "errors": [_("%(name)s, dòng 1: không tìm thấy đơn vị “%(code)s”.")
                                        % {"name": filename, "code": code}]}
    if not access.can_edit_unit(user, unit):
        return {"saved": 0, "errors": [_("%(name)s: bạn không có quyền nhập số liệu của %(unit)s.")
                                        % {"name": filename, "unit": unit.name}]}
    header, col = find_header(rows, MEASUREMENT_COLUMNS)
    missing = [MEASUREMENT_COLUMNS[f][0] for f in ("target", "period", "value") if f not in col]
    if missing:
        return {"saved": 0, "errors": [_("%(name)s: không tìm thấy cột %(columns)s trong dòng tiêu đề.") % {
            "name": filename, "columns": ", ".join(f"“{h}”" for h in missing)}]}
    letter = {f: get_column_letter(i + 1) for f, i in col.items()}
    targets = {t.pk: t for t in plan.targets.all()}
    todo = []
    seen: dict[tuple[int, str], int] = {}  # (target, period) -> the first row giving its value
    for n, r in enumerate(rows[header + 1:], start=header + 2):
        if not r or all(v in (None, "") for v in r):
            continue

        def cell(field, r=r):
            i = col.get(field)
            return r[i] if i is not None and i < len(r) else None

        tid, period, value, note = cell("target"), str(cell("period") or "").strip(), cell("value"), cell("note")
        if value in (None, ""):
            continue
        try:
            target = targets[int(tid)]
        except (TypeError, ValueError, KeyError):
            errors.append(_("Dòng %(row)s, cột %(col)s (Mã chỉ tiêu): “%(value)s” không phải chỉ tiêu của kế hoạch "
                            "này.") % {"row": n, "col": letter["target"], "value": tid})
            continue
        try:
            occ.Period.parse(period)
        except ValueError as exc:
            errors.append(_("Dòng %(row)s, cột %(col)s (Kỳ báo cáo): %(message)s")
                          % {"row": n, "col": letter["period"], "message": exc})
            continue
        number = parse_number(value)
        if number is None or abs(number) > 10**15:
            errors.append(_("Dòng %(row)s, cột %(col)s (Giá trị đạt được): “%(value)s” không phải là số.")
                          % {"row": n, "col": letter["value"], "value": value})
            continue
        if (target.pk, period) in seen:
            errors.append(_("Dòng %(row)s, cột %(col)s (Mã chỉ tiêu): chỉ tiêu %(value)s, kỳ %(period)s đã có ở dòng "
                            "%(first)s.") % {"row": n, "col": letter["target"], "value": tid, "period": period,
                                             "first": seen[(target.pk, period)]})
            continue
        seen[(target.pk, period)] = n
        v = float(number)
        todo.append((target, period, v, str(note or "")))
    if errors:  # the uploaded file's name over its rows' errors, as the other importers say it
        return {"saved": 0, "errors": [f"{named}: {e}" for e in errors] if named else errors}
    with transaction.atomic():
        for target, period, v, note in todo:
            measurement_save(target=target, unit=unit, period=period, value=v, user=user, note=note)
    return {"saved": len(todo), "errors": []}


