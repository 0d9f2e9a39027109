"""Organisation tree: units (with validity), aliases, successions, groups, memberships (roles per unit)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.vndates import format_date_short
from cchc.core.vntext import fold_key


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("UBND tỉnh/thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("UBND cấp huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("UBND cấp xã (xã, phường, thị trấn, đặc khu)")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    CENTRAL_AGENCY = "central_agency", _("Cơ quan Trung ương đóng trên địa bàn")
    DIVISION = "division", _("Phòng, ban nội bộ")
    ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, cơ quan Đảng, HĐND")
    # the Government, the ministries and ministerial-level agencies (no province: never a unit of the installation)
    NATIONAL = "national", _("Cơ quan Trung ương (Chính phủ, bộ, ngành)")


def unit_order(prefix: str = "") -> tuple:
    """``order_by`` arguments for lists of units: by kind in the order UnitKind lists them (province, sở/ngành, …,
    xã), then by name in Vietnamese order whatever the database's collation — the folded ``name_key``, so "Đan Hải"
    stands with the D's and "Ủy ban …" with the U's instead of after "Yên Hòa" (``prefix``: "unit__" across a
    relation)."""
    kinds = [models.When(**{f"{prefix}kind": k}, then=models.Value(i)) for i, k in enumerate(UnitKind.values)]
    return models.Case(*kinds, default=models.Value(len(kinds))), f"{prefix}name_key"


def period_within(inner: tuple[date | None, date | None], outer: tuple[date | None, date | None]) -> bool:
    """True when the period ``inner`` (valid_from, valid_to; None = open) lies inside ``outer``."""
    (a, b), (c, d) = inner, outer
    starts_ok = c is None or (a is not None and a >= c)
    ends_ok = d is None or (b is not None and b <= d)
    return starts_ok and ends_ok


def periods_overlap(p: tuple[date | None, date | None], q: tuple[date | None, date | None]) -> bool:
    (a, b), (c, d) = p, q
    return (b is None or c is None or c <= b) and (d is None or a is None or a <= d)


def format_period(valid_from: date | None, valid_to: date | None) -> str:
    """"từ 01/03/2025 đến 30/06/2025", "từ 01/07/2025", "đến 30/06/2025", "không giới hạn"."""
    parts = []
    if valid_from:
        parts.append(f"từ {format_date_short(valid_from)}")
    if valid_to:
        parts.append(f"đến {format_date_short(valid_to)}")
    return " ".join(parts) or "không giới hạn thời gian"


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, on: date | None):
        if on is None:
            return self
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on),
        )

    def descendants_of(self, unit, include_self=True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class OrgUnit(models.Model):
    code = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Đơn vị cấp tỉnh chứa đơn vị này (chính nó nếu là cấp tỉnh)."),
    )
    standard_key = models.CharField(_("mã cơ quan chuẩn"), max_length=32, blank=True, db_index=True)
    admin_code = models.CharField(_("mã hành chính"), max_length=16, blank=True, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["province", "kind"]), models.Index(fields=["province", "standard_key"])]

    def __str__(self):
        return self.name

    def is_active_on(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or self.valid_to >= on)

    def ancestors(self):
        ids = [int(x) for x in self.path.strip("/").split("/") if x]
        return OrgUnit.objects.filter(pk__in=ids).order_by("depth")

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        if self.parent_id:
            if self.pk and (self.parent_id == self.pk or f"/{self.pk}/" in (self.parent.path or "")):
                errors["parent"] = _("Không thể đặt đơn vị cấp trên là chính nó hoặc đơn vị cấp dưới (tạo vòng lặp).")
            elif self.parent.valid_to and self.valid_from and self.valid_from > self.parent.valid_to:
                errors["parent"] = _("Đơn vị cấp trên đã hết hiệu lực trước khi đơn vị này bắt đầu.")
        if "valid_to" not in errors and "parent" not in errors and not getattr(self, "_defer_validity", False):
            for field_name, message in self.validity_errors():
                errors.setdefault(field_name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def period(self) -> tuple[date | None, date | None]:
        return self.valid_from, self.valid_to

    def validity_errors(self, *, children=True) -> list[tuple[str, str]]:
        """Relational validity checks against the database: the unit's period lies within its parent's, its
        children's periods lie within its own, and no other unit with the same province and standard body or the
        same kind and administrative code is valid at an overlapping time. Returns [(field, Vietnamese message)]."""
        out = []
        mine = self.period()
        if self.parent_id and not period_within(mine, self.parent.period()):
            out.append(("parent", str(_("Thời gian hiệu lực của đơn vị (%(p)s) nằm ngoài thời gian hiệu lực của đơn "
                                        "vị cấp trên “%(n)s” (%(pp)s).") % {
                "p": format_period(*mine), "n": self.parent.name, "pp": format_period(*self.parent.period())})))
        if children and self.pk:
            for child in OrgUnit.objects.filter(parent_id=self.pk).only("name", "valid_from", "valid_to"):
                if not period_within(child.period(), mine):
                    out.append(("valid_to" if self.valid_to else "valid_from", str(_(
                        "Đơn vị cấp dưới “%(n)s” có hiệu lực %(cp)s, nằm ngoài thời gian hiệu lực mới của đơn vị "
                        "(%(p)s).") % {"n": child.name, "cp": format_period(*child.period()),
                                       "p": format_period(*mine)})))
                    break
        for other in self.overlapping_twins():
            out.append(("valid_from", str(_(
                "Trùng thời gian hiệu lực với đơn vị “%(n)s” (mã %(c)s, hiệu lực %(op)s): cùng %(what)s không thể "
                "có hai đơn vị cùng hiệu lực.") % {
                "n": other.name, "c": other.code, "op": format_period(*other.period()),
                "what": _("cơ quan chuẩn trong một tỉnh") if self.standard_key and other.standard_key ==
                self.standard_key else _("mã hành chính")})))
        return out

    def twin_candidates(self):
        """Other units that denote the same body: same province and standard body, or same kind and administrative
        code (whatever their validity)."""
        province_id = self.province_id or (self.parent.province_id if self.parent_id else None)
        q = models.Q(pk__in=[])
        if self.standard_key and province_id:
            q |= models.Q(province_id=province_id, standard_key=self.standard_key)
        if self.admin_code:
            q |= models.Q(kind=self.kind, admin_code=self.admin_code)
        qs = OrgUnit.objects.filter(q)
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        return list(qs.only("code", "name", "standard_key", "valid_from", "valid_to"))

    def overlapping_twins(self):
        """Twin units (see ``twin_candidates``) valid at a time overlapping this unit's period."""
        return [o for o in self.twin_candidates() if periods_overlap(o.period(), self.period())]

    def save(self, *args, **kwargs):
        from cchc.core.vntext import clean_spaces

        self.name = clean_spaces(self.name)
        self.name_key = fold_key(self.name)
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        updates = {}
        if new_path != self.path:
            self.path = new_path
            self.depth = new_path.count("/") - 2
            updates.update(path=self.path, depth=self.depth)
        if self.province_id is None:
            prov = self if self.kind == UnitKind.PROVINCE else (self.parent.province if self.parent_id else None)
            if prov is not None and prov.pk:
                self.province = prov
                updates["province"] = prov
        if updates:
            OrgUnit.objects.filter(pk=self.pk).update(**updates)
        if old_path and old_path != self.path:
            # re-root the subtree in one statement: new prefix + the rest of each descendant's path
            from django.db.models import F, Value
            from django.db.models.functions import Concat, Substr

            (OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
             .update(path=Concat(Value(self.path), Substr("path", len(old_path) + 1),
                                 output_field=models.CharField()),
                     depth=F("depth") + (self.path.count("/") - old_path.count("/"))))


