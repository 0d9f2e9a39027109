"""Load the real administrative units (before and after 1 July 2025) and the standard provincial bodies.

Data: cchc/org/data (MIT, thanglequoc/vietnamese-provinces-database; see LICENSE and SOURCE.md there).
Idempotent: existing codes are left as they are.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from cchc.core.vntext import fold_key
from cchc.org.catalog import (
    BODY_BY_KEY,
    DEPARTMENT_REFORM_DATE,
    GOVERNMENT_KEY,
    GROUPS,
    NATIONAL_BODIES,
    STANDARD_BODIES,
    TWO_TIER_DATE,
)
from cchc.org.models import OrgUnit, Succession, SuccessionKind, UnitGroup, UnitKind

DATA_DIR = Path(__file__).parent / "data"
OLD_END = date(2025, 6, 30)
_PREFIX_RE = re.compile(r"^(thành phố|tỉnh|thủ đô|tp\.?)\s+", re.I)
_COMMUNE_PREFIX_RE = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.I)


_LEVEL_RE = re.compile(r"^(xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố)\s+", re.I)


def _committee(full_name: str) -> str:
    """"Phường Bắc Hồng Lĩnh" -> "Ủy ban nhân dân phường Bắc Hồng Lĩnh" (the level in lower case inside the name)."""
    m = _LEVEL_RE.match(full_name.strip())
    name = f"{m.group(1).lower()} {full_name.strip()[m.end():]}" if m else full_name.strip()
    return f"Ủy ban nhân dân {name}"


def _loc(full_name: str) -> str:
    """"Tỉnh Hà Tĩnh" -> "tỉnh Hà Tĩnh"; "Thủ Đô Hà Nội" -> "thành phố Hà Nội"."""
    name = full_name.replace("Hoà", "Hòa").strip()
    m = _PREFIX_RE.match(name)
    if not m:
        return name
    prefix = m.group(1).lower()
    prefix = "thành phố" if prefix in ("thủ đô", "tp", "tp.") else prefix
    return f"{prefix} {name[m.end():]}"


def _bare(name: str) -> str:
    return fold_key(_PREFIX_RE.sub("", name.strip()))


def _load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def ensure_groups():
    national = {u.standard_key: u for u in OrgUnit.objects.filter(code__startswith=NATIONAL_PREFIX,
                                                                  province__isnull=True, kind=UnitKind.NATIONAL)}
    for g in GROUPS:
        group, _created = UnitGroup.objects.update_or_create(code=g.code, defaults={
            "name": g.name, "member_kinds": list(g.member_kinds)})
        members = [national[k] for k in g.national_members if k in national]
        if members:
            group.members.add(*members)


NATIONAL_PREFIX = "TW."  # codes of the national bodies ("TW.bnv")


def national_code(key: str) -> str:
    return f"{NATIONAL_PREFIX}{key}"


@transaction.atomic
def load_national_bodies() -> int:
    """The Government, its ministries and ministerial-level agencies (catalogue ``NATIONAL_BODIES``) as units without
    a province under "Chính phủ", with the 01/03/2025 mergers as successions. Idempotent: existing codes are left as
    they are. Returns the number of units created."""
    existing = {u.code: u for u in OrgUnit.objects.filter(code__startswith=NATIONAL_PREFIX)}
    created = []
    root = existing.get(national_code(GOVERNMENT_KEY))
    for body in NATIONAL_BODIES:
        code = national_code(body.key)
        if code in existing:
            continue
        unit = OrgUnit(code=code, name=body.name, kind=UnitKind.NATIONAL, standard_key=body.key,
                       parent=None if body.key == GOVERNMENT_KEY else root, valid_from=body.valid_from,
                       valid_to=body.valid_to)
        unit.save()
        existing[code] = unit
        created.append(code)
        if body.key == GOVERNMENT_KEY:
            root = unit
    for body in NATIONAL_BODIES:
        for succ_key in body.successors:
            _succession(existing.get(national_code(body.key)), existing.get(national_code(succ_key)),
                        SuccessionKind.MERGE, body.valid_to + timedelta(days=1))
    if created:
        from cchc.org.selectors import validity_problems

        problems = validity_problems(set(created))
        if problems:
            raise ValidationError([f"Dữ liệu nạp không hợp lệ ({len(problems)} lỗi): "] + problems[:20])
    return len(created)


def _create_bodies(province: OrgUnit, suffix: str, valid_from, valid_to, existing: dict):
    """Create the standard bodies of ``province``; returns {key: unit}."""
    out = {}
    loc = province.name.replace("Ủy ban nhân dân ", "")
    prov_name = _PREFIX_RE.sub("", loc)
    for body in STANDARD_BODIES:
        if body.key == "ubnd":
            out["ubnd"] = province
            continue
        vf = max([d for d in (valid_from, body.valid_from) if d], default=None)
        vt = min([d for d in (valid_to, body.valid_to) if d], default=None)
        if vf and vt and vf > vt:
            continue
        code = f"{province.code}.{body.key}"
        if code in existing:
            out[body.key] = existing[code]
            continue
        if body.name.endswith(" tỉnh"):
            name = body.name[: -len(" tỉnh")] + f" {loc}"
        elif body.key == "bao":
            name = f"Báo {prov_name}"
        else:
            name = f"{body.name} {loc}"
        unit = OrgUnit(code=code, name=name, kind=body.kind, parent=province, province=province,
                       standard_key=body.key, valid_from=vf, valid_to=vt)
        unit.save()
        existing[code] = unit
        out[body.key] = unit
    # March 2025 department mergers inside the province (only when the successor exists on that day: the bodies of
    # a province merged on 1/7/2025 end on 30/6/2025 and their successions lead to the new province's bodies)
    for body in STANDARD_BODIES:
        if body.successors and body.key in out:
            on = body.valid_to and body.valid_to + timedelta(days=1)
            for succ_key in body.successors:
                if succ_key in out and out[succ_key].is_active_on(on):
                    _succession(out[body.key], out[succ_key], SuccessionKind.MERGE, on)
    return out


def _succession(pred, succ, kind, on):
    if pred is None or succ is None or pred.pk == succ.pk or on is None:
        return
    Succession.objects.get_or_create(predecessor=pred, successor=succ, date=on, defaults={"kind": kind})


@transaction.atomic
def load_admin_units(*, provinces: list[str] | None = None, communes: bool = True, stdout=None) -> dict:
    """Load provinces (63 before, 34 after 1/7/2025), bodies, districts, communes and successions.

    ``provinces``: names of new (2025) provinces to load fully (their predecessors included); None = all.
    """
    load_national_bodies()
    ensure_groups()
    old = _load("units-before-2025-07-01.json")
    new = _load("units-from-2025-07-01.json")
    mergers = _load("mergers-2025.json")
    existing = {u.code: u for u in OrgUnit.objects.all()}
    codes_before = set(existing)
    wanted = {fold_key(_PREFIX_RE.sub("", p)) for p in provinces} if provinces else None

    old_by_bare = {_bare(p["FullName"]): p for p in old}
    merger_rows = {m["ma"]: m for m in mergers}
    stats = {"provinces": 0, "units": 0, "successions": 0}
    before = OrgUnit.objects.count()
    succ_before = Succession.objects.count()

    for np in new:
        row = merger_rows.get(np["Code"], {})
        text = row.get("truocsapnhap", "giữ nguyên")
        unchanged = "giữ nguyên" in text
        if unchanged:
            preds = [old_by_bare[_bare(np["FullName"])]] if _bare(np["FullName"]) in old_by_bare else []
        else:
            preds = [p for b, p in old_by_bare.items() if re.search(rf"(^|[ ,]){re.escape(b)}($|[ ,.])",
                                                                     fold_key(text.replace("TPHCM", "Hồ Chí Minh")))]
        names = {_bare(np["FullName"])} | {_bare(p["FullName"]) for p in preds}
        if wanted is not None and not (names & wanted):
            continue
        stats["provinces"] += 1
        # predecessor provinces (before 1/7/2025)
        old_units = []
        for op in preds:
            code = f"T{op['Code']}"
            if code in existing:
                ou = existing[code]
            else:
                ou = OrgUnit(code=code, name=f"Ủy ban nhân dân {_loc(op['FullName'])}",
                             kind=UnitKind.PROVINCE, admin_code=op["Code"],
                             valid_to=None if unchanged else OLD_END)
                ou.save()
                existing[code] = ou
            old_units.append((op, ou))
        if unchanged and old_units:
            new_unit = old_units[0][1]
        else:
            code = f"T{np['Code']}.2025"
            if code in existing:
                new_unit = existing[code]
            else:
                new_unit = OrgUnit(code=code, name=f"Ủy ban nhân dân {_loc(np['FullName'])}", kind=UnitKind.PROVINCE,
                                   admin_code=np["Code"], valid_from=TWO_TIER_DATE)
                new_unit.save()
                existing[code] = new_unit
            for _, ou in old_units:
                _succession(ou, new_unit, SuccessionKind.MERGE, TWO_TIER_DATE)
        new_bodies = _create_bodies(new_unit, "", new_unit.valid_from, new_unit.valid_to, existing)
        for op, ou in old_units:
            if ou.pk == new_unit.pk:
                old_bodies = new_bodies
            else:
                old_bodies = _create_bodies(ou, "", None, OLD_END, existing)
                for key, unit in old_bodies.items():
                    if key == "ubnd" or unit.valid_to != OLD_END:
                        continue
                    targets = [key] if key in new_bodies else \
                        [k for k in BODY_BY_KEY[key].successors if k in new_bodies]
                    for target in targets:
                        _succession(unit, new_bodies[target], SuccessionKind.MERGE, TWO_TIER_DATE)
            if not communes:
                continue
            # districts and communes before 1/7/2025
            for d in (op.get("District") or []):
                dcode = f"H{d['Code']}"
                du = existing.get(dcode)
                if du is None:
                    du = OrgUnit(code=dcode, name=_committee(d["FullName"]), kind=UnitKind.DISTRICT,
                                 parent=ou, province=ou, admin_code=d["Code"], valid_to=OLD_END)
                    du.save()
                    existing[dcode] = du
                batch = []
                for w in (d.get("Ward") or []):
                    wcode = f"X{w['Code']}"
                    if wcode in existing:
                        continue
                    batch.append(OrgUnit(code=wcode, name=_committee(w["FullName"]), kind=UnitKind.COMMUNE,
                                         parent=du, province=ou, admin_code=w["Code"], valid_to=OLD_END,
                                         name_key=fold_key(_committee(w["FullName"])),
                                         path=du.path, depth=du.depth + 1))
                _bulk_with_paths(batch, existing)
        if communes:
            _load_new_communes(np, new_unit, [ou for _, ou in old_units], merger_rows_for(mergers, np["Code"]),
                               existing)
    # the loaded data obeys the same validity rules as a manual edit or an Excel import (nothing kept otherwise)
    from cchc.org.selectors import validity_problems

    problems = validity_problems(set(existing) - codes_before)
    if problems:
        raise ValidationError([f"Dữ liệu nạp không hợp lệ ({len(problems)} lỗi): "] + problems[:20])
    stats["units"] = OrgUnit.objects.count() - before
    stats["successions"] = Succession.objects.count() - succ_before
    return stats


def merger_rows_for(mergers, province_code):
    return {m["ma"]: m for m in mergers if m["magoc"] == province_code}


def _bulk_with_paths(batch, existing):
    if not batch:
        return
    OrgUnit.objects.bulk_create(batch, batch_size=500)
    created = OrgUnit.objects.filter(code__in=[u.code for u in batch])
    updates = []
    for u in created:
        u.path = f"{u.path}{u.pk}/"
        updates.append(u)
        existing[u.code] = u
    OrgUnit.objects.bulk_update(updates, ["path"], batch_size=500)


def _load_new_communes(np, new_unit, old_provinces, rows, existing):
    batch = []
    for w in (np.get("Wards") or []):
        wcode = f"X{w['Code']}.2025"
        if wcode in existing:
            continue
        name = _committee(w["FullName"])
        batch.append(OrgUnit(code=wcode, name=name, kind=UnitKind.COMMUNE, parent=new_unit, province=new_unit,
                             admin_code=w["Code"], valid_from=TWO_TIER_DATE, name_key=fold_key(name),
                             path=new_unit.path, depth=new_unit.depth + 1))
    _bulk_with_paths(batch, existing)
    # successions from the communes named in "truocsapnhap"
    old_index: dict[str, list[OrgUnit]] = {}
    for u in OrgUnit.objects.filter(province__in=old_provinces, kind=UnitKind.COMMUNE, valid_to=OLD_END):
        old_index.setdefault(fold_key(u.name.replace("Ủy ban nhân dân ", "")), []).append(u)
    succs = []
    for w in (np.get("Wards") or []):
        target = existing.get(f"X{w['Code']}.2025")
        row = rows.get(w["Code"])
        if target is None or row is None:
            continue
        text = re.sub(r"\([^)]*\)", "", row.get("truocsapnhap", ""))
        if "giữ nguyên" in text:
            names = [w["FullName"]]
        else:
            names, prefix = [], ""
            for part in [p.strip() for p in re.split(r",|\bvà\b", text) if p.strip()]:
                m = _COMMUNE_PREFIX_RE.match(part)
                if m:
                    prefix = m.group(1)
                    names.append(part)
                elif prefix:
                    names.append(f"{prefix} {part}")
        for n in names:
            cands = old_index.get(fold_key(n), [])
            if len(cands) == 1:
                succs.append(Succession(predecessor=cands[0], successor=target, kind=SuccessionKind.MERGE,
                                        date=TWO_TIER_DATE))
    Succession.objects.bulk_create(succs, ignore_conflicts=True, batch_size=500)


__all__ = ["load_admin_units", "load_national_bodies", "ensure_groups", "DEPARTMENT_REFORM_DATE"]


def ensure_catalogue() -> bool:
    """Make the resolver usable on a fresh machine: migrate if needed and load every province with its standard
    bodies (communes are loaded by `cchc org load`). Returns False when the database cannot be prepared."""
    from django.core.management import call_command
    from django.db import connection

    try:
        if "org_orgunit" not in connection.introspection.table_names():
            call_command("migrate", verbosity=0, interactive=False)
        if not OrgUnit.objects.filter(kind=UnitKind.PROVINCE).exists():
            load_admin_units(communes=False)
        elif not OrgUnit.objects.filter(code=national_code(GOVERNMENT_KEY)).exists():
            load_national_bodies()  # a database loaded before the national bodies were catalogued
            ensure_groups()
        return True
    except Exception:  # noqa: BLE001 - callers fall back to "unresolved"
        return False
