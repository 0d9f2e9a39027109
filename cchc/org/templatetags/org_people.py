"""``{{ user|person_label }}``: a person as the pickers of people name them (``org.selectors.person_label``)."""

from django import template

from cchc.org.selectors import person_label as _person_label

register = template.Library()


@register.filter
def person_label(user) -> str:
    return _person_label(user)
