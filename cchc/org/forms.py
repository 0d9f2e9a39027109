from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.org.models import OrgUnit


class UnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "short_name", "valid_from", "valid_to"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_to": forms.DateInput(attrs={"type": "date"})}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class ResolveForm(forms.Form):
    text = forms.CharField(label=_("Tên cơ quan như trong văn bản"), max_length=500)
    province = forms.CharField(label=_("Tỉnh"), max_length=100, required=False)
    on = forms.DateField(label=_("Ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
