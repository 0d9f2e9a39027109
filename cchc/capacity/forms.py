from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.capacity.models import CchcRole, Course, CourseFormat, NeedsResponse, Session
from cchc.core import areas
from cchc.core.models import Area
from cchc.org.forms import UnitChoiceField, home_unit_queryset

AREA_CHOICES = [(a.value, a.label) for a in Area if a.value != areas.GENERAL]


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    unit = UnitChoiceField(queryset=None, label=_("Đơn vị"))
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    role = forms.ChoiceField(choices=CchcRole.choices, label=_("Vai trò CCHC"))
    phone = forms.CharField(label=_("Điện thoại"), max_length=50, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    start_date = forms.DateField(label=_("Phân công từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = home_unit_queryset(units)


class ReassignForm(forms.Form):
    unit = UnitChoiceField(queryset=None, label=_("Đơn vị mới"))
    role = forms.ChoiceField(choices=CchcRole.choices, label=_("Vai trò CCHC"))
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = home_unit_queryset(units)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class CourseForm(forms.ModelForm):
    """The shape of a new course; its rules (dates, the organiser's editors) are services.course_create's."""

    areas = forms.MultipleChoiceField(choices=AREA_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
                                      label=_("Lĩnh vực CCHC"))

    class Meta:
        model = Course
        fields = ["title", "format", "organiser", "areas", "start_date", "end_date", "description", "completion_share"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}),
                   "end_date": forms.DateInput(attrs={"type": "date"}), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organiser"].queryset = home_unit_queryset(units)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "topic", "place", "trainer"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class EvaluationForm(forms.Form):
    SCORES = [(i, str(i)) for i in range(1, 6)]
    content = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("Nội dung"))
    method = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("Phương pháp"))
    trainer_score = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("Giảng viên"))
    usefulness = forms.TypedChoiceField(choices=SCORES, coerce=int, label=_("Tính hữu ích"))
    trainer = forms.ModelChoiceField(queryset=None, required=False, label=_("Giảng viên được đánh giá"))
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Góp ý"))

    def __init__(self, *args, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers


class NeedsForm(forms.ModelForm):
    areas = forms.MultipleChoiceField(choices=AREA_CHOICES, widget=forms.CheckboxSelectMultiple,
                                      label=_("Chủ đề cần bồi dưỡng"))

    class Meta:
        model = NeedsResponse
        fields = ["areas", "format", "period", "learners", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


FORMAT_LABELS = dict(CourseFormat.choices)


class TrainerForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    organisation = forms.CharField(label=_("Cơ quan"), max_length=255, required=False)
    expertise = forms.CharField(label=_("Chuyên môn"), max_length=255, required=False)


class DocumentMaterialForm(forms.Form):
    document = forms.ModelChoiceField(queryset=None, label=_("Tài liệu trong kho tra cứu"),
                                      error_messages={"invalid_choice": _("Không tìm thấy tài liệu đã chọn.")})
    title = forms.CharField(label=_("Tên hiển thị (để trống: theo tài liệu)"), max_length=300, required=False)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class FileMaterialForm(forms.Form):
    file = forms.FileField(label=_("Tệp tài liệu"))
    title = forms.CharField(label=_("Tên tài liệu (để trống: theo tên tệp)"), max_length=300, required=False)
