from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.org.forms import UnitChoiceField, home_unit_queryset
from cchc.surveys.models import Item, QuestionnaireVersion


class RoundForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label=_("Bộ câu hỏi (đã công bố)"))
    unit = UnitChoiceField(queryset=None, label=_("Đơn vị (bộ phận một cửa)"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quý"), coerce=int, empty_value=None, required=False,
                                     choices=[("", _("Cả năm")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")])
    title = forms.CharField(label=_("Tên đợt"), max_length=300, required=False)
    quota = forms.IntegerField(label=_("Số phiếu dự kiến"), min_value=1, required=False)
    population = forms.IntegerField(label=_("Tổng số hồ sơ đã giải quyết trong kỳ (hoặc số CBCC)"), min_value=1,
                                     required=False, help_text=_("Để tính tỷ lệ khảo sát (tối thiểu 10 %)."))
    opens_on = forms.DateField(label=_("Mở từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Đóng sau ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = home_unit_queryset(units)
        self.fields["version"].queryset = QuestionnaireVersion.objects.filter(
            status=QuestionnaireVersion.Status.PUBLISHED).select_related("questionnaire")

    def clean(self):
        d = super().clean()
        if d.get("opens_on") and d.get("closes_on") and d["closes_on"] < d["opens_on"]:
            self.add_error("closes_on", _("Ngày đóng phải từ ngày mở trở đi."))
        return d


class CountsForm(forms.Form):
    """The round's settings that may change while it runs: quota, population, and its dates."""

    quota = forms.IntegerField(label=_("Số phiếu dự kiến"), min_value=1, required=False)
    population = forms.IntegerField(label=_("Tổng số hồ sơ đã giải quyết trong kỳ (hoặc số CBCC)"), min_value=1,
                                     required=False)
    opens_on = forms.DateField(label=_("Mở từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Đóng sau ngày"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Số mã cần in"), min_value=1, max_value=2000, initial=40)
    valid_days = forms.IntegerField(label=_("Dùng được trong (ngày)"), min_value=1, max_value=366, initial=30)


class KioskForm(forms.Form):
    label = forms.CharField(label=_("Vị trí đặt máy"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Chạy trong (giờ)"), min_value=1, max_value=168, initial=10)
    min_interval_seconds = forms.IntegerField(label=_("Tối thiểu giữa hai phiếu (giây)"), min_value=5,
                                              max_value=600, initial=20)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class ItemForm(forms.Form):
    section = forms.ModelChoiceField(queryset=None, label=_("Phần (yếu tố)"))
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0)
    code = forms.SlugField(label=_("Mã câu"), max_length=40)
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Loại"), choices=Item.Kind.choices)
    measure = forms.ChoiceField(label=_("Đo"), choices=Item.Measure.choices)
    choices = forms.CharField(label=_("Phương án (mỗi dòng một phương án)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(label=_("Bắt buộc"), required=False)
    condition_item = forms.ModelChoiceField(queryset=None, label=_("Chỉ hỏi khi câu"), required=False)
    condition_values = forms.CharField(label=_("có câu trả lời (mỗi dòng một giá trị)"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = version.sections.all()
        self.fields["condition_item"].queryset = Item.objects.filter(
            section__version=version, kind__in=[Item.Kind.SINGLE, Item.Kind.MULTIPLE, Item.Kind.LIKERT5])

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]
