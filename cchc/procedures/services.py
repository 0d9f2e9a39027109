"""Writes of the procedure catalogue: read a published decision into a pending import (the preview), apply it in one
transaction, import/export the catalogue as .xlsx. Every write is audited (models registered in apps.py)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cchc.core.errors import CodedError
from cchc.core.excel import RowError, cell_error, column_letters, read_xlsx, too_long, write_xlsx
from cchc.core.intake import IntakeError
from cchc.core.vndates import parse_date_input
from cchc.core.vntext import fold_key, parse_number
from cchc.org import access
from cchc.org.models import OrgUnit
from cchc.org.selectors import agency_resolve
from cchc.procedures import parsing
from cchc.procedures.models import (
    Level,
    Online,
    Procedure,
    ProcedureDecision,
    ProcedureEvent,
    ProcedureImport,
    Status,
)

# the fields an import compares and writes (draft entry key → model field)
FIELDS = {"name": "name", "field": "field", "level": "level", "time_limit": "time_limit", "time_days": "time_days",
          "working_days": "working_days", "agency": "agency_text", "fee": "fee_text", "fee_amount": "fee_amount",
          "online": "online", "paper_result": "paper_result"}


FIELD_LABELS = {
    "name": _l("Tên thủ tục"), "field": _l("Lĩnh vực"), "level": _l("Cấp thực hiện"),
    "time_limit": _l("Thời hạn giải quyết"), "time_days": _l("Số ngày giải quyết"), "working_days": _l("Ngày làm việc"),
    "agency": _l("Cơ quan thực hiện"), "fee": _l("Phí, lệ phí"), "fee_amount": _l("Mức phí"),
    "online": _l("Dịch vụ công trực tuyến"), "paper_result": _l("Kết quả bản giấy"),
}


class ProcedureError(CodedError):
    """A catalogue operation refused, with a Vietnamese message."""


# --------------------------------------------------------------------------- decision documents

def decision_read(data: bytes, filename: str) -> dict:
    """Parse an uploaded decision; ``ProcedureError`` (code from the reader) when it holds no procedure list."""
    try:
        return parsing.parse_document(parsing.read_procedure_document(data, filename)).to_dict()
    except IntakeError as exc:
        raise ProcedureError(exc.code, exc.message) from exc


def issue_date_of(draft: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(draft.get("issue_date") or "")
    except ValueError:
        return None


def draft_preview_rows(draft: dict) -> list[dict]:
    """What applying ``draft`` would do, one row per entry: action add / amend / abolish / unchanged, and the
    fields that change (field → [catalogue value, document value])."""
    codes = [e["code"] for e in draft.get("entries", [])]
    existing = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    rows = []
    for e in draft.get("entries", []):
        p = existing.get(e["code"])
        changes = {}
        if p is not None:
            for key, attr in FIELDS.items():
                new = e.get(key)
                if new in ("", None):
                    continue  # a column the document does not have keeps the catalogue's value
                if getattr(p, attr) != new:
                    changes[key] = [getattr(p, attr), new]
        if e["status"] == Status.ABOLISHED:
            action = "abolish" if p is None or p.status != Status.ABOLISHED else "unchanged"
        elif p is None:
            action = "add"
        elif changes or p.status == Status.ABOLISHED and e["status"] != Status.ABOLISHED:
            action = "amend"
        else:
            action = "unchanged"
        rows.append({**e, "action": action, "changes": changes, "exists": p is not None})
    return rows


def procedure_import_create(*, user, data: bytes, filename: str) -> ProcedureImport:
    """Read the decision and keep it as a pending import for the preview. Only the CCHC office imports."""
    access.require_office(user)
    draft = decision_read(data, filename)
    return ProcedureImport.objects.create(filename=filename[:255], draft=draft, created_by=user)


def _decision_for(draft: dict, filename: str, user) -> ProcedureDecision:
    number, issued = (draft.get("number") or "")[:100], issue_date_of(draft)
    if number and ProcedureDecision.objects.filter(number=number, issued_on=issued,
                                                   source=ProcedureDecision.Source.DOCUMENT).exists():
        raise ProcedureError("already_imported", (
            _("Quyết định số %(number)s ngày %(date)s đã được nhập vào danh mục; không nhập lại lần hai.") if issued
            else _("Quyết định số %(number)s đã được nhập vào danh mục; không nhập lại lần hai."))
            % {"number": number, "date": f"{issued:%d/%m/%Y}" if issued else ""})
    return ProcedureDecision.objects.create(
        number=number, issued_on=issued, title=(draft.get("title") or "")[:500],
        issuer=(draft.get("issuer") or "")[:300], filename=filename[:255], created_by=user)


_ADDRESS = re.compile(r"\s*\((?:số|tầng|địa chỉ|\d)[^)]*\)", re.I)


def _resolver(draft: dict):
    on = issue_date_of(draft)
    province = draft.get("province")
    cache: dict[str, OrgUnit | None] = {}

    def resolve(text: str) -> OrgUnit | None:
        text = _ADDRESS.sub("", text or "").strip(" .")
        if not text:
            return None
        if text not in cache:
            res = agency_resolve(text, province=province, on=on)
            unit = None
            if res["status"] == "unit" and len(res["units"]) == 1:
                unit = OrgUnit.objects.filter(code=res["units"][0]["code"]).first()
            cache[text] = unit
        return cache[text]

    return resolve


def _apply_entries(entries: list[dict], *, decision: ProcedureDecision | None, user, resolve=None) -> dict[str, int]:
    counts = {"added": 0, "amended": 0, "abolished": 0, "unchanged": 0}
    existing = {p.code: p for p in Procedure.objects.filter(code__in=[e["code"] for e in entries])}
    for e in entries:
        p = existing.get(e["code"])
        changes = {}
        created = p is None
        if created:
            p = Procedure(code=e["code"])
        for key, attr in FIELDS.items():
            new = e.get(key)
            if new in ("", None) and not created:
                continue
            if new is None and attr in ("name", "field", "level", "time_limit", "agency_text", "fee_text", "online"):
                new = ""
            if getattr(p, attr) != new:
                if not created:
                    changes[key] = [getattr(p, attr), new]
                setattr(p, attr, new)
        if resolve is not None and ("agency" in changes or created) and p.agency_text:
            p.agency = resolve(p.agency_text)
        status_changed = p.status != e["status"]
        p.status = e["status"]
        if decision is not None:
            p.decision = decision
        if created or changes or status_changed or decision is not None:
            p.save()
            existing[p.code] = p
            ProcedureEvent.objects.create(procedure=p, decision=decision, status=e["status"],
                                          changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in changes.items()},
                                          created_by=user)
        if e["status"] == Status.ABOLISHED:
            counts["abolished"] += 1
        elif created:
            counts["added"] += 1
        elif changes or status_changed:
            counts["amended"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def _jsonable(v):
    return v if v is None or isinstance(v, str | int | float | bool) else str(v)


def procedure_import_apply(*, user, imp: ProcedureImport) -> dict[str, int]:
    """Apply a pending import in one transaction: decision recorded, procedures added / amended / abolished, each
    with a history event; agencies resolved with the org resolver on the decision date."""
    access.require_office(user)
    with transaction.atomic():
        imp = ProcedureImport.objects.select_for_update().get(pk=imp.pk)
        if imp.state != ProcedureImport.State.PENDING:
            raise ProcedureError("conflict", _("Bản nhập này đã được xác nhận hoặc hủy trước đó."))
        decision = _decision_for(imp.draft, imp.filename, user)
        counts = _apply_entries(imp.draft.get("entries", []), decision=decision, user=user,
                                resolve=_resolver(imp.draft))
        imp.state, imp.decision = ProcedureImport.State.APPLIED, decision
        imp.save(update_fields=["state", "decision"])
    return counts


def procedure_import_discard(*, user, imp: ProcedureImport) -> None:
    access.require_office(user)
    if imp.state == ProcedureImport.State.PENDING:
        imp.state = ProcedureImport.State.DISCARDED
        imp.save(update_fields=["state"])


def procedure_import_file(*, user, data: bytes, filename: str, dry_run: bool = False) -> dict:
    """The CLI path: read and apply at once (``dry_run``: read and preview only). Returns counts and problems."""
    draft = decision_read(data, filename)
    rows = draft_preview_rows(draft)
    out = {"file": filename, "number": draft.get("number"), "issue_date": draft.get("issue_date"),
           "entries": len(draft["entries"]), "by_status": draft["counts"], "without_code": len(draft["without_code"]),
           "problems": [*draft["warnings"], *[w for e in draft["entries"] for w in e["warnings"]]],
           "actions": {a: sum(1 for r in rows if r["action"] == a) for a in ("add", "amend", "abolish", "unchanged")}}
    if not dry_run:
        imp = procedure_import_create(user=user, data=data, filename=filename)
        out["applied"] = procedure_import_apply(user=user, imp=imp)
    return out


# --------------------------------------------------------------------------- Excel

COLUMNS = [
    ("code", "Mã TTHC"), ("name", "Tên thủ tục hành chính"), ("field", "Lĩnh vực"), ("level", "Cấp thực hiện"),
    ("time_limit", "Thời hạn giải quyết"), ("time_days", "Số ngày giải quyết"), ("agency", "Cơ quan thực hiện"),
    ("fee", "Phí, lệ phí"), ("fee_amount", "Mức phí (đồng)"), ("online", "Dịch vụ công trực tuyến"),
    ("paper_result", "Kết quả bản giấy"), ("status", "Tình trạng"), ("decision", "Văn bản công bố"),
    ("decision_date", "Ngày ban hành"),
]
_ALIASES = {"code": ["Mã thủ tục", "Mã số TTHC", "Mã"], "name": ["Tên TTHC", "Tên thủ tục"],
            "agency": ["Cơ quan giải quyết"], "fee": ["Phí lệ phí", "Lệ phí"], "online": ["DVC trực tuyến", "Mức độ DVCTT"],
            "status": ["Trạng thái"], "decision": ["Quyết định công bố", "Số văn bản"]}


def _choice(value, choices) -> str | None:
    k = fold_key(str(value or ""))
    if not k:
        return ""
    for val, label in choices:
        if k in (val, fold_key(str(label))) or fold_key(str(label)).startswith(k):
            return val
    return None


def procedures_export_xlsx(qs) -> bytes:
    rows = []
    for p in qs.select_related("decision"):
        rows.append([p.code, p.name, p.field, p.get_level_display() if p.level else "", p.time_limit, p.time_days,
                     p.agency_text, p.fee_text, p.fee_amount, p.get_online_display() if p.online else "",
                     "" if p.paper_result is None else ("Có" if p.paper_result else "Không"),
                     p.get_status_display(), p.decision.number if p.decision else "",
                     p.decision.issued_on if p.decision and p.decision.issued_on else ""])
    return write_xlsx([("Danh mục TTHC", [label for _k, label in COLUMNS], rows)])


def procedures_import_xlsx(*, user, data: bytes, filename: str | None = None) -> tuple[dict[str, int], list[RowError]]:
    """Upsert the catalogue from a sheet with the export's columns. All or nothing: any row error and nothing is
    written. Returns (counts, errors)."""
    access.require_office(user)
    filename = filename or _("tệp Excel")
    columns = {k: [label, *_ALIASES.get(k, [])] for k, label in COLUMNS}
    rows, errors = read_xlsx(data, columns=columns, required={"code", "name", "status"}, filename=filename)
    if errors and not rows:
        return {}, errors
    # the letters of the file's own columns (they may be in another order than the export's), else the export's
    letters = {**{k: chr(ord("A") + i) for i, (k, _l) in enumerate(COLUMNS)}, **column_letters(data, columns)}
    labels = dict(COLUMNS)
    entries, seen, problems = [], {}, list(errors)
    decisions: dict[tuple, dict] = {}

    def err(r, key, problem, code="invalid"):
        problems.append(cell_error("Danh mục TTHC", r, letters[key], labels[key], problem, code))

    for row in rows:
        r = row["_row"]
        code = parsing.normalize_code(str(row.get("code") or ""))
        if not code:
            if row.get("code"):
                err(r, "code", _("mã “%(code)s” không đúng dạng mã TTHC (ví dụ 1.012345 hoặc 2.002156.H05)")
                    % {"code": row["code"]})
            continue
        if code in seen:
            err(r, "code", _("mã %(code)s trùng với dòng %(row)s") % {"code": code, "row": seen[code]}, "duplicate")
            continue
        seen[code] = r
        e = {"code": code, "name": str(row.get("name") or "").strip(), "field": str(row.get("field") or "").strip(),
             "time_limit": str(row.get("time_limit") or "").strip(), "agency": str(row.get("agency") or "").strip(),
             "fee": str(row.get("fee") or "").strip()}
        for key in ("field", "agency"):  # text longer than its column: said here, not a database error at writing
            long = too_long(e[key], Procedure._meta.get_field(FIELDS[key]).max_length)
            if long:
                err(r, key, long, "too_long")
        for key, choices in (("level", Level.choices), ("online", Online.choices), ("status", Status.choices)):
            v = _choice(row.get(key), choices)
            if v is None:
                err(r, key, _("giá trị “%(value)s” không hợp lệ; dùng một trong: %(choices)s")
                    % {"value": row.get(key), "choices": ", ".join(str(lbl) for _v, lbl in choices)})
            e[key] = v or ""
        for key in ("time_days", "fee_amount"):
            v = row.get(key)
            e[key] = None
            if v in (None, ""):
                continue
            # "60.000" and 60000 are sixty thousand; "2,5", "1.234,5" or "abc" are refused, never cut to an integer
            n = parse_number(v) if not isinstance(v, bool) else None
            if n is None or n < 0 or n != n.to_integral_value():
                err(r, key, _("“%(value)s” không phải là số nguyên không âm") % {"value": v})
            else:
                e[key] = int(n)
        if e["time_days"] is None and e["time_limit"]:
            e["time_days"], e["working_days"] = parsing.parse_days(e["time_limit"])
        else:
            e["working_days"] = None
        pr = fold_key(str(row.get("paper_result") or ""))
        e["paper_result"] = True if pr in ("co", "x", "1", "true") else (False if pr in ("khong", "0", "false") else None)
        if e["fee_amount"] is None and e["fee"]:
            e["fee_amount"] = parsing.parse_fee(e["fee"])
        number = str(row.get("decision") or "").strip()[:100]
        # the cell holds a date and nothing else (an Excel date, "12/03/2024", "12-3-2024", "ngày 12 tháng 3 năm
        # 2024"): a date inside other text ("ban hành ngày 12/3/2024 kèm theo") is refused, not picked out of it
        try:
            date = parse_date_input(row.get("decision_date"))
        except ValueError:
            date = None
            err(r, "decision_date", _("“%(value)s” không phải là một ngày: ô chỉ ghi ngày ban hành, ví dụ 12/03/2024 "
                                      "hoặc ngày 12 tháng 3 năm 2024 (tệp %(file)s)")
                % {"value": row.get("decision_date"), "file": filename})
        decisions.setdefault((number, date), {"number": number, "issued_on": date, "entries": []})["entries"].append(e)
        entries.append(e)
    if problems:
        return {}, problems
    if not entries:
        return {}, [RowError("", 0, "", _("Tệp %(file)s không có dòng thủ tục nào để nhập.") % {"file": filename}, "empty")]
    totals = {"added": 0, "amended": 0, "abolished": 0, "unchanged": 0}
    with transaction.atomic():
        for d in decisions.values():
            decision = ProcedureDecision.objects.create(
                number=d["number"], issued_on=d["issued_on"], source=ProcedureDecision.Source.EXCEL,
                filename=filename[:255], created_by=user)
            for k, v in _apply_entries(d["entries"], decision=decision, user=user,
                                       resolve=_resolver({"issue_date": d["issued_on"] and d["issued_on"].isoformat()})
                                       ).items():
                totals[k] += v
    return totals, []
