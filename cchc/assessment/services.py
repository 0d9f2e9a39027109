"""Writes of the CCHC index: frameworks (import/export .xlsx, copy, versions, lock), rounds, prefill from
measures, the unit's scores and evidence, review transitions, appraisal and survey points.

Every write is transactional and audited (models registered in apps.py; bulk writes record one audit entry).
Bad input raises :class:`AssessmentError` with a Vietnamese message that says what and where."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.assessment import measures, scoring
from cchc.assessment.models import (
    ORG_KINDS,
    Council,
    CouncilMember,
    Criterion,
    Framework,
    IndexKind,
    MemberScore,
    Objection,
    Round,
    Score,
    ScoreEvidence,
    SelfAssessment,
)
from cchc.core import audit, review
from cchc.core.errors import CodedError
from cchc.core.reviewable import review_apply
from cchc.core.vntext import clean_spaces, fold_key, nfc
from cchc.org import access
from cchc.org.models import OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_FILES = {IndexKind.SO: "demo_so.json", IndexKind.XA: "demo_xa.json", IndexKind.HUYEN: "demo_huyen.json",
              IndexKind.TINH: "skeleton_national.json"}


class AssessmentError(CodedError):
    """A rule of the index was broken; ``errors`` lists every problem of an import (Vietnamese)."""

    def __init__(self, code: str, message: str, errors: list[str] | None = None):
        super().__init__(code, message)
        self.errors = errors or [message]


def _checked_points(points, criterion) -> Decimal:
    """``points`` for ``criterion`` as :func:`scoring.check_points` reads them; a refusal is an AssessmentError."""
    try:
        return scoring.check_points(points, criterion.max_points, code=criterion.code)
    except scoring.ScoringError as exc:
        raise AssessmentError(exc.code, exc.message) from exc


# ============================================================================ frameworks

XLSX_COLUMNS = {
    "code": ["STT", "Số thứ tự", "Mã"],
    "title": ["Lĩnh vực/Tiêu chí", "Lĩnh vực, tiêu chí", "Nội dung tiêu chí", "Tiêu chí",
              "Nội dung Tiêu chí/Tiêu chí thành phần", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần"],
    "max_points": ["Điểm tối đa", "Điểm"],
    "guidance": ["Hướng dẫn chấm", "Hướng dẫn cách đánh giá", "Cách chấm điểm"],
    "evidence": ["Tài liệu kiểm chứng", "Tài liệu kiểm chứng/giải trình", "TLKC"],
    "rule_type": ["Cách chấm"],
    "params": ["Tham số"],
    "measure": ["Số liệu tự động"],
    "kind": ["Loại"],
    "survey": ["ĐTXHH", "Điều tra XHH", "Điều tra xã hội học"],
}
EXPORT_HEADERS = ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm", "Tài liệu kiểm chứng",
                  "Cách chấm", "Tham số", "Số liệu tự động", "Loại", "ĐTXHH"]
_KIND_WORDS = {fold_key(w): k for k, ws in {
    scoring.NORMAL: ["", "tiêu chí", "normal"], scoring.BONUS: ["điểm thưởng", "thưởng", "bonus"],
    scoring.PENALTY: ["điểm trừ", "trừ", "penalty"]}.items() for w in ws}
_RULE_WORDS = {fold_key(k): k for k in scoring.RULE_TYPES}
_RULE_WORDS.update({fold_key(v): k for k, v in scoring.RULE_LABELS.items()})
_RULE_WORDS.update({fold_key(w): k for k, ws in {
    scoring.TIMELINESS: ["thời hạn", "đúng hạn"], scoring.BANDS: ["khung", "khung tỷ lệ", "tỷ lệ %"],
    scoring.BINARY: ["đạt/không đạt", "đạt"], scoring.LINEAR: ["tỷ lệ", "theo chỉ tiêu"],
    scoring.COUNT: ["số lượng"], scoring.SURVEY: ["điều tra", "ĐTXHH"], scoring.MANUAL: ["chấm", "thủ công"]}.items()
    for w in ws})
_YES = {"x", "co", "có", "1", "true", "yes", "dtxhh"}
_PAIR_RE = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*(.+?)\s*$")


def params_parse(text, rule_type: str) -> dict:
    """The "Tham số" cell: JSON, or the short forms people type — bands/steps "100: 2; 90: 1; 0: 0" (threshold:
    points), others "late = 0,5; none = 0" / "target = 95". Numbers the Vietnamese way are accepted."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return {}
    if isinstance(text, dict):
        return text
    s = nfc(str(text)).strip()
    if s.startswith("{"):
        try:
            value = json.loads(s)
        except ValueError as exc:
            raise scoring.ScoringError("bad_param", _("Tham số không phải JSON hợp lệ (%(error)s).")
                                       % {"error": exc.msg}) from exc
        if not isinstance(value, dict):
            raise scoring.ScoringError("bad_param", _("Tham số JSON phải là một đối tượng {…}."))
        return value
    pairs = []
    for part in re.split(r"[;\n]+", s):
        if not part.strip():
            continue
        m = _PAIR_RE.match(part)
        if not m:
            raise scoring.ScoringError("bad_param", _("Không hiểu tham số “%(part)s” (viết dạng khóa = giá trị, cách "
                                                      "nhau bởi dấu chấm phẩy).") % {"part": part.strip()[:40]})
        pairs.append((m.group(1).strip(), m.group(2).strip()))
    if rule_type in (scoring.BANDS, scoring.COUNT) and all(scoring._PLAIN_RE.match(k.replace(",", ".").rstrip("%"))
                                                            for k, _ in pairs) and pairs:
        key = "bands" if rule_type == scoring.BANDS else "steps"
        return {key: [{"min": k.rstrip("%"), "points": v} for k, v in pairs]}
    return {k: v for k, v in pairs}


