"""Writes for the org app: a unit's registry entry, Excel import/export of units and aliases, alias memory,
successions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cchc.core import audit
from cchc.core.errors import CodedError
from cchc.core.excel import ExcelError, sheet_rows, write_xlsx
from cchc.core.import_report import ImportReport
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import clean_spaces, fold_key
from cchc.org import access
from cchc.org.models import (
    OrgUnit,
    Succession,
    UnitAlias,
    UnitKind,
    format_period,
    period_within,
    periods_overlap,
    succession_date_errors,
)

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

UNIT_REGISTRY_FIELDS = ("name", "short_name", "valid_from", "valid_to")


def unit_update(user, unit: OrgUnit, *, name: str, short_name: str = "", valid_from: date | None = None,
                valid_to: date | None = None) -> OrgUnit:
    """Change a unit's registry entry (name, short name, validity): the CCHC office's
    (``access.require_edit_unit_registry``). The model's rules apply (validity within the parent's, around
    the children's and successions', no twin overlapping): a ``ValidationError`` by field, nothing written
    and ``unit`` left as it was. Audited with ``user`` as actor."""
    access.require_edit_unit_registry(user, unit)
    name = clean_spaces(name or "")
    if not name:
        raise ValidationError({"name": _("Cần nhập tên đơn vị.")})
    before = {f: getattr(unit, f) for f in UNIT_REGISTRY_FIELDS}
    unit.name, unit.short_name = name, clean_spaces(short_name or "")
    unit.valid_from, unit.valid_to = valid_from, valid_to
    try:
        # the entry's fields and the model's rules (clean); the rest of the row is not the form's to check
        unit.full_clean(exclude=[f.name for f in OrgUnit._meta.fields if f.name not in UNIT_REGISTRY_FIELDS])
    except ValidationError:
        for f, value in before.items():
            setattr(unit, f, value)
        raise
    with transaction.atomic(), audit.actor(user):
        unit.save()
    return unit


@dataclass
class ImportError_:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Dòng %(row)s, cột %(column)s: %(message)s") % {"row": self.row, "column": self.column,
                                                                 "message": self.message}


def units_export_xlsx(units) -> bytes:
    """The units as .xlsx through the shared writer (cchc.core.excel.write_xlsx): the dates of validity as dates shown
    dd/mm/yyyy (they were shown 2025-03-01), the kind as its Vietnamese label (the import accepts labels and codes)."""
    rows = ([u.code, u.name, u.short_name, str(u.get_kind_display()), u.parent.code if u.parent_id else "",
             u.valid_from, u.valid_to, "; ".join(a.alias for a in u.aliases.all())]
            for u in units.select_related("parent").prefetch_related("aliases").iterator(chunk_size=2000))
    return write_xlsx([("Đơn vị", [label for _, label in UNIT_COLUMNS], rows)])


def _to_date(value, row, col, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return parse_date_input(text)
    except ValueError:
        pass
    errors.append(ImportError_(row, col, _("ngày không hợp lệ “%(value)s” (dùng dd/mm/yyyy)") % {"value": text}))
    return None


def _check_national(parsed, col_index, report) -> None:
    """The national bodies (kind "national": the Government, the ministries) are the catalogue's
    (``cchc.org.catalog``): a file may repeat one as the export wrote it, not create, change or put a unit under one."""
    codes = {p[1] for p in parsed} | {p[5] for p in parsed if p[5]}
    national = {u.code: u for u in OrgUnit.objects.filter(code__in=codes, kind=UnitKind.NATIONAL)
                .select_related("parent")}
    for n, code, name, short, kind, parent_code, vf, vt, _aliases in parsed:
        u = national.get(code)
        if u is None and kind == UnitKind.NATIONAL:
            message = _("không tạo được cơ quan Trung ương từ tệp (danh mục các bộ, ngành do hệ thống nạp)")
        elif u is not None and (name, short, kind, parent_code, vf, vt) != (
                u.name, u.short_name, u.kind, u.parent.code if u.parent_id else "", u.valid_from, u.valid_to):
            message = _("“%(code)s” là cơ quan Trung ương (%(name)s): không sửa được từ tệp") % {
                "code": code, "name": u.name}
        elif u is None and parent_code in national:
            message = _("đơn vị của tỉnh không đặt dưới cơ quan Trung ương “%(name)s”") % {
                "name": national[parent_code].name}
        else:
            continue
        report.errors.append(ImportError_(n, _column(col_index, "code"), message))


def _check_home(parsed, col_index, report, user) -> None:
    """A row changes, or puts a unit under, only a unit of the province's list (``access.can_edit_unit_registry``,
    as the unit's edit page): another province's units are stored for the resolver, never changed from a file.
    The national bodies are :func:`_check_national`'s."""
    codes = {p[1] for p in parsed} | {p[5] for p in parsed if p[5]}
    stored = {u.code: u for u in OrgUnit.objects.filter(code__in=codes).exclude(kind=UnitKind.NATIONAL)}
    for n, code, _name, _short, _kind, parent_code, _vf, _vt, _aliases in parsed:
        for key, unit in (("code", stored.get(code)), ("parent_code", stored.get(parent_code))):
            if unit is not None and not access.can_edit_unit_registry(user, unit):
                report.errors.append(ImportError_(n, _column(col_index, key), _(
                    "“%(code)s” (%(name)s) không thuộc danh sách đơn vị của tỉnh: không sửa hoặc đặt đơn vị dưới "
                    "đơn vị này từ tệp được") % {"code": unit.code, "name": unit.name}))
                break


