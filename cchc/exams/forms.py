from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.exams.models import Campaign, Difficulty, QuestionKind, Topic
from cchc.exams.qdata import parse_difficulty
from cchc.exams.services import blueprint_text, topic_resolve
from cchc.org.forms import UnitMultipleChoiceField, home_unit_queryset
from cchc.org.models import Role, UnitKind

LETTERS = "ABCDEF"


class QuestionForm(forms.Form):
    topic = forms.ModelChoiceField(Topic.objects.all(), label=_("Chủ đề"))
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=_("Loại"))
    difficulty = forms.ChoiceField(choices=Difficulty.choices, label=_("Mức độ"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Nội dung câu hỏi"))
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Giải thích"))
    source_ref = forms.CharField(required=False, max_length=500, label=_("Nguồn, căn cứ"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter in LETTERS:
            self.fields[f"option_{letter}"] = forms.CharField(required=False, label=_("Phương án %s") % letter)
            self.fields[f"correct_{letter}"] = forms.BooleanField(required=False, label=_("Đúng"))

    def options(self):
        from cchc.exams.qdata import Option

        out = []
        for letter in LETTERS:
            text = (self.cleaned_data.get(f"option_{letter}") or "").strip()
            if text:
                out.append(Option(text, bool(self.cleaned_data.get(f"correct_{letter}"))))
        return out


class ImportForm(forms.Form):
    FORMATS = [("auto", _("Tự nhận theo nội dung tệp")), ("xlsx", "Excel (.xlsx)"), ("gift", "Moodle GIFT"),
               ("aiken", "Moodle Aiken")]
    file = forms.FileField(label=_("Tệp câu hỏi"))
    fmt = forms.ChoiceField(choices=FORMATS, initial="auto", label=_("Định dạng"))
    default_topic = forms.ModelChoiceField(Topic.objects.all(), required=False,
                                           label=_("Chủ đề mặc định (khi tệp không ghi chủ đề)"))


class CampaignForm(forms.ModelForm):
    """The shape of a campaign (fields, the blueprint read from its lines); who may save it and its rules are
    ``services.campaign_save``'s."""

    blueprint_text = forms.CharField(
        label=_("Ma trận đề"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi dòng: chủ đề (tên như trong ngân hàng câu hỏi); mức độ (dễ/trung bình/khó hoặc để "
                    "trống); số câu. Ví dụ: Cải cách thủ tục hành chính; khó; 2"))
    role_choices = forms.MultipleChoiceField(choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
                                             label=_("Vai trò dự kiểm tra (để trống: tất cả)"))

    class Meta:
        model = Campaign
        fields = ["title", "description", "units", "opens_at", "closes_at", "duration_minutes", "pass_percent",
                  "attempts_allowed", "results_policy", "review_allowed", "shuffle_questions", "shuffle_options",
                  "stagger_seconds", "is_published"]
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "description": forms.Textarea(attrs={"rows": 2}),
                   "units": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # units of the installation's province valid today (not the 34 provinces' departments)
        old = self.fields["units"]
        self.fields["units"] = UnitMultipleChoiceField(
            queryset=home_unit_queryset(exclude_kinds=[UnitKind.COMMUNE, UnitKind.DIVISION]).order_by("path"),
            required=old.required, label=old.label, help_text=old.help_text, widget=old.widget)
        for f in ("opens_at", "closes_at"):
            self.fields[f].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        if self.instance.pk:
            self.fields["blueprint_text"].initial = blueprint_text(self.instance.blueprint)
            self.fields["role_choices"].initial = self.instance.roles

    def clean_blueprint_text(self):
        topics = list(Topic.objects.all())
        rows, errors = [], []
        for no, line in enumerate(self.cleaned_data["blueprint_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 3:
                errors.append(_("Dòng %(n)d: cần 3 phần «chủ đề; mức độ; số câu».") % {"n": no})
                continue
            topic_text, diff_text, count_text = parts
            diff = parse_difficulty(diff_text) if diff_text else ""
            topic = topic_resolve(topic_text, topics)  # the name as the bank shows it, or the code
            if topic is None:
                errors.append(_("Dòng %(n)d: không có chủ đề «%(c)s».") % {"n": no, "c": topic_text})
            if diff is None:
                errors.append(_("Dòng %(n)d: mức độ «%(d)s» không hợp lệ.") % {"n": no, "d": diff_text})
            if not count_text.isdigit() or int(count_text) <= 0:
                errors.append(_("Dòng %(n)d: số câu phải là số nguyên dương.") % {"n": no})
                continue
            if topic is not None:
                rows.append({"topic": topic.code, "difficulty": diff or "", "count": int(count_text)})
        if errors:
            raise forms.ValidationError(errors)
        if not rows:
            raise forms.ValidationError(_("Ma trận đề trống."))
        return rows

    def service_fields(self) -> dict:
        """The valid form as ``services.campaign_save``'s arguments (the rules are the service's)."""
        d = self.cleaned_data
        return {**{f: d[f] for f in self._meta.fields if f != "units"}, "units": d["units"],
                "blueprint": d["blueprint_text"], "roles": list(d.get("role_choices") or [])}


class MarkChangeForm(forms.Form):
    position = forms.TypedChoiceField(coerce=int, label=_("Câu"))
    new_mark = forms.CharField(label=_("Điểm mới"), max_length=10)
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Cần ghi lý do điều chỉnh điểm.")})

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [(it.position, f"{it.position}") for it in items]

    def clean_new_mark(self):
        raw = self.cleaned_data["new_mark"].strip().replace(",", ".")
        try:
            return float(raw)
        except ValueError:
            raise forms.ValidationError(_("Điểm phải là số (ví dụ 0,5 hoặc 1).")) from None

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do điều chỉnh điểm."))
        return reason