def _node_from_row(r: dict) -> tuple[scoring.Node, list[scoring.TreeError]]:
    errs = []
    code = str(r.get("code") or "").strip()
    if isinstance(r.get("code"), float) and r["code"].is_integer():
        code = str(int(r["code"]))
    node = scoring.Node(code=code, title=clean_spaces(str(r.get("title") or "")), max_points=r.get("max_points"),
                        row=r.get("_row", 0))
    rule_raw = str(r.get("rule_type") or "").strip()
    if rule_raw:
        rule = _RULE_WORDS.get(fold_key(rule_raw))
        if rule is None:
            errs.append(scoring.TreeError(node.row, "rule_type", "unknown_rule",
                                          _("Dòng %(row)s, cột Cách chấm (mục %(code)s): cách chấm “%(rule)s” "
                                            "không có (dùng: %(known)s).")
                                          % {"row": node.row, "code": code, "rule": rule_raw,
                                             "known": ", ".join(scoring.RULE_TYPES)}))
        else:
            node.rule_type = rule
    try:
        node.params = params_parse(r.get("params"), node.rule_type)
    except scoring.ScoringError as exc:
        errs.append(scoring.TreeError(node.row, "params", exc.code,
                                      _("Dòng %(row)s, cột Tham số (mục %(code)s): %(error)s")
                                      % {"row": node.row, "code": code, "error": exc.message}))
    kind_raw = fold_key(str(r.get("kind") or ""))
    node.kind = _KIND_WORDS.get(kind_raw, kind_raw or scoring.NORMAL)
    node.survey = fold_key(str(r.get("survey") or "")) in {fold_key(x) for x in _YES}
    if not node.title:
        errs.append(scoring.TreeError(node.row, "title", "missing_title",
                                      _("Dòng %(row)s, cột Lĩnh vực/Tiêu chí (mục %(code)s): thiếu nội dung.")
                                      % {"row": node.row, "code": code}))
    return node, errs


def _check_measure(node_data: dict, row: int) -> str | None:
    key = (node_data.get("measure") or "").strip()
    if key and measures.get(key) is None:
        known = ", ".join(k for k, _ in measures.choices())
        return (_("Dòng %(row)s, cột Số liệu tự động: “%(key)s” không có (có: %(known)s).")
                % {"row": row, "key": key, "known": known})
    return None


def _check_kind(unit_kind: str) -> None:
    if unit_kind not in IndexKind.values:
        raise AssessmentError("bad_kind", _("Đối tượng “%(kind)s” không có (dùng: %(known)s).")
                              % {"kind": unit_kind, "known": ", ".join(IndexKind.values)})


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise AssessmentError("bad_year", _("Năm “%(year)s” không hợp lệ.") % {"year": year}) from exc
    if not 2000 <= year <= 2100:
        raise AssessmentError("bad_year", _("Năm %(year)s nằm ngoài khoảng 2000–2100.") % {"year": year})
    return year


@transaction.atomic
def framework_create(items: list[dict], *, year: int, unit_kind: str, title: str, user=None, source: str = "",
                     decision: str = "", copied_from: Framework | None = None, bands=None,
                     filename: str = "") -> Framework:
    """Validate a whole tree and store it as a new framework (next version for the year and unit kind).

    ``items``: dicts with code, title, max_points, rule_type, params, measure, guidance, evidence, kind, survey
    and optionally ``_row`` (the sheet row). Nothing is written when any row is wrong."""
    year = _check_year(year)
    _check_kind(unit_kind)
    nodes, errors = [], []
    for i, r in enumerate(items, start=1):
        r = {**r, "_row": r.get("_row", i)}
        node, errs = _node_from_row(r)
        errors += errs
        msg = _check_measure(r, r["_row"])
        if msg:
            errors.append(scoring.TreeError(r["_row"], "measure", "unknown_measure", msg))
        nodes.append(node)
    tree_errors, info = scoring.validate_tree(nodes)
    errors += tree_errors
    if bands is not None:
        try:
            scoring.validate_bands(bands)
        except scoring.ScoringError as exc:
            errors.append(scoring.TreeError(0, "", exc.code, exc.message))
    if errors:
        where = f"{filename}: " if filename else ""
        errors.sort(key=lambda e: (e.row, e.column))
        raise AssessmentError("invalid_framework", _("%(where)sbộ tiêu chí có %(count)s lỗi, chưa ghi dữ liệu nào.")
                              % {"where": where, "count": len(errors)},
                              [(f"{filename}: " if filename else "") + e.message for e in errors])
    version = (Framework.objects.filter(year=year, unit_kind=unit_kind).aggregate(v=Max("version"))["v"] or 0) + 1
    fw = Framework(year=year, unit_kind=unit_kind, version=version, title=clean_spaces(title)[:500] or
                   f"Bộ tiêu chí {IndexKind(unit_kind).label} năm {year}", source=source[:500],
                   decision=decision[:255], copied_from=copied_from, created_by=user)
    if bands is not None:
        fw.bands = [{"label": label, "min": str(low)} for label, low in scoring.validate_bands(bands)]
    with audit.actor(user):
        fw.save()
        by_code: dict[str, Criterion] = {}
        children = info["children"]
        for order, (node, raw) in enumerate(zip(nodes, items, strict=True), start=1):
            c = Criterion(framework=fw, parent=by_code.get(node.parent()), code=node.code, title=node.title,
                          max_points=scoring.dec(node.max_points), order=order, kind=node.kind,
                          survey=node.survey, is_leaf=node.code not in children,
                          rule_type=node.rule_type if node.code not in children else "",
                          params=node.params or {} if node.code not in children else {},
                          measure=(raw.get("measure") or "").strip(),
                          guidance=nfc(str(raw.get("guidance") or "")).strip(),
                          evidence_required=nfc(str(raw.get("evidence") or "")).strip())
            c.save()
            by_code[node.code] = c
    return fw


def framework_import_xlsx(data: bytes, *, filename: str | None = None, year: int, unit_kind: str,
                          title: str = "", user=None, decision: str = "") -> Framework:
    """A framework from a sheet in the layout provinces publish: STT | Lĩnh vực/Tiêu chí | Điểm tối đa | Hướng dẫn
    chấm | Tài liệu kiểm chứng (+ optional Cách chấm | Tham số | Số liệu tự động | Loại | ĐTXHH)."""
    from cchc.core.excel import read_xlsx

    filename = filename or _("bộ tiêu chí.xlsx")

    if user is not None:
        access.require_office(user)
    rows, errors = read_xlsx(data, columns=XLSX_COLUMNS, required={"code", "title", "max_points"})
    errors = [e for e in errors if e.code != "required"]  # empty cells are reported by the tree check, with the row
    if errors:
        raise AssessmentError("invalid_file", _("%(file)s: không đọc được bộ tiêu chí (%(count)s lỗi), chưa ghi dữ "
                                                "liệu nào.") % {"file": filename, "count": len(errors)},
                              [f"{filename}: {e}" for e in errors])
    if not rows:
        raise AssessmentError("empty", _("%(file)s: không có tiêu chí nào.") % {"file": filename})
    return framework_create(rows, year=year, unit_kind=unit_kind, title=title or Path(filename).stem, user=user,
                            source=filename, decision=decision, filename=filename)


