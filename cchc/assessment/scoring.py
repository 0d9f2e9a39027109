"""Scoring of the yearly CCHC index (Chỉ số cải cách hành chính) — pure Python, no Django.

* Rule types a criterion may use (:data:`RULE_TYPES`), each with parameters checked by :func:`validate_rule`
  (Vietnamese messages) and applied by :func:`apply_rule`:

  - ``timeliness`` — tiers "on time / late / none" (Cà Mau 1880/2013: on time 1, late 0,5, none 0):
    ``{"on_time": 1, "late": 0.5, "none": 0}``; the value is ``"on_time" | "late" | "none"``.
  - ``bands`` — percentage bands, first band whose lower bound the value reaches
    (Lâm Đồng 2775 PL1 1.1.2: 100 % → 2; 90–<100 % → 1; < 90 % → 0):
    ``{"bands": [{"min": 100, "points": 2}, {"min": 90, "points": 1}, {"min": 0, "points": 0}]}``.
  - ``binary`` — meets / does not meet: ``{"yes": max, "no": 0}`` (both optional; default max / 0).
  - ``linear`` — linear to target (766 style): value ≥ target → max, else value / target × max;
    ``{"target": 95}``, optional ``"floor"`` (below it → 0).
  - ``count`` — count based: ``{"per_item": 0.25}`` (capped at max) or ``{"steps": [{"min": 4, "points": 0.5}, …]}``.
  - ``survey`` — points from the sociological survey (ĐTXHH) only; the value is a percentage (``{"scale":
    "percent"}``, default) or points (``{"scale": "points"}``).
  - ``manual`` — the appraiser types the points; no parameters.

* Framework trees (:func:`validate_tree`): missing max, duplicate codes, a code whose parent is missing, children
  whose maxima do not add up to their parent's, a rule that needs parameters and has none, a rule on a node that
  has children. Every problem is a :class:`TreeError` naming the row (and column when known).

* The index of a unit (:func:`unit_index`): (appraised points + survey points) / the unit's own maximum × 100,
  where the unit's maximum leaves out the criteria that do not apply to it (Lâm Đồng 2025 appraisal report:
  maxima 89, 87, 87,5 … ; communes 99) and, when the survey part is absent, the survey-scored criteria (the
  appraised points are then rescaled to 100, as Hà Nội's local indices do). Bonus points add, penalty points
  subtract; neither counts in the maximum.

* Ranking (:func:`rank`) uses the unrounded index (85,184 before 85,177 even though both print 85,18 %); equal
  values share a rank (1, 2, 2, 4). Classes (:func:`classify`) come from editable bands, by default the real
  Lâm Đồng ones: Tốt ≥ 80 %, Khá 65–< 80 %, Trung bình 50–< 65 %, Kém < 50 %.

Numbers are :class:`~decimal.Decimal` so 0,25 + 0,75 + … sums exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cchc.core.errors import CodedError

TIMELINESS, BANDS, BINARY, LINEAR, COUNT, SURVEY, MANUAL = (
    "timeliness", "bands", "binary", "linear", "count", "survey", "manual")
RULE_TYPES = (TIMELINESS, BANDS, BINARY, LINEAR, COUNT, SURVEY, MANUAL)
RULE_LABELS = {
    TIMELINESS: "Theo thời hạn (đúng hạn / trễ hạn / không thực hiện)",
    BANDS: "Theo khung tỷ lệ %",
    BINARY: "Đạt / không đạt",
    LINEAR: "Tỷ lệ so với chỉ tiêu",
    COUNT: "Theo số lượng",
    SURVEY: "Điều tra xã hội học",
    MANUAL: "Chấm trực tiếp",
}
NEEDS_PARAMS = frozenset({TIMELINESS, BANDS, LINEAR, COUNT})
PARAM_HINTS = {
    TIMELINESS: "late = điểm khi trễ hạn (tùy chọn on_time, none)",
    BANDS: "các mức “ngưỡng %: điểm”, ví dụ 100: 2; 90: 1; 0: 0",
    LINEAR: "target = chỉ tiêu % (tùy chọn floor = ngưỡng sàn)",
    COUNT: "per_item = điểm mỗi đơn vị, hoặc các mức “số lượng: điểm”",
}
TIMELINESS_VALUES = ("on_time", "late", "none")
TIMELINESS_LABELS = {"on_time": "đúng hạn", "late": "trễ hạn", "none": "không thực hiện"}

NORMAL, BONUS, PENALTY = "normal", "bonus", "penalty"

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_TOL = Decimal("0.0001")


class ScoringError(CodedError):
    """A rule, a value or a band table that cannot be used; ``message`` is Vietnamese."""


_PLAIN_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def dec(value, *, what: str = "giá trị") -> Decimal:
    """A Decimal from int/float/Decimal/str; ScoringError when it is not a finite number.

    Strings: the machine form "-12.345" is read as a decimal point (points and percentages never need thousands);
    anything else the Vietnamese way ("14,5", "1.234,5", "85%")."""
    if isinstance(value, bool) or value is None:
        raise ScoringError("not_a_number", f"{what[:1].upper() + what[1:]} phải là một số.")
    if isinstance(value, Decimal):
        out = value
    elif isinstance(value, int):
        out = Decimal(value)
    elif isinstance(value, float):
        out = Decimal(repr(value))
    elif isinstance(value, str) and _PLAIN_RE.match(value.strip()):
        out = Decimal(value.strip())  # machine form (JSON, str(Decimal)): "79.999" is 79,999, not 79 999
    elif isinstance(value, str):
        from cchc.core.vntext import parse_number

        out = parse_number(value)
        if out is None:
            raise ScoringError("not_a_number", f"{what[:1].upper() + what[1:]} “{value[:40]}” không phải là số.")
    else:
        raise ScoringError("not_a_number", f"{what[:1].upper() + what[1:]} phải là một số.")
    try:
        if not out.is_finite():
            raise ScoringError("not_a_number", f"{what[:1].upper() + what[1:]} phải là số hữu hạn.")
    except InvalidOperation as exc:  # pragma: no cover - defensive
        raise ScoringError("not_a_number", f"{what} không phải là số.") from exc
    return out


def fmt(value) -> str:
    """A number the Vietnamese way (0,25; 14,5; 100)."""
    from cchc.core.vntext import format_number

    d = dec(value).normalize()
    return format_number(d.quantize(Decimal(1)) if d == d.to_integral_value() else d)


# --------------------------------------------------------------------------- rules

def _points(params: Mapping, key: str, max_points: Decimal, *, label: str, default=None) -> Decimal:
    if key not in params or params.get(key) in (None, ""):
        if default is None:
            raise ScoringError("missing_param", f"Thiếu tham số “{key}” ({label}).")
        return default
    value = dec(params[key], what=f"tham số “{key}” ({label})")
    if value < 0 or value > max_points:
        raise ScoringError("param_out_of_range",
                           f"Tham số “{key}” ({label}) = {fmt(value)} phải nằm trong khoảng 0 – {fmt(max_points)} "
                           "(điểm tối đa của tiêu chí).")
    return value


def _steps(params: Mapping, key: str, max_points: Decimal, *, unit: str) -> list[tuple[Decimal, Decimal]]:
    raw = params.get(key)
    if not isinstance(raw, (list, tuple)) or not raw:
        raise ScoringError("missing_param", f"Thiếu danh sách “{key}” (các mức {unit} và điểm tương ứng).")
    out: list[tuple[Decimal, Decimal]] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or "min" not in item or "points" not in item:
            raise ScoringError("bad_param", f"Mức thứ {i} của “{key}” phải có “min” (ngưỡng) và “points” (điểm).")
        low = dec(item["min"], what=f"ngưỡng của mức thứ {i}")
        pts = dec(item["points"], what=f"điểm của mức thứ {i}")
        if low < 0:
            raise ScoringError("param_out_of_range", f"Ngưỡng của mức thứ {i} không được âm ({fmt(low)}).")
        if pts < 0 or pts > max_points:
            raise ScoringError("param_out_of_range",
                               f"Điểm của mức thứ {i} ({fmt(pts)}) phải nằm trong khoảng 0 – {fmt(max_points)}.")
        out.append((low, pts))
    lows = [low for low, _ in out]
    if len(set(lows)) != len(lows):
        raise ScoringError("bad_param", f"Hai mức của “{key}” có cùng ngưỡng.")
    out.sort(key=lambda t: t[0], reverse=True)
    return out


def validate_rule(rule_type: str, params: Mapping | None, max_points) -> dict:
    """Check ``params`` for ``rule_type``; returns the normalised parameters (numbers as strings, JSON-safe).

    Raises :class:`ScoringError` with a Vietnamese message (missing parameter, points above the maximum,
    duplicate thresholds, unknown rule)."""
    maxp = dec(max_points, what="điểm tối đa")
    if maxp < 0:
        raise ScoringError("bad_max", "Điểm tối đa không được âm.")
    if rule_type not in RULE_TYPES:
        known = ", ".join(RULE_TYPES)
        raise ScoringError("unknown_rule", f"Cách chấm “{rule_type}” không có (dùng một trong: {known}).")
    params = dict(params or {})
    if rule_type in NEEDS_PARAMS and not params:
        raise ScoringError("missing_params",
                           f"Cách chấm “{RULE_LABELS[rule_type]}” cần tham số nhưng chưa có tham số nào "
                           f"(cần: {PARAM_HINTS[rule_type]}).")
    if rule_type == TIMELINESS:
        on_time = _points(params, "on_time", maxp, label="điểm khi đúng hạn", default=maxp)
        late = _points(params, "late", maxp, label="điểm khi trễ hạn")
        none = _points(params, "none", maxp, label="điểm khi không thực hiện", default=ZERO)
        if not (on_time >= late >= none):
            raise ScoringError("bad_param", "Điểm đúng hạn phải ≥ điểm trễ hạn ≥ điểm không thực hiện.")
        return {"on_time": str(on_time), "late": str(late), "none": str(none)}
    if rule_type == BANDS:
        steps = _steps(params, "bands", maxp, unit="tỷ lệ %")
        if any(low > HUNDRED for low, _ in steps):
            raise ScoringError("param_out_of_range", "Ngưỡng tỷ lệ không được lớn hơn 100 %.")
        return {"bands": [{"min": str(low), "points": str(p)} for low, p in steps]}
    if rule_type == BINARY:
        yes = _points(params, "yes", maxp, label="điểm khi đạt", default=maxp)
        no = _points(params, "no", maxp, label="điểm khi không đạt", default=ZERO)
        return {"yes": str(yes), "no": str(no)}
    if rule_type == LINEAR:
        if params.get("target") in (None, ""):
            raise ScoringError("missing_param", "Thiếu tham số “target” (chỉ tiêu, ví dụ 95 nghĩa là 95 %).")
        target = dec(params["target"], what="chỉ tiêu (target)")
        if target <= 0:
            raise ScoringError("param_out_of_range", "Chỉ tiêu (target) phải lớn hơn 0.")
        out = {"target": str(target)}
        if params.get("floor") not in (None, ""):
            floor = dec(params["floor"], what="ngưỡng sàn (floor)")
            if floor < 0 or floor > target:
                raise ScoringError("param_out_of_range", "Ngưỡng sàn (floor) phải nằm trong khoảng 0 – chỉ tiêu.")
            out["floor"] = str(floor)
        return out
    if rule_type == COUNT:
        if params.get("per_item") not in (None, ""):
            per = dec(params["per_item"], what="điểm mỗi đơn vị đếm (per_item)")
            if per <= 0 or per > maxp:
                raise ScoringError("param_out_of_range",
                                   f"Điểm mỗi đơn vị đếm (per_item) phải lớn hơn 0 và không quá {fmt(maxp)}.")
            return {"per_item": str(per)}
        steps = _steps(params, "steps", maxp, unit="số lượng")
        return {"steps": [{"min": str(low), "points": str(p)} for low, p in steps]}
    if rule_type == SURVEY:
        scale = params.get("scale") or "percent"
        if scale not in ("percent", "points"):
            raise ScoringError("bad_param", "Thang của điểm điều tra (scale) phải là “percent” hoặc “points”.")
        return {"scale": scale}
    return {}


def apply_rule(rule_type: str, params: Mapping | None, max_points, value) -> Decimal:
    """The points a value earns under a rule (never above ``max_points`` nor below 0).

    ``value``: timeliness → "on_time"/"late"/"none"; bands/linear → a percentage; binary → bool; count → a
    number; survey → a percentage (or points with scale=points); manual → the points themselves."""
    maxp = dec(max_points, what="điểm tối đa")
    p = validate_rule(rule_type, params, maxp)
    if rule_type == TIMELINESS:
        if value not in TIMELINESS_VALUES:
            raise ScoringError("bad_value", "Giá trị phải là đúng hạn, trễ hạn hoặc không thực hiện.")
        return Decimal(p[value])
    if rule_type == BINARY:
        return Decimal(p["yes"] if bool(value) else p["no"])
    v = dec(value, what="giá trị")
    if v < 0:
        raise ScoringError("bad_value", f"Giá trị không được âm ({fmt(v)}).")
    if rule_type == BANDS:
        for low, pts in ((Decimal(b["min"]), Decimal(b["points"])) for b in p["bands"]):
            if v >= low:
                return pts
        return ZERO
    if rule_type == LINEAR:
        target = Decimal(p["target"])
        if "floor" in p and v < Decimal(p["floor"]):
            return ZERO
        return maxp if v >= target else v / target * maxp
    if rule_type == COUNT:
        if "per_item" in p:
            return min(maxp, v * Decimal(p["per_item"]))
        for low, pts in ((Decimal(b["min"]), Decimal(b["points"])) for b in p["steps"]):
            if v >= low:
                return pts
        return ZERO
    if rule_type == SURVEY and p["scale"] == "percent":
        if v > HUNDRED:
            raise ScoringError("bad_value", f"Tỷ lệ điều tra {fmt(v)} % lớn hơn 100 %.")
        return v / HUNDRED * maxp
    # survey in points, manual
    check_points(v, maxp)
    return v


def check_points(points, max_points, *, code: str = "") -> Decimal:
    """A score for a criterion: a number in [0, max]; ScoringError otherwise (the message names the criterion)."""
    where = f"Tiêu chí {code}: " if code else ""
    v = dec(points, what=f"{where}điểm")
    maxp = dec(max_points, what="điểm tối đa")
    if v < 0 or v > maxp:
        raise ScoringError("score_out_of_range",
                           f"{where}điểm {fmt(v)} nằm ngoài khoảng 0 – {fmt(maxp)} (điểm tối đa).")
    return v


# --------------------------------------------------------------------------- framework trees

_CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


@dataclass
class Node:
    """One row of a framework: an area (lĩnh vực), a criterion (tiêu chí) or a sub-criterion (TCTP)."""

    code: str
    title: str = ""
    max_points: object = None
    rule_type: str = ""
    params: dict | None = None
    kind: str = NORMAL  # normal / bonus / penalty
    survey: bool = False
    row: int = 0  # the sheet row it came from (0 = not from a sheet)
    parent_code: str | None = None  # None: derived from the code ("1.2.3" → "1.2")

    def parent(self) -> str:
        if self.parent_code is not None:
            return self.parent_code
        return self.code.rpartition(".")[0]


@dataclass(frozen=True)
class TreeError:
    row: int
    column: str  # field name: code / max_points / rule_type / params / title; "" for the whole row
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


COLUMN_LABELS = {"code": "STT", "title": "Lĩnh vực/Tiêu chí", "max_points": "Điểm tối đa",
                 "rule_type": "Cách chấm", "params": "Tham số", "kind": "Loại"}


def _where(node: Node, column: str) -> str:
    label = COLUMN_LABELS.get(column, "")
    if node.row:
        return f"Dòng {node.row}" + (f", cột {label}" if label else "") + f" (mục {node.code})"
    return f"Mục {node.code}" + (f", {label}" if label else "")


def validate_tree(nodes: Iterable[Node], *, expected_total=None) -> tuple[list[TreeError], dict]:
    """Check a framework tree. Returns ``(errors, info)``; ``info`` = {children, leaves, total, max (Decimal by
    code)} when there are no errors.

    The total counts normal (and survey) top-level nodes; bonus/penalty blocks stand outside it. ``expected_total``
    (e.g. 100, or 75 for the results part alone) adds a check of that total."""
    nodes = list(nodes)
    errors: list[TreeError] = []
    by_code: dict[str, Node] = {}
    maxima: dict[str, Decimal] = {}
    for n in nodes:
        n.code = (n.code or "").strip().rstrip(".")
        if not n.code:
            errors.append(TreeError(n.row, "code", "missing_code", _where(n, "code") + ": thiếu số thứ tự (STT)."))
            continue
        if not _CODE_RE.match(n.code):
            errors.append(TreeError(n.row, "code", "bad_code",
                                    _where(n, "code") + f": STT “{n.code}” không hợp lệ (ví dụ 1, 1.2, 1.2.3)."))
            continue
        if n.code in by_code:
            first = by_code[n.code]
            errors.append(TreeError(n.row, "code", "duplicate_code",
                                    _where(n, "code") + f": STT “{n.code}” trùng với dòng {first.row or '?'}."))
            continue
        by_code[n.code] = n
        if n.kind not in (NORMAL, BONUS, PENALTY):
            errors.append(TreeError(n.row, "kind", "bad_kind", _where(n, "kind") + f": loại “{n.kind}” không có."))
        if n.max_points in (None, ""):
            errors.append(TreeError(n.row, "max_points", "missing_max", _where(n, "max_points") + ": thiếu điểm tối đa."))
            continue
        try:
            m = dec(n.max_points, what="điểm tối đa")
        except ScoringError as exc:
            errors.append(TreeError(n.row, "max_points", "bad_max", _where(n, "max_points") + f": {exc.message}"))
            continue
        if m < 0:
            errors.append(TreeError(n.row, "max_points", "bad_max", _where(n, "max_points") + ": điểm tối đa âm."))
            continue
        maxima[n.code] = m

    children: dict[str, list[str]] = {}
    for code, n in by_code.items():
        parent = n.parent()
        if parent:
            if parent not in by_code:
                errors.append(TreeError(n.row, "code", "missing_parent",
                                        _where(n, "code") + f": không có mục cha “{parent}”."))
                continue
            children.setdefault(parent, []).append(code)
            if by_code[parent].kind != NORMAL and n.kind == NORMAL:
                n.kind = by_code[parent].kind  # a bonus/penalty block's children belong to it
            if by_code[parent].survey:
                n.survey = True
    for code, kids in children.items():
        n = by_code[code]
        if n.rule_type:
            errors.append(TreeError(n.row, "rule_type", "rule_on_parent",
                                    _where(n, "rule_type") + ": mục có tiêu chí con không có cách chấm riêng "
                                    "(đặt cách chấm ở các tiêu chí con)."))
        if code in maxima and all(k in maxima for k in kids) and n.kind == NORMAL:
            total = sum((maxima[k] for k in kids), ZERO)
            if abs(total - maxima[code]) > _TOL:
                listed = " + ".join(f"{k} ({fmt(maxima[k])})" for k in kids)
                errors.append(TreeError(n.row, "max_points", "sum_mismatch",
                                        _where(n, "max_points") + f": điểm tối đa {fmt(maxima[code])} khác tổng "
                                        f"điểm các tiêu chí con {fmt(total)} = {listed}."))
    leaves = [c for c in by_code if c not in children]
    for code in leaves:
        n = by_code[code]
        rule = n.rule_type or (SURVEY if n.survey else MANUAL)
        if code not in maxima:
            continue
        try:
            n.params = validate_rule(rule, n.params, maxima[code])
            n.rule_type = rule
        except ScoringError as exc:
            col = "rule_type" if exc.code == "unknown_rule" else "params"
            errors.append(TreeError(n.row, col, exc.code, _where(n, col) + f": {exc.message}"))
        if rule == SURVEY:
            n.survey = True
    roots = [c for c, n in by_code.items() if not n.parent()]
    total = sum((maxima.get(c, ZERO) for c in roots if by_code[c].kind == NORMAL), ZERO)
    if expected_total is not None and not errors:
        want = dec(expected_total, what="tổng điểm")
        if abs(total - want) > _TOL:
            errors.append(TreeError(0, "max_points", "total_mismatch",
                                    f"Tổng điểm tối đa của các lĩnh vực là {fmt(total)}, khác {fmt(want)}."))
    errors.sort(key=lambda e: (e.row, e.column))
    info = {"children": children, "leaves": leaves, "roots": roots, "total": total, "max": maxima}
    return errors, info


# --------------------------------------------------------------------------- index, ranking, classes

@dataclass(frozen=True)
class Leaf:
    """A scored criterion as the index sees it."""

    code: str
    max_points: Decimal
    kind: str = NORMAL
    survey: bool = False


@dataclass
class UnitResult:
    unit: object
    points: Decimal  # appraised (or self) + survey + bonus − penalty
    maximum: Decimal  # the unit's own maximum
    index: Decimal  # unrounded, 0–100 (may pass 100 with bonus points)
    survey_points: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    not_applicable: tuple = ()
    rank: int = 0
    band: str = ""
    extra: dict = field(default_factory=dict)


def unit_index(leaves: Iterable[Leaf], scores: Mapping[str, object], *, not_applicable: Iterable[str] = (),
               survey: Mapping[str, object] | None = None, unit=None) -> UnitResult:
    """(points + survey points) / the unit's own maximum × 100.

    ``scores``: code → points of the non-survey criteria (missing = 0). ``survey``: code → points of the
    survey-scored criteria, or ``None`` when the survey part is absent — then the survey criteria leave the
    maximum too (the appraised points are rescaled). ``not_applicable``: codes of criteria (leaves or whole
    branches given by their leaves) that do not apply to the unit: they leave the maximum and earn nothing.
    A score above a criterion's maximum is refused (ScoringError naming the criterion)."""
    na = set(not_applicable)
    points = survey_pts = bonus = penalty = maximum = ZERO
    for leaf in leaves:
        if leaf.code in na:
            continue
        if leaf.kind == BONUS:
            raw = scores.get(leaf.code)
            bonus += check_points(raw, leaf.max_points, code=leaf.code) if raw not in (None, "") else ZERO
            continue
        if leaf.kind == PENALTY:
            raw = scores.get(leaf.code)
            penalty += check_points(raw, leaf.max_points, code=leaf.code) if raw not in (None, "") else ZERO
            continue
        if leaf.survey:
            if survey is None:
                continue
            raw = survey.get(leaf.code)
            maximum += leaf.max_points
            survey_pts += check_points(raw, leaf.max_points, code=leaf.code) if raw not in (None, "") else ZERO
            continue
        maximum += leaf.max_points
        raw = scores.get(leaf.code)
        points += check_points(raw, leaf.max_points, code=leaf.code) if raw not in (None, "") else ZERO
    total = points + survey_pts + bonus - penalty
    total = max(total, ZERO)
    index = total / maximum * HUNDRED if maximum > 0 else ZERO
    return UnitResult(unit=unit, points=total, maximum=maximum, index=index, survey_points=survey_pts,
                      bonus=bonus, penalty=penalty, not_applicable=tuple(sorted(na)))


