"""The one permission layer. Every view, API endpoint and selector scopes data through these functions.

Rules:
- admin: everything. par_office (Sở Nội vụ CCHC office): reads and edits all domain data.
- appraiser: reads all units' data (to appraise), edits only what its own app grants (appraisals).
- unit_leader, focal_point: read and edit their unit and its descendants.
- viewer: read-only, their unit and its descendants.
- a unit that took over ended units (merged into it, renamed to it, split into it: ``org.selectors.handovers_on``)
  carries on their records: its memberships reach those units and their descendants too, for reading and editing
  alike (:func:`_handed_over`).

"All" means all units of the installation's province (setting ``CCHC_PROVINCE``, see
``cchc.org.selectors.home_province_ids``) and the national bodies: units of other provinces may be stored (the
resolver knows every province) but are never shown, counted or edited here.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.shortcuts import first_or_404
from cchc.org.models import Membership, OrgUnit, Role, UnitKind

ADMIN = Role.ADMIN.value
PAR_OFFICE = Role.PAR_OFFICE.value
UNIT_LEADER = Role.UNIT_LEADER.value
FOCAL_POINT = Role.FOCAL_POINT.value
APPRAISER = Role.APPRAISER.value
VIEWER = Role.VIEWER.value

ALL_ROLES = (ADMIN, PAR_OFFICE, UNIT_LEADER, FOCAL_POINT, APPRAISER, VIEWER)
READ_ALL_ROLES = (ADMIN, PAR_OFFICE, APPRAISER)
EDIT_ALL_ROLES = (ADMIN, PAR_OFFICE)
EDIT_OWN_ROLES = (UNIT_LEADER, FOCAL_POINT)


UNIT_ROLES = (UNIT_LEADER, FOCAL_POINT, VIEWER, APPRAISER)  # memberships that reach a unit and its subtree


def _memberships(user) -> list[Membership]:
    if not user or not user.is_authenticated:
        return []
    cache = getattr(user, "_cchc_memberships", None)
    if cache is None:
        from cchc.org.selectors import handovers_on

        # ``takes_over``: records of ended units passed to the membership's unit (then :func:`_handed_over` asks
        # which), in the same query
        cache = list(Membership.objects.filter(user=user).select_related("unit").annotate(takes_over=Exists(
            handovers_on(timezone.localdate()).filter(successor_id=OuterRef("unit_id")))))
        user._cchc_memberships = cache
    return cache


def _handed_over(user) -> dict[int, list]:
    """Unit id of each of the user's unit memberships → the units whose records passed to it
    (``org.selectors.handed_over_to``: merged, renamed or split into it, transitively), cached on the user object for
    the request; one query, and none when no unit of the user took over another (a membership built in code, with no
    ``takes_over`` mark, is asked about)."""
    cache = getattr(user, "_cchc_handed_over", None)
    if cache is None:
        from cchc.org.selectors import handed_over_to

        ids = {m.unit_id for m in _memberships(user)
               if m.unit_id and m.role in UNIT_ROLES and getattr(m, "takes_over", True)}
        cache = handed_over_to(ids, timezone.localdate()) if ids else {}
        try:
            user._cchc_handed_over = cache
        except AttributeError:
            pass
    return cache


def _role_paths(user, wanted, *, but_kinds=()) -> list[str]:
    """The subtrees the user's memberships with one of ``wanted`` roles (at units not of ``but_kinds``) reach: their
    units' and those of the units whose records passed to them."""
    units = [m.unit for m in _memberships(user) if m.unit_id and m.role in wanted and m.unit.kind not in but_kinds]
    if not units:
        return []
    inherited = _handed_over(user)
    return [u.path for u in units] + [h.path for u in units for h in inherited.get(u.pk, ())]


def inherited_from(user, unit: OrgUnit | None):
    """The ended unit (an ``org.selectors.Handover``) through which ``user`` reaches ``unit`` — ``unit`` itself or
    the merged department above it — when the user's own units do not reach it; None otherwise (the office, an own
    unit, a unit out of reach)."""
    if unit is None or not user or not user.is_authenticated or sees_all(user):
        return None
    units = [m.unit for m in _memberships(user) if m.unit_id and m.role in UNIT_ROLES]
    if any(unit.path.startswith(u.path) for u in units):
        return None
    found = [h for u in units for h in _handed_over(user).get(u.pk, ()) if unit.path.startswith(h.path)]
    return max(found, key=lambda h: len(h.path)) if found else None


def roles(user) -> set[str]:
    out = {m.role for m in _memberships(user)}
    if getattr(user, "is_superuser", False):
        out.add(ADMIN)
    return out


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def user_units(user) -> list[OrgUnit]:
    return [m.unit for m in _memberships(user) if m.unit_id]