def framework_rows(fw: Framework) -> list[list]:
    rows = []
    for c in fw.criteria.order_by("order"):
        params = ""
        if c.params:
            params = json.dumps(c.params, ensure_ascii=False)
        rows.append([c.code, c.title, scoring.dec(c.max_points).normalize(), c.guidance, c.evidence_required,
                     c.rule_type, params, c.measure, "" if c.kind == scoring.NORMAL else c.get_kind_display(),
                     "x" if c.survey else ""])
    return rows


def framework_export_xlsx(fw: Framework) -> bytes:
    from cchc.core.excel import write_xlsx

    return write_xlsx([(f"Bộ tiêu chí {fw.year}", EXPORT_HEADERS, framework_rows(fw))])


def _items_of(fw: Framework) -> list[dict]:
    return [{"code": c.code, "title": c.title, "max_points": str(c.max_points), "rule_type": c.rule_type,
             "params": c.params, "measure": c.measure, "guidance": c.guidance, "evidence": c.evidence_required,
             "kind": c.kind, "survey": "x" if c.survey else ""} for c in fw.criteria.order_by("order")]


def framework_copy(fw: Framework, *, year: int | None = None, user=None, title: str = "") -> Framework:
    """Last year's framework as the start of a new year (or a new version of the same year): an unlocked copy."""
    if user is not None:
        access.require_office(user)
    year = year or fw.year
    return framework_create(_items_of(fw), year=year, unit_kind=fw.unit_kind,
                            title=title or (fw.title if year == fw.year else f"{fw.title} (năm {year})"),
                            user=user, source=fw.source, decision="" if year != fw.year else fw.decision,
                            copied_from=fw, bands=fw.bands)


def framework_check_unlocked(fw: Framework) -> None:
    if fw.locked:
        raise AssessmentError("locked", _("Bộ tiêu chí “%(title)s” (phiên bản %(version)s) đã khóa vì đang được "
                                          "dùng: không sửa được. Hãy tạo phiên bản mới để sửa.")
                              % {"title": fw.title, "version": fw.version})


