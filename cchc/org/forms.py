from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.org.models import OrgUnit

_REGISTRY = forms.fields_for_model(
    OrgUnit, fields=["name", "short_name", "valid_from", "valid_to"],
    widgets={"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
             "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")})


class UnitForm(forms.Form):
    """The shape of a unit's registry entry (the model's fields and labels); who may change it and its
    rules of validity are ``services.unit_update``'s (the CCHC office only,
    ``access.can_edit_unit_registry``)."""

    name, short_name = _REGISTRY["name"], _REGISTRY["short_name"]
    valid_from, valid_to = _REGISTRY["valid_from"], _REGISTRY["valid_to"]

    @classmethod
    def for_unit(cls, unit: OrgUnit, data=None) -> UnitForm:
        return cls(data, initial={f: getattr(unit, f) for f in cls.base_fields})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class ResolveForm(forms.Form):
    text = forms.CharField(label=_("Tên cơ quan như trong văn bản"), max_length=500)
    province = forms.CharField(label=_("Tỉnh"), max_length=100, required=False)
    on = forms.DateField(label=_("Ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class _UnambiguousLabels:
    """Unit pickers: a name shared by several units in the list is shown with its validity period (and its code
    when the periods are the same), e.g. the two "Sở Nội vụ tỉnh Khánh Hòa" before and after 1/7/2025."""

    def label_from_instance(self, obj):
        from collections import Counter

        from cchc.org.selectors import unit_label

        qs = self.queryset
        if getattr(self, "_dupes_for", None) is not qs:
            counts = Counter(qs.values_list("name_key", flat=True)) if qs is not None else Counter()
            self._dupes = {k for k, n in counts.items() if n > 1}
            self._dupes_for = qs
        if obj.name_key in self._dupes:
            label = unit_label(obj)
            return label if label != obj.name else f"{obj.name} — {obj.code}"
        return obj.name


class UnitChoiceField(_UnambiguousLabels, forms.ModelChoiceField):
    pass


class UnitMultipleChoiceField(_UnambiguousLabels, forms.ModelMultipleChoiceField):
    pass


def home_unit_queryset(qs=None, *, on=None, exclude_kinds=()):
    """``qs`` (all units by default) limited to the units of the installation's province valid on ``on`` (today by
    default): the queryset of every unit picker. Never the national bodies (kind "national": the Government and its
    ministries, no province), whose staff, courses, surveys or exams the installation does not keep."""
    from django.db.models import Q
    from django.utils import timezone

    from cchc.org.models import UnitKind
    from cchc.org.selectors import home_q

    qs = (OrgUnit.objects.all() if qs is None else qs).filter(home_q()).active_on(on or timezone.localdate())
    qs = qs.exclude(kind=UnitKind.NATIONAL)
    if exclude_kinds:
        qs = qs.exclude(Q(kind__in=list(exclude_kinds)))
    return qs
