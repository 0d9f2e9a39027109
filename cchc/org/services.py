"""Writes for the org app: Excel import/export of units and aliases, alias memory, successions."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.core.vntext import clean_spaces, fold_key
from cchc.org.models import OrgUnit, Succession, UnitAlias, UnitKind

UNIT_COLUMNS = [
    ("code", "Mã đơn vị"),
    ("name", "Tên đơn vị"),
    ("short_name", "Tên viết tắt"),
    ("kind", "Loại đơn vị"),
    ("parent_code", "Mã đơn vị cấp trên"),
    ("valid_from", "Hiệu lực từ"),
    ("valid_to", "Hiệu lực đến"),
    ("aliases", "Tên gọi khác (cách nhau bởi ;)"),
]
KIND_BY_LABEL = {fold_key(str(label)): value for value, label in UnitKind.choices}
KIND_BY_LABEL.update({fold_key(v): v for v in UnitKind.values})


@dataclass
class ImportError_:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[ImportError_] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self) -> list[str]:
        return [f"Dòng {e.row}, cột {e.column}: {e.message}" for e in self.errors]


def units_export_xlsx(units) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Don vi"
    ws.append([label for _, label in UNIT_COLUMNS])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for u in units.select_related("parent").prefetch_related("aliases"):
        ws.append([u.code, u.name, u.short_name, u.kind, u.parent.code if u.parent_id else "",
                   u.valid_from, u.valid_to, "; ".join(a.alias for a in u.aliases.all())])
    for i, width in enumerate([22, 50, 16, 16, 22, 14, 14, 40], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _to_date(value, row, col, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(ImportError_(row, col, f"ngày không hợp lệ “{text}” (dùng dd/mm/yyyy)"))
    return None


def units_import_xlsx(data: bytes, *, filename: str = "tệp Excel") -> ImportReport:
    """Import units and aliases. All or nothing: any error → nothing written, every error reported."""
    report = ImportReport()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001
        report.errors.append(ImportError_(0, "-", f"{filename} không phải tệp Excel .xlsx hợp lệ hoặc bị hỏng."))
        return report
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        report.errors.append(ImportError_(1, "-", "tệp không có dữ liệu."))
        return report
    header = [fold_key(str(h or "")) for h in rows[0]]
    col_index = {}
    for key, label in UNIT_COLUMNS:
        lk = fold_key(label)
        for i, h in enumerate(header):
            if h == lk or h.split(" (")[0] == lk.split(" (")[0]:
                col_index[key] = i
    for key in ("code", "name", "kind"):
        if key not in col_index:
            label = dict(UNIT_COLUMNS)[key]
            report.errors.append(ImportError_(1, label, "thiếu cột bắt buộc"))
    if report.errors:
        return report

    def cell(r, key):
        i = col_index.get(key)
        return r[i] if i is not None and i < len(r) else None

    parsed = []
    seen_codes = {}
    for n, r in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in r):
            continue
        errs = report.errors
        code = clean_spaces(str(cell(r, "code") or ""))
        name = clean_spaces(str(cell(r, "name") or ""))
        kind_raw = clean_spaces(str(cell(r, "kind") or ""))
        letter = lambda key: f"{get_column_letter(col_index[key] + 1)} ({dict(UNIT_COLUMNS)[key]})"  # noqa: E731
        if not code:
            errs.append(ImportError_(n, letter("code"), "thiếu mã đơn vị"))
        elif code in seen_codes:
            errs.append(ImportError_(n, letter("code"), f"mã “{code}” trùng với dòng {seen_codes[code]}"))
        seen_codes.setdefault(code, n)
        if not name:
            errs.append(ImportError_(n, letter("name"), "thiếu tên đơn vị"))
        kind = KIND_BY_LABEL.get(fold_key(kind_raw))
        if not kind:
            errs.append(ImportError_(n, letter("kind"), f"loại đơn vị không hợp lệ “{kind_raw}”"))
        vf = _to_date(cell(r, "valid_from"), n, letter("valid_from") if "valid_from" in col_index else "-", errs)
        vt = _to_date(cell(r, "valid_to"), n, letter("valid_to") if "valid_to" in col_index else "-", errs)
        if vf and vt and vf > vt:
            errs.append(ImportError_(n, letter("valid_to"), "ngày hết hiệu lực trước ngày bắt đầu hiệu lực"))
        parent_code = clean_spaces(str(cell(r, "parent_code") or ""))
        if parent_code and parent_code == code:
            errs.append(ImportError_(n, letter("parent_code"), "đơn vị không thể là cấp trên của chính nó"))
        aliases = [clean_spaces(a) for a in str(cell(r, "aliases") or "").split(";") if clean_spaces(a)]
        parsed.append((n, code, name, clean_spaces(str(cell(r, "short_name") or "")), kind, parent_code, vf, vt,
                       aliases))
    known = set(OrgUnit.objects.filter(code__in=[p[5] for p in parsed if p[5]]).values_list("code", flat=True))
    file_codes = {p[1] for p in parsed}
    for p in parsed:
        if p[5] and p[5] not in known and p[5] not in file_codes:
            col = get_column_letter(col_index["parent_code"] + 1)
            report.errors.append(ImportError_(p[0], f"{col} (Mã đơn vị cấp trên)",
                                              f"không tìm thấy đơn vị cấp trên “{p[5]}”"))
    # cycles within the file
    parent_of = {p[1]: p[5] for p in parsed if p[5]}
    for p in parsed:
        cur, seen = p[1], set()
        while cur in parent_of:
            if cur in seen:
                report.errors.append(ImportError_(p[0], "E (Mã đơn vị cấp trên)", "quan hệ cấp trên tạo thành vòng lặp"))
                break
            seen.add(cur)
            cur = parent_of[cur]
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    try:
        with transaction.atomic():
            pending = list(parsed)
            while pending:
                progressed = False
                rest = []
                for p in pending:
                    n, code, name, short, kind, parent_code, vf, vt, aliases = p
                    if parent_code and parent_code in file_codes and not OrgUnit.objects.filter(code=parent_code).exists():
                        rest.append(p)
                        continue
                    parent = OrgUnit.objects.filter(code=parent_code).first() if parent_code else None
                    unit = OrgUnit.objects.filter(code=code).first()
                    created = unit is None
                    unit = unit or OrgUnit(code=code)
                    unit.name, unit.short_name, unit.kind, unit.parent = name, short, kind, parent
                    unit.valid_from, unit.valid_to = vf, vt
                    if parent is not None:
                        unit.province = parent.province
                    try:
                        unit.full_clean(exclude=["province", "path", "name_key"])
                    except ValidationError as exc:
                        for field_name, msgs in exc.message_dict.items():
                            report.errors.append(ImportError_(n, field_name, "; ".join(msgs)))
                        continue
                    unit.save()
                    for a in aliases:
                        if not UnitAlias.objects.filter(unit=unit, alias_key=_ak(a)).exists():
                            UnitAlias(unit=unit, alias=a).save()
                    report.created += created
                    report.updated += not created
                    progressed = True
                if not progressed and rest:
                    for p in rest:
                        report.errors.append(ImportError_(p[0], "E", "không xác định được đơn vị cấp trên"))
                    break
                pending = rest
            if report.errors:
                raise _Rollback
    except _Rollback:
        report.created = report.updated = 0
    return report


class _Rollback(Exception):
    pass


def _ak(text):
    from cchc.org.resolver_text import canonical

    return canonical(text)


@transaction.atomic
def alias_remember(*, unit: OrgUnit, alias: str) -> UnitAlias:
    """Remember that ``alias`` means ``unit`` (used when a reviewer maps an unresolved agency once)."""
    alias = clean_spaces(alias)
    existing = UnitAlias.objects.filter(unit=unit, alias_key=_ak(alias)).first()
    if existing:
        return existing
    obj = UnitAlias(unit=unit, alias=alias)
    obj.save()
    return obj


@transaction.atomic
def succession_record(*, predecessor: OrgUnit, successor: OrgUnit, kind: str, on: date, note: str = "") -> Succession:
    if predecessor.pk == successor.pk:
        raise ValidationError("Một đơn vị không thể kế thừa chính nó.")
    s = Succession(predecessor=predecessor, successor=successor, kind=kind, date=on, note=note)
    s.full_clean()
    s.save()
    return s