def criterion_update(c: Criterion, *, user, **fields) -> Criterion:
    """Edit one criterion of an unlocked framework; the whole tree is re-validated (sums, parameters)."""
    access.require_office(user)
    fw = c.framework
    allowed = {"title", "max_points", "rule_type", "params", "measure", "guidance", "evidence_required", "survey"}
    unknown = set(fields) - allowed
    if unknown:
        raise AssessmentError("bad_field", _("Không sửa được trường: %(fields)s.")
                              % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        fw = Framework.objects.select_for_update().get(pk=fw.pk)
        framework_check_unlocked(fw)
        items = _items_of(fw)
        for it in items:
            if it["code"] == c.code:
                for k, v in fields.items():
                    it["evidence" if k == "evidence_required" else k] = v
        nodes = [_node_from_row({**it, "_row": 0})[0] for it in items]
        errors, _info = scoring.validate_tree(nodes)
        if errors:
            raise AssessmentError("invalid_framework", errors[0].message, [e.message for e in errors])
        node = next(n for n in nodes if n.code == c.code)
        for k, v in fields.items():
            setattr(c, k, v)
        if "max_points" in fields:
            c.max_points = scoring.dec(fields["max_points"])
        if c.is_leaf:
            c.rule_type, c.params = node.rule_type, node.params or {}
        with audit.actor(user):
            c.save()
    return c


def framework_set_lock(fw: Framework, *, user, locked: bool, reason: str = "") -> Framework:
    """Lock (office) or reopen (office, with a reason; audited) a framework."""
    access.require_office(user)
    if not locked and not (reason or "").strip():
        raise AssessmentError("reason_required", _("Mở khóa bộ tiêu chí phải ghi rõ lý do."))
    fw.locked = locked
    fw.locked_at = timezone.now() if locked else None
    with audit.actor(user):
        fw.save(update_fields=["locked", "locked_at"])
        if not locked:
            audit.record(fw, {"mở khóa": ["", reason.strip()]})
    return fw


def framework_load_file(name_or_path: str, *, year: int, user=None, unit_kind: str | None = None) -> Framework:
    """A framework from a JSON data file shipped in ``cchc/assessment/data`` (demo per unit kind, the national
    skeleton) or any path."""
    path = Path(name_or_path)
    if not path.exists():
        path = DATA_DIR / name_or_path
    data = json.loads(path.read_text(encoding="utf-8"))
    return framework_create(data["criteria"], year=year, unit_kind=unit_kind or data["unit_kind"],
                            title=data.get("title", ""), user=user, source=data.get("source", ""),
                            bands=data.get("bands"))


def framework_load_demo(year: int, user=None) -> list[Framework]:
    """One demo framework per unit kind for ``year`` (skipped where that year and kind already has one)."""
    out = []
    for kind, name in DEMO_FILES.items():
        fw = Framework.objects.filter(year=year, unit_kind=kind).order_by("-version").first()
        out.append(fw or framework_load_file(name, year=year, user=user))
    return out


# ============================================================================ rounds and prefill

def units_for(unit_kind: str, year: int):
    """The units a framework of ``unit_kind`` scores in ``year``: that kind, in the home province, in existence
    at some time during the year."""
    from cchc.org.selectors import home_q

    return (OrgUnit.objects.filter(kind__in=ORG_KINDS[IndexKind(unit_kind)])
            .filter(home_q())
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
            .order_by("path"))


@transaction.atomic
def round_open(fw: Framework, *, deadline, user, units=None, prefill_now: bool = True) -> Round:
    """The office opens the year's self-assessment: the framework is locked, every unit of its kind gets a
    self-assessment with one score line per scored criterion, and the lines bound to a measure are prefilled."""
    access.require_office(user)
    if Round.objects.filter(framework=fw).exists():
        raise AssessmentError("round_exists", _("Bộ tiêu chí “%(title)s” đã có đợt đánh giá.") % {"title": fw.title})
    if Round.objects.filter(framework__year=fw.year, framework__unit_kind=fw.unit_kind).exists():
        raise AssessmentError("round_exists", _("Năm %(year)s đã có đợt đánh giá cho %(kind)s.")
                              % {"year": fw.year, "kind": fw.get_unit_kind_display()})
    with audit.actor(user):
        if not fw.locked:
            framework_set_lock(fw, user=user, locked=True)
        rnd = Round.objects.create(framework=fw, deadline=deadline, opened_by=user)
        units = list(units if units is not None else units_for(fw.unit_kind, fw.year))
        SelfAssessment.objects.bulk_create([SelfAssessment(round=rnd, unit=u) for u in units])
        sas = list(SelfAssessment.objects.filter(round=rnd))
        leaves = list(fw.criteria.filter(is_leaf=True))
        Score.objects.bulk_create([Score(assessment=sa, criterion=c) for sa in sas for c in leaves],
                                  batch_size=2000)
        audit.record(rnd, {"đơn vị": ["", str(len(sas))], "tiêu chí": ["", str(len(leaves))]})
    if prefill_now:
        round_prefill(rnd, user=user)
    from cchc.assessment import notifications

    notifications.round_opened(rnd)
    return rnd


def round_set_deadline(rnd: Round, *, deadline, user) -> Round:
    """The office moves the deadline of an open round (a later one lets the units that had not sent, send); the
    change is audited and the units still to send are told."""
    access.require_office(user)
    if rnd.closed:
        raise AssessmentError("round_closed", _("Đợt đánh giá đã đóng: không đổi được hạn gửi."))
    if deadline <= timezone.now():
        raise AssessmentError("bad_deadline", _("Hạn gửi mới phải sau thời điểm hiện tại."))
    with audit.actor(user):
        rnd.deadline = deadline
        rnd.save(update_fields=["deadline"])
    from cchc.assessment import notifications

    notifications.deadline_moved(rnd)
    return rnd


def round_prefill(rnd: Round, *, user=None, assessments=None) -> int:
    """Fill each criterion bound to a measure with the value, formula, underlying rows and the points its rule
    gives, for every unit at once (one computation per measure, not per unit). The unit's own score starts at
    the prefilled points when it has none yet. Only editable (draft / returned) assessments change.
    Returns the number of score lines updated."""
    fw = rnd.framework
    sas = list(assessments if assessments is not None else
               rnd.assessments.filter(review_state__in=review.EDITABLE_STATES).select_related("unit"))
    if not sas:
        return 0
    bound = [c for c in fw.criteria.filter(is_leaf=True).exclude(measure="")]
    if not bound:
        return 0
    units = [sa.unit for sa in sas]
    values = {key: measures.compute(key, units, fw.year) for key in sorted({c.measure for c in bound})}
    sa_by_id = {sa.pk: sa for sa in sas}
    crit_by_id = {c.pk: c for c in bound}
    changed = []
    for sc in Score.objects.filter(assessment__in=list(sa_by_id), criterion__in=list(crit_by_id)):
        c = crit_by_id[sc.criterion_id]
        mv = values[c.measure].get(sa_by_id[sc.assessment_id].unit_id)
        if mv is None or mv.value is None:
            sc.prefill, sc.prefill_points = {"measure": c.measure, "formula": "Chưa có số liệu", "rows": []}, None
        else:
            try:
                points = scoring.apply_rule(c.rule_type or scoring.MANUAL, c.params, c.max_points, mv.value)
            except scoring.ScoringError as exc:
                sc.prefill = {"measure": c.measure, **mv.as_json(), "error": exc.message}
                sc.prefill_points = None
            else:
                sc.prefill = {"measure": c.measure, **mv.as_json()}
                sc.prefill_points = points.quantize(Decimal("0.001"))
                if sc.self_points is None:
                    sc.self_points = sc.prefill_points
        changed.append(sc)
    now = timezone.now()
    with transaction.atomic():
        _update_rows(Score, changed, ["prefill", "prefill_points", "self_points"])
        SelfAssessment.objects.filter(pk__in=list(sa_by_id)).update(prefilled_at=now)
        with audit.actor(user):
            audit.record(rnd, {"điền số liệu tự động": ["", f"{len(changed)} dòng, {len(sas)} đơn vị"]})
    return len(changed)


def _update_rows(model, objs, fields: list[str]) -> None:
    """UPDATE … WHERE id = %s for many rows in one executemany (Django's bulk_update builds a CASE expression per
    row and field: 12 s for 3 300 lines here, this takes well under a second). Values go through each field's own
    database preparation, as a save would."""
    from django.db import connection

    if not objs:
        return
    meta = model._meta
    cols = [meta.get_field(f) for f in fields]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(meta.db_table)} SET " + ", ".join(f"{qn(c.column)} = %s" for c in cols)
           + f" WHERE {qn(meta.pk.column)} = %s")
    params = [[c.get_db_prep_save(getattr(o, c.attname), connection) for c in cols] + [o.pk] for o in objs]
    with connection.cursor() as cur:
        cur.executemany(sql, params)


def _check_round_open(sa: SelfAssessment, user) -> None:
    rnd = sa.round
    if rnd.closed:
        raise AssessmentError("round_closed", _("Đợt đánh giá đã đóng: không sửa được."))
    if timezone.now() > rnd.deadline and not access.edits_all(user):
        from cchc.core.vndates import format_date_short

        raise AssessmentError("past_deadline", _("Đã quá hạn gửi tự đánh giá (%(deadline)s).")
                              % {"deadline": format_date_short(rnd.deadline)})


def assessment_write_refusal(sa: SelfAssessment, user) -> str | None:
    """Why the unit's own score lines and its submission cannot be written now (round closed or published, past
    the deadline) as the refusal :func:`score_save` would give; None when they can. Pages hide the forms then."""
    try:
        _check_round_open(sa, user)
    except AssessmentError as exc:
        return exc.message
    return None