def units_import_xlsx(data: bytes, *, user, filename: str | None = None) -> ImportReport:
    """Import units and aliases: the province's list of units is the CCHC office's (admins and Sở Nội vụ; anyone
    else is refused with a :class:`~cchc.core.errors.CodedError` ``forbidden`` before the file is read). All or
    nothing: any error → nothing written, every error reported. Audited with ``user`` as actor."""
    if not access.edits_all(user):
        raise CodedError("forbidden", _("Chỉ Phòng CCHC (Sở Nội vụ) được nhập danh sách đơn vị từ Excel."))
    if filename is None:
        filename = _("tệp Excel")
    report = ImportReport()
    try:
        rows = sheet_rows(data, filename)
    except ExcelError as exc:
        report.errors.append(ImportError_(0, "-", exc.message))
        return report
    if not rows:
        report.errors.append(ImportError_(1, "-", _("tệp %(file)s không có dữ liệu.") % {"file": filename}))
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
            report.errors.append(ImportError_(1, label, _("tệp %(file)s thiếu cột bắt buộc (dòng 1 phải là dòng "
                                                          "tiêu đề)") % {"file": filename}))
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
            errs.append(ImportError_(n, letter("code"), _("thiếu mã đơn vị")))
        elif code in seen_codes:
            errs.append(ImportError_(n, letter("code"), _("mã “%(code)s” trùng với dòng %(row)s")
                                     % {"code": code, "row": seen_codes[code]}))
        seen_codes.setdefault(code, n)
        if not name:
            errs.append(ImportError_(n, letter("name"), _("thiếu tên đơn vị")))
        kind = KIND_BY_LABEL.get(fold_key(kind_raw))
        if not kind:
            errs.append(ImportError_(n, letter("kind"), _("loại đơn vị không hợp lệ “%(value)s”") % {"value": kind_raw}))
        vf = _to_date(cell(r, "valid_from"), n, letter("valid_from") if "valid_from" in col_index else "-", errs)
        vt = _to_date(cell(r, "valid_to"), n, letter("valid_to") if "valid_to" in col_index else "-", errs)
        if vf and vt and vf > vt:
            errs.append(ImportError_(n, letter("valid_to"), _("ngày hết hiệu lực trước ngày bắt đầu hiệu lực")))
        parent_code = clean_spaces(str(cell(r, "parent_code") or ""))
        if parent_code and parent_code == code:
            errs.append(ImportError_(n, letter("parent_code"), _("đơn vị không thể là cấp trên của chính nó")))
        aliases = [clean_spaces(a) for a in str(cell(r, "aliases") or "").split(";") if clean_spaces(a)]
        parsed.append((n, code, name, clean_spaces(str(cell(r, "short_name") or "")), kind, parent_code, vf, vt,
                       aliases))
    known = set(OrgUnit.objects.filter(code__in=[p[5] for p in parsed if p[5]]).values_list("code", flat=True))
    file_codes = {p[1] for p in parsed}
    for p in parsed:
        if p[5] and p[5] not in known and p[5] not in file_codes:
            col = get_column_letter(col_index["parent_code"] + 1)
            report.errors.append(ImportError_(p[0], f"{col} (Mã đơn vị cấp trên)",
                                              _("không tìm thấy đơn vị cấp trên “%(code)s”") % {"code": p[5]}))
    # cycles within the file
    parent_of = {p[1]: p[5] for p in parsed if p[5]}
    for p in parsed:
        cur, seen = p[1], set()
        while cur in parent_of:
            if cur in seen:
                report.errors.append(ImportError_(p[0], _column(col_index, "parent"),
                                                  _("quan hệ cấp trên tạo thành vòng lặp")))
                break
            seen.add(cur)
            cur = parent_of[cur]
    _check_periods(parsed, col_index, report)
    _check_national(parsed, col_index, report)
    _check_home(parsed, col_index, report, user)
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    touched: dict[str, int] = {}
    try:
        with transaction.atomic(), audit.actor(user):
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
                    # periods are checked on the whole file above and on the final state below: row by row a
                    # parent and its child changed in the same file would look inconsistent half-way
                    unit._defer_validity = True
                    try:
                        unit.full_clean(exclude=["province", "path", "name_key"])
                    except ValidationError as exc:
                        for field_name, msgs in exc.message_dict.items():
                            report.errors.append(ImportError_(n, _column(col_index, field_name), "; ".join(msgs)))
                        continue
                    unit.save()
                    touched[code] = n
                    for a in aliases:
                        if not UnitAlias.objects.filter(unit=unit, alias_key=_ak(a)).exists():
                            UnitAlias(unit=unit, alias=a).save()
                    report.created += created
                    report.updated += not created
                    progressed = True
                if not progressed and rest:
                    for p in rest:
                        report.errors.append(ImportError_(p[0], _column(col_index, "parent"),
                                                          _("không xác định được đơn vị cấp trên")))
                    break
                pending = rest
            if not report.errors:  # safety net: the final state of every written unit passes the model's checks
                for unit in OrgUnit.objects.filter(code__in=touched).select_related("parent"):
                    for field_name, message in unit.validity_errors():
                        report.errors.append(ImportError_(touched[unit.code], _column(col_index, field_name), message))
            if report.errors:
                report.errors.sort(key=lambda e: e.row)
                raise _Rollback
    except _Rollback:
        report.created = report.updated = 0
    return report


