"""The installation's province (setting CCHC_PROVINCE): the home province on a date, the units every picker lists,
unambiguous labels, the resolver's default province and the permission layer's "all units"."""

from datetime import date

import pytest
from django.db.models import F

from cchc.org import access
from cchc.org.models import OrgUnit, UnitKind
from cchc.org.selectors import (
    agency_resolve,
    home_province,
    home_province_ids,
    home_units,
    unit_choices,
    units_labelled,
)

pytestmark = pytest.mark.django_db
AFTER = date(2025, 8, 1)


def _province_name(u: OrgUnit) -> str:
    return u.province.name if u.province_id else ""


def test_home_province_follows_the_2025_merger(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"  # not merged: the same unit before and after 1/7/2025
    assert home_province(date(2024, 5, 1)).code == home_province(AFTER).code == "T42"
    settings.CCHC_PROVINCE = "Bình Định"  # merged into Gia Lai on 1/7/2025
    assert home_province(date(2024, 5, 1)).name.endswith("Bình Định")
    assert home_province(AFTER).name.endswith("Gia Lai") and home_province(AFTER).valid_from == date(2025, 7, 1)
    settings.CCHC_PROVINCE = "Khánh Hòa"  # absorbed Ninh Thuận: the new province and both old ones are home
    names = set(OrgUnit.objects.filter(pk__in=home_province_ids()).values_list("name", flat=True))
    assert names == {"Ủy ban nhân dân tỉnh Khánh Hòa", "Ủy ban nhân dân tỉnh Ninh Thuận"}
    assert len(home_province_ids()) == 3


def test_home_units_on_a_date_are_only_the_home_province(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    on = date(2026, 1, 15)
    units = list(home_units(on).select_related("province"))
    assert units and all(u.is_active_on(on) for u in units)
    assert {_province_name(u) for u in units} == {"Ủy ban nhân dân tỉnh Hà Tĩnh"}
    # other provinces are in the database (the resolver knows them) but never in the home units
    assert OrgUnit.objects.filter(province__code="T56").exists()
    assert not home_units(on).filter(province__code="T56").exists()
    # districts ended on 30/06/2025, Sở TT&TT on 28/02/2025: not offered after those dates
    assert not home_units(on).filter(kind=UnitKind.DISTRICT).exists()
    assert not home_units(on).filter(code="T42.stttt").exists()
    assert home_units(date(2024, 6, 1)).filter(code="T42.stttt").exists()


def test_unit_picker_lists_only_home_units_valid_on_the_date(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    on = date(2026, 1, 15)
    choices = unit_choices(on)
    expected = home_units(on).exclude(kind=UnitKind.COMMUNE)
    assert len(choices) == expected.count()
    codes = {c for c, _label in choices}
    assert codes == set(expected.values_list("code", flat=True))
    assert all(code.startswith("T42") for code in codes)
    # with communes: the new communes of Hà Tĩnh, not those of Gia Lai or Khánh Hòa
    all_codes = {c for c, _label in unit_choices(on, exclude_kinds=())}
    communes = set(OrgUnit.objects.filter(kind=UnitKind.COMMUNE, province__code="T42", valid_from=date(2025, 7, 1))
                   .values_list("code", flat=True))
    assert communes and communes <= all_codes
    assert not all_codes & set(OrgUnit.objects.exclude(province__code="T42").values_list("code", flat=True))


def test_same_name_units_get_unambiguous_labels(org_tree, settings):
    settings.CCHC_PROVINCE = "Khánh Hòa"
    snv = list(OrgUnit.objects.filter(name="Sở Nội vụ tỉnh Khánh Hòa")
               .order_by(F("valid_from").asc(nulls_first=True)))  # PostgreSQL sorts NULL last by default
    assert len(snv) == 2  # the old province's (until 30/06/2025) and the merged province's (from 01/07/2025)
    labels = dict(units_labelled(snv))
    assert len(set(labels.values())) == 2
    assert labels[snv[0].code] == "Sở Nội vụ tỉnh Khánh Hòa (đến 30/06/2025)"
    assert labels[snv[1].code] == "Sở Nội vụ tỉnh Khánh Hòa (từ 01/07/2025)"
    # a picker on one date lists only one of them, under its plain name
    on_after = [label for code, label in unit_choices(AFTER) if "Sở Nội vụ" in label]
    assert on_after == ["Sở Nội vụ tỉnh Khánh Hòa"]
    # model form fields label the same way
    from cchc.org.forms import UnitChoiceField

    field = UnitChoiceField(queryset=OrgUnit.objects.filter(pk__in=[u.pk for u in snv])
                            .order_by(F("valid_from").asc(nulls_first=True)))
    assert [label for _v, label in list(field.choices)[1:]] == [labels[snv[0].code], labels[snv[1].code]]


def test_resolver_defaults_to_the_home_province(org_tree, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    res = agency_resolve("Sở Nội vụ", on=date(2024, 5, 1))
    assert res["status"] == "unit" and [u["code"] for u in res["units"]] == ["T42.snv"]
    settings.CCHC_PROVINCE = "Khánh Hòa"
    res = agency_resolve("Sở Nội vụ", on=AFTER)
    assert res["status"] == "unit" and res["units"][0]["name"] == "Sở Nội vụ tỉnh Khánh Hòa"
    assert OrgUnit.objects.get(code=res["units"][0]["code"]).valid_from == date(2025, 7, 1)
    # an explicit province still wins
    res = agency_resolve("Sở Nội vụ", province="Hà Tĩnh", on=AFTER)
    assert [u["code"] for u in res["units"]] == ["T42.snv"]


def test_province_wide_roles_see_only_the_home_province(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    kh = OrgUnit.objects.filter(province__code="T56", standard_key="snv").first()
    for name in ("par_office", "appraiser", "admin"):
        user = users[name]
        scoped = access.scope_units(user, OrgUnit.objects.all(), field="")
        assert scoped.filter(code="T42.snv").exists()
        assert not scoped.filter(province__code="T56").exists(), name
        assert not access.can_view_unit(user, kh)
        assert not access.can_edit_unit(user, kh)
        assert access.can_view_unit(user, OrgUnit.objects.get(code="T42.stp"))
        with pytest.raises(Exception):  # noqa: B017 - Http404: another province's unit does not exist here
            access.get_unit_scoped_or_404(user, OrgUnit.objects.all(), field="", code=kh.code)


def test_unit_pickers_of_other_apps(users, settings):
    settings.CCHC_PROVINCE = "Hà Tĩnh"
    from cchc.capacity.forms import StaffForm
    from cchc.exams.forms import CampaignForm

    units = CampaignForm().fields["units"].queryset
    assert units.exists()
    assert not units.exclude(province__code="T42").exists()
    assert not units.filter(kind__in=[UnitKind.COMMUNE, UnitKind.DIVISION, UnitKind.DISTRICT]).exists()
    staff = StaffForm(units=OrgUnit.objects.all()).fields["unit"].queryset
    assert staff.exists() and not staff.exclude(province__code="T42").exists()
    assert not staff.filter(code="T42.stttt").exists()  # ended 28/02/2025