def score_save(score: Score, *, user, points=None, explanation: str | None = None, evidence_text: str | None = None,
               not_applicable: bool | None = None, expected_version: int | None = None) -> Score:
    """The unit's own score for one criterion. Refused: another unit's line, a sent assessment, a closed round or
    past deadline, points outside [0, max], an edit made on a stale version (compare-and-set)."""
    sa = score.assessment
    access.require_edit(user, sa.unit)
    review.check_editable(sa.review_state)
    _check_round_open(sa, user)
    c = score.criterion
    if points not in (None, ""):
        score.self_points = _checked_points(points, c)
    elif points == "":
        score.self_points = None
    if explanation is not None:
        score.explanation = nfc(explanation).strip()
    if evidence_text is not None:
        score.evidence_text = nfc(evidence_text).strip()
    if not_applicable is not None:
        score.not_applicable = bool(not_applicable)
    expected = score.version if expected_version is None else int(expected_version)
    with transaction.atomic():
        updated = Score.objects.filter(pk=score.pk, version=expected).update(version=expected + 1)
        if not updated:
            current = Score.objects.filter(pk=score.pk).values_list("version", flat=True).first() or 0
            raise review.VersionConflict(expected, int(current))
        score.version = expected + 1
        score.updated_by = user
        with audit.actor(user):
            score.save()
    return score


def evidence_add(score: Score, *, user, name: str, data: bytes) -> ScoreEvidence:
    """An evidence file for one criterion: PDF, Word, Excel or image checked by content, at most
    ``CCHC_EVIDENCE_MAX_MB`` (10 MB by default)."""
    from cchc.plans.services.reporting import evidence_checked

    sa = score.assessment
    access.require_edit(user, sa.unit)
    review.check_editable(sa.review_state)
    _check_round_open(sa, user)
    base, kind = evidence_checked(name, data, AssessmentError)
    ev = ScoreEvidence(score=score, name=base, kind=kind, size=len(data), uploaded_by=user)
    ev.file.save(base, ContentFile(data), save=False)
    with audit.actor(user):
        ev.save()
    return ev


def self_assessment_transition(sa: SelfAssessment, *, user, action: str, comment: str = "",
               expected_version: int | None = None) -> SelfAssessment:
    """submit (the unit; to its leader first when the leader step applies), approve / return (leader),
    accept / return / reopen (office). A submission needs a score or "not applicable" on every criterion; nothing
    moves on a closed (published) round."""

    if not access.can_view_unit(user, sa.unit):
        raise PermissionDenied(_("Bạn không có quyền với báo cáo của đơn vị này."))
    if sa.round.closed:  # published: no state changes until the office withdraws the publication
        raise AssessmentError("round_closed", _("Đợt đánh giá đã đóng: không sửa được."))
    if action == review.SUBMIT:
        _check_round_open(sa, user)
        missing = list(sa.scores.filter(self_points__isnull=True, not_applicable=False)
                       .exclude(criterion__survey=True).order_by("criterion__order")
                       .values_list("criterion__code", flat=True)[:10])
        if missing:
            raise AssessmentError("incomplete", _("Chưa chấm điểm các tiêu chí: %(codes)s (ghi điểm hoặc đánh dấu "
                                                "không áp dụng).") % {"codes": ", ".join(missing)})
    target = review_apply(sa, action, user=user, can_edit=access.can_edit_unit(user, sa.unit),
                          can_review=access.edits_all(user), can_lead=access.can_lead_unit(user, sa.unit),
                          leader_step=(action == review.SUBMIT and access.leader_step_needed(user, sa.unit)),
                          comment=comment, expected_version=expected_version)
    if target == review.RETURNED:
        from cchc.assessment import notifications

        notifications.returned(sa, comment)
    return sa


def score_appraise(score: Score, *, user, points, note: str = "") -> Score:
    """The appraised score of one criterion (office / appraisal council); a difference needs a reason."""
    if not (access.edits_all(user) or access.has_role(user, access.APPRAISER)):
        raise PermissionDenied(_("Chỉ Hội đồng thẩm định hoặc Phòng CCHC mới chấm điểm thẩm định."))
    if score.assessment.round.closed:
        raise AssessmentError("round_closed", _("Đợt đánh giá đã đóng: không sửa được."))
    c = score.criterion
    value = _checked_points(points, c)
    if score.self_points is not None and value != score.self_points and not (note or "").strip():
        raise AssessmentError("reason_required", _("Tiêu chí %(code)s: điểm thẩm định khác điểm tự đánh giá, phải ghi "
                                                   "rõ lý do.") % {"code": c.code})
    score.appraised_points, score.appraisal_note = value, nfc(note or "").strip()
    with audit.actor(user):
        score.save(update_fields=["appraised_points", "appraisal_note", "updated_at"])
    return score


def survey_points_set(rnd: Round, points: dict[tuple[int, str], object], *, user) -> int:
    """Survey points by (unit id, criterion code); each within [0, max] of a survey-scored criterion."""
    access.require_office(user)
    crits = {c.code: c for c in rnd.framework.criteria.filter(is_leaf=True, survey=True)}
    scores = {(s.assessment.unit_id, s.criterion.code): s for s in
              Score.objects.filter(assessment__round=rnd, criterion__survey=True)
              .select_related("assessment", "criterion")}
    changed = []
    for (unit_id, code), value in points.items():
        if code not in crits:
            raise AssessmentError("not_survey", _("Tiêu chí %(code)s không chấm bằng điều tra xã hội học.")
                                  % {"code": code})
        s = scores.get((unit_id, code))
        if s is None:
            raise AssessmentError("no_assessment", _("Đơn vị #%(id)s không có trong đợt đánh giá.") % {"id": unit_id})
        s.survey_points = _checked_points(value, crits[code])
        changed.append(s)
    with transaction.atomic():
        Score.objects.bulk_update(changed, ["survey_points"])
        with audit.actor(user):
            audit.record(rnd, {"điểm điều tra xã hội học": ["", f"{len(changed)} dòng"]})
    return len(changed)


PUBLISH_NAMES_SHOWN = 5


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:PUBLISH_NAMES_SHOWN])
    return shown + ("…" if len(names) > PUBLISH_NAMES_SHOWN else "")