def primary_unit(user) -> OrgUnit | None:
    units = user_units(user)
    return units[0] if units else None


def sees_all(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def edits_all(user) -> bool:
    return has_role(user, *EDIT_ALL_ROLES)


def _home_ids(user):
    """The home province ids (cached on the user object for the request)."""
    from cchc.org.selectors import home_province_ids

    if user is None:
        return home_province_ids()
    cache = getattr(user, "_cchc_home_ids", False)
    if cache is False:
        cache = home_province_ids()
        try:
            user._cchc_home_ids = cache
        except AttributeError:
            pass
    return cache


def _home(user, unit: OrgUnit) -> bool:
    ids = _home_ids(user)
    return ids is None or unit.province_id is None or unit.province_id in ids


def _paths(user, for_edit: bool) -> list[str]:
    return _role_paths(user, EDIT_OWN_ROLES if for_edit else UNIT_ROLES)


def visible_unit_ids(user, *, for_edit: bool = False) -> set[int] | None:
    """None means every unit (no home province set); otherwise the ids of the units the user may read (or
    edit): for province-wide roles the home province's units and the national bodies."""
    if not user or not user.is_authenticated:
        return set()
    if (edits_all(user) if for_edit else sees_all(user)):
        ids = _home_ids(user)
        if ids is None:
            return None
        from cchc.org.selectors import home_q

        return set(OrgUnit.objects.filter(home_q("", ids)).values_list("pk", flat=True))
    paths = _paths(user, for_edit)
    if not paths:
        return set()
    return set(OrgUnit.objects.filter(under_paths_q(paths, "")).values_list("pk", flat=True))


def _reaches(user, unit: OrgUnit | None, edit: bool) -> bool:
    if unit is None or not user or not user.is_authenticated:
        return False
    if (edits_all if edit else sees_all)(user):
        return _home(user, unit)
    return any(unit.path.startswith(p) for p in _paths(user, edit))


def can_view_unit(user, unit: OrgUnit | None) -> bool:
    return _reaches(user, unit, edit=False)


def can_edit_unit(user, unit: OrgUnit | None) -> bool:
    return _reaches(user, unit, edit=True)


def can_edit_unit_registry(user, unit: OrgUnit | None) -> bool:
    """The unit's registry entry — official name, short name, code, validity dates, parent — is the province's list of
    units kept by the CCHC office (Sở Nội vụ): admins and the office only (home province), never the unit's own
    leader or focal point, who edit the unit's data (:func:`can_edit_unit`) but not what the unit officially is."""
    if unit is None or not user or not user.is_authenticated:
        return False
    if unit.province_id is None and unit.kind == UnitKind.NATIONAL:
        # a national body (a ministry, the Government Office) is the catalogue's (cchc.org.catalog), not the
        # province's list: the office does not rename or end it; an admin may correct it
        return has_role(user, ADMIN)
    return edits_all(user) and _home(user, unit)


def require_edit_unit_registry(user, unit):
    if not can_edit_unit_registry(user, unit):
        raise PermissionDenied(_("Tên, mã, thời gian hiệu lực và đơn vị cấp trên của đơn vị do Phòng CCHC (Sở Nội "
                                 "vụ) quản lý; đơn vị không tự sửa được."))


def _leader_paths(user) -> list[str]:
    """Where the user approves as a unit leader: not as a leader of the province itself — UBND tỉnh reads the
    dashboards, each agency's own leaders approve its submissions (:func:`unit_approver_ids`)."""
    return _role_paths(user, (UNIT_LEADER,), but_kinds=(UnitKind.PROVINCE,))


def led_units_q(user, field: str = "unit") -> Q:
    """Rows whose ``field`` is a unit the user leads, to read (a province's leader: every unit of it); ``Q(pk__in=[])``
    when none."""
    paths = _role_paths(user, (UNIT_LEADER,)) if user and user.is_authenticated else []
    return under_paths_q(paths, field) if paths else Q(pk__in=[])


def can_lead_unit(user, unit: OrgUnit | None) -> bool:
    """A leader of ``unit`` or of a unit above it, below the province (approves the unit's reports before the CCHC
    office)."""
    if unit is None or not user or not user.is_authenticated:
        return False
    return any(unit.path.startswith(p) for p in _leader_paths(user))


def leader_approval_on() -> bool:
    """Province setting ``CCHC_LEADER_APPROVAL``: a focal point's report goes to the unit leader before the office."""
    return bool(getattr(settings, "CCHC_LEADER_APPROVAL", True))


def unit_approver_ids(unit: OrgUnit) -> set[int]:
    """Who approves ``unit``'s submissions before the office: the active leaders of the unit, else those of the
    nearest unit above it that has some (a division — phòng — with no leader account of its own goes to its
    department's leaders, who may approve it anyway by :func:`can_lead_unit`). Never the province's own leaders
    (UBND tỉnh): they read the dashboards, they do not approve each agency's reports. A unit that has ended with no
    active leader in its chain (a department merged into another) goes to the leaders of the unit(s) that carry on
    its records today (``org.selectors.heirs_of``), who lead it by :func:`can_lead_unit`. Empty: no leader step."""
    chain = [int(x) for x in (unit.path or "").strip("/").split("/") if x] or [unit.pk]  # the root first
    found: dict[int, set[int]] = {}
    for unit_id, user_id in (Membership.objects
                             .filter(unit_id__in=chain, role=Role.UNIT_LEADER, user__is_active=True)
                             .exclude(unit__kind=UnitKind.PROVINCE).values_list("unit_id", "user_id")):
        found.setdefault(unit_id, set()).add(user_id)
    own = next((found[u] for u in reversed(chain) if u in found), set())
    if own:
        return own
    from cchc.org.selectors import heirs_of

    return set().union(*(unit_approver_ids(h) for h in heirs_of(unit, timezone.localdate())))


def leader_step_needed(user, unit: OrgUnit) -> bool:
    """True when ``user``'s submission for ``unit`` (a progress report, a periodic report, a self-assessment) must
    first be approved by a leader: the setting is on, someone approves the unit's submissions
    (:func:`unit_approver_ids`: its leaders, else its department's), and the sender is neither a leader of it
    (:func:`can_lead_unit`) nor the office."""
    if not leader_approval_on() or edits_all(user) or can_lead_unit(user, unit):
        return False
    return bool(unit_approver_ids(unit))


def scope_led_units(user, qs: QuerySet, field: str = "unit") -> QuerySet:
    """Rows of ``qs`` whose ``field`` is a unit the user leads (or a descendant of one)."""
    paths = _leader_paths(user) if user and user.is_authenticated else []
    return qs.filter(under_paths_q(paths, field)) if paths else qs.none()


def under_paths_q(paths, field: str = "unit") -> Q:
    """Rows whose ``field`` (a FK path to OrgUnit, "" for OrgUnit itself) is one of the units at ``paths`` or
    below them (the tree's materialised paths)."""
    prefix = f"{field}__" if field else ""
    q = Q()
    for p in paths:
        q |= Q(**{f"{prefix}path__startswith": p})
    return q


def require_view(user, unit):
    if not can_view_unit(user, unit):
        raise PermissionDenied(_("Bạn không có quyền xem dữ liệu của đơn vị này."))


def require_edit(user, unit):
    if not can_edit_unit(user, unit):
        raise PermissionDenied(_("Bạn không có quyền thay đổi dữ liệu của đơn vị này."))


def require_office(user, message: str | None = None):
    """Writes reserved to the CCHC office (and admins): plan confirmation, review, bank, training catalogue.

    ``message``: the refusal, already translated (``_("…")`` at the call); none gives the general one."""
    if not edits_all(user):
        raise PermissionDenied(str(message) if message is not None
                               else _("Chỉ Phòng CCHC (Sở Nội vụ) mới được thực hiện thao tác này."))


def scope_units(user, qs: QuerySet, field: str = "unit", *, for_edit: bool = False) -> QuerySet:
    """Filter ``qs`` to rows whose ``field`` (a FK path to OrgUnit, "" for OrgUnit itself) the user may see
    (province-wide roles: the units of the home province)."""
    if not user or not user.is_authenticated:
        return qs.none()
    if (edits_all(user) if for_edit else sees_all(user)):
        from cchc.org.selectors import home_q

        ids = _home_ids(user)
        return qs if ids is None else qs.filter(home_q(field, ids))
    paths = _paths(user, for_edit)
    return qs.filter(under_paths_q(paths, field)) if paths else qs.none()


def get_unit_scoped_or_404(user, qs: QuerySet, *, field: str = "unit", for_edit: bool = False, **lookup):
    """Fetch one object through the scope; another unit's object is reported as not found (no existence leak)."""
    obj = first_or_404(scope_units(user, qs, field, for_edit=False), **lookup)
    if for_edit:
        unit = obj
        for part in [p for p in field.split("__") if p]:
            unit = getattr(unit, part)
        require_edit(user, unit)
    return obj


def login_and_role_required(*allowed: str):
    """View decorator: signed-in user with one of ``allowed`` roles (any role when empty)."""

    def deco(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if allowed and not has_role(request.user, *allowed):
                raise PermissionDenied(_("Bạn không có quyền truy cập chức năng này."))
            return view(request, *args, **kwargs)

        return wrapper

    return deco
