"""Reads for the org app, including the agency resolver."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.core.vntext import fold_key
from cchc.org.catalog import BODY_BY_KEY, NATIONAL_BY_KEY, TWO_TIER_DATE
from cchc.org.models import OrgUnit, Succession, SuccessionKind, UnitAlias, UnitGroup, UnitKind, unit_order
from cchc.org.resolver_text import canonical, match_text, strip_qualifiers

MIN_CONFIDENCE = 0.6
_PROVINCE_PREFIX_RE = re.compile(r"^(uy ban nhan dan |ubnd )?(tinh|thanh pho|tp|thu do)\s+")
_SPLIT_RE = re.compile(r"\s*;\s*|(?:\s+và|\s*,)\s+(?=các\s)|(?:\s+và|\s*,)\s+(?=(?:Sở|Văn phòng|UBND|Ủy ban|Ban|Thanh tra"
                       r"|Bộ|Ngân hàng Nhà nước|Đài|Thông tấn xã)\b)")
# collective parts that add no unit of their own ("X và các cơ quan, đơn vị liên quan" means X)
_CATCH_ALL_GROUPS = ("all_agencies",)


def province_key(name: str) -> str:
    return _PROVINCE_PREFIX_RE.sub("", canonical(name)).strip()


def province_find(name: str | None, on: date | None = None) -> OrgUnit | None:
    """Find a province unit by name ("Hà Tĩnh", "tỉnh Bình Định", "TP Hồ Chí Minh"), preferring one valid on ``on``."""
    if not name:
        return None
    key = province_key(name)
    if not key:
        return None
    provinces = [p for p in OrgUnit.objects.filter(kind=UnitKind.PROVINCE) if province_key(p.name) == key]
    if not provinces:
        return None
    active = [p for p in provinces if p.is_active_on(on)]
    if active:
        return active[0]
    # named province no longer exists on that date: follow its succession
    successors = successors_on(provinces[0], on)
    return successors[0] if successors else provinces[0]


# ---------------------------------------------------------------------------- the installation's province

def home_province_name() -> str:
    return (getattr(settings, "CCHC_PROVINCE", "") or "").strip()


def home_province(on: date | None = None) -> OrgUnit | None:
    """The province unit this installation serves (setting ``CCHC_PROVINCE``) as it stands on ``on`` (today by
    default): a province merged on 1/7/2025 is followed to the new province ("Bình Định" → "Gia Lai"), a province
    named by its new name gives its own predecessor before the merger when that one bore the same name."""
    from django.utils import timezone

    return province_find(home_province_name(), on or timezone.localdate())


def home_province_ids() -> frozenset[int] | None:
    """Ids of every province unit that is or was the home province: the province today, the one the setting
    names, and the provinces merged into it (their plans and units are now the installation's). None when no
    province is set or the province is not loaded (then nothing is filtered)."""
    name = home_province_name()
    if not name:
        return None
    key = province_key(name)
    provinces = [p for p in OrgUnit.objects.filter(kind=UnitKind.PROVINCE).only("id", "name", "valid_from",
                                                                              "valid_to")
                 if province_key(p.name) == key]
    if not provinces:
        return None
    current = home_province()
    ids = {p.pk for p in provinces} | ({current.pk} if current else set())
    ids |= set(Succession.objects.filter(successor_id__in=ids, predecessor__kind=UnitKind.PROVINCE)
               .values_list("predecessor_id", flat=True))
    return frozenset(ids)


_UNSET = frozenset({-1})


def home_q(field: str = "", ids: frozenset[int] | None = _UNSET) -> Q:
    """Q for rows whose unit (FK path ``field``; "" for OrgUnit itself) belongs to the home province, or to no
    province (national bodies); rows without a unit pass too."""
    ids = home_province_ids() if ids is _UNSET else ids
    if ids is None:
        return Q()
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}province_id__in": ids}) | Q(**{f"{prefix}province__isnull": True})


def unit_is_home(unit: OrgUnit | None, ids: frozenset[int] | None = _UNSET) -> bool:
    """The unit belongs to the home province (or to none); ``ids`` from ``home_province_ids`` when at hand."""
    if unit is None:
        return False
    ids = home_province_ids() if ids is _UNSET else ids
    return ids is None or unit.province_id is None or unit.province_id in ids


def home_units(on: date | None = None, *, national: bool = False):
    """Units of the home province valid on ``on`` (all dates when None). What every unit picker uses. The national
    bodies (the Government, the ministries: no province, kind "national") only with ``national`` — where a plan's
    agency is mapped by hand; they are never a unit whose staff, exams, surveys or reports the installation keeps."""
    qs = OrgUnit.objects.filter(home_q()).active_on(on)
    return qs if national else qs.exclude(kind=UnitKind.NATIONAL)


def people_of_home_units():
    """The people who can be put on a team or a council (inspection team, appraisal council): active accounts with
    a membership in a unit of the home province (any role). An account whose only membership has no unit (the
    system administrator) is not one of them. Ordered by name; each carries ``home_memberships`` (its memberships
    in those units, with the unit: one query for all, read by :func:`person_label`)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Prefetch

    from cchc.org.models import Membership

    ids = home_province_ids()
    home = Q() if ids is None else Q(unit__province_id__in=ids) | Q(unit__province__isnull=True)
    in_unit = Q(memberships__unit__isnull=False) & (Q() if ids is None else (
        Q(memberships__unit__province_id__in=ids) | Q(memberships__unit__province__isnull=True)))
    units = Membership.objects.filter(home, unit__isnull=False).select_related("unit").order_by("pk")
    return (get_user_model().objects.filter(in_unit, is_active=True).distinct()
            .prefetch_related(Prefetch("memberships", queryset=units, to_attr="home_memberships"))
            .order_by("last_name", "first_name", "username"))


def person_label(user) -> str:
    """How a picker of people (inspection team, appraisal council) names ``user``: the name and, to tell two
    people of the same name apart, their units' short names ("Nguyễn Văn An — STP"). Reads the
    ``home_memberships`` of :func:`people_of_home_units` (no query); any other user object costs one."""
    name = user.get_full_name() or user.username
    memberships = getattr(user, "home_memberships", None)
    if memberships is None:
        memberships = [m for m in user.memberships.select_related("unit").order_by("pk") if m.unit_id]
    units = list(dict.fromkeys(m.unit.short_name or m.unit.name for m in memberships))
    return f"{name} — {', '.join(units)}" if units else name


def people_outside_home_units(people) -> list[str]:
    """The names (sorted) of those of ``people`` (users or ids) who are not among :func:`people_of_home_units`: an
    inactive account, the administrator's, another province's. Empty when all may be put on a team or council:
    the one check of the services that take the pickers' choices."""
    from django.contrib.auth import get_user_model

    ids = {p if isinstance(p, int) else p.pk for p in people if p is not None}
    outside = ids - set(people_of_home_units().filter(pk__in=ids).values_list("pk", flat=True))
    return sorted(u.get_full_name() or u.username for u in get_user_model().objects.filter(pk__in=outside))


def province_is_home(province: OrgUnit | None) -> bool:
    """A plan's province is the installation's (or was merged into it)."""
    ids = home_province_ids()
    return province is not None and (ids is None or province.pk in ids)


_ISSUER_PROVINCE_RE = re.compile(r"\b(?:tỉnh|thành phố|tp\.?)\s+(.+?)\s*$", re.I)


def province_of_text(text: str | None, on: date | None = None) -> OrgUnit | None:
    """The province named at the end of an issuer ("Sở Nội vụ tỉnh Bình Định" → Bình Định); None if none."""
    m = _ISSUER_PROVINCE_RE.search(text or "")
    return province_find(m.group(1), on) if m else None


def unit_label(unit: OrgUnit, *, with_period: bool = True) -> str:
    """A unit's name for pickers; with the validity period when it is bounded ("Sở Nội vụ tỉnh Khánh Hòa (đến
    30/06/2025)") so two units with the same name are told apart."""
    from cchc.org.models import format_period

    if with_period and (unit.valid_from or unit.valid_to):
        return f"{unit.name} ({format_period(unit.valid_from, unit.valid_to)})"
    return unit.name


def units_labelled(units) -> list[tuple[str, str]]:
    """``[(code, label)]`` where a name shared by several units gets the validity period (and the code when the
    periods are the same too), so every option is unambiguous."""
    units = list(units)
    count: dict[str, int] = {}
    for u in units:
        count[u.name_key] = count.get(u.name_key, 0) + 1
    out, seen = [], set()
    for u in units:
        label = unit_label(u) if count[u.name_key] > 1 else u.name
        if label in seen:
            label = f"{label} — {u.code}"
        seen.add(label)
        out.append((u.code, label))
    return out


def unit_choices(on: date | None = None, *, user=None, exclude_kinds=("commune",), for_edit: bool = False,
                 limit: int | None = None, national: bool = False) -> list[tuple[str, str]]:
    """``[(code, label)]`` for a unit picker: units of the home province valid on ``on`` (today by default),
    scoped to ``user`` when given, sorted by kind then name, labels unambiguous; the national bodies after them
    with ``national`` (see :func:`home_units`)."""
    from django.utils import timezone

    from cchc.org import access

    qs = home_units(on or timezone.localdate(), national=national)
    if exclude_kinds:
        qs = qs.exclude(kind__in=exclude_kinds)
    if user is not None:
        qs = access.scope_units(user, qs, field="", for_edit=for_edit)
    qs = qs.only("code", "name", "name_key", "valid_from", "valid_to").order_by(*unit_order())
    return units_labelled(qs[:limit] if limit else qs)


def successors_on(unit: OrgUnit, on: date | None) -> list[OrgUnit]:
    """Follow successions from ``unit`` to the unit(s) valid on ``on`` (breadth first, cycle safe)."""
    if on is None or unit.is_active_on(on):
        return [unit]
    seen, frontier, result = {unit.pk}, [unit], []
    while frontier:
        nxt = []
        for u in frontier:
            for s in Succession.objects.filter(predecessor=u, date__lte=on).select_related("successor"):
                if s.successor_id in seen:
                    continue
                seen.add(s.successor_id)
                (result if s.successor.is_active_on(on) else nxt).append(s.successor)
        frontier = nxt
    return result


def successors_of_ended(units, on: date) -> dict[int, list[OrgUnit]]:
    """For each of ``units`` that has ended by ``on``: the unit(s) that carry on its work on ``on`` (a merged
    department → the new one; an abolished district → none), in one query for the usual one-step succession
    (:func:`successors_on` follows longer chains)."""
    ended = {u.pk: u for u in units if not u.is_active_on(on) and u.valid_to is not None and u.valid_to < on}
    out: dict[int, list[OrgUnit]] = {pk: [] for pk in ended}
    for s in (Succession.objects.filter(predecessor_id__in=ended, date__lte=on).select_related("successor")
              .order_by("successor__name")):
        out[s.predecessor_id].append(s.successor)
    for pk, successors in out.items():
        if any(not u.is_active_on(on) for u in successors):
            out[pk] = successors_on(ended[pk], on)
    return out


# A unit that ended by one of these passed its records (its open task lines, its reports) to its successor(s). A
# transfer of functions (chuyển giao chức năng) moves work, not the unit: its records stay with it.
HANDOVER_KINDS = (SuccessionKind.MERGE, SuccessionKind.RENAME, SuccessionKind.SPLIT)


def handovers_on(on: date):
    """The successions by which a unit's records had passed to another unit by ``on``: a merger, renaming or split
    effective by ``on`` of a unit that has ended (``valid_to`` before ``on``). The one rule of record inheritance:
    :func:`handed_over_to` and :func:`heirs_of` follow these, ``org.access`` scopes with them."""
    return Succession.objects.filter(kind__in=HANDOVER_KINDS, date__lte=on, predecessor__valid_to__lt=on)


class Handover(NamedTuple):
    """A unit whose records passed (directly or along a chain) to the unit ``to``: by ``kind`` on ``date``, the
    date of its own succession."""

    unit_id: int
    path: str
    name: str
    kind: str
    date: date
    to: int


def _handover_rows(ids, on: date, *, back: bool) -> list[tuple]:
    """One recursive query along :func:`handovers_on`: from each of ``ids`` back to every unit whose records it
    carries (``back``), or forward to every unit that carries its records. Rows ``(start id, unit id, path, name,
    valid_from, valid_to, kind, date)``, ``kind`` and ``date`` those of the succession that reached the unit.
    ``UNION`` (not ``UNION ALL``) makes it stop on a cycle."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    edges, params = handovers_on(on).order_by().values_list("predecessor_id", "successor_id", "kind", "date") \
        .query.sql_with_params()
    near, far = ("succ", "pred") if back else ("pred", "succ")
    unit = connection.ops.quote_name(OrgUnit._meta.db_table)
    sql = (f"WITH RECURSIVE h(pred, succ, kind, d) AS ({edges}), "
           f"c(start, unit, kind, d) AS (SELECT {near}, {far}, kind, d FROM h WHERE {near} IN "
           f"({', '.join(['%s'] * len(ids))}) "
           f"UNION SELECT c.start, h.{far}, h.kind, h.d FROM c JOIN h ON h.{near} = c.unit) "
           f"SELECT c.start, u.id, u.path, u.name, u.valid_from, u.valid_to, c.kind, c.d "
           f"FROM c JOIN {unit} u ON u.id = c.unit ORDER BY c.start, u.path")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        rows = cursor.fetchall()
    return [(*r[:4], _db_date(r[4]), _db_date(r[5]), r[6], _db_date(r[7])) for r in rows]


def _db_date(value) -> date | None:
    """A date column of a raw query: a ``date`` on PostgreSQL, ISO text on SQLite."""
    return date.fromisoformat(str(value)[:10]) if value is not None and not isinstance(value, date) else value


def handed_over_to(unit_ids, on: date) -> dict[int, list[Handover]]:
    """For each of ``unit_ids``: the units whose records it carries on ``on`` (:func:`handovers_on`, transitively: A
    merged into B, B into C — C carries A's and B's), in one query. Their subtrees go with them (a division of a
    merged department): callers match the materialised ``path`` as a prefix."""
    out: dict[int, list[Handover]] = {}
    seen = set()
    for start, unit_id, path, name, _from, _to, kind, on_date in _handover_rows(unit_ids, on, back=True):
        if (start, unit_id) not in seen:
            seen.add((start, unit_id))
            out.setdefault(start, []).append(Handover(unit_id, path, name, kind, on_date, start))
    return out


def heirs_of(unit: OrgUnit, on: date) -> list[OrgUnit]:
    """The units active on ``on`` that carry on the records of ``unit`` or, for a division of an ended department,
    of the nearest unit above it whose records passed on (:func:`handovers_on`); empty for a unit still active or one
    that was abolished without successor. One query for the chain, one to fetch the units; none for a unit whose
    ``valid_to`` is not before ``on`` (a division's period lies within its department's)."""
    if unit.valid_to is None or unit.valid_to >= on:
        return []
    chain = [int(x) for x in (unit.path or "").strip("/").split("/") if x] or [unit.pk]
    found: dict[int, set[int]] = {}
    for start, unit_id, _path, _name, valid_from, valid_to, _kind, _d in _handover_rows(chain, on, back=False):
        if (valid_from is None or valid_from <= on) and (valid_to is None or valid_to >= on):
            found.setdefault(start, set()).add(unit_id)
    ids = next((found[u] for u in reversed(chain) if u in found), set())
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("name")) if ids else []


def units_ended_note(units: list[OrgUnit], on: date | None) -> str:
    """Why units named in a plan have no unit on ``on``: ended (without one clear successor) or not yet created.

    A district (abolished on 1 July 2025) has no successor of its own: its communes were merged into new communes,
    so the note names those communes for a reviewer instead of picking one of them."""
    notes = []
    for u in units:
        if on is not None and u.valid_from and on < u.valid_from:
            notes.append(_("%(unit)s chỉ có hiệu lực từ ngày %(date)s")
                         % {"unit": u.name, "date": f"{u.valid_from.day}/{u.valid_from.month}/{u.valid_from.year}"})
            continue
        if not u.valid_to:
            notes.append(_("%(unit)s không có đơn vị kế thừa có hiệu lực vào ngày đã cho") % {"unit": u.name})
            continue
        note = (_("Đơn vị đã kết thúc hoạt động ngày %(date)s")
                % {"date": f"{u.valid_to.day}/{u.valid_to.month}/{u.valid_to.year}"})
        if u.kind == UnitKind.DISTRICT:
            note += " " + _("(cấp huyện không còn tổ chức từ 01/7/2025; không có một đơn vị kế thừa duy nhất)")
            communes = []
            for s in (Succession.objects.filter(predecessor__parent=u, date__lte=on or date.max)
                      .select_related("successor").order_by("successor__name_key")):
                if s.successor.is_active_on(on) and s.successor.name not in communes:
                    communes.append(s.successor.name)
            if communes:
                names = [c.replace("Ủy ban nhân dân ", "") for c in communes]
                more = (" " + _("và %(count)s đơn vị khác") % {"count": len(names) - 10}) if len(names) > 10 else ""
                note += "; " + _("địa bàn nay thuộc: %(units)s") % {"units": ", ".join(names[:10]) + more}
        notes.append(note)
    return "; ".join(dict.fromkeys(notes)) or _("Không xác định được đơn vị")


def _unit_dict(u: OrgUnit) -> dict:
    return {"code": u.code, "name": u.name}


def _result(text, status, units=(), group=None, confidence=0.0, rule="", note="") -> dict:
    return {
        "input": text,
        "status": status,
        "units": [_unit_dict(u) for u in units],
        "group": group,
        "confidence": round(confidence, 2),
        "rule": rule,
        "note": note,
    }


def _body_unit(province: OrgUnit, key: str, on: date | None) -> list[OrgUnit]:
    """The standard body ``key`` in ``province`` as it stands on ``on`` (following successions).

    When the province was merged, the body is looked up in its predecessor provinces too
    (e.g. "Sở Kế hoạch và Đầu tư" of Bình Định on 2025-08-01 → Sở Tài chính tỉnh Gia Lai).
    """
    if key == "ubnd":  # the committee is the province unit itself (it has no standard_key of its own)
        return [province] if province.is_active_on(on) else successors_on(province, on)
    provinces = [province] + [s.predecessor for s in Succession.objects.filter(successor=province)
                              .select_related("predecessor")]
    units = list(OrgUnit.objects.filter(province__in=provinces, standard_key=key))
    if any(u.province_id == province.pk and u.is_active_on(on) for u in units):
        units = [u for u in units if u.province_id == province.pk]
    active = [u for u in units if u.is_active_on(on)]
    if active:
        return active
    out = []
    for u in units:
        for s in successors_on(u, on):
            if s not in out:
                out.append(s)
    return out


def agency_resolve(text: str, *, province: str | OrgUnit | None = None, on: date | None = None,
                   central: bool = False) -> dict:
    """Resolve an agency string as written in a plan to unit(s) or a group.

    ``province``: a name or a unit; none means the installation's province (``home_province``).
    ``central``: the plan is the centre's (a decision of the Prime Minister …): there "các địa phương" are the
    provinces, i.e. the province's committee, not its communes.
    Returns {"input", "status": "unit"|"group"|"unresolved", "units": [{"code","name"}], "group",
    "confidence", "rule", "note"}. Never guesses silently: below MIN_CONFIDENCE the status is "unresolved".
    """
    text = (text or "").strip()
    if not text:
        return _result(text, "unresolved", note=_("Chuỗi rỗng"))
    if province is None or (isinstance(province, str) and not province.strip()):
        prov = home_province(on)  # no province given: the installation's own
    else:
        prov = province if isinstance(province, OrgUnit) else province_find(province, on)
    if prov is not None and on is not None and not prov.is_active_on(on):
        nxt = successors_on(prov, on)
        prov = nxt[0] if nxt else prov
    prov_keys = _province_keys(prov)

    single = _resolve_one(text, prov, prov_keys, on, central)
    if single["status"] != "unresolved" and single.get("rule") != "keywords":
        return single
    # unresolved, or only matched by keywords: "Sở Tư pháp và UBND cấp huyện" is two agencies, not "cấp huyện"
    parts = [p for p in _SPLIT_RE.split(text) if p.strip()]
    if len(parts) > 1:
        resolved = [_resolve_one(p, prov, prov_keys, on, central) for p in parts]
        if all(r["status"] != "unresolved" for r in resolved):
            units, seen = [], set()
            for r in resolved:
                for u in r["units"]:
                    if u["code"] not in seen:
                        seen.add(u["code"])
                        units.append(u)
            groups = [r for r in resolved if r["status"] == "group"]
            confidence = min(r["confidence"] for r in resolved) * 0.95
            notes = [r["note"] for r in resolved if r["note"]]
            if units and groups and all(r["group"] in _CATCH_ALL_GROUPS for r in groups):
                # a named unit plus "các cơ quan, đơn vị liên quan": the unit is what the plan assigns
                notes.append(_("Kèm theo %(groups)s (không chỉ rõ đơn vị cụ thể)")
                             % {"groups": "; ".join(f"“{r['input']}”" for r in groups)})
                out = _result(text, "unit", (), None, confidence, "compound", "; ".join(notes))
            else:
                # a unit and a group: status "group" with the group, the named units kept in "units"
                # several groups: the province's own part ("các địa phương") before the centre's ("các bộ, ngành")
                groups.sort(key=lambda r: r["group"] == NATIONAL_GROUP)
                group = groups[0]["group"] if groups else None
                out = _result(text, "group" if group else "unit", (), group, confidence, "compound",
                              "; ".join(notes))
            out["units"] = units
            return out
    return single


def _province_keys(prov: OrgUnit | None) -> tuple[str, ...]:
    if prov is None:
        return ()
    keys = {province_key(prov.name)}
    for s in Succession.objects.filter(successor=prov).select_related("predecessor"):
        keys.add(province_key(s.predecessor.name))
    return tuple(k for k in keys if k)


def _resolve_one(text: str, prov: OrgUnit | None, prov_keys: tuple[str, ...], on: date | None,
                 central: bool = False) -> dict:
    key = canonical(text)
    # 1. remembered aliases (exact), scoped to the province when given
    alias_qs = UnitAlias.objects.filter(alias_key__in={key, strip_qualifiers(key, prov_keys)}).select_related("unit")
    if prov is not None:
        alias_qs = alias_qs.filter(Q(unit__province=prov) | Q(unit__province__isnull=True))
    aliases = list(alias_qs)
    if aliases:
        units = []
        for a in aliases:
            for u in successors_on(a.unit, on):
                if u not in units:
                    units.append(u)
        if not units:  # the remembered unit(s) ended without a successor valid on the date
            return _result(text, "unresolved", confidence=0.3, rule="alias",
                           note=units_ended_note([a.unit for a in aliases], on))
        if len(units) == 1 or all(u.province_id == units[0].province_id for u in units):
            return _result(text, "unit", units, confidence=1.0, rule="alias")
    # 2. catalogue of standard bodies and groups
    m = match_text(text, province_keys=prov_keys)
    if m is not None and m.confidence >= MIN_CONFIDENCE and m.kind == "national":
        return _national_result(text, m, on)
    if m is not None and m.confidence >= MIN_CONFIDENCE:
        if m.kind == "group":
            if central and prov is not None and _LOCALITIES_RE.search(key):
                # the centre's "các địa phương", "các bộ, ngành, địa phương": the provinces, here this one
                units = _body_unit(prov, "ubnd", on)
                if units:
                    return _result(text, "unit", units, confidence=m.confidence, rule=m.rule,
                                   note=_("Văn bản của Trung ương: “địa phương” là Ủy ban nhân dân tỉnh"))
            group = UnitGroup.objects.filter(code=m.key).first()
            note = ""
            if group and m.key in ("districts", "districts_communes") and on and on >= TWO_TIER_DATE \
                    and "huyen" in key:
                note = _("Cấp huyện đã kết thúc hoạt động từ 01/7/2025")
            return _result(text, "group", (), m.key, m.confidence, m.rule, note)
        if prov is None:
            body = BODY_BY_KEY[m.key]
            return _result(text, "unresolved", confidence=m.confidence * 0.5, rule=m.rule,
                           note=_("Cần biết tỉnh để xác định %(body)s") % {"body": body.name})
        units = _body_unit(prov, m.key, on)
        if units:
            body = BODY_BY_KEY[m.key]
            if body.uncertain_from and on is not None and on >= body.uncertain_from and \
                    all(u.standard_key == m.key for u in units):
                return _result(text, "unit", units, confidence=min(m.confidence, 0.7), rule=m.rule,
                               note=body.uncertain_note)
            return _result(text, "unit", units, confidence=m.confidence, rule=m.rule)
        return _result(text, "unresolved", confidence=0.3, rule=m.rule,
                       note=_("%(body)s không có tại %(province)s vào ngày đã cho")
                       % {"body": BODY_BY_KEY[m.key].name, "province": prov.name})
    # 3. a unit of the province by its exact (folded) name
    if prov is not None:
        base = fold_key(re.sub(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", text.strip(), flags=re.I))
        cand = OrgUnit.objects.filter(province=prov, name_key__in=[base, f"uy ban nhan dan {base}"])
        cand = [u for u in cand if u.is_active_on(on)] or list(cand)
        if len(cand) == 1:
            units = successors_on(cand[0], on)
            if units:
                return _result(text, "unit", units, confidence=0.95, rule="name")
            return _result(text, "unresolved", confidence=0.3, rule="name", note=units_ended_note(cand, on))
    return _result(text, "unresolved", confidence=m.confidence if m else 0.0, rule="none",
                   note=_("Không xác định được đơn vị"))


NATIONAL_GROUP = "ministries"  # "các bộ, cơ quan ngang bộ" (catalog.GROUPS)
_LOCALITIES_RE = re.compile(r"\bdia phuong\b")  # canonical (folded) text


def unit_is_national(unit: OrgUnit | None) -> bool:
    """A body of the centre (the Government, a ministry, a ministerial-level agency): no province, and no user of the
    installation works for it."""
    return unit is not None and unit.province_id is None and unit.kind == UnitKind.NATIONAL


def _national_result(text: str, m, on: date | None) -> dict:
    """A national body of the catalogue as it stands on ``on`` (a ministry merged on 01/03/2025 → its successor)."""
    body = NATIONAL_BY_KEY[m.key]
    units = list(OrgUnit.objects.filter(province__isnull=True, kind=UnitKind.NATIONAL, standard_key=m.key))
    if not units:
        return _result(text, "unresolved", confidence=m.confidence * 0.5, rule=m.rule,
                       note=_("%(body)s chưa có trong danh mục đơn vị (chạy “cchc org load”)") % {"body": body.name})
    found = successors_on(units[0], on)
    if not found:
        return _result(text, "unresolved", confidence=0.3, rule=m.rule, note=units_ended_note(units, on))
    note = _("Cơ quan Trung ương, không phải đơn vị của tỉnh")
    if found[0].pk != units[0].pk:
        note += "; " + _("%(old)s đã hợp nhất vào %(new)s") % {"old": body.name, "new": found[0].name}
    return _result(text, "unit", found, confidence=m.confidence, rule=m.rule, note=note)


def validity_problems(codes=None) -> list[str]:
    """Validity of the stored tree, checked in bulk (the same rules as ``OrgUnit.clean`` and ``Succession.clean``):
    each unit within its parent's period; no two units for the same body (same province and standard body, or same
    kind and administrative code) valid at overlapping times; successions dated within their units' periods.
    ``codes``: only report problems involving these units (None = all). Returns Vietnamese messages."""
    from cchc.org.models import format_period, period_within, periods_overlap, succession_date_errors

    fields = ("id", "code", "name", "kind", "parent_id", "province_id", "standard_key", "admin_code", "valid_from",
              "valid_to")
    units = {u.pk: u for u in OrgUnit.objects.only(*fields)}
    subject = set(codes) if codes is not None else None

    def concerned(*us):
        return subject is None or any(u.code in subject for u in us)

    out = []
    for u in units.values():
        parent = units.get(u.parent_id)
        if parent is not None and concerned(u) and not period_within(u.period(), parent.period()):
            out.append(_("%(code)s: hiệu lực %(period)s nằm ngoài hiệu lực của đơn vị cấp trên %(parent)s "
                         "(%(parent_period)s)") % {"code": u.code, "period": format_period(*u.period()),
                                                   "parent": parent.code,
                                                   "parent_period": format_period(*parent.period())})
    twins: dict[tuple, list[OrgUnit]] = {}
    for u in units.values():
        if u.standard_key and u.province_id:
            twins.setdefault(("body", u.province_id, u.standard_key), []).append(u)
        if u.admin_code:
            twins.setdefault(("admin", u.kind, u.admin_code), []).append(u)
    for same in twins.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if periods_overlap(a.period(), b.period()) and concerned(a, b):
                    out.append(_("%(a)s và %(b)s: cùng một cơ quan/mã hành chính nhưng thời gian hiệu lực chồng "
                                 "lấn (%(a_period)s; %(b_period)s)")
                               % {"a": a.code, "b": b.code, "a_period": format_period(*a.period()),
                                  "b_period": format_period(*b.period())})
    for pred_id, succ_id, on, kind in Succession.objects.values_list("predecessor_id", "successor_id", "date",
                                                                     "kind"):
        pred, succ = units[pred_id], units[succ_id]
        if concerned(pred, succ):
            out.extend(f"{pred.code} → {succ.code}: {m}" for m in succession_date_errors(pred, succ, on, kind))
    return out


def unit_children(unit: OrgUnit, on: date | None = None):
    return OrgUnit.objects.filter(parent=unit).active_on(on).order_by(*unit_order())