def round_publish_problems(rnd: Round) -> list[str]:
    """Why the round's ranking cannot be published yet (empty when it can): a ranking is published only once the
    appraisal is finished — every unit has sent its self-assessment (none left in draft, returned or waiting for
    its leader) and the appraisal is final: the council's chair has locked the scores or, in a round without a
    council, every scored line has its appraised score. Vietnamese, one line per problem, naming the units."""
    problems = []
    sas = list(rnd.assessments.select_related("unit").order_by("unit__path"))
    if not sas:
        return [_("đợt đánh giá không có đơn vị nào")]
    unsent = [sa.unit.name for sa in sas if sa.review_state not in review.RECEIVED_STATES]  # as the ranking
    if unsent:
        problems.append(_("%(count)s/%(total)s đơn vị chưa gửi báo cáo tự đánh giá (còn ở trạng thái Nháp, Bị trả lại "
                          "hoặc Chờ lãnh đạo duyệt): %(units)s")
                        % {"count": len(unsent), "total": len(sas), "units": _names(unsent)})
    council = Council.objects.filter(round=rnd).first()
    if council is not None:
        if council.locked_at is None:
            problems.append(_("Hội đồng thẩm định chưa chốt điểm thẩm định"))
    else:
        from cchc.assessment.selectors import scores_awaiting_appraisal

        pending = (scores_awaiting_appraisal().filter(assessment__round=rnd,
                                                      assessment__review_state__in=review.RECEIVED_STATES)
                   .values_list("assessment__unit__name", flat=True).order_by("assessment__unit__path"))
        counts: dict[str, int] = {}
        for name in pending:
            counts[name] = counts.get(name, 0) + 1
        if counts:
            problems.append(_("chưa thẩm định xong: %(count)s đơn vị còn tiêu chí chưa có điểm thẩm định: %(units)s "
                              "(chấm điểm thẩm định, hoặc lập Hội đồng thẩm định và chốt điểm)")
                            % {"count": len(counts),
                               "units": _names([_("%(unit)s (%(n)s tiêu chí)") % {"unit": u, "n": n}
                                                for u, n in counts.items()])})
    return problems


def round_publish(rnd: Round, *, user, decision: str = "", confirmed: bool = False) -> Round:
    """The office publishes a round's results: the ranking is frozen as published (the public page reads this
    snapshot, later edits do not change it); the round closes. Audited.

    Refused (nothing written) while the appraisal is not finished (:func:`round_publish_problems`), without the
    decision approving the results (số, ngày quyết định) or without the office's explicit confirmation."""
    from cchc.assessment import selectors

    access.require_office(user)
    if rnd.published_at:
        raise AssessmentError("already_published", _("Kết quả đợt đánh giá này đã được công bố."))
    decision = clean_spaces(decision or "")
    problems = round_publish_problems(rnd)
    if not decision:
        problems.append(_("chưa ghi số, ngày quyết định phê duyệt kết quả (ví dụ: Quyết định số 141/QĐ-UBND ngày "
                          "14/01/2025)"))
    if problems:
        raise AssessmentError("not_ready", _("Chưa công bố được kết quả: %(problems)s.")
                              % {"problems": "; ".join(problems)})
    if not confirmed:
        raise AssessmentError("confirm_required", _("Hãy đánh dấu xác nhận công bố kết quả của %(count)s đơn vị "
                                                    "(trang công khai, ai cũng xem được).")
                              % {"count": rnd.assessments.count()})
    rows = selectors.result_rows(rnd, with_previous=True)
    rnd.published_results = rows
    rnd.published_at, rnd.published_by = timezone.now(), user
    rnd.decision = decision[:255]
    rnd.closed = True
    with audit.actor(user):
        rnd.save(update_fields=["published_results", "published_at", "published_by", "decision", "closed"])
    return rnd


def round_unpublish(rnd: Round, *, user, reason: str) -> Round:
    """Withdraw a publication (office, with a reason; audited). The round reopens for corrections."""
    access.require_office(user)
    if not (reason or "").strip():
        raise AssessmentError("reason_required", _("Rút lại kết quả đã công bố phải ghi rõ lý do."))
    rnd.published_results, rnd.published_at, rnd.published_by, rnd.closed = [], None, None, False
    with audit.actor(user):
        rnd.save(update_fields=["published_results", "published_at", "published_by", "closed"])
        audit.record(rnd, {"rút lại công bố": ["", reason.strip()]})
    return rnd


# ============================================================================ appraisal council

@transaction.atomic
def council_form(rnd: Round, *, chair, members, user) -> Council:
    """The office forms the round's council from the people of the province's units (the picker's
    ``org.selectors.people_of_home_units``: not the administrator's account, an inactive one or another
    province's); the chair is always a member."""
    from cchc.org.selectors import people_outside_home_units

    access.require_office(user)
    if hasattr(rnd, "council"):
        raise AssessmentError("council_exists", _("Đợt đánh giá này đã có Hội đồng thẩm định."))
    outside = people_outside_home_units([chair, *members])
    if outside:
        raise AssessmentError("not_a_member", _("Không đưa được vào Hội đồng thẩm định (tài khoản không hoạt động "
                                                "hoặc không thuộc đơn vị nào của tỉnh): %(names)s.")
                              % {"names": ", ".join(outside)})
    with audit.actor(user):
        council = Council.objects.create(round=rnd, chair=chair, created_by=user)
        for u in {chair.pk: chair, **{m.pk: m for m in members}}.values():
            CouncilMember.objects.create(council=council, user=u)
    return council


def criteria_assign(council: Council, *, member_user, codes, user) -> CouncilMember:
    """Give a member the criteria (leaf codes) they appraise; replaces the member's previous assignment."""
    access.require_office(user)
    if council.locked_at:
        raise AssessmentError("council_locked", _("Hội đồng đã chốt điểm: không giao lại tiêu chí được."))
    member = CouncilMember.objects.filter(council=council, user=member_user).first()
    if member is None:
        raise AssessmentError("not_member", _("%(user)s không phải thành viên Hội đồng thẩm định.")
                              % {"user": member_user})
    codes = [c.strip() for c in codes if c and c.strip()]
    crits = list(Criterion.objects.filter(framework=council.round.framework_id, is_leaf=True, code__in=codes))
    unknown = sorted(set(codes) - {c.code for c in crits})
    if unknown:
        raise AssessmentError("unknown_criteria", _("Không có tiêu chí: %(codes)s.")
                              % {"codes": ", ".join(unknown)})
    with audit.actor(user):
        member.criteria.set(crits)
    return member