class _Rollback(Exception):
    pass


_FIELD_COLUMN = {"parent": "parent_code", "parent_code": "parent_code", "code": "code", "name": "name",
                 "short_name": "short_name", "kind": "kind", "valid_from": "valid_from", "valid_to": "valid_to"}


def _column(col_index: dict, field_name: str) -> str:
    """"F (Hiệu lực từ)" for a model field or import key; "-" when the file has no such column."""
    key = _FIELD_COLUMN.get(field_name)
    if key is None or key not in col_index:
        return dict(UNIT_COLUMNS).get(key, "-") if key else "-"
    return f"{get_column_letter(col_index[key] + 1)} ({dict(UNIT_COLUMNS)[key]})"


def _check_periods(parsed, col_index, report: ImportReport) -> None:
    """Validity of the file as it will stand once written (file rows override the database): each unit lies within
    its parent's period, keeps its existing children within its own, does not overlap a unit that denotes the same
    body (same province and standard body, same kind and administrative code) and keeps its successions dated
    within its period. Every problem is reported with its row and column; nothing is written."""
    rows = {p[1]: p for p in parsed if p[1]}
    db = {u.code: u for u in OrgUnit.objects.filter(code__in=set(rows) | {p[5] for p in parsed if p[5]})
          .select_related("parent")}

    def period_of(code):
        if code in rows:
            return rows[code][6], rows[code][7]
        return db[code].period() if code in db else None

    def name_of(code):
        return rows[code][2] if code in rows else db[code].name

    def overlay(u: OrgUnit) -> OrgUnit:
        if u.code not in rows:
            return u
        copy = OrgUnit(pk=u.pk, code=u.code, name=rows[u.code][2], kind=u.kind, province_id=u.province_id)
        copy.valid_from, copy.valid_to = rows[u.code][6], rows[u.code][7]
        return copy

    for n, code, _name, _short, _kind, parent_code, vf, vt, _aliases in parsed:
        mine = (vf, vt)
        outer = period_of(parent_code) if parent_code else None
        if outer is not None and not period_within(mine, outer):
            key = "valid_from" if outer[0] and (vf is None or vf < outer[0]) else "valid_to"
            report.errors.append(ImportError_(n, _column(col_index, key), (
                _("hiệu lực %(period)s nằm ngoài thời gian hiệu lực của đơn vị cấp trên “%(parent)s” "
                  "(%(parent_period)s)") % {"period": format_period(*mine), "parent": name_of(parent_code),
                                            "parent_period": format_period(*outer)})))
        unit = db.get(code)
        if unit is None:
            continue
        children = OrgUnit.objects.filter(parent=unit).exclude(code__in=rows).only("name", "valid_from", "valid_to")
        for child in children:
            if not period_within(child.period(), mine):
                key = "valid_from" if vf and (child.valid_from is None or child.valid_from < vf) else "valid_to"
                report.errors.append(ImportError_(n, _column(col_index, key), (
                    _("đơn vị cấp dưới “%(child)s” có hiệu lực %(child_period)s, nằm ngoài thời gian hiệu lực "
                      "%(period)s") % {"child": child.name, "child_period": format_period(*child.period()),
                                       "period": format_period(*mine)})))
                break
        probe = overlay(unit)
        probe.standard_key, probe.admin_code = unit.standard_key, unit.admin_code
        for other in probe.twin_candidates():
            other_period = period_of(other.code) or other.period()
            if periods_overlap(mine, other_period):
                report.errors.append(ImportError_(n, _column(col_index, "valid_from"), (
                    _("trùng thời gian hiệu lực với “%(other)s” (mã %(code)s, hiệu lực %(period)s), đơn vị cùng "
                      "cơ quan/mã hành chính")
                    % {"other": name_of(other.code) if other.code in rows else other.name, "code": other.code,
                       "period": format_period(*other_period)})))
        for s in Succession.objects.filter(Q(predecessor=unit) | Q(successor=unit)).select_related(
                "predecessor", "successor"):
            for message in succession_date_errors(overlay(s.predecessor), overlay(s.successor), s.date, s.kind):
                report.errors.append(ImportError_(n, _column(col_index, "valid_from" if s.successor_id == unit.pk
                                                                 else "valid_to"), message))


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
        raise ValidationError(_("Một đơn vị không thể kế thừa chính nó."))
    s = Succession(predecessor=predecessor, successor=successor, kind=kind, date=on, note=note)
    s.full_clean()
    s.save()
    return s
