"""core.shortcuts.refusal_on_form: a service's refusal lands on the form field it names, else as a non-field error."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cchc.core.errors import CodedError
from cchc.core.shortcuts import refusal_on_form


class _Form(forms.Form):
    name = forms.CharField()
    closes_at = forms.CharField()


def _bound():
    form = _Form({"name": "Đợt 1", "closes_at": "x"})
    assert form.is_valid()
    return form


def test_a_validation_error_by_field_goes_to_its_fields_and_an_unknown_field_to_the_form():
    form = _bound()
    refusal_on_form(
        form,
        ValidationError(
            {
                "closes_at": "Thời điểm đóng phải sau thời điểm mở.",
                "parent": "Đơn vị cấp trên đã hết hiệu lực.",
            }
        ),
    )
    assert form.errors["closes_at"] == ["Thời điểm đóng phải sau thời điểm mở."]
    assert form.non_field_errors() == ["Đơn vị cấp trên đã hết hiệu lực."]


def test_a_coded_error_goes_to_its_extra_field_and_without_one_to_the_form():
    form = _bound()
    refusal_on_form(form, CodedError("invalid", "Cần nhập tên.", field="name"))
    refusal_on_form(form, CodedError("conflict"))
    refusal_on_form(form, ValidationError("Một đơn vị không thể kế thừa chính nó."))
    assert form.errors["name"] == ["Cần nhập tên."]
    assert form.non_field_errors() == [
        "Dữ liệu vừa được người khác thay đổi; hãy tải lại trang rồi thử lại.",
        "Một đơn vị không thể kế thừa chính nó.",
    ]