DEFAULT_BANDS = (("Tốt", Decimal(80)), ("Khá", Decimal(65)), ("Trung bình", Decimal(50)), ("Kém", ZERO))


def validate_bands(bands: Iterable) -> list[tuple[str, Decimal]]:
    """``[(label, lower bound %), …]`` or ``[{"label":…, "min":…}]`` → sorted high to low; one band must start at 0
    so that every index has a class. ScoringError (Vietnamese) on an empty label, a duplicate bound, a bound
    outside 0–100 or no band at 0."""
    out: list[tuple[str, Decimal]] = []
    for i, b in enumerate(bands or (), start=1):
        label, low = (b.get("label"), b.get("min")) if isinstance(b, Mapping) else b
        label = (label or "").strip()
        if not label:
            raise ScoringError("bad_band", f"Mức xếp loại thứ {i} chưa có tên.")
        low = dec(low, what=f"ngưỡng của mức “{label}”")
        if low < 0 or low > HUNDRED:
            raise ScoringError("bad_band", f"Ngưỡng của mức “{label}” phải nằm trong khoảng 0 – 100 %.")
        out.append((label, low))
    if not out:
        raise ScoringError("bad_band", "Chưa có mức xếp loại nào.")
    lows = [low for _, low in out]
    if len(set(lows)) != len(lows):
        raise ScoringError("bad_band", "Hai mức xếp loại có cùng ngưỡng.")
    labels = [lab for lab, _ in out]
    if len(set(labels)) != len(labels):
        raise ScoringError("bad_band", "Hai mức xếp loại cùng tên.")
    if min(lows) != 0:
        raise ScoringError("bad_band", "Phải có một mức xếp loại bắt đầu từ 0 % (ví dụ “Kém: dưới 50 %”).")
    return sorted(out, key=lambda t: t[1], reverse=True)


def classify(index, bands=DEFAULT_BANDS) -> str:
    """The class of an (unrounded) index under ``bands`` (a lower bound is inclusive: 80 → Tốt)."""
    value = dec(index, what="chỉ số")
    for label, low in validate_bands(bands):
        if value >= low:
            return label
    return ""  # pragma: no cover - validate_bands guarantees a band at 0


def rank(results: Iterable[UnitResult], bands=DEFAULT_BANDS) -> list[UnitResult]:
    """Sort by unrounded index, highest first; equal indices share a rank (1, 2, 2, 4); set each band."""
    checked = validate_bands(bands)
    ordered = sorted(results, key=lambda r: r.index, reverse=True)
    prev, prev_rank = None, 0
    for pos, r in enumerate(ordered, start=1):
        if prev is None or r.index != prev:
            prev_rank = pos
        r.rank = prev_rank
        prev = r.index
        r.band = next(label for label, low in checked if r.index >= low)
    return ordered
