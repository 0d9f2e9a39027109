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
    status = forms.ChoiceField(label=_("Phạm vi"), choices=Document.Status.choices, initial="published",
                               help_text=_("Tài liệu của đơn vị hiển thị ngay cho đơn vị; công bố toàn tỉnh sau khi "
                                           "Phòng CCHC duyệt."))


class QuestionForm(forms.Form):
    # the length is checked in clean_text (the message gives the length and the limit, numbers written 2.000)
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
                           error_messages={"required": _("Câu hỏi trống: hãy nhập nội dung câu hỏi.")})
    topic = forms.ChoiceField(label=_("Chủ đề"), choices=Area.choices, initial="general")

    def clean_text(self):
        from cchc.core.vntext import clean_spaces, nfc

        from .services import QUESTION_MAX_CHARS, question_too_long_message

        text = clean_spaces(nfc(self.cleaned_data["text"]))
        if not text:
            raise forms.ValidationError(_("Câu hỏi trống: hãy nhập nội dung câu hỏi."))
        if len(text) > QUESTION_MAX_CHARS:
            raise forms.ValidationError(question_too_long_message(len(text)))
        return text


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("Công bố toàn tỉnh")), ("return", _("Trả lại")),
                                        ("reopen", _("Gỡ công bố toàn tỉnh")), ("submit", _("Đề nghị công bố"))])
    comment = forms.CharField(label=_("Lý do / ý kiến"), required=False, max_length=2000)
    version = forms.IntegerField(required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời"), widget=forms.Textarea(attrs={"rows": 5}))
    publish = forms.BooleanField(label=_("Đưa vào hỏi đáp (FAQ) để mọi người tìm thấy"), required=False, initial=True)