def member_for(user, council: Council) -> CouncilMember | None:
    return CouncilMember.objects.filter(council=council, user=user).first() if user.is_authenticated else None


def member_score(score: Score, *, user, points, reason: str = "") -> MemberScore:
    """A council member re-scores one unit's criterion assigned to them; a score that differs from the unit's
    own needs a reason. Refused once the chair has locked the council or the round is closed."""
    rnd = score.assessment.round
    council = getattr(rnd, "council", None)
    if council is None:
        raise AssessmentError("no_council", _("Đợt đánh giá chưa có Hội đồng thẩm định."))
    member = member_for(user, council)
    if member is None or not member.criteria.filter(pk=score.criterion_id).exists():
        raise PermissionDenied(_("Tiêu chí này không được giao cho bạn thẩm định."))
    if council.locked_at or rnd.closed:
        raise AssessmentError("council_locked", _("Hội đồng đã chốt điểm: không sửa được."))
    c = score.criterion
    value = _checked_points(points, c)
    reason = nfc(reason or "").strip()
    if score.self_points is not None and value != score.self_points and not reason:
        raise AssessmentError("reason_required", _("Tiêu chí %(code)s: điểm thẩm định khác điểm tự đánh giá, phải ghi "
                                                   "rõ lý do.") % {"code": c.code})
    with audit.actor(user):
        ms, _created = MemberScore.objects.update_or_create(score=score, member=member,
                                                            defaults={"points": value, "reason": reason})
    return ms


def council_lock(council: Council, *, user) -> int:
    """The chair locks the final scores: where members agree their score becomes the appraised score (reasons
    kept); where they differ the chair's own score decides; a conflict the chair has not scored is refused
    (listed). Returns the number of appraised lines."""
    from cchc.assessment import selectors

    if user.pk != council.chair_id:
        raise PermissionDenied(_("Chỉ Chủ tịch Hội đồng thẩm định được chốt điểm."))
    if council.locked_at:
        raise AssessmentError("council_locked", _("Hội đồng đã chốt điểm."))
    lines = selectors.council_lines(council)
    open_conflicts = [f"{ln['unit']} – {ln['code']}" for ln in lines if ln["conflict"] and ln["chair"] is None]
    if open_conflicts:
        raise AssessmentError("conflicts", _("Còn ý kiến khác nhau chưa được Chủ tịch quyết định: %(lines)s.")
                              % {"lines": "; ".join(open_conflicts[:10])})
    changed = []
    for ln in lines:
        s = ln["score"]
        final = ln["chair"] if ln["chair"] is not None else ln["values"][0]
        s.appraised_points = final
        s.appraisal_note = "; ".join(r for r in ln["reasons"] if r)[:2000]
        changed.append(s)
    with transaction.atomic(), audit.actor(user):
        _update_rows(Score, changed, ["appraised_points", "appraisal_note"])
        council.locked_at = timezone.now()
        council.save(update_fields=["locked_at"])
        audit.record(council.round, {"chốt điểm thẩm định": ["", f"{len(changed)} dòng"]})
    return len(changed)


# ============================================================================ objections

def objection_window_set(rnd: Round, *, until, user) -> Round:
    """The office opens (or closes, ``until=None``) the window in which units may object to appraised scores."""
    access.require_office(user)
    rnd.objections_until = until
    with audit.actor(user):
        rnd.save(update_fields=["objections_until"])
    return rnd


def objection_file(score: Score, *, user, text: str) -> Objection:
    """A unit objects to the appraised score of one criterion: once per criterion, inside the window."""
    sa = score.assessment
    access.require_edit(user, sa.unit)
    rnd = sa.round
    if rnd.objections_until is None or timezone.now() > rnd.objections_until:
        raise AssessmentError("window_closed", _("Không trong thời hạn gửi kiến nghị về điểm thẩm định."))
    if score.appraised_points is None:
        raise AssessmentError("not_appraised", _("Tiêu chí %(code)s chưa có điểm thẩm định.")
                              % {"code": score.criterion.code})
    text = nfc(text or "").strip()
    if not text:
        raise AssessmentError("text_required", _("Hãy ghi nội dung kiến nghị."))
    if Objection.objects.filter(score=score).exists():
        raise AssessmentError("already_filed", _("Đơn vị đã gửi kiến nghị về tiêu chí %(code)s (mỗi tiêu chí một "
                                                 "lần).") % {"code": score.criterion.code})
    with audit.actor(user):
        return Objection.objects.create(score=score, text=text, filed_by=user, points_before=score.appraised_points)


def objection_answer(obj: Objection, *, user, answer: str, points=None) -> Objection:
    """The office answers; with ``points`` the appraised score changes (within [0, max]). Audited."""
    access.require_office(user)
    answer = nfc(answer or "").strip()
    if not answer:
        raise AssessmentError("answer_required", _("Hãy ghi nội dung trả lời kiến nghị."))
    s = obj.score
    with transaction.atomic(), audit.actor(user):
        if points not in (None, ""):
            s.appraised_points = _checked_points(points, s.criterion)
            s.appraisal_note = (s.appraisal_note + "\n" if s.appraisal_note else "") + f"Sau kiến nghị: {answer}"
            s.save(update_fields=["appraised_points", "appraisal_note", "updated_at"])
            obj.points_after = s.appraised_points
        obj.answer, obj.answered_by, obj.answered_at = answer, user, timezone.now()
        obj.save()
    return obj


# ============================================================================ lost points → next year's plan

AREA_BY_ROOT = {"1": "direction", "2": "institutions", "3": "procedures", "4": "organisation", "5": "civil_service",
                "6": "public_finance", "7": "digital"}


