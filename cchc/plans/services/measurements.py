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


def measurement_import_xlsx(*, data: bytes, user, plan: Plan, filename: str | None = None) -> dict:
    """Read a filled template; all rows or none. Returns {"saved": n, "errors": ["Dòng r, cột c: …"]}."""
    from cchc.core.excel import ExcelError, sheet_rows

    if filename is None:
        filename = _("tệp Excel")

    try:
        rows = sheet_rows(data, filename)
    except ExcelError as exc:
        return {"saved": 0, "errors": [exc.message]}
    errors: list[str] = []
    if len(rows) < 2 or not rows[0] or "Mã đơn vị:" not in str(rows[0][1] or ""):
        return {"saved": 0, "errors": [_("%(name)s: không đúng mẫu (thiếu dòng “Mã đơn vị” ở ô B1).") % {"name": filename}]}
    code = str(rows[0][1]).split(":", 1)[1].strip()
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return {"saved": 0, "errors": [_("%(name)s, ô B1: không tìm thấy đơn vị “%(code)s”.")
                                        % {"name": filename, "code": code}]}
    if not access.can_edit_unit(user, unit):
        return {"saved": 0, "errors": [_("%(name)s: bạn không có quyền nhập số liệu của %(unit)s.")
                                        % {"name": filename, "unit": unit.name}]}
    targets = {t.pk: t for t in plan.targets.all()}
    todo = []
    for n, r in enumerate(rows[2:], start=3):
        if not r or all(v in (None, "") for v in r):
            continue
        r = list(r) + [None] * (9 - len(r))
        tid, period, value, note = r[0], str(r[6] or "").strip(), r[7], r[8]
        if value in (None, ""):
            continue
        try:
            target = targets[int(tid)]
        except (TypeError, ValueError, KeyError):
            errors.append(_("Dòng %(row)s, cột A (Mã chỉ tiêu): “%(value)s” không phải chỉ tiêu của kế hoạch này.")
                          % {"row": n, "value": tid})
            continue
        try:
            occ.Period.parse(period)
        except ValueError as exc:
            errors.append(_("Dòng %(row)s, cột G (Kỳ báo cáo): %(message)s") % {"row": n, "message": exc})
            continue
        number = parse_number(value)
        if number is None or abs(number) > 10**15:
            errors.append(_("Dòng %(row)s, cột H (Giá trị đạt được): “%(value)s” không phải là số.") % {"row": n, "value": value})
            continue
        v = float(number)
        todo.append((target, period, v, str(note or "")))
    if errors:
        return {"saved": 0, "errors": errors}
    with transaction.atomic():
        for target, period, v, note in todo:
            measurement_save(target=target, unit=unit, period=period, value=v, user=user, note=note)
    return {"saved": len(todo), "errors": []}


