from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Area, Document, DocumentKind


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp (.docx, .pdf, .txt, .md, .xlsx)"))
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=100,
                             help_text=_("Để trống để hệ thống tự nhận từ văn bản"))
    title = forms.CharField(label=_("Tiêu đề"), required=False, max_length=500)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=[("", _("Tự nhận"))] + DocumentKind.choices,
                             required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    validity = forms.ChoiceField(label=_("Hiệu lực"), choices=Document.Validity.choices, initial="effective")
    area = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=Area.choices, initial="general")
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Document.Status.choices, initial="published")


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Câu hỏi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Area.choices, initial="general")


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 5}))
    publish = forms.BooleanField(label=_("Đưa vào hỏi đáp (FAQ) để mọi người tìm thấy"), required=False, initial=True)