def lost_point_task(rnd: Round, *, code: str, plan, lead, user, deadline: str = "") -> object:
    """Turn a lost-point finding into a task of a (next year's) plan with its lead unit: "Khắc phục tiêu chí …"
    with the points lost and the units concerned in its note. Idempotent per round, criterion and lead unit."""
    from cchc.assessment import selectors
    from cchc.plans.services import task_add

    access.require_office(user)
    finding = next((d for d in selectors.lost_points(rnd, top=None) if d["code"] == code), None)
    if finding is None:
        raise AssessmentError("no_finding", _("Tiêu chí %(code)s không có đơn vị nào bị mất điểm.") % {"code": code})
    from cchc.assessment.scoring import fmt

    fw = rnd.framework
    title = f"Khắc phục tồn tại tiêu chí {code} “{finding['title'][:300]}” (Chỉ số CCHC năm {fw.year})"
    note = (f"Năm {fw.year} mất {fmt(finding['lost'])} điểm ở {finding['units']} đơn vị"
            + (": " + "; ".join(finding["losers"]) if finding["losers"] else "") + ".")
    return task_add(plan=plan, user=user, title=title, lead=lead, deadline=deadline,
                    area=AREA_BY_ROOT.get(code.split(".")[0], ""), note=note, key=f"index|{rnd.pk}|{code}|{lead.pk}",
                    section_title=f"Khắc phục tiêu chí bị mất điểm Chỉ số CCHC năm {fw.year}")


# ============================================================================ survey points from a sheet

SURVEY_COLUMNS = {"unit_code": ["Mã đơn vị"], "unit": ["Đơn vị", "Tên đơn vị"], "code": ["Tiêu chí", "STT", "Mã tiêu chí"],
                  "points": ["Điểm", "Điểm điều tra", "Điểm ĐTXHH"], "percent": ["Tỷ lệ (%)", "Tỷ lệ", "Tỷ lệ hài lòng (%)"]}


SURVEY_MEASURES = {"citizen": "surveys.citizen_satisfaction_pct", "staff": "surveys.staff_survey_pct"}


def survey_points_from_surveys(rnd: Round, *, user) -> dict:
    """Fill the survey part of the index from the platform's own surveys: each survey-scored criterion bound to a
    measure (``Criterion.measure``; unbound ones are matched by their title — "hài lòng … người dân" to the citizen
    survey, "cán bộ, công chức" to the staff survey) gets, for every unit whose survey met the sample rule, its
    percentage × max / 100. Units without enough forms are listed, left as they were. Returns
    {"set": n, "missing": [(unit name, code)]}."""
    from cchc.assessment import measures

    access.require_office(user)
    crits = list(rnd.framework.criteria.filter(is_leaf=True, survey=True))
    units = [sa.unit for sa in rnd.assessments.select_related("unit")]
    points, missing = {}, []
    for c in crits:
        key = c.measure or ""
        if not key:
            title = fold_key(c.title)
            key = SURVEY_MEASURES["citizen"] if "nguoi dan" in title else (
                SURVEY_MEASURES["staff"] if "can bo" in title or "cong chuc" in title else "")
        if not key:
            continue
        values = measures.compute(key, units, rnd.framework.year)
        for u in units:
            v = values.get(u.pk)
            if v is None:
                missing.append((u.name, c.code))
                continue
            points[(u.pk, c.code)] = scoring.apply_rule(scoring.SURVEY, {"scale": "percent"}, c.max_points, v.value)
    n = survey_points_set(rnd, points, user=user) if points else 0
    return {"set": n, "missing": missing}


def survey_points_import_xlsx(rnd: Round, data: bytes, *, filename: str | None = None, user) -> int:
    """Survey points per unit and survey-scored criterion from a sheet: Mã đơn vị (or Đơn vị) | Tiêu chí | Điểm
    (or Tỷ lệ (%), turned into points by the criterion's rule). All or nothing; errors name the row and column."""
    from cchc.core.excel import read_xlsx

    filename = filename or _("điều tra.xlsx")

    access.require_office(user)
    rows, errors = read_xlsx(data, columns=SURVEY_COLUMNS, required={"code"})
    msgs = [f"{filename}: {e}" for e in errors]
    if not msgs:
        units = {u.code: u for u in [sa.unit for sa in rnd.assessments.select_related("unit")]}
        by_name = {fold_key(u.name): u for u in units.values()}
        crits = {c.code: c for c in rnd.framework.criteria.filter(is_leaf=True, survey=True)}
        points: dict[tuple[int, str], object] = {}
        for r in rows:
            row = r["_row"]
            u = units.get(str(r.get("unit_code") or "").strip()) or by_name.get(fold_key(str(r.get("unit") or "")))
            if u is None:
                msgs.append(_("%(file)s: Dòng %(row)s, cột Mã đơn vị/Đơn vị: không có đơn vị “%(unit)s” trong đợt "
                              "đánh giá.") % {"file": filename, "row": row,
                                              "unit": r.get("unit_code") or r.get("unit") or ""})
                continue
            code = str(r.get("code") or "").strip().rstrip(".")
            c = crits.get(code)
            if c is None:
                msgs.append(_("%(file)s: Dòng %(row)s, cột Tiêu chí: “%(code)s” không phải tiêu chí chấm bằng điều "
                              "tra xã hội học (có: %(known)s).")
                            % {"file": filename, "row": row, "code": code, "known": ", ".join(sorted(crits))})
                continue
            try:
                if r.get("points") not in (None, ""):
                    value = scoring.check_points(r["points"], c.max_points, code=code)
                elif r.get("percent") not in (None, ""):
                    value = scoring.apply_rule(scoring.SURVEY, {"scale": "percent"}, c.max_points, r["percent"])
                else:
                    msgs.append(_("%(file)s: Dòng %(row)s, cột Điểm: thiếu điểm hoặc tỷ lệ.")
                                % {"file": filename, "row": row})
                    continue
            except scoring.ScoringError as exc:
                msgs.append(_("%(file)s: Dòng %(row)s, cột Điểm: %(error)s")
                            % {"file": filename, "row": row, "error": exc.message})
                continue
            if (u.pk, code) in points:
                msgs.append(_("%(file)s: Dòng %(row)s: %(unit)s, tiêu chí %(code)s đã có ở dòng trên.")
                            % {"file": filename, "row": row, "unit": u.name, "code": code})
                continue
            points[(u.pk, code)] = value
    if msgs:
        raise AssessmentError("invalid_file", _("%(file)s: có %(count)s lỗi, chưa ghi dữ liệu nào.")
                              % {"file": filename, "count": len(msgs)}, msgs)
    return survey_points_set(rnd, points, user=user)