class UnitAlias(models.Model):
    """An alternative name or abbreviation of a unit (e.g. "Sở TTTT"), optionally remembered from an import."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("đơn vị"))
    alias = models.CharField(_("tên gọi khác"), max_length=255)
    alias_key = models.CharField(max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "alias_key"], name="org_alias_unique")]

    def __str__(self):
        return f"{self.alias} → {self.unit}"

    def save(self, *args, **kwargs):
        from cchc.org.resolver_text import canonical

        self.alias_key = canonical(self.alias)
        super().save(*args, **kwargs)


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển giao chức năng")


class Succession(models.Model):
    predecessor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successions_out",
                                    verbose_name=_("đơn vị trước"))
    successor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successions_in",
                                  verbose_name=_("đơn vị sau"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "date"], name="org_succession_unique"),
            models.CheckConstraint(condition=~models.Q(predecessor=models.F("successor")),
                                   name="org_succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()}, {self.date:%d/%m/%Y})"

    def clean(self):
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError(_("Một đơn vị không thể kế thừa chính nó."))
        if self.predecessor_id and self.successor_id and self.date:
            errors = succession_date_errors(self.predecessor, self.successor, self.date, self.kind)
            if errors:
                raise ValidationError({"date": errors})


def succession_date_errors(predecessor: OrgUnit, successor: OrgUnit, on: date, kind: str = "") -> list[str]:
    """A succession takes effect after the predecessor started and at the latest the day after it ended, on a day
    the successor is valid; a merger or a renaming ends the predecessor (a split or a transfer of functions may
    leave it in place)."""
    out = []
    if kind in (SuccessionKind.MERGE, SuccessionKind.RENAME) and not predecessor.valid_to:
        out.append(str(_("“%(n)s” được %(k)s ngày %(d)s nhưng không có ngày hết hiệu lực.") % {
            "n": predecessor.name, "k": str(SuccessionKind(kind).label).lower(), "d": f"{on:%d/%m/%Y}"}))
    if predecessor.valid_from and on <= predecessor.valid_from:
        out.append(str(_("Ngày sắp xếp %(d)s không sau ngày “%(n)s” bắt đầu hiệu lực (%(f)s).") % {
            "d": f"{on:%d/%m/%Y}", "n": predecessor.name, "f": f"{predecessor.valid_from:%d/%m/%Y}"}))
    if predecessor.valid_to and on > predecessor.valid_to + timedelta(days=1):
        out.append(str(_("Ngày sắp xếp %(d)s sau ngày kế tiếp ngày “%(n)s” hết hiệu lực (%(t)s).") % {
            "d": f"{on:%d/%m/%Y}", "n": predecessor.name, "t": f"{predecessor.valid_to:%d/%m/%Y}"}))
    if not successor.is_active_on(on):
        out.append(str(_("Đơn vị kế thừa “%(n)s” không có hiệu lực vào ngày sắp xếp %(d)s (hiệu lực %(p)s).") % {
            "n": successor.name, "d": f"{on:%d/%m/%Y}", "p": format_period(*successor.period())}))
    return out


class UnitGroup(models.Model):
    """A collective such as "các sở, ban, ngành" that expands to member units within a province on a date."""

    code = models.SlugField(_("mã nhóm"), max_length=50, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=255)
    member_kinds = models.JSONField(_("loại đơn vị thành viên"), default=list, blank=True)
    members = models.ManyToManyField(OrgUnit, blank=True, related_name="groups", verbose_name=_("thành viên bổ sung"))

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")

    def __str__(self):
        return self.name

    def expand(self, *, province: OrgUnit | None, on: date | None):
        """Member units valid on ``on``: those of ``province`` (all provinces when None), and the national bodies
        (no province) the group names ("các bộ, cơ quan ngang bộ")."""
        qs = OrgUnit.objects.active_on(on)
        if province is not None:
            qs = qs.filter(models.Q(province=province) | models.Q(province__isnull=True, kind=UnitKind.NATIONAL))
        q = models.Q(kind__in=self.member_kinds) if self.member_kinds else models.Q(pk__in=[])
        q |= models.Q(pk__in=self.members.values("pk"))
        return qs.filter(q).order_by(*unit_order())


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PAR_OFFICE = "par_office", _("Phòng CCHC - Sở Nội vụ")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    FOCAL_POINT = "focal_point", _("Đầu mối CCHC của đơn vị")
    APPRAISER = "appraiser", _("Thành viên thẩm định")
    VIEWER = "viewer", _("Chỉ xem")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
                             verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("vai trò người dùng")
        verbose_name_plural = _("vai trò người dùng")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="org_membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit or '—'}"

    def clean(self):
        if self.role not in Role.values:
            raise ValidationError({"role": _("Vai trò không hợp lệ: %(r)s") % {"r": self.role}})
        if self.role in (Role.UNIT_LEADER, Role.FOCAL_POINT) and not self.unit_id:
            raise ValidationError({"unit": _("Vai trò này phải gắn với một đơn vị.")})
